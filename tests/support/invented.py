"""Shared access to the invented documents under ``documents/``: each extracted once per session.

A ``.docx`` fixture is built at test time by the test module that owns it, which
registers its builder here with :func:`build_docx_with`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from fengong.loaders.contract import to_contract
from fengong.loaders.pipeline import extract_bytes, extract_path

DOCS = Path(__file__).resolve().parents[1] / "loaders" / "documents"
_DOCX_BUILDERS: dict[str, Callable[[], bytes]] = {}


def build_docx_with(name: str, builder: Callable[[], bytes]) -> None:
    _DOCX_BUILDERS[name] = builder


@cache
def run(name: str) -> tuple[dict[str, Any], str]:
    """The contract JSON and the cleaned text of one invented document."""
    if name in _DOCX_BUILDERS:
        extraction, text = extract_bytes(_DOCX_BUILDERS[name](), name)
    else:
        extraction, text = extract_path(DOCS / name)
    return to_contract(extraction), text


def contract(name: str) -> dict[str, Any]:
    return run(name)[0]


def keys(name: str) -> list[str]:
    return [t["key"] for t in contract(name)["tasks"]]


def task(name: str, key: str) -> dict[str, Any]:
    found = [t for t in contract(name)["tasks"] if t["key"] == key]
    assert found, f"no task {key} in {name}: {keys(name)}"
    return found[0]


def key_of(name: str, task_id: str | None) -> str | None:
    return next((t["key"] for t in contract(name)["tasks"] if t["id"] == task_id), None)


def target(name: str, snippet: str) -> dict[str, Any]:
    found = [g for g in contract(name)["targets"] if snippet in g["text"]]
    assert found, f"no target with {snippet!r} in {name}: {[g['text'] for g in contract(name)['targets']]}"
    return found[0]


# A target case of the pipeline tests: the document, words of the target, then what it must say.
TARGET_CASE = ("name", "snippet", "value", "value_max", "unit", "comparator", "deadline", "key")


def target_fields(name: str, snippet: str) -> tuple[Any, ...]:
    """(value, value_max, unit, comparator, deadline, task key) of the target whose text has ``snippet``."""
    g = target(name, snippet)
    return g["value"], g["value_max"], g["unit"], g["comparator"], g["deadline"], key_of(name, g["task"])
