"""The SPARQL 1.1 Protocol endpoint with a real client (SPARQLWrapper) against the live server of each engine."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from xml.dom.minidom import Document, Element

import httpx
import pytest
import rdflib
from pydantic import SecretStr
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from support.bigqueries import DEPTHS, MEGABYTE, long_sparql, nested_sparql
from support.corpus import corpus_db
from support.live import live_server
from support.storecheck import co_owned_expected

from fengong.api.main import create_app
from fengong.api.settings import Settings
from fengong.graph import rdf
from fengong.loaders.pipeline import extract_path
from fengong.ontology.model import Extraction

FG = rdflib.Namespace(rdf.FG)
TASKS = "SELECT ?task ?key WHERE { ?task a fg:Task ; fg:key ?key }"
CO_OWNED = """
    SELECT DISTINCT ?plan ?key WHERE {
      ?u fg:name "%s"@zh .
      ?t fg:leadUnit|fg:supportUnit|fg:responsibleUnit ?u , ?other ;
         fg:key ?key ; fg:inPlan/dct:identifier ?plan .
      FILTER (?other != ?u)
    }"""
KEY = "test-key-sparql"
INVENTED = Path(__file__).parent / "documents" / "invented_city_plan.txt"


def client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(f"{url}/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    return wrapper


def json_answer(url: str, query: str) -> dict[str, Any]:
    answer = client(url, query).queryAndConvert()
    assert isinstance(answer, dict)
    return answer


def bindings(url: str, query: str) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in row.items()} for row in json_answer(url, query)["results"]["bindings"]]


def task_keys(extractions: dict[str, Extraction]) -> set[tuple[str, str]]:
    return {(rdf.node_iri(t.id).value, t.key) for x in extractions.values() for t in x.tasks}


@pytest.fixture(scope="module")
def url(api: httpx.Client) -> str:
    return str(api.base_url).rstrip("/")


def test_count_of_tasks_is_the_extracted_count(url, extractions):
    (row,) = bindings(url, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a fg:Task }")
    assert int(row["n"]) == sum(len(x.tasks) for x in extractions.values())


@pytest.mark.parametrize("bureau", ["柳州市财政局", "广元市财政局"])
def test_co_owned_tasks_of_a_bureau_are_the_shared_ones(url, extractions, bureau):
    rows = bindings(url, CO_OWNED % bureau)
    expected = co_owned_expected(extractions, bureau)
    assert expected and {(r["plan"], r["key"]) for r in rows} == expected


def test_select_answers_the_same_in_every_results_format(url, extractions):
    expected = task_keys(extractions)
    assert {(r["task"], r["key"]) for r in bindings(url, TASKS)} == expected

    document = client(url, TASKS, XML).queryAndConvert()
    assert isinstance(document, Document)
    results = document.getElementsByTagName("result")

    def value(result: Element, name: str) -> str:
        (binding,) = [b for b in result.getElementsByTagName("binding") if b.getAttribute("name") == name]
        return str(binding.firstChild.firstChild.data)  # type: ignore[union-attr]

    assert {(value(r, "task"), value(r, "key")) for r in results} == expected

    for fmt in (CSV, TSV):
        raw = client(url, TASKS, fmt).queryAndConvert()
        assert isinstance(raw, bytes)
        text = io.StringIO(raw.decode("utf-8"))
        reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE) if fmt == TSV else csv.reader(text)
        header, *lines = list(reader)
        if fmt == TSV:  # TSV writes RDF terms: <iri> and "literal"
            assert header == ["?task", "?key"]
            lines = [[iri.strip("<>"), json.loads(key)] for iri, key in lines]
        else:
            assert header == ["task", "key"]
        assert {(task, key) for task, key in lines} == expected


def test_ask_and_post_both_ways(url):
    for request_method in (URLENCODED, POSTDIRECTLY):  # a form field query=…, then the bare query as the body
        wrapper = client(url, "ASK { ?t a fg:Task }")
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(request_method)
        answer = wrapper.queryAndConvert()
        assert isinstance(answer, dict) and answer["boolean"] is True
    assert json_answer(url, "ASK { ?t a fg:NoSuchClass }")["boolean"] is False


def test_construct_as_turtle_parses_back_into_the_tasks(url, extractions):
    raw = client(url, "CONSTRUCT { ?t a fg:Task ; fg:key ?k } WHERE { ?t a fg:Task ; fg:key ?k }", TURTLE).queryAndConvert()
    assert isinstance(raw, bytes)
    graph = rdflib.Graph().parse(data=raw, format="turtle")
    found = {(str(t), str(k)) for t, k in graph.subject_objects(FG.key)}
    assert found == task_keys(extractions)
    assert len(set(graph.subjects(rdflib.RDF.type, FG.Task))) == len(found)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser uses ConjunctiveGraph
def test_describe_as_jsonld_parses_back(url, extractions):
    task = next(iter(extractions.values())).tasks[0]
    wrapper = client(url, f"DESCRIBE <{rdf.node_iri(task.id).value}>", JSONLD)
    response = wrapper.query().response
    assert response.headers["Content-Type"].startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=response.read(), format="json-ld")
    assert (rdflib.URIRef(rdf.node_iri(task.id).value), FG.key, rdflib.Literal(task.key)) in graph


def test_syntax_error_is_400_with_the_parser_message(url, api):
    with pytest.raises(QueryBadFormed):
        client(url, "SELECT ?x WHERE { ?x a }").query()
    error = api.get("/sparql", params={"query": "SELECT ?x WHERE { ?x a }"}).json()["error"]
    assert error["status"] == 400 and "syntax" in error["message"]


def test_updates_are_refused_with_403(url, api):
    wrapper = client(url, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    wrapper.setMethod(POST)  # SPARQLWrapper sends an update as update=… in a form
    with pytest.raises(HTTPError) as refused:
        wrapper.query()
    assert refused.value.code == 403
    for response in (
        api.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}),
        api.post("/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
        api.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"}),
    ):
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"
    assert bindings(url, "SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o }") == [{"n": "0"}]


def test_an_unacceptable_accept_header_is_406(api):
    ask = api.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "text/turtle"})
    assert ask.status_code == 406 and "text/turtle" in ask.json()["error"]["message"]
    construct = api.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a fg:Plan }"}, headers={"Accept": "text/csv"})
    assert construct.status_code == 406


def test_a_missing_query_or_a_strange_body_is_4xx(api):
    missing = api.get("/sparql")
    assert missing.status_code == 400 and "no SPARQL query" in missing.json()["error"]["message"]
    assert api.post("/sparql", data={"query": " "}).status_code == 400
    assert api.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_a_request_that_chooses_its_dataset_is_400_by_any_route(api, parameter):
    """One default graph: a request naming graphs would get an answer over another dataset than it asked for."""
    ask, graph_uri = "ASK { ?s ?p ?o }", "https://example.org/g"
    for response in (
        api.get("/sparql", params={"query": ask, parameter: graph_uri}),
        api.post("/sparql", data={"query": ask, parameter: graph_uri}),
        api.post(
            "/sparql", params={parameter: graph_uri}, content=ask, headers={"Content-Type": "application/sparql-query"}
        ),
    ):
        assert response.status_code == 400, response.text
        assert parameter in response.json()["error"]["message"]
    assert api.get("/sparql", params={"query": ask}).status_code == 200


# --- the view follows uploads --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def writable_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with an API key over a fresh, empty embedded store."""
    settings = Settings(store="embedded", db=tmp_path_factory.mktemp("sparql-upload") / "graph.lbug", api_key=SecretStr(KEY))
    with live_server(create_app(settings)) as base:
        yield base


