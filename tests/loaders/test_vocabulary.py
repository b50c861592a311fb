"""The vocabularies kept as data, a test per entry: role labels (one list for clauses and table columns), the
endings of unit names (one list for the unit resolver, the clause reader and the issuer reader), posts and the
words that make a collective."""

from __future__ import annotations

from pathlib import Path

import pytest

from fengong.errors import FengongError
from fengong.loaders import metadata, vocabulary
from fengong.loaders.clean import clean
from fengong.loaders.columns import column_kind
from fengong.loaders.persons import person_in_cell, persons_in_lines, persons_in_prose
from fengong.loaders.responsibility import _UNIT_PREFIX, labelled_mentions, prose_mentions
from fengong.loaders.units import UnitResolver, division_names, looks_like_unit
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


@pytest.mark.parametrize(
    ("path", "reader", "rows"),
    [
        ("ROLE_LABELS", "role_labels", "牵头单位\tlead\n配合单位\thelper\n"),
        ("ROLE_VERBS", "role_verbs", "牵头\tlead\tend\n配合\tsupport\tlater\n"),
        ("UNIT_ENDINGS", "unit_endings", "局\tdepartment\tname head\n委\tdepartment\tname headline\n"),
        ("POSTS", "posts", "局长\tpost\n局长\tpost\n"),
        ("COLLECTIVE_WORDS", "collective_words", "各\thead area\n有关\tnowhere\n"),
        ("BOILERPLATE", "boilerplate", "登录\theader\t登录\n(未闭合\theader\t(未闭合\n"),
    ],
)
def test_a_bad_row_in_a_vocabulary_file_is_refused_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, reader: str, rows: str
) -> None:
    bad = tmp_path / "vocabulary.tsv"
    bad.write_text(rows, encoding="utf-8")
    monkeypatch.setattr(vocabulary, path, bad)
    read = getattr(vocabulary, reader)
    read.cache_clear()
    try:
        with pytest.raises(FengongError, match="line 2"):
            read()
    finally:
        monkeypatch.undo()
        read.cache_clear()


# --- endings of unit names (unit_endings.tsv): a test per entry, per use -------------------------------------------

_ENDINGS = vocabulary.unit_endings()


@pytest.mark.parametrize("row", [r for r in _ENDINGS if "name" in r.uses], ids=lambda r: r.ending)
def test_each_name_ending_makes_a_unit_of_a_listed_phrase(row: vocabulary.UnitEnding) -> None:
    name = f"甲乙{row.ending}"
    assert looks_like_unit(name)
    clause = f"（一）建设创新平台。（责任单位：市科技局、{name}）"
    mentions, _ = labelled_mentions(clause, 0, len(clause), None)
    assert [m.text for m in mentions] == ["市科技局", name]


@pytest.mark.parametrize("row", [r for r in _ENDINGS if "head" in r.uses], ids=lambda r: r.ending)
def test_each_head_ending_closes_the_unit_that_opens_a_clause(row: vocabulary.UnitEnding) -> None:
    name = f"甲乙{row.ending}"
    text = f"{name}牵头负责，丙丁局配合。"
    assert [(m.text, m.role) for m in prose_mentions(text, 0, len(text))][:1] == [(name, "lead")]
    for after in row.not_before:  # 甲乙科技局: 科 before 技 is inside the name
        assert not _UNIT_PREFIX.fullmatch(f"{name}{after}")


@pytest.mark.parametrize("row", [r for r in _ENDINGS if "more" in r.uses], ids=lambda r: r.ending)
def test_a_name_goes_on_to_a_more_ending_within_two_characters(row: vocabulary.UnitEnding) -> None:
    name = f"甲乙科{row.ending}"  # 甲乙科 would end at 科 were it not for the ending that follows
    assert _UNIT_PREFIX.match(f"{name}牵头") and _UNIT_PREFIX.match(f"{name}牵头").group(0) == name  # type: ignore[union-attr]


@pytest.mark.parametrize("row", [r for r in _ENDINGS if "issuer" in r.uses], ids=lambda r: r.ending)
def test_each_issuer_ending_ends_a_signature_line(row: vocabulary.UnitEnding) -> None:
    assert metadata._is_org_line(f"甲乙市{row.ending} 丙丁市{row.ending}")
    assert not metadata._is_org_line(f"甲乙市{row.ending}，丙丁")


