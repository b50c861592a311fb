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
