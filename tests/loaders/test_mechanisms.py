"""Mechanism mentions: scheme labels, pattern rules, grouping, provenance, extending the scheme."""

from pathlib import Path

import pytest

from fengong.errors import FengongError
from fengong.loaders.mechanisms import (
    DEFAULT_SCHEME_PATH,
    Concept,
    MechanismScheme,
    candidate_id,
    find_mechanisms,
    group_mechanisms,
    is_generic,
    load_scheme,
)


def names(text: str, **kwargs: object) -> list[str]:
    return [m.name for m in find_mechanisms(text, doc="d", **kwargs)]  # type: ignore[arg-type]


def test_pref_label_is_matched_to_its_concept() -> None:
    [mention] = find_mechanisms("市工信局在智能装备领域推行赛马制。", doc="d")
    assert mention.concept == "horse-race" and not mention.candidate
    assert mention.name == "赛马制"
    assert mention.surface == "赛马制"
    assert mention.provenance.rule == "mechanism.scheme_label"


def test_alt_label_gives_the_preferred_name() -> None:
    [mention] = find_mechanisms("对新材料攻关任务实行揭榜挂帅,不设门槛。", doc="d")
    assert (mention.name, mention.surface) == ("揭榜制", "揭榜挂帅")


def test_longest_label_wins() -> None:
    [mention] = find_mechanisms("向小微企业发放科技创新券3000万元。", doc="d")
    assert mention.surface == "科技创新券"


def test_a_candidate_is_known_by_its_wording_whatever_its_quotes_and_widths() -> None:
    [quoted] = find_mechanisms("建立“双百联动”对接机制。", doc="a")
    [plain] = find_mechanisms("完善双百联动对接机制。", doc="b")
    assert quoted.concept == plain.concept == candidate_id("双百联动对接机制")
    assert quoted.concept.startswith("mc-") and quoted.concept != candidate_id("双千联动对接机制")


def test_a_concept_is_known_by_its_slug_and_one_of_another_namespace_by_its_iri() -> None:
    assert Concept("https://w3id.org/fengong/mechanism/horse-race", "赛马制").id == "horse-race"
    assert Concept("https://example.org/x/night-school", "科技夜校").id == "https://example.org/x/night-school"


def test_quotes_inside_a_label_are_ignored() -> None:
    [mention] = find_mechanisms("开展高校科研经费“包干制”试点。", doc="d")
    assert mention.name == "包干制"
    assert "“包干制”" in mention.surface


def test_quoted_name_before_a_head_word_is_a_new_mechanism() -> None:
    [mention] = find_mechanisms("建立“双百联动”对接机制,每季度通报一次。", doc="d")
    assert mention.candidate and mention.concept == candidate_id("双百联动对接机制")
    assert mention.name == "双百联动对接机制"
    assert mention.surface == "“双百联动”对接机制"
    assert mention.provenance.rule == "mechanism.pattern"


def test_lead_verbs_and_adverbs_are_trimmed() -> None:
    assert names("各高校要进一步完善青年科学家挂职锻炼制度。") == ["青年科学家挂职锻炼制度"]
    assert names("加快建立重点实验室动态淘汰机制,") == ["重点实验室动态淘汰机制"]


def test_weak_head_needs_a_lead_verb() -> None:
    assert names("组织实施青苗人才培育计划,每年资助50人。") == ["青苗人才培育计划"]
    assert names("青苗人才培育计划的资助额度为每人5万元。") == []


def test_generic_words_are_not_mechanisms() -> None:
    text = (
        "健全工作机制,完善体制机制,建立长效机制,加强协调机制和领导机制,"
        "完善管理制度,落实相关政策措施,深化科技体制改革,建立科研管理制度。"
    )
    assert names(text) == []
    assert is_generic("工作")
    assert is_generic("科研管理")
    assert not is_generic("青年科学家挂职锻炼")


def test_titles_in_book_quotes_are_not_patterns() -> None:
    assert names("印发《关于完善青年人才托举机制的意见》。") == []


def test_two_surfaces_of_one_concept_form_one_mechanism() -> None:
    text = "全面推行揭榜挂帅;首批揭榜制项目由市科技局组织验收。对新增企业发放创新券。"
    mentions = find_mechanisms(text, doc="d")
    groups = group_mechanisms(mentions)
    assert [(name, [m.surface for m in ms]) for _, name, ms in groups] == [
        ("揭榜制", ["揭榜挂帅", "揭榜制"]),
        ("科技创新券", ["创新券"]),
    ]
    assert groups[0][0] == "open-call-for-solutions"