def test_an_uploaded_plan_appears_in_sparql(writable_url):
    expected, _ = extract_path(INVENTED)
    plans = "SELECT ?id ?title WHERE { ?p a fg:Plan ; dct:identifier ?id ; fg:title ?title }"
    assert bindings(writable_url, plans) == []
    with httpx.Client(base_url=writable_url, timeout=60) as c:
        files = {"file": (INVENTED.name, INVENTED.read_bytes())}
        assert c.post("/documents", files=files, headers={"X-API-Key": KEY}).status_code == 201
    assert bindings(writable_url, plans) == [{"id": expected.plan.id, "title": expected.plan.title}]
    (count,) = bindings(writable_url, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a fg:Task }")
    assert int(count["n"]) == len(expected.tasks)


@pytest.mark.parametrize("kind", ["group", "filter"])
@pytest.mark.parametrize("depth", DEPTHS)
def test_deep_nesting_is_400_before_the_parser_and_the_server_lives(api, depth, kind):
    response = api.get("/sparql", params={"query": nested_sparql(depth, kind)}) if depth < 1000 else api.post(
        "/sparql", content=nested_sparql(depth, kind), headers={"Content-Type": "application/sparql-query"}
    )
    if depth <= 10:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "query_too_large"
    assert api.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


@pytest.mark.parametrize("size", [1_000, 30_000, 200_000, MEGABYTE])
def test_long_queries_are_400_past_the_limit_and_the_server_lives(api, size):
    response = api.post("/sparql", content=long_sparql(size), headers={"Content-Type": "application/sparql-query"})
    if size <= 1_000:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "query_too_large"
    assert api.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


