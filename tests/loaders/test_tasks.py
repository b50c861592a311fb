"""Which items are tasks; clauses covering several items; work tables; attachment details merged."""

import pytest

from fengong.loaders.clean import clean
from fengong.loaders.outline import parse_outline
from fengong.loaders.responsibility import document_lead_rule
from fengong.loaders.tasks import clean_title, find_tasks


def tasks(text: str):
    cleaned = clean(text).text
    return find_tasks(cleaned, parse_outline(cleaned), document_lead_rule(cleaned))


def summary(text: str):
    return [(t.key, t.title, [(m.text, m.role) for m in t.mentions]) for t in tasks(text)]


def test_goal_and_principle_sections_are_not_tasks():
    doc = (
        "一、总体要求\n（一）指导思想。坚持创新驱动。\n（二）主要目标。到2026年，建成平台5个。\n"
        "二、重点任务\n（三）建设创新平台。推动共建。（责任单位：市科技局）\n"
        "三、保障措施\n（四）加强组织领导。建立专班。\n"
    )
    assert [(k, t) for k, t, _ in summary(doc)] == [("二/(三)", "建设创新平台"), ("三/(四)", "加强组织领导")]


def test_one_clause_after_the_last_item_covers_all_items():
    doc = (
        "二、重点任务\n（一）培育创新主体\n1.壮大高新技术企业。实施倍增计划。\n2.培育专精特新企业。建立梯度库。\n"
        "（牵头单位：市工信局；配合单位：市科技局）\n"
    )
    got = summary(doc)
    assert [k for k, _, _ in got] == ["二/(一)/1", "二/(一)/2"]
    assert all(m == [("市工信局", "lead"), ("市科技局", "support")] for _, _, m in got)


def test_clause_on_a_parent_heading_covers_its_items():
    doc = (
        "二、任务\n（一）优化服务（责任单位：县政务服务中心）\n1.推行一网通办。上线事项。\n2.压缩审批时限。精简环节。\n"
    )
    got = summary(doc)
    assert [m for _, _, m in got] == [[("县政务服务中心", "responsible")]] * 2


def test_prose_responsibility_in_a_task():
    doc = "二、任务\n（一）建设冷链物流体系。由市商务局牵头，市交通局、市供销社配合，完善网络。\n"
    ((_, _, mentions),) = summary(doc)
    assert ("市商务局", "lead") in mentions and ("市交通局", "support") in mentions


def test_work_table_rows_become_tasks_with_column_roles():
    doc = (
        "一、任务\n（一）统筹推进。\n附件2\n重点任务分工表\n"
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t建设数字园区\t区工信局\t区财政局、区数据局\t2025年底\n"
        "2\t培育链主企业\t区发改委\t区商务局\t2026年6月\n"
    )
    got = {t.key: t for t in tasks(doc)}
    row = got["附件2/1"]
    assert row.title == "建设数字园区" and row.kind == "table_row" and row.due == "2025年底"
    assert [(m.text, m.role) for m in row.mentions] == [
        ("区工信局", "lead"),
        ("区财政局", "support"),
        ("区数据局", "support"),
    ]


def test_attachment_detail_merges_into_the_task_it_repeats():
    doc = (
        "二、主要任务\n（一）建立企业服务专员制度，提升服务效能（见附表）\n"
        "附件1\n工作小组名单\n（一）专员制度任务小组：建立企业服务专员制度，提升服务效能任务，牵头科室：综合协调科，合办科室：政策法规科。\n"
    )
    ((key, title, mentions),) = summary(doc)
    assert key == "二/(一)" and title == "建立企业服务专员制度，提升服务效能"
    assert mentions == [("综合协调科", "lead"), ("政策法规科", "support")]


def test_clean_title():
    assert clean_title("推进园区建设（见附表 2-1）") == "推进园区建设"
    assert clean_title("完善考核机制(责任单位:市考评办)。") == "完善考核机制"


def test_lead_in_square_brackets_before_the_text():
    doc = "二、任务\n（一）【县文旅局牵头，县交通局配合】打造精品线路。串联景点。\n"
    ((_, _, mentions),) = summary(doc)
    assert mentions == [("县文旅局", "lead"), ("县交通局", "support")]


def test_merged_task_cell_continues_the_task():
    doc = "序号\t重点任务\t具体措施\t责任单位\n1\t壮大集群\t培育龙头\t县工信局\n2\t\t完善配套\t县商务局\n"
    (row,) = tasks(doc)
    assert row.title == "壮大集群"
    assert [m.text for m in row.mentions] == ["县工信局", "县商务局"]


