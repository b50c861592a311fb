"""The role labels: one list, read the same way before a clause and over a table column (a test per entry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fengong.errors import FengongError
from fengong.loaders import vocabulary
from fengong.loaders.columns import column_kind
from fengong.loaders.responsibility import labelled_mentions
from fengong.loaders.vocabulary import role_labels


@pytest.mark.parametrize(("label", "role"), sorted(role_labels().items()))
def test_each_label_gives_its_role_in_a_clause_and_as_a_column(label: str, role: str) -> None:
    clause = f"（一）建设创新平台。（{label}：王小明）" if role == "person" else f"（一）建设创新平台。（{label}：市科技局）"
    mentions, persons = labelled_mentions(clause, 0, len(clause), None)
    if role == "person":
        assert [p.text for p in persons] == ["王小明"] and mentions == []
    else:
        assert [(m.text, m.role) for m in mentions] == [("市科技局", role)]
    assert column_kind(label) == role
    assert column_kind(f"{label}（盖章）") == role  # a header with a note still names its column


def test_a_header_is_read_by_the_longest_label_it_contains() -> None:
    assert column_kind("责任单位及责任人") == "responsible"
    assert column_kind("牵头负责领导") == "person"
    assert column_kind("牵头单位") == "lead"


def test_a_bad_row_in_the_file_is_refused_in_plain_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "role_labels.tsv"
    bad.write_text("牵头单位\tlead\n配合单位\thelper\n", encoding="utf-8")
    monkeypatch.setattr(vocabulary, "ROLE_LABELS", bad)
    vocabulary.role_labels.cache_clear()
    try:
        with pytest.raises(FengongError, match="line 2"):
            vocabulary.role_labels()
    finally:
        monkeypatch.undo()
        vocabulary.role_labels.cache_clear()
