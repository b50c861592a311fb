"""Quantitative targets: invented sentences in the style of plan documents."""

from __future__ import annotations

import pytest

from fengong.loaders.pipeline import extract_bytes
from fengong.loaders.targets import extract_targets
from fengong.ontology.model import Target


def targets(text: str, default: int | None = 2027, offset: int = 0) -> list[Target]:
    return extract_targets(text, doc="d", offset=offset, default_deadline=default)


def one(text: str, default: int | None = 2027) -> Target:
    found = targets(text, default)
    assert len(found) == 1, [t.text for t in found]
    return found[0]


def summary(found: list[Target]) -> list[tuple[float | None, str | None, str]]:
    return [(t.value, t.unit, t.comparator) for t in found]


# --------------------------------------------------------------------------- comparators


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "comparator"),
    [
        ("科技型小微企业数量达到860家", 860, "家", ">="),
        ("省级工程研究中心达37个以上", 37, "个", ">="),
        ("建成市级重点实验室不少于6个", 6, "个", ">="),
        ("研发人员占从业人员比重不低于8%", 8, "%", ">="),
        ("技术交易额累计突破85亿元", 85, "亿元", ">"),
        ("数字经济增加值占比超过35%", 35, "%", ">"),
        ("企业研发费用加计扣除额高于12亿元", 12, "亿元", ">"),
        ("创业孵化载体数量突破90家以上", 90, "家", ">="),  # 以上 wins over 突破
        ("单位产值能耗控制在0.6吨以内", 0.6, "吨", "<="),
        ("项目审批事项不超过12项", 12, "项", "<="),
        ("培育创新型领军企业15家左右", 15, "家", "~"),
        ("吸引青年科技人才约800人", 800, "人", "~"),
        ("新增发明专利授权量近900件", 900, "件", "~"),
        ("研发经费支出年均增长11%以上", 11, "%", ">="),
        ("高技术制造业比重提高3个百分点以上", 3, "个百分点", ">="),
        ("在全省创新能力评价中进入前8位", 8, "位", "<="),
        ("扶持科技成果转化项目120余项", 120, "项", ">"),
    ],
)
def test_comparator_follows_the_words_around_the_number(
    sentence: str, value: float, unit: str, comparator: str
) -> None:
    target = one(sentence)
    assert (target.value, target.unit, target.comparator) == (value, unit, comparator)


def test_tupo_before_a_noun_is_a_verb_not_a_bound() -> None:
    assert one("力争共性关键技术攻关数量突破36项").comparator == ">"  # noun before: a bound
    assert one("突破7项智能装备核心技术").comparator == "="  # noun after: the verb
    assert one("集中攻关突破7项左右先进材料技术").comparator == "~"


def test_queding_binds_the_whole_clause() -> None:
    assert one("确保全县建有乡镇科技服务站45个").comparator == ">="
    assert one("各县区年内至少举办 2 次科技活动周").comparator == ">="


@pytest.mark.parametrize(
    ("sentence", "low", "high", "unit"),
    [
        ("新建6-9个工程技术研究中心", 6, 9, "个"),
        ("组建8—12个创新联合体", 8, 12, "个"),
        ("遴选4~7家链主企业", 4, 7, "家"),
        ("布局3至6个概念验证中心", 3, 6, "个"),
        ("打造三至五个科技成果转化基地", 3, 5, "个"),
    ],
)
def test_ranges_give_both_bounds(sentence: str, low: float, high: float, unit: str) -> None:
    target = one(sentence)
    assert (target.value, target.value_max, target.unit, target.comparator) == (low, high, unit, "range")


# --------------------------------------------------------------------------- numbers and units


def test_number_forms() -> None:
    assert summary(targets("争创省级孵化器１２家")) == [(12, "家", "=")]
    assert summary(targets("带动社会投资六千亿元")) == [(6000, "亿元", "=")]
    assert summary(targets("农作物良种覆盖率达到百分之九十六")) == [(96, "%", ">=")]
    assert summary(targets("开展科技下乡十五场")) == [(15, "场", "=")]
    assert summary(targets("全年服务企业2,400家")) == [(2400, "家", "=")]
    assert summary(targets("遴选IOO家以上种子企业")) == [(100, "家", ">=")]