@pytest.mark.parametrize("row", [r for r in _ENDINGS if r.kind], ids=lambda r: r.ending)
def test_each_ending_gives_its_kind(row: vocabulary.UnitEnding) -> None:
    assert vocabulary.kind_of(f"甲乙{row.ending}") == row.kind


def test_the_longest_ending_decides_the_kind() -> None:
    assert vocabulary.kind_of("某市政府办公室") == "department"  # 办公室, not 室
    assert vocabulary.kind_of("某银保监监管分局") == "regulator"  # 监管分局, not 分局
    assert vocabulary.kind_of("某某工作") == "organization"  # no ending: the general kind



# --- posts (posts.tsv) and collective words (collective_words.tsv): a test per entry, per use -------------------


@pytest.mark.parametrize("post", vocabulary.post_words("post"))
def test_each_post_after_a_name_makes_a_person(post: str) -> None:
    found = person_in_cell(f"赵明远{post}", 0)
    assert found is not None and (found.name, found.post) == ("赵明远", post)
    listed = persons_in_lines(f"赵明远 某某{post}\n")
    assert [(p.name, p.post) for p in listed] == [("赵明远", f"某某{post}")]


@pytest.mark.parametrize("role", vocabulary.post_words("group"))
def test_each_group_role_opens_a_list_line_and_is_appointed_in_prose(role: str) -> None:
    padded = " ".join(role)  # 组 长: list lines pad their labels
    listed = persons_in_lines(f"{padded}：赵明远 县委书记\n")
    assert [(p.name, p.group_role) for p in listed] == [("赵明远", role)]
    appointed = persons_in_prose(f"成立由县长钱志刚任{role}的工作专班。")
    assert [(p.name, p.post, p.group_role) for p in appointed] == [("钱志刚", "县长", role)]


@pytest.mark.parametrize("post", vocabulary.post_words("division"))
def test_each_division_post_shows_the_name_before_it_is_a_division(post: str) -> None:
    assert division_names(f"各科室：\n周某 技术推广科{post}\n") == ["技术推广科"]


@pytest.mark.parametrize("word", sorted(w for w, uses in vocabulary.collective_words().items() if "head" in uses))
def test_each_head_word_opens_a_collective(word: str) -> None:
    unit = UnitResolver(None, [], "").resolve(f"{word}成员机构")
    assert unit.collective and unit.kind == "collective"


@pytest.mark.parametrize("word", sorted(w for w, uses in vocabulary.collective_words().items() if "tail" in uses))
def test_each_tail_word_closes_a_collective(word: str) -> None:
    unit = UnitResolver(None, [], "").resolve(f"某某{word}")
    assert unit.collective, unit


@pytest.mark.parametrize("word", sorted(w for w, uses in vocabulary.collective_words().items() if "inner" in uses))
def test_each_inner_word_makes_a_short_mention_a_collective(word: str) -> None:
    unit = UnitResolver(None, [], "").resolve(f"甲{word}乙办事处")
    assert unit.collective, unit


@pytest.mark.parametrize("word", sorted(w for w, uses in vocabulary.collective_words().items() if "area" in uses))
def test_each_area_quantifier_governs_a_whole_list_of_areas(word: str) -> None:
    clause = f"（责任单位：县农业局、{word}乡、镇人民政府）"
    mentions, _ = labelled_mentions(clause, 0, len(clause), None)
    assert [m.text for m in mentions] == ["县农业局", f"{word}乡、镇人民政府"]
    assert UnitResolver(None, [], "").resolve(f"{word}街镇").collective


def test_without_a_listed_word_there_is_no_person_division_or_collective() -> None:
    """The tests above are not vacuous: the same frames with an unlisted word find nothing."""
    assert person_in_cell("赵明远同志", 0) is None and persons_in_lines("赵明远 某某同志\n") == []
    assert division_names("各科室：\n周某 技术推广科同志\n") == []
    resolver = UnitResolver(None, [], "")
    assert not any(resolver.resolve(m).collective for m in ("成员机构", "某某办事处", "甲乙办事处"))


# --- the web page around a document (boilerplate.tsv): each entry's example is removed ------------------------------

_BODY = "一、总体要求\n" + "坚持创新驱动发展，推动科技成果转化和产业化，加快建设区域科技创新中心。" * 3 + "\n"


