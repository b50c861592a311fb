"""The document head: title, 文号, issuers, date, period."""

import pytest

from fengong.loaders.clean import clean
from fengong.loaders.metadata import normalise_doc_number, read_head
from fengong.loaders.outline import parse_outline


def head(text: str):
    cleaned = clean(text)
    return read_head(cleaned, parse_outline(cleaned.text))


NOTICE = """中共青禾县委办公室 青禾县人民政府办公室
关于印发《青禾县推进数字乡村建设三年行动方案（2024—2026年）》的通知
青办发〔2024〕 7 号
各乡镇党委和人民政府：
现将《青禾县推进数字乡村建设三年行动方案（2024—2026年）》印发给你们，请认真贯彻落实。
中共青禾县委办公室
青禾县人民政府办公室
2024年3月18日
青禾县推进数字乡村建设三年行动方案（2024—2026年）
为加快数字乡村建设，制定本方案。
一、总体要求
"""


def test_notice_head():
    h = head(NOTICE)
    assert h.title == "青禾县推进数字乡村建设三年行动方案（2024—2026年）"
    assert h.doc_number == "青办发〔2024〕7号"
    assert h.issuers == ["中共青禾县委办公室", "青禾县人民政府办公室"]
    assert h.date == "2024-03-18"
    assert h.period == (2024, 2026)


def test_red_head_and_printing_date():
    text = "江川市商务局文件\n江商发〔2023〕12号\n江川市商务局2023年外贸工作要点\n江川市商务局办公室\n2023年2月6日印发\n一、目标\n"
    h = head(text)
    assert h.issuers == ["江川市商务局"]
    assert h.date == "2023-02-06"
    assert h.period == (2023, 2023)


def test_web_page_date_and_title_issuer():
    text = "首页 > 政务公开\n省工信厅2022年制造业数字化转型工作计划\n2022-04-11 09:30 来源：办公室\n一、重点任务\n"
    h = head(text)
    assert h.title == "省工信厅2022年制造业数字化转型工作计划"
    assert h.issuers == ["省工信厅"]
    assert h.date == "2022-04-11"


def test_n_years_count_from_the_year_the_text_states():
    text = "中共江川市委全面深化改革委员会\n2022年9月1日\n营商环境提升三年攻坚行动方案\n为优化营商环境，制定本方案。\n一、目标\n从2023年起，用三年时间完成攻坚。\n"
    assert head(text).period == (2023, 2025)


@pytest.mark.parametrize(
    "body",
    [
        "一、总体要求\n坚持问题导向，持续优化服务。\n",  # an open-ended opinion
        "一、工作要求\n各部门要在2021年统计数据基础上开展工作。\n",  # a year, but no goal
        "一、重点任务\n展望到2035年，全面建成现代化体系。\n",  # a vision is not the plan's span
    ],
)
def test_a_plan_silent_on_its_years_has_no_period(body):
    text = "江川市人民政府\n2022年9月1日\n关于进一步优化营商环境的意见\n" + body
    assert head(text).period is None


@pytest.mark.parametrize(
    ("body", "period"),
    [
        ("一、目标\n到2027年，建成示范区5个。\n", (2025, 2027)),  # from the year of issue
        ("一、目标\n2026年6月底前完成试点；2028年底，全面推开。\n", (2025, 2028)),
        ("一、目标\n2024年底前完成清理（已于上年启动）；到2026年完成验收。\n", (2024, 2026)),  # a goal before issue
        ("一、任务\n附件：1.2025年江川市清洁能源工作任务表\n", (2025, 2025)),
    ],
)
def test_the_goal_years_of_the_body_give_the_period(body, period):
    text = "江川市发展和改革委员会\n2025年3月2日\n江川市清洁能源推广方案\n为推广清洁能源，制定本方案。\n" + body
    assert head(text).period == period


@pytest.mark.parametrize(("name", "period"), [("十四五", (2021, 2025)), ("“十五五”", (2026, 2030)), ("十三五", (2016, 2020))])
def test_a_five_year_plan_name_in_the_title(name, period):
    text = f"江川市人民政府办公室\n2021年8月9日\n江川市{name}科技创新规划\n一、发展基础\n到2035年，建成创新型城市。\n"
    assert head(text).period == period


@pytest.mark.parametrize(
    "label", ["【文    号】 ", "【文\u3000\u3000号】", "文号：", "发文字号：", "[发文字号] ", "文　号:"]
)
def test_doc_number_after_a_portal_label(label):
    text = f"首页 > 政策文件\n江川市财政局 江川市税务局\n关于做好2024年减税降费工作的通知\n{label}江财发〔2024〕 8号\n【成文日期】 2024-03-01\n一、工作目标\n"
    assert head(text).doc_number == "江财发〔2024〕8号"


@pytest.mark.parametrize(("opening", "closing"), [("(", ")"), ("（", "）"), (" （", "）")])
def test_doc_number_in_brackets_after_the_title(opening, closing):
    text = f"江川市人民政府关于优化营商环境的实施意见{opening}江政〔2018〕12号{closing}\n发布时间:2018-02-01\n为贯彻落实《省政府关于优化营商环境的意见》(省政〔2017〕3号),提出如下意见。\n一、减少审批\n"
    h = head(text)
    assert (h.title, h.doc_number) == ("江川市人民政府关于优化营商环境的实施意见", "江政〔2018〕12号")