def test_base_values_normalise_multipliers_and_percentages() -> None:
    money = one("科技金融贷款余额达到320亿元")
    assert (money.base_value, money.base_unit) == (3.2e10, "元")
    people = one("培训新型职业农民3.5万人次")
    assert (people.value, people.unit, people.base_value, people.base_unit) == (3.5, "万人次", 35000, "人次")
    share = one("规上企业研发机构覆盖率达到45%")
    assert (share.base_value, share.base_unit) == (0.45, "ratio")
    count = one("新增科技特派员210名")
    assert (count.base_value, count.base_unit) == (210, "名")


def test_per_period_units() -> None:
    assert summary(targets("各县区每季度向市科技局报送至少 3 篇工作动态")) == [(3, "篇/季度", ">=")]
    assert summary(targets("市创新办每月编发 2 期工作简报")) == [(2, "期/月", "=")]
    assert summary(targets("每两个月召开1次调度会")) == [(1, "次/2月", "=")]
    found = targets("成果科（2 条/月）、平台科（1 条/3 月）")
    assert [(t.value, t.unit, t.text) for t in found] == [
        (2, "条/月", "成果科（2 条/月）"),
        (1, "条/3月", "平台科（1 条/3 月）"),
    ]


def test_a_total_in_words_takes_in_the_clause_before() -> None:
    found = targets("专利政策宣讲 4 月一场，人才政策宣讲 9 月一场。合计两场")
    assert [(t.value, t.unit, t.text) for t in found] == [(2, "场", "人才政策宣讲 9 月一场。合计两场")]


# --------------------------------------------------------------------------- clauses, spans, indicators


def test_clause_list_gives_one_target_per_commitment() -> None:
    text = "到2027年，力争省级新型研发机构达到14家，科技企业孵化器达到22家以上；技术合同登记额累计突破75亿元。"
    found = targets(text, default=2026)
    assert summary(found) == [(14, "家", ">="), (22, "家", ">="), (75, "亿元", ">")]
    assert [t.deadline for t in found] == [2027, 2027, 2027]
    assert [t.indicator for t in found] == ["省级新型研发机构", "科技企业孵化器", "技术合同登记额"]


def test_enumeration_and_qizhong_split() -> None:
    found = targets("新认定12家市级众创空间、6家市级星创天地，培育新品种80个以上（其中主导品种20个以上）")
    assert [(t.value, t.text) for t in found] == [
        (12, "新认定12家市级众创空间"),
        (6, "6家市级星创天地"),
        (80, "培育新品种80个以上"),
        (20, "主导品种20个以上"),
    ]
    assert found[1].indicator == "市级星创天地"


def test_provenance_is_document_relative() -> None:
    text = "二是壮大主体。力争高成长企业达到65家。"
    found = targets(text, offset=1000)
    assert len(found) == 1
    target = found[0]
    start, end = target.provenance.start - 1000, target.provenance.end - 1000
    assert text[start:end] == target.text == target.provenance.text == "力争高成长企业达到65家"
    assert target.provenance.doc == "d"
    assert target.provenance.rule == "targets.quantity"
    assert target.task is None


def test_qualifying_number_before_de_is_not_a_target() -> None:
    found = targets("年营业收入超2亿元的科技企业达到48家")
    assert summary(found) == [(48, "家", ">=")]
    assert found[0].indicator == "年营业收入超2亿元的科技企业"


def test_benchmark_without_a_number() -> None:
    target = one("到2026年，全县科技投入强度不低于全省平均水平")
    assert (target.value, target.unit, target.comparator, target.deadline) == (None, None, ">=", 2026)
    assert target.indicator == "全县科技投入强度"


def test_targets_inside_html_table_cells_but_not_column_headers() -> None:
    header = "序号\t攻坚事项\t预期成果（150 以内）\t进展情况（400 字以内）\t责任单位"
    assert targets(header) == []
    row = (
        "1\t建设创新高地\t<p>预期成果： 2024 年，规上工业企业研发投入强度达 1.6%，新增孵化载体 3 家。</p>"
        "\t<p>成效：已培育企业 7 家。</p>\t市科技局"
    )
    found = targets(row, default=2025)
    assert summary(found) == [(1.6, "%", ">="), (3, "家", "=")]
    assert [t.deadline for t in found] == [2024, 2024]
    assert found[0].text == "规上工业企业研发投入强度达 1.6%"


# --------------------------------------------------------------------------- deadlines


def test_deadline_phrases() -> None:
    assert one("2026年底前，建成科技大市场1个").deadline == 2026
    assert one("至2028年末，引进研发团队12个").deadline == 2028
    assert one("2025年9月底前出台配套细则3项").deadline == 2025
    assert one("新增省级企业技术中心8家").deadline == 2027  # the plan's end year
    assert one("新增省级企业技术中心8家", default=None).deadline is None