# --- limits: time, rows, memory ----------------------------------------------------------------------------------------

LIMIT_S, ROW_LIMIT = 2.0, 100
CARTESIAN = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"  # the corpus's triples cubed
NEVER_ANSWERS = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f FILTER(STR(?a) = STR(?f) && ?a != ?f) }"


@pytest.fixture(scope="module")
def limited_url(tmp_path_factory: pytest.TempPathFactory, extractions: dict[str, Extraction]) -> Iterator[str]:
    """The corpus behind a server with a short SPARQL time limit and a small row limit."""
    db = corpus_db(tmp_path_factory.mktemp("sparql-limits") / "graph.lbug", extractions)
    settings = Settings(store="embedded", db=db, sparql_timeout_s=LIMIT_S, sparql_row_limit=ROW_LIMIT)
    with live_server(create_app(settings)) as base:
        yield base


def test_an_answer_past_the_row_limit_is_413_and_one_within_it_is_whole(limited_url):
    with httpx.Client(base_url=limited_url, timeout=60) as api:
        response = api.get("/sparql", params={"query": CARTESIAN})
        assert response.status_code == 413, response.text
        assert response.json()["error"]["code"] == "too_many_rows" and f"{ROW_LIMIT:,}" in response.text
        constructed = api.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert constructed.status_code == 413
        within = api.get("/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {ROW_LIMIT}"})
        assert len(within.json()["results"]["bindings"]) == ROW_LIMIT


def test_a_query_past_the_time_limit_is_stopped_while_another_client_is_answered(limited_url):
    with httpx.Client(base_url=limited_url, timeout=60) as first, httpx.Client(base_url=limited_url, timeout=60) as second:
        stopped: list[httpx.Response] = []
        started = time.perf_counter()
        runner = threading.Thread(target=lambda: stopped.append(first.get("/sparql", params={"query": NEVER_ANSWERS})))
        runner.start()
        time.sleep(0.3)
        assert second.get("/plans").status_code == 200
        assert runner.is_alive()  # answered while the SPARQL query still ran
        runner.join()
        assert LIMIT_S <= time.perf_counter() - started < LIMIT_S + 3
        assert stopped[0].status_code == 503, stopped[0].text
        assert stopped[0].json()["error"]["code"] == "query_stopped"
        ask = second.get("/sparql", params={"query": "ASK { ?s a fg:Task }"})  # a new worker answers
        assert ask.status_code == 200 and ask.json()["boolean"] is True