def test_phrase_around_a_scheme_label_names_that_label() -> None:
    [mention] = find_mechanisms("开辟急需紧缺人才引进“绿色通道”机制。", doc="d")
    assert mention.name == "绿色通道"
    assert mention.surface == "“绿色通道”机制"


def test_provenance_spans_are_document_relative() -> None:
    text = "二是探索赛马制,三是建立企业研发投入月报机制。"
    mentions = find_mechanisms(text, doc="plan-7", offset=1000)
    assert [(m.surface, m.provenance.start, m.provenance.end) for m in mentions] == [
        ("赛马制", 1004, 1007),
        ("企业研发投入月报机制", 1012, 1022),
    ]
    assert all(m.provenance.doc == "plan-7" for m in mentions)
    assert mentions[0].provenance.text == "赛马制"


def test_full_width_and_quoted_text_keeps_offsets() -> None:
    text = "（一）深化“放管服”改革，推行包干制。"
    for mention in find_mechanisms(text, doc="d"):
        assert text[mention.provenance.start : mention.provenance.end] == mention.surface
    assert names(text) == ["放管服改革", "包干制"]


EXTRA_CONCEPT = """
mech:night-school a skos:Concept ;
    skos:inScheme fg:mechanisms ; skos:broader mech:talent ;
    skos:prefLabel "科技夜校"@zh ; skos:altLabel "星火夜校"@zh .
"""


def test_a_concept_added_to_the_scheme_is_matched_without_code(tmp_path: Path) -> None:
    text = "各乡镇开办星火夜校,培训农民技术员。"
    assert names(text) == []
    copy = tmp_path / "mechanisms.ttl"
    copy.write_text(DEFAULT_SCHEME_PATH.read_text(encoding="utf-8") + EXTRA_CONCEPT, encoding="utf-8")
    assert names(text, scheme=copy) == ["科技夜校"]
    scheme = MechanismScheme.from_turtle(copy)
    [mention] = find_mechanisms(text, doc="d", scheme=scheme)
    assert (mention.concept, mention.surface) == ("night-school", "星火夜校")


def test_families_are_not_matched_and_the_scheme_is_sizeable() -> None:
    scheme = load_scheme()
    assert load_scheme() is scheme  # parsed once
    assert len(scheme.concepts) >= 150
    assert scheme.concept_of("人才机制") is None  # a family, not an instrument
    assert names("完善人才机制和科技金融体系。") == []


def test_unreadable_scheme_is_a_plain_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <<<", encoding="utf-8")
    with pytest.raises(FengongError):
        MechanismScheme.from_turtle(broken)


def test_a_label_inside_a_longer_word_is_not_the_label() -> None:
    assert [m.name for m in find_mechanisms("全年新增科技贷款突破20亿元。", doc="d")] == []


_SCHEME = load_scheme()


@pytest.mark.parametrize("iri", sorted(_SCHEME.concepts), ids=lambda iri: iri.rsplit("/", 1)[-1])
def test_each_concept_is_found_in_a_sentence_that_uses_it(iri: str) -> None:
    """Every instrument of the scheme, by its preferred name, in a sentence of a plan of our own."""
    label = _SCHEME.concepts[iri].pref_label
    found = find_mechanisms(f"二、重点任务\n（一）全面推行{label}，各部门抓好落实。", doc="d")
    assert [m.concept for m in found] == [_SCHEME.concepts[iri].id], [(m.concept, m.surface) for m in found]


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("二是发挥网格员巡查机制作用。", ["网格员巡查机制"]),  # 一是/二是 enumerate, they are no part of a name
        ("三是建立河道保洁考核制度。", ["河道保洁考核制度"]),
        ("在青禾一些试点街道先行先试。", []),  # a quantity of places, not an instrument
    ],
)
def test_enumerators_and_quantities_are_not_part_of_a_name(sentence: str, want: list[str]) -> None:
    assert names(sentence) == want


