"""File exports of the corpus graph read back by the tools that consume them, and the 任务分工表 layout."""

import csv
import functools
import io
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from openpyxl import load_workbook
from pyld import jsonld
from support.rdfcheck import same_graph

from fengong.errors import FengongError
from fengong.graph import rdf
from fengong.graph.export import FORMATS, export
from fengong.graph.export.network import (
    EDGE_ATTRIBUTES,
    EDGE_TYPE,
    GRAPHML_TYPE,
    NAME,
    NODE_ATTRIBUTES,
    NODE_TYPE,
    to_networkx,
)
from fengong.graph.export.workbook import CONTENTS, MAX_SHEET_NAME, PLAN_COLUMNS, SheetNames
from fengong.graph.snapshot import Snapshot
from fengong.ontology.schema import BOOL

TASK = rdf.FG + "Task"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exported(corpus_snapshot):
    """Each export of the corpus built once for the module: bytes or text, shared read-only."""
    return functools.cache(lambda fmt: export(corpus_snapshot, fmt))


@pytest.fixture(scope="module")
def graph(corpus_snapshot):
    return rdf.to_rdf(corpus_snapshot)


def node_and_edge_counts(corpus_snapshot):
    return sum(map(len, corpus_snapshot.nodes.values())), sum(map(len, corpus_snapshot.rels.values()))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD parser uses ConjunctiveGraph