def test_bracketed_prose_with_a_bracketed_unit_name():
    doc = "二、任务\n（一）推广良种。扩大面积。（市农业农村局牵头，市财政局、各县（市）人民政府配合）\n"
    ((_, _, mentions),) = summary(doc)
    assert mentions == [("市农业农村局", "lead"), ("市财政局", "support"), ("各县（市）人民政府", "support")]


def test_numbered_guarantee_items_are_tasks_with_a_clause_or_without():
    doc = (
        "一、重点任务\n（一）建设创新平台。推动共建。（责任单位：市科技局）\n"
        "二、保障措施\n（一）加强组织领导。建立工作专班。\n（二）强化资金保障。（责任单位：市财政局）\n"
    )
    assert [(k, t) for k, t, _ in summary(doc)] == [
        ("一/(一)", "建设创新平台"),
        ("二/(一)", "加强组织领导"),
        ("二/(二)", "强化资金保障"),
    ]


def test_a_list_of_one_level_makes_its_items_the_tasks():
    notice = (
        "现就做好2024年医保工作通知如下：\n"
        "\u3000\u3000一、提高筹资标准\n\u3000\u30002024年，人均财政补助标准提高30元，达到610元。\n"
        "\u3000\u3000二、完善待遇保障\n\u3000\u3000巩固住院待遇水平，政策范围内报销比例稳定在70%左右。\n"
        "\u3000\u3000三、做好组织实施\n\u3000\u3000各地要加强领导，细化措施，确保各项政策落实到位。\n"
    )
    assert [(k, t) for k, t, _ in summary(notice)] == [
        ("一", "提高筹资标准"),
        ("二", "完善待遇保障"),
        ("三", "做好组织实施"),
    ]


def test_sections_over_items_or_tables_are_not_tasks_themselves():
    nested = "一、工作目标\n建成平台5个。\n二、重点任务\n（一）建设平台。（责任单位：市科技局）\n三、工作要求\n按季度报送进展。\n"
    assert [k for k, _, _ in summary(nested)] == ["二/(一)"]
    table = "一、工作目标\n建成平台5个。\n二、重点任务\n序号\t任务内容\t牵头单位\n1\t建设平台\t市科技局\n2\t引进人才\t市人社局\n"
    assert [k for k, _, _ in summary(table)] == ["二/1", "二/2"]


def test_general_and_supplementary_provisions_are_not_tasks():
    doc = (
        "第一章　总则\n第一条　为规范项目管理，制定本办法。\n"
        "第二章　职责分工\n第二条　建设项目库。（责任单位：市科技局）\n第三条　保障项目经费。（责任单位：市财政局）\n"
        "第三章　附则\n第四条　本办法自印发之日起施行。\n"
    )
    assert [k for k, _, _ in summary(doc)] == ["第二章/第二条", "第二章/第三条"]


def test_a_bracket_closed_by_a_role_verb_assigns_the_task():
    doc = (
        "二、重点任务\n1.整治燃气隐患。开展排查。（市水务局牵头负责、各区政府组织落实）\n"
        "2.更新老旧管网。完成改造。（市住房城乡建设管理委、各区政府组织落实）\n"
    )
    assert [(k, units) for k, _, units in summary(doc)] == [
        ("二/1", [("市水务局", "lead"), ("各区政府", "support")]),
        ("二/2", [("市住房城乡建设管理委", "support"), ("各区政府", "support")]),
    ]


def test_overall_thinking_and_significance_sections_hold_no_tasks():
    doc = (
        "一、总体思路\n（一）坚持创新驱动。推动高质量发展。\n二、重要意义\n（一）服务全局。提升能级。\n"
        "三、重点任务\n（一）建设创新平台。推动共建。（责任单位：市科技局）\n"
    )
    assert [k for k, _, _ in summary(doc)] == ["三/(一)"]


def test_a_sentence_opening_with_units_and_fuze_assigns_the_task():
    doc = (
        "第二章　职责分工\n第三条　市科技局负责项目的组织实施。\n第四条　市财政局负责经费保障，市审计局配合开展审计。\n"
        "第五条　由市税务局、市人社局负责落实优惠政策。\n第六条　加强统筹。市发展改革委负责综合协调。\n"
        "第七条　各部门负责人要加强领导。\n第八条　专人负责台账管理。\n"
    )
    assert [(k, units) for k, _, units in summary(doc)] == [
        ("第二章/第三条", [("市科技局", "responsible")]),
        ("第二章/第四条", [("市财政局", "lead"), ("市审计局", "support")]),
        ("第二章/第五条", [("市税务局", "responsible"), ("市人社局", "responsible")]),
        ("第二章/第六条", [("市发展改革委", "responsible")]),
        ("第二章/第七条", []),  # 负责人 is a post, not a duty
        ("第二章/第八条", []),  # 专人 is no unit
    ]


