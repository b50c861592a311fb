"""Exports by extension from the live server of each engine, read back by the tools that consume them.

The reference is the corpus loaded into a separate embedded store and exported in process
(graph.export on read_snapshot): every engine's HTTP export must say the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import httpx
import networkx as nx
import pyoxigraph
import pytest
import rdflib
from openpyxl import load_workbook
from pyld import jsonld
from support.rdfcheck import statements

from fengong.graph import rdf
from fengong.graph.export import FORMATS, export
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.rows import rows_of
from fengong.graph.snapshot import Snapshot, read_snapshot
from fengong.ontology.model import Extraction

TASK_ID = "任务ID"  # the task id column of the 任务分工表 CSV


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, extractions: dict[str, Extraction]) -> Iterator[LadybugStore]:
    """The corpus in an embedded store of the test's own, for snapshots cut the way each request asks."""
    store = LadybugStore(tmp_path_factory.mktemp("export-reference") / "graph.lbug")
    store.ensure_schema()
    for x in extractions.values():
        store.load(rows_of(x))
    yield store
    store.close()


@pytest.fixture(scope="module")
def whole(reference: LadybugStore) -> Snapshot:
    return read_snapshot(reference)


@pytest.fixture(scope="module")
def whole_statements(whole: Snapshot) -> set[pyoxigraph.Triple]:
    return statements(export(whole, "nt"), "nt")


def download(api: httpx.Client, path: str, **params: str | list[str]) -> httpx.Response:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    return response


def task_ids_of_csv(raw: bytes) -> set[str]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return {row[TASK_ID] for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}


def liuzhou_finance(extractions: dict[str, Extraction]) -> str:
    (unit,) = {
        a.unit.id for x in extractions.values() for t in x.tasks for a in t.assignments if a.unit.name == "柳州市财政局"
    }
    return unit


@pytest.mark.parametrize("ext", ["ttl", "nt", "jsonld"])
def test_rdf_exports_reparse_isomorphic_to_the_reference(api, whole_statements, ext):
    response = download(api, f"/export.{ext}", context="inline")
    assert response.headers["content-type"].split(";")[0] == FORMATS[ext].media_type.split(";")[0]
    assert response.headers["content-disposition"] == f'attachment; filename="fengong.{ext}"'
    assert statements(response.content, ext) == whole_statements


def test_jsonld_with_the_context_inline_expands_offline(embedded_api, extractions):
    doc = download(embedded_api, "/export.jsonld", context="inline").json()

    def no_network(url: str, options: object = None) -> None:
        raise AssertionError(f"tried to fetch {url}")

    expanded = jsonld.expand(doc, {"documentLoader": no_network})
    tasks = [n for n in expanded if rdf.FG + "Task" in n.get("@type", [])]
    assert {n["@id"] for n in tasks} == {rdf.node_iri(t.id).value for x in extractions.values() for t in x.tasks}


@pytest.mark.parametrize("path", ["/export.jsonld", "/plans/{plan}.jsonld", "/units/{unit}.jsonld"])
def test_jsonld_links_the_served_context_and_expands_through_it(embedded_api, extractions, path):
    """By default the export names the service's /context.jsonld; a processor fetching it from the
    service expands the file to the same triples as the file with the context inline. (The smallest
    plan's cut of the whole export: the whole corpus takes seconds to compact and expand.)"""
    plan = min(extractions.values(), key=lambda x: (len(x.tasks), x.plan.id)).plan.id
    path = path.format(plan=plan, unit=liuzhou_finance(extractions))
    cut = {"plan": plan} if path == "/export.jsonld" else {}
    doc = download(embedded_api, path, **cut).json()
    assert doc["@context"] == str(embedded_api.base_url.join("/context.jsonld"))
    fetched: list[str] = []

    def from_the_service(url: str, options: object = None) -> dict[str, object]:
        fetched.append(url)
        response = embedded_api.get(url)
        assert response.status_code == 200
        return {"contextUrl": None, "documentUrl": url, "document": response.json()}

    linked = jsonld.expand(doc, {"documentLoader": from_the_service})
    inline = download(embedded_api, path, context="inline", **cut).json()
    assert fetched == [doc["@context"]]
    assert linked == jsonld.expand(inline, {})
    assert any(rdf.FG + "Task" in n.get("@type", []) for n in linked)


@pytest.mark.parametrize("ext", ["graphml", "gexf", "json"])
def test_network_files_read_back_with_networkx(api, whole, ext):
    raw = download(api, f"/export.{ext}").content
    if ext == "json":
        read = nx.node_link_graph(json.loads(raw), edges="links")
    else:
        read = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}[ext](io.BytesIO(raw))
    assert set(read.nodes) == {i for by_id in whole.nodes.values() for i in by_id}
    assert read.number_of_edges() == sum(map(len, whole.rels.values()))