@pytest.mark.parametrize(("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_round_trip(exported, graph, fmt, parser):
    parsed = rdflib.Graph().parse(data=exported(fmt), format=parser)
    assert len(parsed) == len(graph)
    assert same_graph(parsed, graph)


def test_jsonld_expands_offline_with_the_embedded_context(exported, extractions):
    doc = json.loads(exported("jsonld"))
    assert isinstance(doc["@context"], dict)

    def no_network(url, options=None):
        raise AssertionError(f"tried to fetch {url}")

    expanded = jsonld.expand(doc, {"documentLoader": no_network})
    tasks = [n for n in expanded if TASK in n.get("@type", [])]
    assert len(tasks) == sum(len(x.tasks) for x in extractions.values())
    title = tasks[0][rdf.FG + "title"][0]
    assert title["@language"] == "zh"


def test_node_link_json_has_every_node_and_link(corpus_snapshot, exported):
    data = json.loads(exported("json"))
    nodes, edges = node_and_edge_counts(corpus_snapshot)
    assert len(data["nodes"]) == nodes and len(data["links"]) == edges
    read = nx.node_link_graph(data, edges="links")
    assert read.number_of_nodes() == nodes and read.number_of_edges() == edges
    unit = next(n for n in data["nodes"] if n[NODE_TYPE] == "Unit")
    assert unit["name"] == corpus_snapshot.nodes["Unit"][unit["id"]]["name"]


_READERS = {
    "graphml": nx.read_graphml,
    "gexf": nx.read_gexf,
    "json": lambda raw: nx.node_link_graph(json.load(raw), edges="links"),
}
# What each format adds of its own: GEXF's native labels (the name, the edge type) and edge ids,
# the multigraph's edge keys (GEXF's networkx_key, node-link's key).
_FORMAT_OWN = {"label", "id", "networkx_key", "key"}


def _edges(graph, ids=lambda n: n):
    return Counter(
        (ids(a), ids(b), tuple(sorted((k, v) for k, v in d.items() if k not in _FORMAT_OWN)))
        for a, b, d in graph.edges(data=True)
    )


@pytest.mark.parametrize("fmt", list(_READERS))
def test_network_files_read_back_with_one_attribute_vocabulary(corpus_snapshot, exported, fmt):
    """networkx reads every format to the same nodes and edges with the same names, types and values."""
    expected = to_networkx(corpus_snapshot)
    read = _READERS[fmt](io.BytesIO(exported(fmt)))
    assert read.number_of_nodes() == expected.number_of_nodes()
    for node, data in expected.nodes(data=True):
        assert {k: v for k, v in read.nodes[node].items() if k not in _FORMAT_OWN} == data, node
        assert {type(v) for v in read.nodes[node].values()} <= {str, int, float, bool}
    assert _edges(read) == _edges(expected)
    task_id = next(iter(corpus_snapshot.nodes["Task"]))
    task = read.nodes[task_id]
    assert (task[NODE_TYPE], task[NAME]) == ("Task", corpus_snapshot.nodes["Task"][task_id]["title"])
    assert task["numbering"] == corpus_snapshot.nodes["Task"][task_id]["key"]
    assert {d[EDGE_TYPE] for _, _, d in read.edges(data=True)} == {t for t, rows in corpus_snapshot.rels.items() if rows}


def test_igraph_reads_the_graphml_with_the_same_attributes_and_booleans_false_where_absent(corpus_snapshot, exported, tmp_path):
    """igraph has no 'missing': it reads an absent number as NaN, an absent string as '' and an
    absent boolean as the declared default, false."""
    path = tmp_path / "graph.graphml"
    path.write_bytes(exported("graphml"))
    import igraph  # deferred, as pandas below: a second of imports every test worker would pay at collection

    read = igraph.Graph.Read_GraphML(str(path))
    expected = to_networkx(corpus_snapshot)
    booleans = {k: False for k, t in NODE_ATTRIBUTES.items() if t == BOOL}
    assert read.vcount() == expected.number_of_nodes() and read.ecount() == expected.number_of_edges()
    for vertex in read.vs:
        data = vertex.attributes()
        node = data.pop("id")
        present = {k: v for k, v in data.items() if v == v and v != ""}  # NaN != NaN
        assert present == {k: v for k, v in {**booleans, **expected.nodes[node]}.items() if v != ""}, node
    assert set(read.vs.attributes()) - {"id"} == set(NODE_ATTRIBUTES)
    edge_booleans = {k: False for k, t in EDGE_ATTRIBUTES.items() if t == BOOL}
    got = Counter(
        (read.vs[e.source]["id"], read.vs[e.target]["id"],
         tuple(sorted((k, v) for k, v in e.attributes().items() if k != "id" and v == v and v != "")))
        for e in read.es
    )
    want = Counter(
        (a, b, tuple(sorted((k, v) for k, v in {**edge_booleans, **d}.items() if v != "")))
        for a, b, d in expected.edges(data=True)
    )
    assert got == want


def test_the_attribute_vocabulary_is_written_down():
    """docs/graph-formats.md names every attribute with its type."""
    text = (REPO / "docs" / "graph-formats.md").read_text(encoding="utf-8")
    for name, kind in {**NODE_ATTRIBUTES, **EDGE_ATTRIBUTES}.items():
        assert re.search(rf"^\| `{name}` \| {GRAPHML_TYPE[kind]} \|", text, re.MULTILINE), name


def test_csv_is_the_task_table(exported, extractions):
    raw = exported("csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == sum(len(x.tasks) for x in extractions.values())
    x, task = _task_with_leads(extractions)
    row = next(r for r in rows if r["任务ID"] == task.id)
    assert row["方案"] == x.plan.title and row["序号"] == task.key
    assert set(row["牵头单位"].split("、")) == {a.unit.name for a in task.assignments if a.role == "lead"}


def test_xlsx_has_a_sheet_per_plan_with_its_tasks(exported, extractions):
    book = load_workbook(io.BytesIO(exported("xlsx")))
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
        ["方案", "序号", "任务", "牵头单位", "配合单位", "责任单位", "目标", "完成时限", "任务ID", "方案ID"],
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
            "p-1",
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
            "p-1",
        ],
    ]


def test_xlsx_layout_on_invented_plan():
    book = load_workbook(io.BytesIO(export(invented(), "xlsx")))
    assert book.sheetnames[:2] == [CONTENTS, "某某市2030年示范行动方案"]
    plan = book["某某市2030年示范行动方案"]
    assert [list(r) for r in plan.iter_rows(values_only=True)] == [
        list(PLAN_COLUMNS),
        ["一/1", "建设示范平台", None, None, f"某某市甲局、{LONG_UNIT[:31]}二", None, 2031, "t-1"],
        ["一/2", "培育示范企业", "某某市甲局", f"某某市乙局、{LONG_UNIT}", None, "示范企业达到12家", 2030, "t-2"],
    ]
    assert plan.freeze_panes == "A2" and plan.column_dimensions["B"].width >= 30
    duties = book["某某市甲局"]
    assert list(duties.iter_rows(min_row=2, values_only=True)) == [
        ("牵头", "某某市2030年示范行动方案", "一/2", "培育示范企业", 2030, "t-2", "p-1"),
        ("责任", "某某市2030年示范行动方案", "一/1", "建设示范平台", 2031, "t-1", "p-1"),
    ]
    long_names = [n for n in book.sheetnames if n.startswith("某某市_试点_")]
    assert len(long_names) == 2 and all(len(n) == MAX_SHEET_NAME for n in long_names)
    contents = {r[2]: (r[0], r[3]) for r in book[CONTENTS].iter_rows(min_row=2, values_only=True)}
    assert contents[LONG_UNIT] == (contents[LONG_UNIT][0], "u-c") and contents[LONG_UNIT[:31] + "二"][1] == "u-d"
    assert contents[LONG_UNIT][0] != contents[LONG_UNIT[:31] + "二"][0]  # two cut names, told apart by the index
    assert contents["某某市2030年示范行动方案"] == ("某某市2030年示范行动方案", "p-1")


def test_sheet_names_are_excel_safe():
    name = SheetNames(["目录"])
    assert name("目录") == "目录~2"
    assert name("a/b") == "a_b" and name("A_B") == "A_B~2"
    assert name("History") == "History~2"
    assert name("") == "Sheet"


# ---------------------------------------------------------------- one id, joined across formats


def test_every_export_joins_on_the_one_id_with_its_usual_reader(exported, tmp_path):
    """pandas (CSV, XLSX), networkx (node-link JSON), igraph (GraphML), rdflib (Turtle) and pyld
    (JSON-LD) each read their format, and the tables join on the ids without a mapping step."""
    import igraph
    import pandas as pd

    graph = nx.node_link_graph(json.loads(exported("json")), edges="links")
    nodes = pd.DataFrame([{"id": n, **d} for n, d in graph.nodes(data=True)])
    tasks = nodes[nodes[NODE_TYPE] == "Task"]

    table = pd.read_csv(io.BytesIO(exported("csv")), encoding="utf-8-sig")
    joined = table.merge(tasks, left_on="任务ID", right_on="id", how="left", validate="one_to_one")
    assert len(joined) == len(tasks) and joined["numbering"].notna().all()
    assert (joined["序号"].fillna("") == joined["numbering"]).all()
    assert set(table["方案ID"]) <= set(nodes.loc[nodes[NODE_TYPE] == "Plan", "id"])
    assert pd.api.types.is_numeric_dtype(table["完成时限"])

    sheets = pd.read_excel(io.BytesIO(exported("xlsx")), sheet_name=None)
    contents = sheets.pop(CONTENTS)
    assert set(contents["ID"]) <= set(nodes["id"])  # each sheet's plan or unit, whatever Excel cut of its name
    plan_sheets = contents.loc[contents["类型"] == "方案", "工作表"]
    in_sheets = pd.concat([sheets[name] for name in plan_sheets])
    assert sorted(in_sheets["任务ID"]) == sorted(tasks["id"])
    assert all(pd.api.types.is_numeric_dtype(sheets[name]["完成时限"]) for name in plan_sheets)

    path = tmp_path / "graph.graphml"
    path.write_bytes(exported("graphml"))
    assert set(igraph.Graph.Read_GraphML(str(path)).vs["id"]) == set(nodes["id"])

    def last_segments(iris):
        return {str(iri).rsplit("/", 1)[-1] for iri in iris}

    turtle = rdflib.Graph().parse(data=exported("ttl"), format="turtle")
    assert last_segments(turtle.subjects(rdflib.RDF.type, rdflib.URIRef(TASK))) == set(tasks["id"])
    expanded = jsonld.expand(json.loads(exported("jsonld")), {"documentLoader": _offline})
    assert last_segments(n["@id"] for n in expanded if TASK in n.get("@type", [])) == set(tasks["id"])
    units = nodes[nodes[NODE_TYPE] == "Unit"]
    assert last_segments(turtle.subjects(rdflib.RDF.type, rdflib.URIRef(rdf.FG + "Unit"))) == set(units["id"])


def _offline(url, options=None):
    raise AssertionError(f"tried to fetch {url}")
