"""File exports of the corpus graph read back by the tools that consume them, and the 任务分工表 layout."""

import csv
import io
import json

import networkx as nx
import pytest
import rdflib
from openpyxl import load_workbook
from pyld import jsonld
from support.rdfcheck import same_graph

from fengong.errors import FengongError
from fengong.graph import rdf
from fengong.graph.export import FORMATS, export
from fengong.graph.export.workbook import CONTENTS, MAX_SHEET_NAME, PLAN_COLUMNS, SheetNames
from fengong.graph.snapshot import Snapshot

TASK = rdf.FG + "Task"


@pytest.fixture(scope="module")
def graph(corpus_snapshot):
    return rdf.to_rdf(corpus_snapshot)


def node_and_edge_counts(corpus_snapshot):
    return sum(map(len, corpus_snapshot.nodes.values())), sum(map(len, corpus_snapshot.rels.values()))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD parser uses ConjunctiveGraph
@pytest.mark.parametrize(("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_round_trip(corpus_snapshot, graph, fmt, parser):
    parsed = rdflib.Graph().parse(data=export(corpus_snapshot, fmt), format=parser)
    assert len(parsed) == len(graph)
    assert same_graph(parsed, graph)


def test_jsonld_expands_offline_with_the_embedded_context(corpus_snapshot, extractions):
    doc = json.loads(export(corpus_snapshot, "jsonld"))
    assert isinstance(doc["@context"], dict)

    def no_network(url, options=None):
        raise AssertionError(f"tried to fetch {url}")

    expanded = jsonld.expand(doc, {"documentLoader": no_network})
    tasks = [n for n in expanded if TASK in n.get("@type", [])]
    assert len(tasks) == sum(len(x.tasks) for x in extractions.values())
    title = tasks[0][rdf.FG + "title"][0]
    assert title["@language"] == "zh"


def test_node_link_json_has_every_node_and_link(corpus_snapshot):
    data = json.loads(export(corpus_snapshot, "json"))
    nodes, edges = node_and_edge_counts(corpus_snapshot)
    assert len(data["nodes"]) == nodes and len(data["links"]) == edges
    read = nx.node_link_graph(data, edges="links")
    assert read.number_of_nodes() == nodes and read.number_of_edges() == edges
    unit = next(n for n in data["nodes"] if n["label"] == "Unit")
    assert unit["name"] == corpus_snapshot.nodes["Unit"][unit["id"]]["name"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_read_back(corpus_snapshot, fmt):
    read = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}[fmt](io.BytesIO(export(corpus_snapshot, fmt)))
    nodes, edges = node_and_edge_counts(corpus_snapshot)
    assert read.number_of_nodes() == nodes and read.number_of_edges() == edges
    assignments = [d for _, _, d in read.edges(data=True) if d.get("role")]
    assert len(assignments) == len(corpus_snapshot.rels["ASSIGNED_TO"])
    task_id = next(iter(corpus_snapshot.nodes["Task"]))
    data = read.nodes[task_id]
    if fmt == "graphml":
        assert (data["label"], data["name"]) == ("Task", corpus_snapshot.nodes["Task"][task_id]["title"])
        assert {d["type"] for _, _, d in read.edges(data=True)} == {
            t for t, rows in corpus_snapshot.rels.items() if rows
        }
    else:
        assert (data["type"], data["label"]) == ("Task", corpus_snapshot.nodes["Task"][task_id]["title"])


def test_csv_is_the_task_table(corpus_snapshot, extractions):
    raw = export(corpus_snapshot, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == sum(len(x.tasks) for x in extractions.values())
    x, task = _task_with_leads(extractions)
    row = next(r for r in rows if r["任务ID"] == task.id)
    assert row["方案"] == x.plan.title and row["序号"] == task.key
    assert set(row["牵头单位"].split("、")) == {a.unit.name for a in task.assignments if a.role == "lead"}


def test_xlsx_has_a_sheet_per_plan_with_its_tasks(corpus_snapshot, extractions):
    book = load_workbook(io.BytesIO(export(corpus_snapshot, "xlsx")))
    contents = list(book[CONTENTS].iter_rows(min_row=2, values_only=True))
    plan_sheets = {name: title for name, kind, title, *_ in contents if kind == "方案"}
    assert sorted(plan_sheets.values()) == sorted(x.plan.title for x in extractions.values())
    for name in book.sheetnames:
        assert len(name) <= MAX_SHEET_NAME and not set(name) & set("[]:*?/\\")
    assert len({n.casefold() for n in book.sheetnames}) == len(book.sheetnames)
    by_title = {title: name for name, title in plan_sheets.items()}
    for x in extractions.values():
        sheet = book[by_title[x.plan.title]]
        assert [c.value for c in sheet[1]] == list(PLAN_COLUMNS)
        assert sheet["A1"].font.bold
        assert sheet.max_row - 1 == len(x.tasks)
    x, task = _task_with_leads(extractions)
    sheet = book[by_title[x.plan.title]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == task.key)
    assert set(row[2].split("、")) == {a.unit.name for a in task.assignments if a.role == "lead"}
    unit_sheet = book[next(name for name, kind, title, *_ in contents if kind == "单位" and title == "柳州市财政局")]
    finance_tasks = {
        (t.key, t.title)
        for x in extractions.values()
        for t in x.tasks
        if any(a.unit.name == "柳州市财政局" for a in t.assignments)
    }
    assert {(r[2], r[3]) for r in unit_sheet.iter_rows(min_row=2, values_only=True)} == finance_tasks


def _task_with_leads(extractions):
    return next(
        (x, t)
        for x in extractions.values()
        for t in x.tasks
        if sum(a.role == "lead" for a in t.assignments) >= 1 and len(t.assignments) > 1
    )


def test_unknown_format_is_an_error(corpus_snapshot):
    with pytest.raises(FengongError, match="unknown export format"):
        export(corpus_snapshot, "docx")
    assert set(FORMATS) == {"ttl", "nt", "jsonld", "json", "csv", "graphml", "gexf", "xlsx"}


# ---------------------------------------------------------------- layout, on a small invented snapshot

LONG_UNIT = "某某市[试点]:数字化*改革/协调?推进\\工作领导小组办公室综合协调科"


def invented() -> Snapshot:
    plan = {"id": "p-1", "title": "某某市2030年示范行动方案", "doc_number": "某办发〔2030〕1号", "period_start": 2029,
            "period_end": 2031, "superseded": False}  # fmt: skip
    tasks = {
        "t-1": {"id": "t-1", "plan": "p-1", "key": "一/1", "title": "建设示范平台", "span_start": 10},
        "t-2": {"id": "t-2", "plan": "p-1", "key": "一/2", "title": "培育示范企业", "span_start": 50},
    }
    units = {
        "u-a": {"id": "u-a", "name": "某某市甲局"},
        "u-b": {"id": "u-b", "name": "某某市乙局"},
        "u-c": {"id": "u-c", "name": LONG_UNIT},
        "u-d": {"id": "u-d", "name": LONG_UNIT[:31] + "二"},
    }
    target = {"id": "g-1", "plan": "p-1", "text": "示范企业达到12家", "deadline": 2030, "span_start": 60}

    def assign(task: str, unit: str, role: str, position: int) -> dict:
        return {"source": task, "target": unit, "role": role, "position": position}

    return Snapshot(
        {"Plan": {"p-1": plan}, "Task": tasks, "Unit": units, "Target": {"g-1": target}},
        {
            "ASSIGNED_TO": [
                assign("t-2", "u-b", "support", 1),
                assign("t-2", "u-a", "lead", 0),
                assign("t-2", "u-c", "support", 2),
                assign("t-1", "u-a", "responsible", 0),
                assign("t-1", "u-d", "responsible", 1),
            ],
            "SETS_TARGET": [{"source": "t-2", "target": "g-1"}],
        },
    )


def test_csv_layout_on_invented_plan():
    rows = list(csv.reader(io.StringIO(export(invented(), "csv").decode("utf-8-sig"))))
    assert rows == [
        ["方案", "序号", "任务", "牵头单位", "配合单位", "责任单位", "目标", "完成时限", "任务ID"],
        [
            "某某市2030年示范行动方案",
            "一/1",
            "建设示范平台",
            "",
            "",
            f"某某市甲局、{LONG_UNIT[:31]}二",
            "",
            "2031",
            "t-1",
        ],
        [
            "某某市2030年示范行动方案",
            "一/2",
            "培育示范企业",
            "某某市甲局",
            f"某某市乙局、{LONG_UNIT}",
            "",
            "示范企业达到12家",
            "2030",
            "t-2",
        ],
    ]


def test_xlsx_layout_on_invented_plan():
    book = load_workbook(io.BytesIO(export(invented(), "xlsx")))
    assert book.sheetnames[:2] == [CONTENTS, "某某市2030年示范行动方案"]
    plan = book["某某市2030年示范行动方案"]
    assert [list(r) for r in plan.iter_rows(values_only=True)] == [
        list(PLAN_COLUMNS),
        ["一/1", "建设示范平台", None, None, f"某某市甲局、{LONG_UNIT[:31]}二", None, "2031"],
        ["一/2", "培育示范企业", "某某市甲局", f"某某市乙局、{LONG_UNIT}", None, "示范企业达到12家", "2030"],
    ]
    assert plan.freeze_panes == "A2" and plan.column_dimensions["B"].width >= 30
    duties = book["某某市甲局"]
    assert [r[:4] for r in duties.iter_rows(min_row=2, values_only=True)] == [
        ("牵头", "某某市2030年示范行动方案", "一/2", "培育示范企业"),
        ("责任", "某某市2030年示范行动方案", "一/1", "建设示范平台"),
    ]
    long_names = [n for n in book.sheetnames if n.startswith("某某市_试点_")]
    assert len(long_names) == 2 and all(len(n) == MAX_SHEET_NAME for n in long_names)
    contents = {r[2]: r[0] for r in book[CONTENTS].iter_rows(min_row=2, values_only=True)}
    assert contents[LONG_UNIT] != contents[LONG_UNIT[:31] + "二"]


def test_sheet_names_are_excel_safe():
    name = SheetNames(["目录"])
    assert name("目录") == "目录~2"
    assert name("a/b") == "a_b" and name("A_B") == "A_B~2"
    assert name("History") == "History~2"
    assert name("") == "Sheet"