def test_the_bundled_corpus_gives_no_fragment(extractions) -> None:
    """The mechanism page lists what the extraction finds: no name that opens with a verb, an
    enumerator or numbering, none that runs on with a quantity (the issue's fragments)."""
    from fengong.loaders.mechanisms import _LEAD_TOKEN_RE, _NUMBERING_RE

    found = {m.name for x in extractions.values() for m in x.mechanisms}
    assert found
    fragments = sorted(
        n for n in found if _LEAD_TOKEN_RE.match(n) or _NUMBERING_RE.match(n) or "一些" in n or len(n) > 26
    )
    assert fragments == []


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("建立健全河道保洁长效机制。", []),  # a quality (长效) of whatever scheme, no named instrument
        ("探索推行线上线下融合服务模式。", []),
        ("完善园区企业约束激励机制。", []),
        ("建立农机跨区作业调度机制。", ["农机跨区作业调度机制"]),  # names what the mechanism does
        ("推行“街巷吹哨”工作机制。", ["街巷吹哨工作机制"]),  # quoted: a name the plan gives it
        ("各街道制定具体工作计划。", []),  # 具体: the plan's own next step, no instrument
        ("为河湖管护提供制度保障。", []),  # 制度保障: a guarantee, not a 制度 of its own
    ],
)
def test_a_mechanism_named_only_by_a_quality_is_generic(sentence: str, want: list[str]) -> None:
    assert names(sentence) == want


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("组织街道、社区、业主、商户形成“三方联审”的协商机制。", ["三方联审协商机制"]),  # quoted slogan, then 的
        ("落实镇自查、县复查的督办模式。", ["镇自查、县复查督办模式"]),  # a parallel slogan before 的
        ("构建“一网统管、一屏调度”的城市运行体系。", ["一网统管、一屏调度城市运行体系"]),
        ("推行窗口受理、后台审核的办理机制。", ["窗口受理、后台审核办理机制"]),
        ("健全河湖巡查的考核制度。", []),  # no slogan before the 的: the head word alone is the noun
        ("建立县乡之间的信息互通、联合执法等机制。", ["信息互通、联合执法等机制"]),  # the list after the 的 names it
    ],
)
def test_a_slogan_before_de_names_the_instrument(sentence: str, want: list[str]) -> None:
    assert names(sentence) == want


def test_quoted_verbs_are_part_of_the_slogan() -> None:
    """落实 inside “两级负责、三级落实” is a word of the slogan, not the verb that opens the name."""
    assert names("建立“两级负责、三级落实”的河长责任体系。") == ["两级负责、三级落实河长责任体系"]


def test_a_family_of_plus_programmes_is_one_mechanism() -> None:
    """“文旅+乡村”专项行动 and “文旅+体育”专项行动: the plan's 文旅+ programme, under one name."""
    found = find_mechanisms("实施“文旅+乡村”专项行动；推进“文旅+体育”专项行动；开展“文旅+康养”专项行动。", doc="d")
    grouped = group_mechanisms(found)
    assert [(name, [m.surface for m in ms]) for _, name, ms in grouped] == [
        ("文旅+专项行动", ["“文旅+乡村”专项行动", "“文旅+体育”专项行动", "“文旅+康养”专项行动"])
    ]


def test_a_quote_away_from_a_weak_head_does_not_make_it_a_name() -> None:
    """“质量提升年”活动宣传清单: the quotes name the campaign; the 清单 is no instrument of its own."""
    assert names("围绕“质量提升年”活动宣传清单开展工作。") == []


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("对入驻商户推行统一结算、集中配送，实现全程可查。", ["统一结算、集中配送"]),
        ("全面实行一户一档、定期回访；", ["一户一档、定期回访"]),
        ("实施错峰上学、弹性放学，减少拥堵。", ["错峰上学、弹性放学"]),
        ("实行规模化、公司化，提升效率。", []),  # adverbial words, no four-character phrases
        ("实施道路改造、桥梁加固等项目。", []),  # a list of works that goes on: no method put into practice
    ],
)
def test_a_parallel_slogan_put_into_practice_is_a_mechanism(sentence: str, want: list[str]) -> None:
    found = find_mechanisms(sentence, doc="d")
    assert [m.name for m in found] == want
    assert all(m.provenance.rule == "mechanism.slogan" and m.candidate for m in found)


def test_a_named_plan_something_is_put_into_is_a_mechanism() -> None:
    """纳入/列入 end the clause before the name: 将河道保洁纳入“清水河道”行动计划 names 清水河道行动计划."""
    assert names("将河道保洁纳入“清水河道”行动计划，统筹推进。") == ["清水河道行动计划"]
    assert names("将河道保洁纳入年度考核。") == []
