"""The document head: title, 文号, issuers, date, period."""

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


def test_n_year_plan_counts_from_its_date():
    text = "中共江川市委全面深化改革委员会\n2022年9月1日\n营商环境提升三年攻坚行动方案\n为优化营商环境，制定本方案。\n一、目标\n"
    assert head(text).period == (2022, 2024)


def test_title_run_into_the_opening_sentence():
    text = "推进新型工业化实施方案为贯彻落实上级部署，根据新型工业化行动方案(2023-2027年)，制定本方案。一、目标"
    h = head(text)
    assert h.title == "推进新型工业化实施方案"
    assert h.period == (2023, 2027)


def test_doc_number_normalised():
    assert normalise_doc_number("国 办 发", "2023", "05") == "国办发〔2023〕5号"