def test_xlsx_has_a_sheet_per_plan(api, extractions):
    response = download(api, "/export.xlsx")
    assert response.headers["content-type"] == FORMATS["xlsx"].media_type
    book = load_workbook(io.BytesIO(response.content))
    titles = {row[2] for sheet in book.worksheets[:1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {x.plan.title for x in extractions.values()} <= titles
    assert len(book.sheetnames) > len(extractions)


def test_csv_has_a_row_per_task(api, extractions):
    assert task_ids_of_csv(download(api, "/export.csv").content) == {
        t.id for x in extractions.values() for t in x.tasks
    }


# --- filters -------------------------------------------------------------------------------------------------------


def test_a_plan_alias_exports_only_that_plan(api, extractions, reference):
    x = next(iter(extractions.values()))
    response = download(api, f"/plans/{x.plan.id}.csv")
    assert response.headers["content-disposition"] == f'attachment; filename="{x.plan.id}.csv"'
    assert task_ids_of_csv(response.content) == {t.id for t in x.tasks}
    assert response.content == download(api, "/export.csv", plan=x.plan.id).content
    sent = statements(download(api, f"/plans/{x.plan.id}.ttl").content, "ttl")
    assert sent == statements(export(read_snapshot(reference, plans=[x.plan.id]), "nt"), "nt")
    assert api.get(f"/plans/{x.plan.id}").json()["id"] == x.plan.id  # without an extension: the plan as JSON


def test_a_unit_alias_exports_the_units_tasks(api, extractions, reference):
    unit = liuzhou_finance(extractions)
    expected = {t.id for x in extractions.values() for t in x.tasks if any(a.unit.id == unit for a in t.assignments)}
    assert expected and task_ids_of_csv(download(api, f"/units/{unit}.csv").content) == expected
    assert download(api, "/export.csv", unit=unit).content == download(api, f"/units/{unit}.csv").content
    sent = statements(download(api, f"/units/{unit}.nt").content, "nt")
    assert sent == statements(export(read_snapshot(reference, unit=unit), "nt"), "nt")


def test_jurisdiction_and_several_plans(api, extractions):
    liuzhou = {
        t.id
        for x in extractions.values()
        if x.plan.jurisdiction and x.plan.jurisdiction.name == "柳州市"
        for t in x.tasks
    }
    assert liuzhou and task_ids_of_csv(download(api, "/export.csv", jurisdiction="柳州市").content) == liuzhou
    guangxi = {
        t.id
        for x in extractions.values()
        if x.plan.jurisdiction and "广西壮族自治区" in (x.plan.jurisdiction.name, x.plan.jurisdiction.parent)
        for t in x.tasks
    }
    assert (
        guangxi > liuzhou
        and task_ids_of_csv(download(api, "/export.csv", jurisdiction="广西壮族自治区").content) == guangxi
    )
    two = list(extractions.values())[:2]
    cut = download(api, "/export.csv", plan=[x.plan.id for x in two]).content
    assert task_ids_of_csv(cut) == {t.id for x in two for t in x.tasks}


def test_unknowns_are_404(api):
    for path, params in (
        ("/export.docx", {}),
        ("/plans/p-0000.ttl", {}),
        ("/units/u-0000.csv", {}),
        ("/export.ttl", {"plan": "p-0000"}),
        ("/export.ttl", {"jurisdiction": "不存在市"}),
    ):
        response = api.get(path, params=params)
        assert response.status_code == 404, (path, response.text)
        assert response.json()["error"]["code"] == "not_found"


# --- same on both engines ------------------------------------------------------------------------------------------


def order_free(ext: str, data: bytes) -> object:
    """What an export says regardless of the order rows came from the store (which differs by engine)."""
    if ext == "xlsx":
        return [[list(r) for r in s.iter_rows(values_only=True)] for s in load_workbook(io.BytesIO(data)).worksheets]
    if ext == "csv":
        return data
    if ext == "json":
        graph = nx.node_link_graph(json.loads(data), edges="links")
    else:
        graph = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}[ext](io.BytesIO(data))
    nodes = sorted(json.dumps([n, d], sort_keys=True, ensure_ascii=False) for n, d in graph.nodes(data=True))
    edges = sorted(
        json.dumps(
            [a, b, {k: v for k, v in d.items() if k != "id"}], sort_keys=True, ensure_ascii=False
        )  # GEXF numbers edges
        for a, b, d in graph.edges(data=True)
    )
    return nodes, edges


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(
    "ext", [f for f in FORMATS if f not in ("ttl", "nt", "jsonld")]
)  # RDF: the isomorphism test above
def test_each_export_says_what_the_references_says(api, whole, ext):
    """csv byte for byte; the rest whatever order the engine returned rows in (xlsx by cell values: zip times differ)."""
    assert order_free(ext, download(api, f"/export.{ext}").content) == order_free(ext, export(whole, ext))


def test_ontology_and_context(api):
    response = download(api, "/ontology.ttl")
    assert response.headers["content-type"].startswith("text/turtle")
    ontology = rdflib.Graph().parse(data=response.content, format="turtle")
    assert (None, rdflib.RDF.type, rdflib.OWL.Ontology) in ontology
    assert rdflib.URIRef(rdf.FG + "Task") in set(ontology.subjects(rdflib.RDF.type, rdflib.OWL.Class))
    context = download(api, "/context.jsonld")
    assert context.headers["content-type"] == "application/ld+json"
    assert context.json()["@context"] == rdf.context()
    shapes = rdflib.Graph().parse(data=download(api, "/shapes.ttl").content, format="turtle")
    shacl = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert rdflib.URIRef(rdf.FG + "Assignment") in set(shapes.objects(None, shacl.targetClass))
