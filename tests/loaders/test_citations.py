"""Citations: 《》 titles (nested), 文号, implements vs cites, the plan's own title excluded."""

from fengong.loaders.citations import find_citations


def cites(text: str, title=None, own=None):
    return [
        (c.title, c.doc_number, c.relation) for c in find_citations(text, doc="d", plan_title=title, own_number=own)
    ]


def test_titles_numbers_and_relation():
    text = "根据《国务院关于推进智慧农业的意见》（国发〔2023〕9号）精神，参照《青禾市数据条例》，制定本方案。"
    assert cites(text) == [
        ("国务院关于推进智慧农业的意见", "国发〔2023〕9号", "implements"),
        ("青禾市数据条例", None, "cites"),
    ]


def test_nested_title_and_own_title_excluded():
    text = (
        "关于印发《江川市落实<智慧城市行动计划>的方案》的通知\n贯彻《省委办公厅关于印发<智慧城市行动计划>的通知》要求。"
    )
    got = cites(text, title="江川市落实《智慧城市行动计划》的方案")
    assert ("智慧城市行动计划", None, "implements") in got  # the plan 落实s it
    assert ("省委办公厅关于印发<智慧城市行动计划>的通知", None, "implements") in got
    assert all(t != "江川市落实<智慧城市行动计划>的方案" for t, _, _ in got)


def test_bare_doc_number_and_own_number():
    text = "江商发〔2023〕12号\n按照省厅（苏商规〔2022〕3号）要求开展工作。"
    assert cites(text, own="江商发〔2023〕12号") == [(None, "苏商规〔2022〕3号", "implements")]


def test_titles_without_marks_when_the_copy_lost_them():
    text = "根据数字经济发展规划(2021-2025年)，制定本方案。出台关于支持企业上云的若干措施，完善政策。"
    assert [t for t, _, _ in cites(text)] == ["数字经济发展规划(2021-2025年)", "关于支持企业上云的若干措施"]


def test_an_abbreviation_names_the_policy_before_it_not_another():
    text = "为贯彻《青禾市河道管理条例》（以下简称《条例》），现就落实《条例》提出如下措施。宣传《条例》。"
    assert cites(text) == [("青禾市河道管理条例", None, "implements")]


def test_decree_and_standard_numbers_after_a_title():
    text = "严格执行《农机安全监理条例》（国务院令第563号），实行国标《农用车辆安全技术条件》（GB/T 21234—2019）。"
    assert [(t, n) for t, n, _ in cites(text)] == [
        ("农机安全监理条例", "国务院令第563号"),
        ("农用车辆安全技术条件", "GB/T21234—2019"),
    ]


def test_a_doc_number_misprinted_with_its_bracket_before_hao():
    text = "按照《关于做好2031年农业保险工作的通知》（农险发〔2030〕17)号要求，制定本方案。"
    assert cites(text) == [("关于做好2031年农业保险工作的通知", "农险发〔2030〕17号", "implements")]


def test_a_like_titled_policy_of_another_issuer_is_cited_not_the_plan_itself():
    own = "青禾市人民政府关于支持民营经济发展若干措施的意见"
    text = "按照《江东省人民政府关于支持民营经济发展若干措施的意见》要求，制定本意见。"
    assert cites(text, title=own) == [("江东省人民政府关于支持民营经济发展若干措施的意见", None, "implements")]
    assert cites(f"按照《{own}》要求。", title=own) == []


def test_a_portal_note_cites_nothing():
    text = "> 依《中华人民共和国著作权法》第五条第一项，具有立法、行政、司法性质的文件不适用著作权法。\n按照《某条例》执行。"
    assert [t for t, _, _ in cites(text)] == ["某条例"]
