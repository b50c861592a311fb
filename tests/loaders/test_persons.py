"""Persons: list lines with padded names, table cells, label values."""

from fengong.loaders.persons import person_in_cell, persons_in_lines, persons_in_prose


def test_leadership_list_lines():
    text = "组  长：钱学林 党组书记、局长\n副组长：孙 悦 党组成员、副局长\n- 李晓红 规划科科长\n加强组织领导，明确责任分工。\n"
    got = [(p.name, p.post, p.group_role) for p in persons_in_lines(text)]
    assert got == [
        ("钱学林", "党组书记、局长", "组长"),
        ("孙悦", "党组成员、副局长", "副组长"),
        ("李晓红", "规划科科长", "副组长"),  # a line without its own label continues the one above
    ]


def test_cells_and_label_values():
    assert person_in_cell("周明远 （具体承办部门：市商务局）", 0).name == "周明远"
    p = person_in_cell("吴静副主任", 0)
    assert (p.name, p.post) == ("吴静", "副主任")
    assert person_in_cell("各有关部门", 0) is None


def test_persons_appointed_in_a_sentence():
    text = "成立由副区长梁思远任组长、区教育局局长何静任副组长的工作专班。"
    got = [(p.name, p.post, p.group_role) for p in persons_in_prose(text)]
    assert got == [("梁思远", "副区长", "组长"), ("何静", "区教育局局长", "副组长")]