@pytest.mark.parametrize(
    "note",
    ["，排在首位的为牵头单位，下同", "；列第一位的为牵头单位，下同", "，排名第一的是牵头单位，以下同"],
)
def test_a_rule_stated_inside_the_first_clause_is_applied_and_is_no_unit(note):
    doc = (
        f"一、重点任务\n（一）建设平台。（责任单位：市科技局、市财政局{note}）\n"
        "（二）引进人才。（责任单位：市人社局、市科技局）\n"
    )
    assert [(k, units) for k, _, units in summary(doc)] == [
        ("一/(一)", [("市科技局", "lead"), ("市财政局", "support")]),
        ("一/(二)", [("市人社局", "lead"), ("市科技局", "support")]),
    ]


def test_a_duties_section_headed_by_unit_names():
    doc = (
        "一、重点任务\n（一）建设平台。（责任单位：市科技局）\n二、职责分工\n（一）市科技局：负责统筹协调，推进平台建设。\n"
        "（二）市财政局、市税务局：负责资金保障。\n（三）市发展和改革委员会负责项目审批，市自然资源和规划局配合做好用地保障。\n"
    )
    assert [(k, units) for k, _, units in summary(doc)][1:] == [
        ("二/(一)", [("市科技局", "responsible")]),
        ("二/(二)", [("市财政局", "responsible"), ("市税务局", "responsible")]),
        ("二/(三)", [("市发展和改革委员会", "lead"), ("市自然资源和规划局", "support")]),  # names with 和 kept whole
    ]


def test_a_duty_sentence_further_down_an_item_is_about_the_plan_not_the_item():
    doc = (
        "一、重点任务\n（一）建设平台。（责任单位：市科技局）\n二、保障措施\n"
        "（一）加强组织领导。坚持统筹推进。市科技领导小组负责抓好本方案的组织实施，加强督促指导。\n"
    )
    assert [(k, units) for k, _, units in summary(doc)][1:] == [("二/(一)", [])]


@pytest.mark.parametrize("second", ["责任单位", "协同单位", "参与单位"])
def test_a_list_labelled_after_the_lead_label_supports(second):
    doc = f"二、重点任务\n（一）建设孵化载体。新建众创空间。\n牵头单位：县科技局\n{second}：县财政局、县人社局\n"
    (_, _, got), = summary(doc)
    want_second = "support" if second == "责任单位" else dict(got)["县财政局"]  # the others are support labels anyway
    assert got == [("县科技局", "lead"), ("县财政局", want_second), ("县人社局", want_second)]
    alone = summary("二、重点任务\n（一）建设孵化载体。新建众创空间。\n责任单位：县财政局、县人社局\n")
    assert alone[0][2] == [("县财政局", "responsible"), ("县人社局", "responsible")]  # no lead named: silent


def test_several_role_brackets_in_one_item_are_each_read():
    doc = (
        "二、重点任务\n（一）深化产教融合。组建产业学院（区教育局牵头，区工信局配合）；"
        "建设实训基地（区人社局牵头，区财政局、区总工会配合）。\n"
    )
    (_, _, got), = summary(doc)
    assert got == [
        ("区教育局", "lead"),
        ("区工信局", "support"),
        ("区人社局", "lead"),
        ("区财政局", "support"),
        ("区总工会", "support"),
    ]


@pytest.mark.parametrize("verb", ["按职责分工负责", "按职责负责", "分工负责"])
def test_an_unlabelled_bracket_on_its_own_line_after_the_items_covers_them_all(verb):
    doc = (
        "二、重点任务\n（一）加强人才引育\n1.引进高层次人才。\n2.培养青年科技人才。\n"
        f"（县委组织部、县人社局{verb}）\n"
    )
    got = summary(doc)
    assert [k for k, _, _ in got] == ["二/(一)/1", "二/(一)/2"]
    assert all(m == [("县委组织部", "responsible"), ("县人社局", "responsible")] for _, _, m in got)  # no lead said
