"""Responsibility clauses: labels, document rules, prose, elliptical and anaphoric lists."""

import pytest

from fengong.loaders.responsibility import document_lead_rule, find_clauses, labelled_mentions, prose_mentions


def roles(text: str, rule=None) -> list[tuple[str, str]]:
    mentions, _ = labelled_mentions(text, 0, len(text), rule)
    return [(m.text, m.role) for m in mentions]


def prose(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.role) for m in prose_mentions(text, 0, len(text))]


def test_trailing_clause_keeps_names_with_he_and_brackets():
    text = "完善园区配套。（责任单位：县住房和城乡建设局、县林业和草原局，各乡（镇）人民政府）"
    assert find_clauses(text, 0, len(text)) == [(7, len(text))]
    assert roles(text) == [
        ("县住房和城乡建设局", "responsible"),
        ("县林业和草原局", "responsible"),
        ("各乡（镇）人民政府", "responsible"),
    ]


def test_lead_and_support_labels_in_one_bracket():
    assert roles("推进集采。[牵头单位:区医保局、区卫健委;配合单位:区财政局]") == [
        ("区医保局", "lead"),
        ("区卫健委", "lead"),
        ("区财政局", "support"),
    ]


def test_semicolon_rule_stated_in_the_document():
    text = "〔责任单位：州文旅局、州交通局；州财政局、州自然资源局（分号前为牵头单位，下同）〕"
    rule = document_lead_rule(text)
    assert rule == "semicolon"
    assert roles(text, rule) == [
        ("州文旅局", "lead"),
        ("州交通局", "lead"),
        ("州财政局", "support"),
        ("州自然资源局", "support"),
    ]


def test_first_listed_rule_stated_in_the_document():
    rule = document_lead_rule("各项任务中列第一位的为牵头单位，其余为配合单位。")
    assert rule == "first_listed"
    assert roles("（责任单位：市水利局、市农业农村局、市气象局）", rule) == [
        ("市水利局", "lead"),
        ("市农业农村局", "support"),
        ("市气象局", "support"),
    ]


def test_labels_on_their_own_lines_and_a_person():
    text = "牵头单位：县教育局\n协同责任单位：县团委、县妇联等\n牵头负责领导：赵一鸣"
    mentions, persons = labelled_mentions(text, 0, len(text), None)
    assert [(m.text, m.role, m.etc) for m in mentions] == [
        ("县教育局", "lead", False),
        ("县团委", "support", False),
        ("县妇联", "support", True),
    ]
    assert [(p.label, p.text) for p in persons] == [("牵头负责领导", "赵一鸣")]


def test_prose_lead_and_elliptical_support_list():
    assert prose("6月底前完成，综合科牵头，协同财务、人事科。") == [
        ("综合科", "lead"),
        ("财务", "support"),
        ("人事科", "support"),
    ]


def test_prose_without_lead_marker_is_responsible():
    assert prose("由办公室汇总，报送至督查科。") == [("办公室", "responsible"), ("督查科", "responsible")]


def test_anaphoric_collective_adds_nothing_after_its_members():
    assert prose("宣传科、信息科（每月1条）。方式：两科提供素材，由综合科汇总。") == [
        ("宣传科", "responsible"),
        ("信息科", "responsible"),
        ("综合科", "responsible"),
    ]
    assert prose("综合科牵头，协同两科。") == [("综合科", "lead"), ("两科", "support")]


def test_no_clause_no_mentions():
    assert roles("加快建设现代化产业体系，提升创新能力。") == []


def test_unit_marked_lead_inside_a_list():
    assert roles("（责任单位：县农业农村局（牵头）、县财政局、县供销社）") == [
        ("县农业农村局", "lead"),
        ("县财政局", "support"),
        ("县供销社", "support"),
    ]