def test_a_doc_number_cited_in_a_sentence_is_not_the_plans():
    text = "江川市人民政府关于优化营商环境的实施意见\n为贯彻落实《省政府关于优化营商环境的意见》(省政〔2017〕3号),提出如下意见。\n一、减少审批\n"
    assert head(text).doc_number is None


def test_title_run_into_the_opening_sentence():
    text = "推进新型工业化实施方案为贯彻落实上级部署，根据新型工业化行动方案(2023-2027年)，制定本方案。一、目标"
    h = head(text)
    assert h.title == "推进新型工业化实施方案"
    assert h.period == (2023, 2027)


def test_doc_number_normalised():
    assert normalise_doc_number("国 办 发", "2023", "05") == "国办发〔2023〕5号"


@pytest.mark.parametrize(
    ("head_lines", "title"),
    [
        (  # the opening of the matter on the first line
            "关于深化《江川市河道管理条例》\n实施推进河长制落地的工作方案\n",
            "关于深化《江川市河道管理条例》实施推进河长制落地的工作方案",
        ),
        (  # the issuers on the first line, as printed (spaces between them kept)
            "江川市水利局 江川市财政局\n关于做好 2024年小型水库维修养护工作的通知\n",
            "江川市水利局 江川市财政局关于做好 2024年小型水库维修养护工作的通知",
        ),
        ("# 江川市人民政府关于加强河道管理的实施意见\n", "江川市人民政府关于加强河道管理的实施意见"),  # Markdown copy
        ("## 江川市河道管理工作方案\n", "江川市河道管理工作方案"),
    ],
)
def test_title_over_two_lines_or_under_a_heading_mark(head_lines, title):
    text = f"首页 > 政策文件\n{head_lines}发布时间：2024-03-01\n为加强河道管理，制定本方案。\n一、工作目标\n"
    assert head(text).title == title


@pytest.mark.parametrize(
    "above",
    [
        "各乡镇人民政府，县直各单位：",  # addressees
        "关于印发的说明。",  # a sentence
        "江川市人民政府\n2024年3月1日",  # a dated signature
    ],
)
def test_a_line_that_is_not_half_a_title_stays_apart(above):
    text = f"{above}\n江川市河道管理工作方案\n为加强河道管理，制定本方案。\n一、工作目标\n"
    assert head(text).title == "江川市河道管理工作方案"


def test_issuers_printed_two_to_a_line_without_a_space():
    text = (
        "现将《宜宾市节水行动方案》印发给你们。\n"
        "宜宾市水利局宜宾市发展和改革委员会\n"
        "宜宾市住房和城乡建设局 宜宾市人民政府办公室\n"
        "国家税务总局宜宾市税务局\n"
        "2024年5月6日\n"
        "宜宾市节水行动方案\n"
        "一、目标\n"
    )
    assert head(text).issuers == [
        "宜宾市水利局",
        "宜宾市发展和改革委员会",
        "宜宾市住房和城乡建设局",
        "宜宾市人民政府办公室",
        "国家税务总局宜宾市税务局",  # one bureau: its name does not open with a place
    ]


@pytest.mark.parametrize(
    "under_title",
    ["（2021年3月5日）", "(2021年3月5日)", "（2021年3月5日市政府第12次常务会议审议通过）"],
)
def test_a_date_in_brackets_under_the_title(under_title):
    text = f"宜宾市科技创新工作方案\n{under_title}\n为推动创新，制定本方案。\n一、目标\n"
    assert head(text).date == "2021-03-05"


def test_portal_metadata_fills_what_the_document_head_does_not_say():
    text = (
        "索引号：11510000MB1234567X/2021-00012\n【发布机构】宜宾市人民政府办公室\n成文日期：2021-03-05\n"
        "发布日期：2021-03-09\n文号：宜府办发〔2021〕5号\n宜宾市科技创新工作方案\n一、目标\n"
    )
    h = head(text)
    assert (h.doc_number, h.issuers, h.date) == ("宜府办发〔2021〕5号", ["宜宾市人民政府办公室"], "2021-03-05")


def test_front_matter_block_is_metadata_and_the_signature_wins_over_it():
    front = "---\n标题: 宜宾市科技创新工作方案\n文号: 宜府办发〔2021〕5号\n发布单位: 宜宾市人民政府办公室\n发布日期: 2021-03-09\n---\n"
    h = head(front + "宜宾市科技创新工作方案\n一、目标\n（一）建设平台。\n")
    assert (h.title, h.doc_number, h.issuers, h.date) == (
        "宜宾市科技创新工作方案",
        "宜府办发〔2021〕5号",
        ["宜宾市人民政府办公室"],
        "2021-03-09",
    )
    signed = head(front + "宜宾市人民政府办公室\n2021年3月5日\n宜宾市科技创新工作方案\n一、目标\n")
    assert signed.date == "2021-03-05"


@pytest.mark.parametrize(
    ("printed", "iso"),
    [("二〇二四年三月十八日", "2024-03-18"), ("二○二三年十二月一日", "2023-12-01"), ("2024年3月8日", "2024-03-08")],
)
def test_a_signature_date_in_chinese_numerals(printed, iso):
    text = f"现将方案印发给你们。\n宜宾市人民政府办公室\n{printed}\n宜宾市科技创新工作方案\n一、目标\n"
    assert head(text).date == iso