def test_deadline_does_not_reach_past_the_next_numbered_item() -> None:
    text = "2.推进园区建设。到2032年，建成专业园区9个。3.壮大人才队伍。引进博士研究生120名。"
    assert [(t.value, t.deadline) for t in targets(text, default=2026)] == [(9, 2032), (120, 2026)]


# --------------------------------------------------------------------------- not targets


@pytest.mark.parametrize(
    "sentence",
    [
        "2024年是实施规划的关键之年，2023-2025年持续推进",
        "各项政策应于 2024 年 8 月前出台，4-5月备检，每月 20 日前报送",
        "第三届创新大赛，第二批试点，前三季度",
        "依据《某某县促进成果转化办法》（某政发〔2023〕7号）",
        "坚持“三个服务”，围绕“2+6”产业体系，推进“十四五”规划",
        "本县是全省首批 18 个创新型县之一",
        "加强与12个对口协作城市的交流合作",
        "将11个乡镇科技站纳入考核",
        "联系电话：0771-5551234，邮箱：kjj2024@example.cn",
        "依托072研究所等单位，落实“破三唯”要求，实施千人计划",
        "全县现有高新技术企业56家，已建成众创空间9家",
        "对新认定的企业给予最高80万元奖励",
        "推进设备二次开发和零部件国产化，建设一批中试平台",
        "统筹两个市场，用3至5年时间，建设周期 2 年，办理时间20个工作日，24小时开放",
        "处以2万元以上10万元以下罚款，没收违法所得5000元",
        "中断缴费3个月内参加居民医保的，待遇不变",
        "对现场查获超速50%以上的，从严处罚",
        "十四五期间，三部门联合发文，坚持五位一体",
        "发展规划科、平台科、人才科三个科室",
    ],
)
def test_non_commitments_are_left_out(sentence: str) -> None:
    assert targets(sentence) == [], [t.text for t in targets(sentence)]


def test_report_cell_results_are_not_targets() -> None:
    row = "<p>成效： 1. 组织申报项目 14 项。2. 支持首批示范项目 260 万元。</p>"
    assert targets(row) == []


def test_duration_with_a_bound_is_a_target() -> None:
    target = one("赋予科研人员不少于5年的成果使用权")
    assert (target.value, target.unit, target.comparator) == (5, "年", ">=")


def test_number_at_paragraph_start_and_false_friends() -> None:
    assert summary(targets("25家市级科普基地")) == [(25, "家", "=")]
    assert one("统一下达科研经费1800万元").comparator == "="
    assert one("年节约标准煤约4万吨").comparator == "~"
    assert one("年节约标准煤4万吨").comparator == "="
    assert one("培训农技人员一万人次").value == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "每10万人口拥有科普场馆数",
        "高新技术企业营业收入同比增长18%",
        "从以下6个方面推进",
        "全县共有省级农业园区4个",
    ],
)
def test_more_non_commitments(sentence: str) -> None:
    assert targets(sentence) == []


def test_stock_words_do_not_hide_growth() -> None:
    assert summary(targets("在现有基础上新增科技服务站11个")) == [(11, "个", "=")]
    assert summary(targets("了解企业需求，走访科技企业130家")) == [(130, "家", "=")]


def test_doubling_is_growth_in_times():
    (t,) = extract_targets("到2028年，产业基金规模三年内翻一番。", doc="d", default_deadline=2028)
    assert (t.indicator, t.value, t.unit, t.comparator, t.deadline) == ("产业基金规模", 2.0, "倍", ">=", 2028)


@pytest.mark.parametrize(
    "sentence",
    [
        "对新引进总投资2亿元以上的先进制造业项目给予支持",
        "对注册资本在500万元以上的科技企业优先推荐",
        "对年营业收入达到1000万元及以上的企业，纳入培育库",
        "对固定资产投资3亿元以上的新建项目和5亿元以上的技改项目实行专班服务",  # the second shares the measure
        "对主营业务收入1亿元和5亿元以上的企业分档奖励",
    ],
)
def test_an_eligibility_threshold_is_not_a_target(sentence: str) -> None:
    assert targets(sentence) == [], [t.text for t in targets(sentence)]


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "comparator"),
    [
        ("建设3个以上的示范园区", 3, "个", ">="),  # 以上的 after a count the plan commits to build
        ("按研发投入的5%给予补助", 5, "%", "="),  # a rate the plan commits to pay
        ("单个项目最高不超过300万元", 300, "万元", "<="),  # a cap the plan commits to
    ],
)
def test_commitments_that_look_like_thresholds_or_grants_stay(sentence, value, unit, comparator) -> None:
    target = one(sentence)
    assert (target.value, target.unit, target.comparator) == (value, unit, comparator)