@pytest.mark.parametrize("entry", [b for b in vocabulary.boilerplate() if "header" in b.uses], ids=lambda b: b.example)
def test_each_header_entry_drops_its_line_from_the_page_head(entry: vocabulary.Boilerplate) -> None:
    text = clean(f"{entry.example}\n某市科技创新工作要点\n{_BODY}").text
    assert text.startswith("某市科技创新工作要点\n一、总体要求"), text[:60]
    assert clean(f"某市科技创新工作要点\n{_BODY}{entry.example}\n").text.endswith(entry.example) or "footer" in entry.uses


@pytest.mark.parametrize("entry", [b for b in vocabulary.boilerplate() if "footer" in b.uses], ids=lambda b: b.example)
def test_each_footer_entry_ends_the_document(entry: vocabulary.Boilerplate) -> None:
    text = clean(f"某市科技创新工作要点\n{_BODY}{entry.example}\n地址：某市某路1号\n").text
    assert text.endswith("加快建设区域科技创新中心。"), text[-60:]


@pytest.mark.parametrize("entry", [b for b in vocabulary.boilerplate() if "banner" in b.uses], ids=lambda b: b.example)
def test_each_banner_entry_marks_a_sharing_site_whose_page_markers_are_joined(entry: vocabulary.Boilerplate) -> None:
    pages = "1、" + "推进智慧农业示范基地建设，" * 20 + "加快农业科技成\n2、果转化，" + "完善农技推广服务体系。" * 20
    assert "科技成果转化" in clean(f"{entry.example}\n{pages}").text
    assert "科技成果转化" not in clean(f"某市农业工作要点\n{pages}").text  # no banner: two markers are not enough


# --- the verbs of responsibility in running text (role_verbs.tsv): a test per entry, per use -------------------------

_VERBS = vocabulary.role_verbs()
_EXPECT_END = {
    "lead": ("{v}，县文旅局配合", [("县农业局", "lead"), ("县文旅局", "support")]),
    "support": ("牵头，县文旅局{v}", [("县农业局", "lead"), ("县文旅局", "support")]),
    "responsible": ("、县文旅局{v}", [("县农业局", "responsible"), ("县文旅局", "responsible")]),
    "each": ("、县文旅局{v}", [("县农业局", "lead"), ("县文旅局", "lead")]),
}


def _roles(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.role) for m in prose_mentions(text, 0, len(text))]


@pytest.mark.parametrize("verb", sorted(v for v, (_, uses) in _VERBS.items() if "end" in uses))
def test_each_closing_verb_gives_its_role(verb: str) -> None:
    frame, want = _EXPECT_END[_VERBS[verb][0]]
    assert _roles("县农业局" + frame.format(v=verb)) == want


@pytest.mark.parametrize("verb", sorted(v for v, (_, uses) in _VERBS.items() if "before" in uses))
def test_each_opening_verb_makes_the_units_after_it_support(verb: str) -> None:
    assert _roles(f"县农业局牵头，{verb}县文旅局、县财政局") == [
        ("县农业局", "lead"),
        ("县文旅局", "support"),
        ("县财政局", "support"),
    ]


@pytest.mark.parametrize("verb", sorted(v for v, (_, uses) in _VERBS.items() if "after" in uses))
def test_each_verb_right_after_the_units_gives_its_role(verb: str) -> None:
    role = _VERBS[verb][0]
    assert _roles(f"县文旅局{verb}开展专项检查") == [("县文旅局", role)]


def test_without_a_role_verb_the_units_of_a_clause_are_only_responsible() -> None:
    """The tests above are not vacuous: the same frames without a listed verb give no lead and no support."""
    assert _roles("县文旅局开展专项检查") == [("县文旅局", "responsible")]
    assert _roles("县农业局、县文旅局推进") == [("县农业局", "responsible"), ("县文旅局", "responsible")]


def test_every_kind_a_unit_can_have_is_named_for_the_pages() -> None:
    from fengong.loaders.units import alias_table

    kinds = {r.kind for r in vocabulary.unit_endings() if r.kind} | {d.kind for ds in alias_table().values() for d in ds}
    kinds |= {"organization", "collective", "leading_group", "area", "division"}  # kind_of's default, the resolver's
    assert kinds <= set(vocabulary.unit_kind_labels())
    assert all(label for label in vocabulary.unit_kind_labels().values())
