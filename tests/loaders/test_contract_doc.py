"""docs/contract.md names every field `fengong extract --format json` prints (datasette's documented-or-fail)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fengong.loaders.contract import to_contract

DOC = (Path(__file__).resolve().parents[2] / "docs" / "contract.md").read_text(encoding="utf-8")


def field_names(value: Any) -> set[str]:
    """Every key of every object in ``value``, however deep (provenance's own keys included)."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in field_names(v)}
    if isinstance(value, list):
        return {k for v in value for k in field_names(v)}
    return set()


def test_every_field_the_extractor_prints_is_documented(extractions):
    names = set().union(*(field_names(to_contract(x)) for x in extractions.values()))
    assert {"plan", "tasks", "assignments", "role", "basis", "provenance", "span"} <= names
    undocumented = sorted(n for n in names if f"`{n}`" not in DOC)
    assert not undocumented, f"docs/contract.md does not name: {undocumented}"