@pytest.mark.parametrize(
    ("clause", "roles"),
    [
        ("市水务局牵头负责，各区政府组织落实", [("市水务局", "lead"), ("各区政府", "support")]),
        ("市水务局牵头负责、各区政府组织落实", [("市水务局", "lead"), ("各区政府", "support")]),  # after 、
        (
            "市水务局牵头负责，市财政局、市生态环境局、各区政府组织落实",
            [("市水务局", "lead"), ("市财政局", "support"), ("市生态环境局", "support"), ("各区政府", "support")],
        ),
        ("市水务局、市财政局、各区政府组织落实", [("市水务局", "support"), ("市财政局", "support"), ("各区政府", "support")]),
        ("市水务局牵头，市财政局配合", [("市水务局", "lead"), ("市财政局", "support")]),
    ],
)
def test_roles_given_by_a_trailing_verb(clause, roles):
    assert [(m.text, m.role) for m in prose_mentions(clause, 0, len(clause))] == roles


@pytest.mark.parametrize(
    ("clause", "roles"),
    [
        ("市消防救援总队牵头负责，各区政府组织落实", [("市消防救援总队", "lead"), ("各区政府", "support")]),
        ("市公安局交警支队牵头，区城管执法大队配合", [("市公安局交警支队", "lead"), ("区城管执法大队", "support")]),
    ],
)
def test_corps_and_brigades_are_units_and_every_role_verb_after_a_name_is_set_aside(clause, roles):
    assert [(m.text, m.role) for m in prose_mentions(clause, 0, len(clause))] == roles


@pytest.mark.parametrize(
    ("clause", "roles"),
    [
        (
            "市商务局、市公安局按职责分工负责落实、各区政府组织落实",
            [("市商务局", "lead"), ("市公安局", "lead"), ("各区政府", "support")],
        ),
        ("各部门按职责分工牵头负责、各区政府组织落实", [("各部门", "lead"), ("各区政府", "support")]),
        ("市科技局、市财政局按职责负责", [("市科技局", "lead"), ("市财政局", "lead")]),
    ],
)
def test_each_unit_doing_its_own_part_leads(clause, roles):
    assert [(m.text, m.role) for m in prose_mentions(clause, 0, len(clause))] == roles


def test_deng_closes_a_list_and_is_not_part_of_the_name():
    clause = "区财政局牵头，区水务局等部门，区国投公司、各街道办事处配合"
    found = prose_mentions(clause, 0, len(clause))
    assert [m.text for m in found] == ["区财政局", "区水务局", "区国投公司", "各街道办事处"]


@pytest.mark.parametrize(
    ("clause", "roles"),
    [
        ("由县农业局牵头，县财政局等部门协同推进", [("县农业局", "lead"), ("县财政局", "support")]),
        ("县财政局等单位配合", [("县财政局", "support")]),
        ("区水利局等部门负责", [("区水利局", "responsible")]),
    ],
)
def test_deng_after_a_unit_that_opens_a_clause_is_not_part_of_it(clause, roles):
    assert [(m.text, m.role) for m in prose_mentions(clause, 0, len(clause))] == roles


@pytest.mark.parametrize(
    ("clause", "names"),
    [
        ("（责任单位：市科技局、各乡、镇人民政府）", ["市科技局", "各乡、镇人民政府"]),
        ("（责任单位：各区、县级市，市财政局）", ["各区、县级市", "市财政局"]),
        ("（配合单位：各园区、街道）", ["各园区、街道"]),
        ("（责任单位：有关县、区人民政府）", ["有关县、区人民政府"]),
        ("（责任单位：各县、市、区）", ["各县、市、区"]),
        ("（责任单位：区政府、镇政府）", ["区政府", "镇政府"]),  # no quantifier: two units
        ("（责任单位：市林业和园林局、市科技局）", ["市林业和园林局", "市科技局"]),  # 和 inside a name
    ],
)
def test_one_quantifier_governs_a_list_of_areas(clause, names):
    mentions, _ = labelled_mentions(clause, 0, len(clause), None)
    assert [m.text for m in mentions] == names


def test_names_followed_at_once_by_a_verb_of_support_support():
    assert prose("市审计局配合开展审计。") == [("市审计局", "support")]
    assert prose("市财政局协同推进。") == [("市财政局", "support")]
