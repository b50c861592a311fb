"""End to end on invented documents: what a careful reader would annotate (eval/GOLD_SCHEMA.md).

Every document under ``documents/`` is invented (names, numbers and sentences);
real place names are used only so that jurisdictions resolve. Each one shows
forms the seeds do not: other provinces and levels (县, 省厅, 区), other
numbering and responsibility grammars, task tables in three formats, and noise.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from support.invented import DOCS, TARGET_CASE, build_docx_with, contract, key_of, run, target_fields, task

from fengong.errors import FengongError
from fengong.loaders.contract import to_contract
from fengong.loaders.pipeline import extract_bytes, extract_path

TABLE_FORMATS = ["keqiao_task_table.txt", "keqiao_task_table.docx", "keqiao_task_table.html"]


def _table_docx() -> bytes:
    """The .txt task table as a real Word table (python-docx), title as a paragraph above it."""
    lines = (DOCS / "keqiao_task_table.txt").read_text(encoding="utf-8").splitlines()
    document = docx.Document()
    document.add_paragraph(lines[0])
    rows = [line.split("\t") for line in lines[1:]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


build_docx_with("keqiao_task_table.docx", _table_docx)


def mentions(name: str, key: str, role: str | None = None) -> list[str]:
    return [a["mention"] for a in task(name, key)["assignments"] if role is None or a["role"] == role]


def unit_of(name: str, mention: str) -> dict[str, Any]:
    """The resolved unit of the first assignment whose mention is ``mention``."""
    c = contract(name)
    for t in c["tasks"]:
        for a in t["assignments"]:
            if a["mention"] == mention:
                return next(u for u in c["units"] if u["id"] == a["unit"])
    raise AssertionError(f"{mention} is named by no task of {name}")


def mechanism(name: str, concept_name: str) -> dict[str, Any]:
    found = [m for m in contract(name)["mechanisms"] if m["name"] == concept_name]
    assert found, f"no mechanism {concept_name} in {name}: {[m['name'] for m in contract(name)['mechanisms']]}"
    return found[0]


# --------------------------------------------------------------------------- plan metadata

PLAN_FIELDS = [
    ("anji_county_plan.txt", "title", "安吉县科技创新驱动高质量发展三年行动计划（2024—2026年）"),
    ("anji_county_plan.txt", "doc_number", "安政办发〔2024〕7号"),
    ("anji_county_plan.txt", "issuers", ["安吉县人民政府办公室"]),
    ("anji_county_plan.txt", "date", "2024-03-18"),
    ("anji_county_plan.txt", "period", [2024, 2026]),
    ("anji_county_plan.txt", "jurisdiction", "湖州市安吉县"),
    ("anji_county_plan.txt", "lead_rule", "explicit"),
    ("hunan_province_dept.txt", "title", "2025年全省科技创新工作要点"),
    ("hunan_province_dept.txt", "doc_number", "湘科发〔2025〕4号"),
    ("hunan_province_dept.txt", "issuers", ["湖南省科学技术厅"]),
    ("hunan_province_dept.txt", "date", "2025-02-20"),
    ("hunan_province_dept.txt", "period", [2025, 2025]),
    ("hunan_province_dept.txt", "jurisdiction", "湖南省"),
    ("ganzhou_semicolon_rule.txt", "title", "赣州市加快科技成果转移转化若干措施"),
    ("ganzhou_semicolon_rule.txt", "doc_number", "赣市府办发〔2023〕21号"),
    ("ganzhou_semicolon_rule.txt", "issuers", ["赣州市人民政府办公室"]),
    ("ganzhou_semicolon_rule.txt", "date", "2023-09-04"),
    ("ganzhou_semicolon_rule.txt", "period", [2023, 2025]),
    ("ganzhou_semicolon_rule.txt", "jurisdiction", "赣州市"),
    ("ganzhou_semicolon_rule.txt", "lead_rule", "explicit"),
    ("yibin_first_listed.txt", "title", "宜宾市科技创新三年行动方案（2023-2025年）"),
    ("yibin_first_listed.txt", "doc_number", None),
    ("yibin_first_listed.txt", "date", None),
    ("yibin_first_listed.txt", "period", [2023, 2025]),
    ("yibin_first_listed.txt", "jurisdiction", "宜宾市"),
    ("yibin_first_listed.txt", "lead_rule", "explicit"),
    ("huzhou_shared_noise.txt", "title", "湖州市科技企业孵化器提升行动方案（2022-2024年）"),
    ("huzhou_shared_noise.txt", "period", [2022, 2024]),
    ("huzhou_shared_noise.txt", "jurisdiction", "湖州市"),
    ("huzhou_shared_noise.txt", "lead_rule", "first_listed"),
    ("nankang_missing_numbers.txt", "title", "赣州市南康区2024年科技工作要点"),
    ("nankang_missing_numbers.txt", "period", [2024, 2024]),
    ("nankang_missing_numbers.txt", "jurisdiction", "赣州市南康区"),
    ("nankang_missing_numbers.txt", "lead_rule", "first_listed"),
    ("no_structure.txt", "lead_rule", "none"),
    *[(name, "lead_rule", "explicit") for name in TABLE_FORMATS],
    ("keqiao_task_table.html", "date", "2024-03-01"),
    *[
        pytest.param(name, field, value)
        for name in TABLE_FORMATS
        for field, value in (
            ("title", "柯桥区2024年科技创新重点工作任务分工表"),
            ("jurisdiction", "绍兴市柯桥区"),
        )
    ],
    *[pytest.param(name, "period", [2024, 2024]) for name in TABLE_FORMATS[:2]],
    ("keqiao_task_table.html", "period", [2024, 2024]),
]


@pytest.mark.parametrize(("name", "field", "expected"), PLAN_FIELDS)
def test_plan_metadata(name: str, field: str, expected: object) -> None:
    assert contract(name)["plan"][field] == expected


# --------------------------------------------------------------------------- tasks and assignments

TASKS = [
    # (document, key, title, leads, supports) — leads/supports only where the document marks them
    ("anji_county_plan.txt", "二/(一)/1", "实施高新技术企业倍增计划", ["县科技局"], ["县财政局", "县税务局"]),
    ("anji_county_plan.txt", "二/(一)/2", "推行“揭榜挂帅”攻关机制", ["县科技局"], ["县经信局", "县农业农村局"]),
    (
        "anji_county_plan.txt",
        "二/(二)/1",
        "打造竹产业创新服务综合体",
        ["县经信局"],
        ["县科技局", "县市场监管局", "天荒坪镇人民政府"],
    ),
    ("anji_county_plan.txt", "二/(二)/2", "完善科技特派员制度", ["县科技局", "县农业农村局"], ["各乡镇人民政府"]),
    ("anji_county_plan.txt", "三/(一)", "加强组织领导", ["县科技局"], ["县委办", "县政府办"]),
    ("anji_county_plan.txt", "三/(二)", "加大财政投入", ["县财政局"], []),
    ("hunan_province_dept.txt", "一/1", "组织实施重大科技专项", ["高新处", "社发处"], ["各市州科技局"]),
    pytest.param("hunan_province_dept.txt", "一/2", "深化科研经费管理改革", ["资配处"], ["厅直属各单位"]),
    pytest.param(
        "hunan_province_dept.txt",
        "一/3/(1)",
        "支持长株潭自主创新示范区建设一批新型研发机构，新增6家以上",
        ["区域创新处"],
        ["省发展改革委", "省工业和信息化厅"],
    ),
    (
        "hunan_province_dept.txt",
        "一/3/(2)",
        "推动湘南湘西承接产业转移示范区建设技术转移中心",
        ["区域创新处"],
        ["省发展改革委", "省工业和信息化厅"],
    ),
    ("hunan_province_dept.txt", "二/1", "扩大科技创新券使用范围", ["企业创新处"], ["省财政厅"]),
    *[
        ("hunan_province_dept.txt", f"二/2/{c}", title, ["监督处"], ["各市州科技局"])
        for c, title in (("①", "建立科研失信行为记录"), ("②", "开展科研诚信专项检查"), ("③", "完善科技伦理审查机制"))
    ],
    ("ganzhou_semicolon_rule.txt", "一/(一)", "建设技术转移机构", ["市科技局"], ["市教育局", "市发改委"]),
    ("ganzhou_semicolon_rule.txt", "一/(二)", "壮大技术经纪人队伍", ["市科技局", "市人社局"], ["各县（市、区）政府"]),
    *[
        (
            "ganzhou_semicolon_rule.txt",
            f"二/(一)/{n}",
            title,
            ["市金融办"],
            ["市财政局", "人行赣州市中心支行", "市发展改革委"],
        )
        for n, title in (
            ("1", "设立成果转化引导基金，首期规模5亿元"),
            ("2", "推广“科技贷”产品，贷款余额年均增长20%"),
            ("3", "开展知识产权质押融资，年度融资额不低于8亿元"),
        )
    ],
    (
        "ganzhou_semicolon_rule.txt",
        "二/(二)",
        "优化中试用地保障",
        ["市自然资源和规划局"],
        ["市城市管理和综合执法局", "各县（市、区）政府"],
    ),
    ("ganzhou_semicolon_rule.txt", "三/(一)", "落实激励政策", ["市科技局"], ["各有关部门"]),
    ("yibin_first_listed.txt", "二/1", "实施创新主体倍增行动", ["市科技局"], ["市经济和信息化局", "市财政局"]),
    # prose 由A牵头，B、C配合
    ("yibin_first_listed.txt", "二/2", "建设三江新区科创走廊", ["三江新区管委会"], ["市科技局", "市自然资源和规划局"]),
    ("yibin_first_listed.txt", "二/3", "深化科技人才评价改革", ["市人社局"], ["市科技局", "市科技领导小组成员单位"]),
    ("yibin_first_listed.txt", "二/4", "营造全社会创新氛围", ["市科协"], ["各区县人民政府", "各有关部门"]),
    ("yibin_first_listed.txt", "三/(一)", "强化资金保障", ["市财政局"], ["市科技局"]),
    *[
        (name, key, title, leads, supports)
        for name in TABLE_FORMATS
        for key, title, leads, supports in (
            ("1", "新增省级科技型中小企业300家以上", ["区科技局"], ["区经信局", "各镇街"]),
            ("2", "组织实施区级重大科技专项10项", ["区科技局"], ["区财政局"]),
            ("3", "推进纺织印染产业创新服务综合体建设", ["区经信局"], ["区科技局", "区市场监管局"]),
            ("4", "发放科技创新券1000万元", ["区科技局"], ["区财政局"]),
        )
    ],
]


@pytest.mark.parametrize(("name", "key", "title", "leads", "supports"), TASKS)
def test_task_title_and_roles(name: str, key: str, title: str, leads: list[str], supports: list[str]) -> None:
    t = task(name, key)
    assert (t["title"], mentions(name, key, "lead"), mentions(name, key, "support")) == (title, leads, supports)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("anji_county_plan.txt", ["二/(一)/1", "二/(一)/2", "二/(二)/1", "二/(二)/2", "三/(一)", "三/(二)"]),
        (
            "ganzhou_semicolon_rule.txt",
            ["一/(一)", "一/(二)", "二/(一)/1", "二/(一)/2", "二/(一)/3", "二/(二)", "三/(一)"],
        ),
        ("yibin_first_listed.txt", ["二/1", "二/2", "二/3", "二/4", "三/(一)"]),
        # a section with no title (一、 alone) and unnumbered lead-sentence paragraphs (二/a, 二/b)
        ("nankang_missing_numbers.txt", ["一/(一)", "一/(二)", "二/a", "二/b"]),
        # an item that lost its number between (二) and (四); full-width １．/２． under 保障措施
        pytest.param("shaoxing_missing_item.txt", ["一/(一)", "一/(二)", "一/(三)", "一/(四)", "二/1", "二/2"]),
        pytest.param("huzhou_shared_noise.txt", ["二/(一)", "二/(二)", "二/(三)", "三/(一)"]),  # 保障措施 items too
        *[(name, ["1", "2", "3", "4"]) for name in TABLE_FORMATS],  # rows keyed by their 序号
    ],
)
def test_task_keys(name: str, keys: list[str]) -> None:
    assert [t["key"] for t in contract(name)["tasks"]] == keys


def test_item_without_number_between_two_and_four_is_three() -> None:
    assert task("shaoxing_missing_item.txt", "一/(三)")["title"] == "建设工业互联网平台"
    assert mentions("shaoxing_missing_item.txt", "一/(三)") == ["市科技局", "市经信局"]
    assert mentions("shaoxing_missing_item.txt", "一/(二)") == ["市数据局"]


def test_hunan_bracket_with_lead_and_responsible_labels_names_all_units() -> None:
    """[牵头单位:A、B;责任单位:C] in half-width punctuation: all three named, in order (C supports the leads)."""
    assert mentions("hunan_province_dept.txt", "一/1") == ["高新处", "社发处", "各市州科技局"]


def test_ganzhou_clause_after_sub_items_covers_each_and_keeps_etc() -> None:
    for n in "123":
        etc = [a["etc"] for a in task("ganzhou_semicolon_rule.txt", f"二/(一)/{n}")["assignments"]]
        assert etc == [False, False, False, True]


def test_nankang_first_listed_units_have_no_roles() -> None:
    assert mentions("nankang_missing_numbers.txt", "一/(一)", "responsible") == ["区科技局", "区家具产业发展服务局"]
    assert task("nankang_missing_numbers.txt", "二/a")["title"] == "推动家具产业研究院扩容"
    assert mentions("nankang_missing_numbers.txt", "二/b") == ["区教育科技体育局"]


def test_huzhou_first_task_names_only_its_own_units() -> None:
    assert mentions("huzhou_shared_noise.txt", "二/(一)") == ["市科技局", "市人力社保局"]


def test_guarantee_measures_are_typed_as_guarantees() -> None:
    assert task("anji_county_plan.txt", "三/(一)")["kind"] == "guarantee"


# --------------------------------------------------------------------------- units and entity resolution


def test_same_words_in_two_cities_are_two_units() -> None:
    ganzhou, yibin = unit_of("ganzhou_semicolon_rule.txt", "市财政局"), unit_of("yibin_first_listed.txt", "市财政局")
    assert (ganzhou["name"], yibin["name"]) == ("赣州市财政局", "宜宾市财政局")
    assert ganzhou["id"] != yibin["id"]


def test_two_short_forms_of_one_department_are_one_unit() -> None:
    a, b = unit_of("ganzhou_semicolon_rule.txt", "市发改委"), unit_of("ganzhou_semicolon_rule.txt", "市发展改革委")
    assert a["id"] == b["id"]
    assert a["name"] == "赣州市发展和改革委员会"


@pytest.mark.parametrize(
    ("name", "mention", "canonical", "collective"),
    [
        ("anji_county_plan.txt", "县科技局", "安吉县科学技术局", False),
        ("anji_county_plan.txt", "县经信局", "安吉县经济和信息化局", False),
        ("hunan_province_dept.txt", "高新处", "湖南省科学技术厅高新处", False),
        pytest.param("hunan_province_dept.txt", "区域创新处", "湖南省科学技术厅区域创新处", False),
        ("ganzhou_semicolon_rule.txt", "人行赣州市中心支行", "中国人民银行赣州市中心支行", False),
        ("ganzhou_semicolon_rule.txt", "市自然资源和规划局", "赣州市自然资源和规划局", False),
        ("ganzhou_semicolon_rule.txt", "各有关部门", "赣州市各有关部门", True),
        ("yibin_first_listed.txt", "市科技领导小组成员单位", "宜宾市科技领导小组成员单位", True),
        ("nankang_missing_numbers.txt", "区科技局", "南康区科学技术局", False),
        *[pytest.param(name, "区科技局", "柯桥区科学技术局", False) for name in TABLE_FORMATS],
    ],
)
def test_unit_resolution(name: str, mention: str, canonical: str, collective: bool) -> None:
    unit = unit_of(name, mention)
    assert (unit["name"], unit["collective"]) == (canonical, collective)


def test_catch_all_of_counties_is_collective_and_keeps_its_brackets() -> None:
    unit = unit_of("ganzhou_semicolon_rule.txt", "各县（市、区）政府")
    assert unit["collective"] is True
    assert unit["jurisdiction"] == "赣州市"


# --------------------------------------------------------------------------- targets

TARGETS = [
    # (document, snippet of text, value, value_max, unit, comparator, deadline, task key or None)
    ("anji_county_plan.txt", "研发经费投入强度达到3.6%", 3.6, None, "%", ">=", 2026, None),
    ("anji_county_plan.txt", "260家以上", 260, None, "家", ">=", 2026, None),
    ("anji_county_plan.txt", "年均增长12%", 12, None, "%", "=", 2026, None),
    ("anji_county_plan.txt", "突破15亿元", 15, None, "亿元", ">", 2026, None),
    ("anji_county_plan.txt", "8—10个", 8, 10, "个", "range", 2026, None),
    ("anji_county_plan.txt", "不少于80家", 80, None, "家/年", ">=", 2026, "二/(一)/1"),
    ("anji_county_plan.txt", "5项左右", 5, None, "项/年", "~", 2026, "二/(一)/2"),
    ("anji_county_plan.txt", "不超过300万元", 300, None, "万元", "<=", 2026, "二/(一)/2"),
    pytest.param("anji_county_plan.txt", "1200家次以上", 1200, None, "家次", ">=", 2025, "二/(二)/1"),
    ("anji_county_plan.txt", "年均增长15%以上", 15, None, "%", ">=", 2026, "三/(二)"),
    ("hunan_province_dept.txt", "15项左右", 15, None, "项", "~", 2025, "一/1"),
    ("hunan_province_dept.txt", "不低于1.2亿元", 1.2, None, "亿元", ">=", 2025, "二/1"),
    ("hunan_province_dept.txt", "新增6家以上", 6, None, "家", ">=", 2025, "一/3/(1)"),
    ("ganzhou_semicolon_rule.txt", "示范机构12家", 12, None, "家", "=", 2025, "一/(一)"),
    ("ganzhou_semicolon_rule.txt", "一百二十亿元", 120, None, "亿元", ">=", 2025, "一/(一)"),
    ("ganzhou_semicolon_rule.txt", "200人次左右", 200, None, "人次/年", "~", 2025, "一/(二)"),
    ("ganzhou_semicolon_rule.txt", "不低于8亿元", 8, None, "亿元", ">=", 2025, "二/(一)/3"),
    pytest.param("ganzhou_semicolon_rule.txt", "15个工作日以内", 15, None, "个工作日", "<=", 2025, "二/(二)"),
    *[
        pytest.param("yibin_first_listed.txt", snippet, value, None, unit, comparator, 2025, None)
        for snippet, value, unit, comparator in (
            ("突破500家", 500, "家", ">"),
            ("2.2%左右", 2.2, "%", "~"),
            ("不低于35%", 35, "%", ">="),
        )
    ],
    ("yibin_first_listed.txt", "10家以上", 10, None, "家", ">=", 2025, "二/2"),
    ("huzhou_shared_noise.txt", "达到45家", 45, None, "家", ">=", 2024, None),
    ("huzhou_shared_noise.txt", "8家左右", 8, None, "家", "~", 2024, None),
    ("huzhou_shared_noise.txt", "1500家以上", 1500, None, "家", ">=", 2024, None),
    pytest.param("huzhou_shared_noise.txt", "30万平方米", 30, None, "万平方米", "=", 2024, "二/(二)"),
    ("nankang_missing_numbers.txt", "5项以上", 5, None, "项", ">=", 2024, "一/(一)"),
    ("nankang_missing_numbers.txt", "共建实验室2个", 2, None, "个", "=", 2024, "二/b"),
    *[pytest.param(name, "300家以上", 300, None, "家", ">=", 2024, "1") for name in TABLE_FORMATS],
]


@pytest.mark.parametrize(TARGET_CASE, TARGETS)
def test_target(name, snippet, value, value_max, unit, comparator, deadline, key) -> None:
    assert target_fields(name, snippet) == (value, value_max, unit, comparator, deadline, key)


# --------------------------------------------------------------------------- mechanisms and citations

MECHANISMS = [
    ("anji_county_plan.txt", "揭榜制", "二/(一)/2"),
    ("hunan_province_dept.txt", "赛马制", "一/1"),
    ("hunan_province_dept.txt", "包干制", "一/2"),
    ("ganzhou_semicolon_rule.txt", "科创贷", "二/(一)/2"),
    ("ganzhou_semicolon_rule.txt", "知识产权质押融资", "二/(一)/3"),
    ("yibin_first_listed.txt", "包干制", "二/3"),
    pytest.param("huzhou_shared_noise.txt", "赛马制", "二/(三)"),
]


@pytest.mark.parametrize(("name", "concept_name", "key"), MECHANISMS)
def test_mechanism_found_in_its_task(name: str, concept_name: str, key: str) -> None:
    found = mechanism(name, concept_name)
    assert key in [key_of(name, t) for t in found["tasks"]]


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("anji_county_plan.txt", "科技特派员"),
        ("hunan_province_dept.txt", "创新券"),
        *[(name, "创新券") for name in TABLE_FORMATS],
    ],
)
def test_mechanism_surface_seen(name: str, pattern: str) -> None:
    surfaces = [s for m in contract(name)["mechanisms"] for s in m["surface"]]
    assert any(pattern in s for s in surfaces)


@pytest.mark.parametrize(
    ("name", "concept_name", "surface"),
    [
        pytest.param("anji_county_plan.txt", "揭榜制", "揭榜挂帅"),
        pytest.param(
            "hunan_province_dept.txt",
            "包干制",
            "经费“包干制”",  # the scheme's alternative label 经费包干制, as printed; the verb 扩大 stays out
        ),
        ("hunan_province_dept.txt", "赛马制", "赛马制"),
    ],
)
def test_mechanism_surface_is_the_term_as_printed(name: str, concept_name: str, surface: str) -> None:
    assert mechanism(name, concept_name)["surface"] == [surface]


def test_a_numbered_items_first_sentence_keeps_its_slogan_but_not_its_goal_phrases() -> None:
    """An item's first sentence doubles as its heading: a phrase found by pattern there states a goal
    (完善供水应急调度机制), while a slogan put into practice there is a working method the plan adopts."""
    text = (
        "青禾县城乡供水保障工作方案\n一、重点任务\n"
        "1.对农村供水站推行一站一档、定期巡检，完善供水应急调度机制。（县水利局牵头，各乡镇配合）\n"
        "2.加强水质检测。（县卫健局牵头）\n"
    )
    x, _ = extract_bytes(text.encode(), "plan.txt")
    names = [m.name for m in x.mechanisms]
    assert names == ["一站一档、定期巡检"]
    assert x.mechanisms[0].task == x.tasks[0].id


@pytest.mark.parametrize(
    ("name", "citations"),
    [
        # the plan's own title in the notice (《…》已经县政府同意) is not a citation
        (
            "anji_county_plan.txt",
            [("浙江省科技创新发展“十四五”规划", "浙政发〔2021〕18号"), ("湖州市推进科技强市建设实施意见", None)],
        ),
        ("hunan_province_dept.txt", []),
        ("ganzhou_semicolon_rule.txt", [("国务院办公厅关于完善科技成果评价机制的指导意见", "国办发〔2021〕26号")]),
    ],
)
def test_citations(name: str, citations: list[tuple[str, str | None]]) -> None:
    assert [(c["title"], c["doc_number"]) for c in contract(name)["citations"]] == citations


# --------------------------------------------------------------------------- persons


def test_lead_leader_lines_name_persons_of_the_issuer() -> None:
    persons = {p["name"]: p for p in contract("hunan_province_dept.txt")["persons"]}
    assert sorted(persons) == ["贺明远", "龙晓岚"]
    assert persons["贺明远"]["unit_name"] == "湖南省科学技术厅"


def test_lead_leader_lines_keep_the_role() -> None:
    persons = {p["name"]: p for p in contract("hunan_province_dept.txt")["persons"]}
    assert persons["贺明远"]["group_role"] == "牵头负责领导"


# --------------------------------------------------------------------------- noise and cleaning


def test_sharing_site_banner_and_page_markers_are_removed() -> None:
    _, text = run("huzhou_shared_noise.txt")
    assert "由会员分享" not in text
    assert "二、主要任务" in text and "功能完善" in text
    assert "(一)提升孵化服务能力" in text  # OCR (-) repaired


def test_two_page_sharing_document_is_rejoined() -> None:
    data = (
        "《某市科技方案.doc》由会员分享，可在线阅读，更多相关《某市科技方案.doc(3页珍藏版)》请在某某文库上搜索。\n"
        "1、湖州市科技企业孵化器提升行动方案为加快孵化体系建设，制定本方案。一、总体目标到2024年孵化器达到45家。二、主\n"
        "2、要任务(一)提升孵化服务能力。建设共享实验室20个。（责任单位：市科技局）\n"
    ).encode()
    _, text = extract_bytes(data, "two_pages.txt")
    assert "二、主要任务" in text


def test_html_boilerplate_is_removed() -> None:
    _, text = run("keqiao_task_table.html")
    assert not any(word in text for word in ("机构概况", "办事服务", "联系电话", "版权所有"))


def test_html_login_and_share_boilerplate_is_removed() -> None:
    _, text = run("keqiao_task_table.html")
    assert not any(word in text for word in ("登录", "无障碍", "分享到", "当前位置"))


def test_document_without_structure_warns_instead_of_failing() -> None:
    c = contract("no_structure.txt")
    assert c["tasks"] == []
    assert any("no tasks" in w for w in c["warnings"])


# --------------------------------------------------------------------------- bad input and determinism


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("empty.txt", b""),
        ("blank.txt", "  \n\u3000\n".encode()),
        ("binary.txt", bytes(range(256)) * 16),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        ("truncated.docx", _table_docx()[:1500]),
        ("not_a_docx.docx", "一、任务（牵头单位：市科技局）".encode()),
    ],
)
def test_bad_input_raises_fengong_error(tmp_path: Path, filename: str, data: bytes) -> None:
    path = tmp_path / filename
    path.write_bytes(data)
    with pytest.raises(FengongError):
        extract_path(path)


def test_missing_file_raises_fengong_error(tmp_path: Path) -> None:
    with pytest.raises(FengongError):
        extract_path(tmp_path / "nowhere.txt")


@pytest.mark.parametrize("name", sorted(p.name for p in DOCS.iterdir()))
def test_same_file_twice_gives_identical_json(name: str) -> None:
    first, second = (json.dumps(to_contract(extract_path(DOCS / name)[0]), ensure_ascii=False) for _ in range(2))
    assert first == second


def test_docx_and_txt_tables_give_the_same_assignments() -> None:
    def rows(name: str) -> list[tuple[str, list[tuple[str, str]]]]:
        return [(t["title"], [(a["mention"], a["role"]) for a in t["assignments"]]) for t in contract(name)["tasks"]]

    assert rows("keqiao_task_table.docx") == rows("keqiao_task_table.txt") == rows("keqiao_task_table.html")


def test_a_heading_states_a_goal_not_an_instrument(tmp_path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "青禾市园区提升方案\n一、重点任务\n（一）完善园区运营评价机制。推行“揭榜挂帅”，建立园区亩均效益评价机制。\n",
        encoding="utf-8",
    )
    extraction, _ = extract_path(path)
    surfaces = [m.surface for m in extraction.mechanisms]
    assert "揭榜挂帅" in surfaces
    assert any("亩均效益评价机制" in s for s in surfaces)
    assert not any("运营评价机制" in s for s in surfaces)


def test_issuers_keep_the_name_they_are_printed_with_and_resolve_to_their_unit() -> None:
    text = (
        "宜宾市规划和自然资源局\n2024年5月6日\n宜宾市国土空间整治方案\n一、重点任务\n"
        "（一）开展全域整治。（牵头单位：市自然资源和规划局）\n"
    )
    x, _ = extract_bytes(text.encode(), "plan.txt")
    assert x.plan.issuers == ["宜宾市规划和自然资源局"]  # as printed, though the alias table names it otherwise
    (unit_id,) = x.plan.issuer_units
    issuer = next(u for u in x.units if u.id == unit_id)
    assert issuer.id == x.tasks[0].assignments[0].unit.id  # the same bureau the task names
