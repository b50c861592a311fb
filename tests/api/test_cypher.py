"""The read-only Cypher console over HTTP on each engine: the hostile corpus refused or stopped, reads as store.run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.encoders import jsonable_encoder
from support.bigqueries import DEPTHS, MEGABYTE, long_cypher, nested_cypher
from support.consolecheck import CORPUS, READS
from support.corpus import load_corpus
from support.live import live_server

from fengong.api.main import create_app
from fengong.api.settings import Settings
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.store import GraphStore
from fengong.ontology.model import Extraction
from fengong.ontology.schema import NODES, RELATIONSHIPS

TIMEOUT_S, ROW_LIMIT = 2.0, 100
SLACK_S = 3.0  # what a stopped query may take beyond the timeout, HTTP included
COUNTS = [f"MATCH (n:{n.label}) RETURN count(n) AS n" for n in NODES] + [
    f"MATCH ()-[e:{r.type}]->() RETURN count(e) AS n" for r in RELATIONSHIPS
]


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def console(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, extractions: dict[str, Extraction]
) -> Iterator[tuple[httpx.Client, GraphStore]]:
    """A live server with a short console timeout and a small row limit over the corpus; its client and its store."""
    if request.param == "embedded":
        db = tmp_path_factory.mktemp("cypher") / "graph.lbug"
        store = LadybugStore(db)
        load_corpus(store, extractions)
        store.close()
        settings = Settings(store="embedded", db=db)
    else:
        settings = Settings(store="neo4j", neo4j_uri=request.getfixturevalue("neo4j_corpus"))
    app = create_app(settings.model_copy(update={"cypher_timeout_s": TIMEOUT_S, "cypher_row_limit": ROW_LIMIT}))
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client, app.state.graph.store()


def cypher(client: httpx.Client, query: str, parameters: dict[str, Any] | None = None) -> httpx.Response:
    return client.post("/cypher", json={"query": query, "parameters": parameters or {}})


def answer(client: httpx.Client, query: str, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    response = cypher(client, query, parameters)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def counts(client: httpx.Client) -> list[int]:
    return [answer(client, q)["rows"][0]["n"] for q in COUNTS]


def still_serving(client: httpx.Client) -> bool:
    """The server answers a real read after what it refused."""
    return bool(answer(client, "MATCH (t:Task) RETURN count(t) AS n")["rows"][0]["n"] > 0)


@pytest.mark.heavy
def test_hostile_corpus_is_refused_or_stopped_and_changes_nothing(console):
    client, store = console
    before = counts(client)
    assert sum(before) > 0
    wrong = []
    for hostile in CORPUS:
        started = time.perf_counter()
        response = cypher(client, hostile.cypher)
        took = time.perf_counter() - started
        if hostile.expect == "refuse":
            ok = response.status_code == 403 and response.json()["error"]["message"]
        else:
            # refused, stopped, or answered (at most ROW_LIMIT rows) in bounded time, as in tests/graph/test_console.py
            ok = response.status_code in (200, 403, 504) and took < TIMEOUT_S + SLACK_S
        if not ok:
            wrong.append((hostile.attempt, response.status_code, response.text[:200], round(took, 2)))
    assert wrong == []
    assert counts(client) == before
    assert [store.run(q)[0]["n"] for q in COUNTS] == before


@pytest.mark.parametrize("query", READS)
def test_rows_are_the_stores_own(console, query):
    client, store = console
    parameters = {"name": store.run("MATCH (u:Unit) RETURN u.name AS n ORDER BY n LIMIT 1")[0]["n"]}
    parameters = parameters if "$name" in query else {}
    body = answer(client, query, parameters)
    expected = jsonable_encoder(store.run(query.rstrip(";"), parameters))
    assert body["rows"] == expected[:ROW_LIMIT] and body["truncated"] == (len(expected) > ROW_LIMIT)
    assert body["columns"] == (list(expected[0]) if expected else body["columns"])


def test_row_limit_truncates(console, extractions):
    client, store = console
    tasks = sum(len(x.tasks) for x in extractions.values())
    assert tasks > ROW_LIMIT
    body = answer(client, "MATCH (t:Task) RETURN t.id AS id ORDER BY id")
    assert body["truncated"] is True and body["columns"] == ["id"]
    assert body["rows"] == store.run("MATCH (t:Task) RETURN t.id AS id ORDER BY id LIMIT 100")


def test_a_write_is_403_saying_what_was_refused(console):
    client, _ = console
    error = cypher(client, "MATCH (u:Unit) SET u.name = 'x' RETURN u").json()["error"]
    assert (error["status"], error["code"]) == (403, "forbidden") and "SET" in error["message"]


def test_a_slow_query_is_stopped_with_504(console):
    client, _ = console
    started = time.perf_counter()
    response = cypher(client, "MATCH (a), (b), (c), (d) RETURN count(DISTINCT a.id + b.id + c.id + d.id) AS n")
    assert time.perf_counter() - started < TIMEOUT_S + SLACK_S
    assert response.status_code == 504, response.text
    assert response.json()["error"]["code"] == "query_stopped"
    assert answer(client, "MATCH (p:Plan) RETURN count(p) AS n")["rows"][0]["n"] > 0  # still answers


def test_a_syntax_error_is_400(console):
    client, _ = console
    response = cypher(client, "MATCH (u:Unit RETURN u")
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "bad_request"


def test_parameters_are_passed(console, extractions):
    client, _ = console
    plan = next(iter(extractions.values())).plan
    body = answer(client, "MATCH (p:Plan {id: $id}) RETURN p.title AS title", {"id": plan.id})
    assert body["rows"] == [{"title": plan.title}]


@pytest.mark.parametrize("value", [["text", 11, None], [1.5, "x"], {"nested": [1, "b"]}, 10**30, [2**63]])
def test_parameter_values_an_engine_cannot_take_are_400(console, value):
    client, _ = console
    response = cypher(client, "RETURN $p AS p", {"p": value})
    assert response.status_code in (200, 400), response.text  # Neo4j takes lists of mixed types
    if response.status_code == 400:
        assert "parameter values" in response.json()["error"]["message"]


@pytest.mark.parametrize("kind", ["paren", "list", "map"])
@pytest.mark.parametrize("depth", DEPTHS)
def test_deep_nesting_is_400_before_the_parser_and_the_server_lives(console, depth, kind):
    client, _ = console
    response = cypher(client, nested_cypher(depth, kind))
    if depth <= 10:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "query_too_large"
        if depth == 100:
            assert "levels deep" in response.json()["error"]["message"]
    assert still_serving(client)


@pytest.mark.parametrize("size", [1_000, 30_000, 200_000, MEGABYTE])
def test_long_queries_are_400_past_the_limit_and_the_server_lives(console, size):
    client, _ = console
    response = cypher(client, long_cypher(size))
    if size <= 1_000:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "query_too_large"
    assert still_serving(client)


def test_a_console_query_running_to_its_timeout_does_not_hold_up_other_clients(console):
    client, _ = console
    slow: list[httpx.Response] = []
    runner = threading.Thread(
        target=lambda: slow.append(cypher(client, "MATCH (a), (b), (c), (d) RETURN count(DISTINCT a.id + b.id + c.id + d.id) AS n"))
    )
    runner.start()
    time.sleep(0.5)  # the slow query is running
    with httpx.Client(base_url=str(client.base_url), timeout=60) as other:
        assert runner.is_alive()
        assert other.get("/plans").status_code == 200
        assert runner.is_alive()  # answered while the console query still ran (it blocked until its end)
    runner.join()
    assert slow[0].status_code == 504
