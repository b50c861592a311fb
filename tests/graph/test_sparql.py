"""The read-only SPARQL endpoint over the corpus graph: answers, formats, refusals, refresh."""

import csv
import io
import json
import threading
import xml.etree.ElementTree as ET

import pytest
import rdflib
from support.storecheck import co_owned_expected

from fengong.errors import FengongError, NotAcceptable
from fengong.graph.snapshot import Snapshot
from fengong.graph.sparql import SparqlEngine, negotiate

CO_OWNED = """
SELECT DISTINCT ?plan ?key WHERE {
  ?u fg:name "柳州市财政局"@zh .
  ?t fg:assignedTo|fg:leadUnit|fg:supportUnit|fg:responsibleUnit ?u ;
     fg:assignedTo|fg:leadUnit|fg:supportUnit|fg:responsibleUnit ?other ;
     fg:key ?key ; fg:inPlan/dct:identifier ?plan .
  FILTER (?other != ?u)
}
"""
TASKS_PER_PLAN = "SELECT ?plan (COUNT(?t) AS ?n) WHERE { ?t a fg:Task ; fg:inPlan ?plan } GROUP BY ?plan ORDER BY ?plan"



@pytest.fixture(scope="module")
def engine(corpus_snapshot):
    return SparqlEngine(corpus_snapshot, version=1)


def bindings(engine, query):
    return json.loads(engine.query(query).serialize("json"))["results"]["bindings"]


def test_counts_the_tasks(engine, extractions):
    rows = bindings(engine, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a fg:Task }")
    assert int(rows[0]["n"]["value"]) == sum(len(x.tasks) for x in extractions.values())


def test_co_owned_tasks_of_liuzhou_finance_bureau(engine, extractions):
    expected = co_owned_expected(extractions, "柳州市财政局")
    assert expected
    rows = bindings(engine, CO_OWNED)
    assert {(r["plan"]["value"], r["key"]["value"]) for r in rows} == expected


def test_every_result_format_parses(engine, extractions):
    result = engine.query(TASKS_PER_PLAN)
    assert result.variables == ("plan", "n")
    plans = len(extractions)
    assert len(json.loads(result.serialize("json"))["results"]["bindings"]) == plans
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert len(ET.fromstring(result.serialize("xml")).findall(".//r:result", ns)) == plans
    table = list(csv.reader(io.StringIO(result.serialize("csv").decode("utf-8"))))
    assert table[0] == ["plan", "n"] and len(table) == plans + 1
    assert sum(int(row[1]) for row in table[1:]) == sum(len(x.tasks) for x in extractions.values())
    tsv = result.serialize("tsv").decode("utf-8").splitlines()
    assert tsv[0] == "?plan\t?n" and len(tsv) == plans + 1
    assert result.media_type("csv").startswith("text/csv")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD parser uses ConjunctiveGraph
def test_ask_and_construct(engine, extractions):
    ask = engine.query('ASK { ?u fg:name "柳州市财政局"@zh }')
    assert ask.kind == "boolean" and ask.boolean is True
    assert json.loads(ask.serialize("json"))["boolean"] is True
    assert engine.query('ASK { ?u fg:name "不存在的单位"@zh }').boolean is False
    plan = next(iter(extractions.values())).plan
    construct = engine.query(
        f'CONSTRUCT {{ ?t fg:title ?title }} WHERE {{ ?t a fg:Task ; fg:title ?title ; fg:inPlan/dct:identifier "{plan.id}" }}'
    )
    assert construct.kind == "graph"
    tasks = next(x for x in extractions.values() if x.plan.id == plan.id).tasks
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")):
        graph = rdflib.Graph().parse(data=construct.serialize(fmt), format=parser)
        assert len(graph) == len(tasks), fmt
    described = engine.query(f"DESCRIBE fgid:{plan.id}")
    assert b"fengong/ontology#title" in described.serialize("nt")


@pytest.mark.parametrize(
    "update",
    [
        'INSERT DATA { fgid:x fg:name "x" }',
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://example.org/>\nLOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "CREATE GRAPH <http://example.org/g>",
        "drop default",
    ],
)
def test_updates_are_refused(engine, update):
    before = len(engine)
    with pytest.raises(FengongError, match="read-only"):
        engine.query(update)
    assert bindings(engine, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"] == str(before)


def test_keywords_inside_strings_and_names_are_not_updates(engine):
    assert bindings(engine, 'SELECT ?add WHERE { ?add fg:name "DELETE 与 INSERT"@zh }') == []


def test_syntax_error_says_where(engine):
    with pytest.raises(FengongError, match=r"SPARQL syntax error: .*1:\d+"):
        engine.query("SELECT * WHERE { ?s ?p }")


def test_federated_queries_are_refused(engine):
    with pytest.raises(FengongError, match="SERVICE"):
        engine.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")


def test_unknown_format_is_not_acceptable(engine):
    with pytest.raises(NotAcceptable):
        engine.query("ASK { ?s ?p ?o }").serialize("ttl")


@pytest.mark.parametrize(
    ("accept", "kind", "fmt"),
    [
        (None, "solutions", "json"),
        ("", "graph", "ttl"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "solutions", "json"),
        ("text/csv", "solutions", "csv"),
        ("application/sparql-results+xml;q=0.9, text/tab-separated-values", "solutions", "tsv"),
        ("application/json", "boolean", "json"),
        ("application/ld+json;q=0.5, text/turtle;q=0.9", "graph", "ttl"),
        ("application/json", "graph", "jsonld"),
        ("application/n-triples", "graph", "nt"),
        ("text/*", "graph", "ttl"),
    ],
)
def test_accept_header_picks_a_format(accept, kind, fmt):
    assert negotiate(accept, kind) == fmt


def test_accept_header_with_nothing_usable():
    with pytest.raises(NotAcceptable):
        negotiate("text/turtle", "solutions")
    with pytest.raises(NotAcceptable):
        negotiate("application/json;q=0", "solutions")


def test_refresh_follows_loads_and_readers_never_see_half_a_graph(corpus_snapshot):
    engine = SparqlEngine(corpus_snapshot, version=1)
    full = len(engine)
    one_plan = Snapshot(
        {label: dict(by_id) if label != "Task" else dict(list(by_id.items())[:1]) for label, by_id in corpus_snapshot.nodes.items()},
        {},
    )
    assert engine.ensure(1, lambda: pytest.fail("same version must not rebuild")) is False
    seen: set[str] = set()
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(30):
                seen.add(bindings(engine, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a fg:Task }")[0]["n"]["value"])
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for r in readers:
        r.start()
    assert engine.ensure(2, lambda: one_plan) is True
    for r in readers:
        r.join()
    assert errors == []
    assert seen <= {str(len(corpus_snapshot.nodes["Task"])), "1"}
    assert engine.version == 2 and len(engine) < full
    assert bindings(engine, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a fg:Task }")[0]["n"]["value"] == "1"
