"""Exports of a plan full of formulas and control characters: every file re-parses with its own reader, no formula.

The plan (``support.hostile.CONTROL_PLAN``) goes through the real pipeline into a real embedded
store and is read back as the exports read it.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
import rdflib
from openpyxl import load_workbook
from support.hostile import FORMULAS, control_extraction
from support.storecheck import fresh_of_engine

from fengong.graph.export import FORMATS, export
from fengong.graph.rows import rows_of
from fengong.graph.safe_text import FORMULA_START
from fengong.graph.snapshot import Snapshot, read_snapshot
from fengong.graph.sparql import SparqlEngine


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def hostile_snapshot(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The plan stored in each engine and read back as the exports read it."""
    store = fresh_of_engine(request, tmp_path_factory.mktemp("hostile-exports"))
    try:
        store.load(rows_of(control_extraction()))
        return read_snapshot(store)
    finally:
        store.close()


def test_the_plan_reaches_the_graph_with_its_control_characters_and_formulas(hostile_snapshot):
    titles = [t["title"] for t in hostile_snapshot.nodes["Task"].values()]
    assert any("\x1b" in t and "\x0b" in t for t in titles)
    assert sum(t.startswith(FORMULA_START) for t in titles) == len(FORMULAS)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser uses ConjunctiveGraph
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_reparses_with_its_own_reader(hostile_snapshot, fmt):
    data = export(hostile_snapshot, fmt)
    if fmt in {"ttl", "nt", "jsonld"}:
        parsed = rdflib.Graph().parse(data=data, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
        texts = [str(o) for o in parsed.objects() if isinstance(o, rdflib.Literal)]
        assert any(t.startswith("=HYPERLINK") for t in texts)  # RDF keeps the text; only XML-forbidden characters go
        assert not any("\x1b" in t or "\x00" in t for t in texts)
    elif fmt == "json":
        assert any("\x1b" in str(n.get("name")) for n in json.loads(data)["nodes"])  # JSON escapes them; kept
    elif fmt in {"graphml", "gexf"}:
        graph = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
        assert graph.number_of_nodes() == sum(map(len, hostile_snapshot.nodes.values()))
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        cells = [cell for row in rows[1:] for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_START)]
        assert {f"'{f}" for f in FORMULAS} <= {c[: len(f) + 1] for c in cells for f in FORMULAS}
    else:
        assert fmt == "xlsx"
        book = load_workbook(io.BytesIO(data))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        starting = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_START)]
        assert starting and all(c.quotePrefix for c in starting)  # shown as written, kept as text on edit
        assert {c.value[: len(f)] for c in starting for f in FORMULAS} >= set(FORMULAS)


def test_sparql_xml_results_and_rdf_xml_parse(hostile_snapshot):
    engine = SparqlEngine(hostile_snapshot)
    select = engine.query("SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }").serialize("xml")
    literals = [e.text or "" for e in ET.fromstring(select).iter("{http://www.w3.org/2005/sparql-results#}literal")]
    assert any(t.startswith("=HYPERLINK") for t in literals)
    graph = engine.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize("rdfxml")
    assert len(rdflib.Graph().parse(data=graph, format="xml")) == len(engine)


def test_a_string_a_query_makes_up_still_gives_well_formed_xml():
    engine = SparqlEngine(None)
    select = engine.query('SELECT (CONCAT("a", "\\u001B", "\\u0000b") AS ?x) WHERE {}').serialize("xml")
    assert [e.text for e in ET.fromstring(select).iter("{http://www.w3.org/2005/sparql-results#}literal")] == ["ab"]
