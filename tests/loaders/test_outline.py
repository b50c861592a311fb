"""The numbering grammar: levels, lead-sentence items, missing numbers and titles, inline markers."""

import pytest

from fengong.loaders.outline import chinese_number, parse_outline


def keys(text: str) -> list[tuple[str, str]]:
    return [(n.key, n.title) for n in parse_outline(text).nodes()]


def test_chinese_numbers():
    assert [chinese_number(s) for s in ("一", "十", "十二", "二十", "二十三", "一百零三")] == [1, 10, 12, 20, 23, 103]


def test_levels_full_and_half_width():
    doc = "一、主要任务\n（一）强化创新平台\n1.建设重点实验室。完善布局。\n2、培育新型研发机构。引进团队。\n(二)壮大创新主体\n（1）培育高新技术企业。\n"
    assert keys(doc) == [
        ("一", "主要任务"),
        ("一/(一)", "强化创新平台"),
        ("一/(一)/1", "建设重点实验室"),
        ("一/(一)/2", "培育新型研发机构"),
        ("一/(二)", "壮大创新主体"),
        ("一/(二)/(1)", "培育高新技术企业"),
    ]


def test_heading_without_title_and_item_without_number():
    doc = "二、重点工作\n（三）\n1.完善园区配套。建设道路。\n推进数字园区。搭建平台。\n3.优化营商环境。简化审批。\n"
    got = dict(keys(doc))
    assert got["二/(三)"] == ""
    assert got["二/(三)/2"] == "推进数字园区"  # the lost number is restored from its neighbours
    assert "二/(三)/3" in got


def test_lead_sentence_paragraphs_become_lettered_items():
    doc = "（一）加快动能转换，培育新兴产业。\n\n壮大数字经济。推动上云用数。\n\n发展海洋产业。建设海洋牧场。\n"
    assert keys(doc) == [
        ("(一)", "加快动能转换，培育新兴产业"),
        ("(一)/a", "壮大数字经济"),
        ("(一)/b", "发展海洋产业"),
    ]


def test_title_only_item_with_paragraphs_below_it():
    doc = "1.推进园区提质。\n建设标准厂房。加快建设。\n盘活闲置土地。开展清查。\n2.完善配套。建设道路。\n"
    assert [k for k, _ in keys(doc)] == ["1", "1/a", "1/b", "2"]


def test_inline_markers_in_text_that_lost_its_line_breaks():
    doc = "为推动发展，制定本方案。一、总体目标到2026年，培育企业50家。二、重点任务（一）实施强链工程1、培育链主企业。支持兼并重组。2、完善配套体系。建设平台。（二）实施育苗工程1、建设孵化载体。"
    assert [k for k, _ in keys(doc)] == ["一", "二", "二/(一)", "二/(一)/1", "二/(一)/2", "二/(二)", "二/(二)/1"]
    assert dict(keys(doc))["二/(一)"] == "实施强链工程"


def test_numbers_inside_sentences_are_not_markers():
    doc = "一、目标\n建成3个平台，研发投入强度达1.5%，形成（其中2个国家级）格局。\n"
    assert [k for k, _ in keys(doc)] == ["一"]


def test_attachments_and_their_tables():
    doc = (
        "一、任务\n（一）做好统筹。\n附件：\n1.任务分工表\n2.联系人名单\n"
        "附件1\n任务分工表\n序号\t重点任务\t牵头单位\n1\t建设园区\t县商务局\n2\t培育人才\t县人社局\n"
    )
    outline = parse_outline(doc)
    assert [n.key for n in outline.nodes()] == ["一", "一/(一)", "附件1"]
    attachment = outline.nodes()[-1]
    (table,) = attachment.tables
    assert table.header == ["序号", "重点任务", "牵头单位"]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["1", "建设园区", "县商务局"],
        ["2", "培育人才", "县人社局"],
    ]
    assert len(outline.attachment_list) == 3


def test_repeated_table_header_after_a_page_break_is_dropped():
    doc = "附件2\n序号\t事项\t责任单位\n1\t甲\t乙局\n\n序号\t事项\t责任单位\n\t\t丙局\n"
    (table,) = parse_outline(doc).nodes()[0].tables
    assert [[c.text for c in r.cells] for r in table.rows] == [["1", "甲", "乙局"], ["", "", "丙局"]]


def _numbered_list(style: str, n: int) -> str:
    items = "\n".join(f"{style.format(i)}建设第{i}个创新平台。" for i in range(1, n + 1))
    return f"某市科技创新工作要点\n\n一、重点任务\n{items}\n"


