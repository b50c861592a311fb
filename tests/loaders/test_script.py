"""Traditional-script documents: read in simplified characters, reported as printed, spans unchanged."""

from __future__ import annotations

from fengong.loaders.pipeline import extract_bytes
from fengong.loaders.script import read_script

SIMPLIFIED = (
    "宜宾市人民政府办公室关于支持实体经济发展若干财税措施的意见\n"
    "宜府办发〔2021〕15号\n"
    "一、加大投入\n"
    "（一）设立产业发展基金。由市财政局牵头，市发展改革委配合，到2023年设立总规模50亿元的产业发展基金。\n"
    "（二）落实减税政策。由市税务局负责，全年为企业减负10亿元以上。\n"
)


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def test_a_traditional_page_is_read_as_its_simplified_twin_and_reported_as_printed() -> None:
    trad = traditional(SIMPLIFIED)
    assert "號" in trad and "億元" in trad and "牽頭" in trad
    simple, _ = extract_bytes(SIMPLIFIED.encode(), "simple.txt")
    x, text = extract_bytes(trad.encode(), "trad.txt")
    assert x.plan.title == traditional(simple.plan.title or "")
    assert x.plan.doc_number == "宜府辦發〔2021〕15號"
    assert [t.key for t in x.tasks] == [t.key for t in simple.tasks]
    assert x.tasks[0].assignments[0].mention == "市財政局"
    # one unit whichever script names it: canonical names and ids are the simplified ones
    assert [a.unit.id for t in x.tasks for a in t.assignments] == [a.unit.id for t in simple.tasks for a in t.assignments]
    assert {t.unit for t in x.targets} == {"億元"}
    for task in x.tasks:  # spans point into the text as printed
        assert task.title in text[task.provenance.start : task.provenance.end]
        assert text[task.provenance.start : task.provenance.end] in trad


def test_simplified_text_and_a_few_traditional_names_are_left_alone() -> None:
    assert not read_script(SIMPLIFIED).traditional
    quoted = SIMPLIFIED + "（参照台湾地区《產業創新條例》。）\n"
    script = read_script(quoted)
    assert not script.traditional and script.text == quoted