def test_the_size_of_a_grant_is_not_a_target() -> None:
    assert targets("对认定的平台给予最高30%的奖励") == []
    assert targets("对新认定的企业给予一次性50万元补贴") == []


_PLAN = (
    "某市2031年科技创新工作方案\n一、重点任务\n（一）培育创新主体。实施高企倍增计划。（责任单位：市科技局）\n"
)


@pytest.mark.parametrize(
    ("marker", "caption"),
    [
        ("附件1", "2031年各区县科技创新目标任务分解表"),
        ("附件2", "主要指标分解"),
        ("附件", "2031年重点工作任务 分解表"),  # the only attachment: no number
    ],
)
def test_an_allocation_attachment_gives_one_target_per_figure(marker: str, caption: str) -> None:
    """附件 that shares the plan's targets out per area: each figure a plan-level target, as a flattened table."""
    text = (
        f"{_PLAN}{marker}\n\n{caption}\n\n区县\n\n目标任务\n\n"
        "甲县\n\n新增高新技术企业12家，研发投入强度达到2.1%。\n\n"
        "乙区\n\n新增高新技术企业30家，技术合同成交额突破5亿元。\n"
    )
    x, _ = extract_bytes(text.encode(), "plan.txt")
    assert sorted((t.value, t.unit, t.task) for t in x.targets) == [
        (2.1, "%", None),
        (5.0, "亿元", None),
        (12.0, "家", None),
        (30.0, "家", None),
    ]


def test_an_attachment_that_shares_nothing_out_gives_no_targets() -> None:
    text = f"{_PLAN}附件1\n\n领导小组成员名单\n\n组长：王某 市长\n联系电话：12345678\n成员单位30家\n"
    x, _ = extract_bytes(text.encode(), "plan.txt")
    assert x.targets == []


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "comparator"),
    [
        ("不动产登记在5个工作日内办结", 5.0, "个工作日", "<="),
        ("企业开办压缩至1个工作日以内", 1.0, "个工作日", "<="),
        ("连续驾驶时间不超过4小时", 4.0, "小时", "<="),
        ("每次休息时间不少于20分钟", 20.0, "分钟", ">="),
        ("用3个月左右时间开展集中整治", 3.0, "个月", "~"),
        ("开放林下空间60公顷以上", 60.0, "公顷", ">="),
        ("新建绿道120公里，每500米左右设置一处驿站", 120.0, "公里", "="),
    ],
)
def test_time_limits_and_measures_are_commitments(sentence: str, value: float, unit: str, comparator: str) -> None:
    found = targets(sentence)
    assert (found[0].value, found[0].unit, found[0].comparator) == (value, unit, comparator), found


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "comparator"),
    [
        ("到2030年，企业研发机构覆盖率达到三分之一以上", 0.333333, "ratio", ">="),
        ("三分之二的行政村建成示范村", 0.666667, "ratio", "="),
        ("标准厂房租金控制在18元/平方米以内", 18.0, "元/平方米", "<="),
        ("单位产值能耗降至0.4吨/千瓦时以下", 0.4, "吨/千瓦时", "<="),
    ],
)
def test_fractions_and_compound_units(sentence: str, value: float, unit: str, comparator: str) -> None:
    t = one(sentence)
    assert (t.value, t.unit, t.comparator, t.base_value) == (value, unit, comparator, value)


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        (
            "到2029年，全县研发投入强度、科技型中小企业数量分别达到2.5%、300家。",
            [("全县研发投入强度", 2.5, "%", ">="), ("科技型中小企业数量", 300.0, "家", ">=")],
        ),
        ("新增孵化器和众创空间分别为4家、9家。", [("新增孵化器", 4.0, "家", "="), ("众创空间", 9.0, "家", "=")]),
        (
            "技术合同成交额、专利授权量、研发人员分别增长12%、8%、5%。",
            [("技术合同成交额", 12.0, "%", "="), ("专利授权量", 8.0, "%", "="), ("研发人员", 5.0, "%", "=")],
        ),
    ],
)
def test_coordinated_targets_split_one_per_indicator(sentence, want) -> None:
    found = targets(sentence)
    assert [(t.indicator, t.value, t.unit, t.comparator) for t in found] == want
    assert all(t.text.startswith(t.indicator) for t in found)