@pytest.mark.parametrize("style", ["{}.", "{}、", "({})", "（{}）", "{}．"])
@pytest.mark.parametrize("n", [100, 1000, 10_000])
def test_arabic_numbering_goes_past_99(style, n):
    outline = parse_outline(_numbered_list(style, n))
    items = outline.root.children[0].children
    assert [c.number for c in items] == list(range(1, n + 1))
    assert items[99].part.strip("()") == "100" and items[-1].part.strip("()") == str(n)


def test_chinese_numbering_goes_past_99():
    import cn2an

    text = "某市工作要点\n\n" + "\n".join(f"{cn2an.an2cn(i)}、第{i}项工作" for i in range(1, 131)) + "\n"
    parts = [c.part for c in parse_outline(text).root.children]
    assert parts[98:102] == ["九十九", "一百", "一百零一", "一百零二"] and len(parts) == 130


def test_a_long_number_that_does_not_continue_the_list_is_not_an_item_number():
    text = "某市工作要点\n\n一、重点任务\n1.建设平台。\n2025.全面完成各项任务。\n2.推进转化。\n"
    numbers = [c.number for c in parse_outline(text).root.children[0].children if c.numbered]
    assert numbers == [1, 2]


def test_one_paragraph_under_a_title_is_the_items_body_not_a_sub_item():
    doc = (
        "（四）推进示范工程\n\n鼓励园区打造低碳示范区。在资源富集区域布局充电设施。\n\n（责任单位：区发展改革委）\n"
        "（五）完善配套\n\n建设标准厂房。加快建设。\n\n盘活闲置土地。开展清查。\n"
    )
    assert keys(doc) == [
        ("(四)", "推进示范工程"),
        ("(五)", "完善配套"),
        ("(五)/a", "建设标准厂房"),
        ("(五)/b", "盘活闲置土地"),
    ]
    outline = parse_outline(doc)
    body = outline.nodes()[0]
    assert "在资源富集区域布局充电设施" in doc[body.title_start : body.end] and "责任单位" in doc[body.title_start : body.end]


REGULATION = (
    "第一章　总则\n第一条　为规范项目管理，制定本办法。\n第二条　本办法适用于市级项目。\n"
    "第二章　职责分工\n第三条　市科技局负责组织实施。\n第四条　市财政局负责经费保障：\n（一）安排专项资金；\n（二）监督资金使用。\n"
    "第一节　立项\n第五条　项目实行揭榜挂帅。\n第十二条　项目实行赛马制。\n"
    "第三章　附则\n第十三条　本办法自印发之日起施行。\n"
)


def test_chapters_sections_and_articles_are_levels_keyed_as_printed():
    assert [k for k, _ in keys(REGULATION)] == [
        "第一章",
        "第一章/第一条",
        "第一章/第二条",
        "第二章",
        "第二章/第三条",
        "第二章/第四条",
        "第二章/第四条/(一)",
        "第二章/第四条/(二)",
        "第二章/第一节",  # a 节 closes the items of the article above it
        "第二章/第一节/第五条",
        "第二章/第一节/第十二条",
        "第三章",  # a 章 closes its 节 and articles
        "第三章/第十三条",
    ]


def test_parts_and_an_article_cited_in_a_sentence():
    doc = "第一部分　总体要求\n一、指导思想\n坚持创新驱动。\n第二部分　重点任务\n一、建设平台\n依照《条例》第十二条规定，建设平台。\n"
    assert [k for k, _ in keys(doc)] == ["第一部分", "第一部分/一", "第二部分", "第二部分/一"]


def test_a_lone_attachment_is_marked_without_a_number():
    """GB/T 9704: the only attachment of a document is headed 附件, with no number."""
    text = "一、重点任务\n（一）建设平台。\n附件\n青禾市科技创新目标任务分解表\n甲县 新增企业12家\n"
    outline = parse_outline(text)
    (att,) = [n for n in outline.root.children if n.family == "attachment"]
    assert att.key == "附件1" and "甲县" in text[att.start : att.end]
    first = outline.root.children[0].children[0]
    assert "附件" not in text[first.start : first.end]  # the task ends where the attachment starts
    listed = parse_outline("一、重点任务\n（一）建设平台。\n附件：1.名单\n")
    assert [n.family for n in listed.root.children] == ["cn"]  # 附件： lists them, it heads none
