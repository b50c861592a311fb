"""Every fact points at the characters it came from: spans index the cleaned text."""

import re
from pathlib import Path

import pytest

from fengong.loaders.pipeline import extract_path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted((ROOT / "data" / "corpus").glob("*.txt")) + sorted(
    p for p in (ROOT / "tests" / "loaders" / "documents").iterdir() if p.suffix in {".txt", ".html"}
)


def squash(s: str) -> str:
    return re.sub(r"\s", "", s)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_spans_hold_what_the_facts_say(path: Path) -> None:
    x, text = extract_path(path)
    for task in x.tasks:
        assert task.provenance.doc == x.doc_id
        for a in task.assignments:
            assert text[a.provenance.start : a.provenance.end] == a.mention
            assert a.provenance.rule.startswith("responsibility.")
    for target in x.targets:
        span = text[target.provenance.start : target.provenance.end]
        assert squash(target.text) in squash(span) or squash(span) in squash(target.text)
    for m in x.mechanisms:
        assert text[m.provenance.start : m.provenance.end] == m.surface
    for c in x.citations:
        assert squash(c.title or c.doc_number or "")[:4] in squash(text[c.provenance.start : c.provenance.end])
    for p in x.persons:
        assert squash(p.name)[:1] in text[p.provenance.start : p.provenance.end]
    if x.plan.provenance is not None:
        assert squash(text[x.plan.provenance.start : x.plan.provenance.end]) == squash(x.plan.title or "")


def test_same_document_same_ids(tmp_path: Path) -> None:
    source = DOCUMENTS[0]
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(source.read_bytes())
    a, _ = extract_path(source)
    b, _ = extract_path(copy)
    assert a.doc_id == b.doc_id
    assert [t.id for t in a.tasks] == [t.id for t in b.tasks]
    assert [u.id for u in a.units] == [u.id for u in b.units]
