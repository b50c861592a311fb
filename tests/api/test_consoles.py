"""The console pages (SPARQL, Cypher, upload) against a live server on each engine."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from support.pagecheck import FINANCE_BUREAU, ParsedPage, parse

from fengong.api.pages.consoles import CYPHER_EXAMPLES, SPARQL_EXAMPLES


def console(api: httpx.Client, path: str, query: str | None, status: int = 200) -> tuple[ParsedPage, str]:
    response = api.get(path, params={"query": query} if query is not None else None)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return parse(response.text), response.text


def rows(page: ParsedPage) -> int:
    return len(page.having("data-row", "tr"))


@pytest.mark.parametrize(("path", "examples"), [("/pages/sparql", SPARQL_EXAMPLES), ("/pages/cypher", CYPHER_EXAMPLES)])
def test_every_example_answers_with_rows(api, path, examples):
    empty, text = console(api, path, None)
    assert not empty.having("data-row", "tr") and "<textarea" in text  # the editor, with the first example in it
    for query in examples.values():
        shown, _ = console(api, path, query)
        assert rows(shown) > 0, query


def test_the_sparql_example_is_who_shares_tasks_with_the_finance_bureau(api, extractions):
    partners: Counter[str] = Counter()
    for x in extractions.values():
        for t in x.tasks:
            named = {a.unit.name for a in t.assignments}
            if FINANCE_BUREAU in named:
                partners.update(named - {FINANCE_BUREAU})
    response = api.get("/sparql", params={"query": SPARQL_EXAMPLES["柳州市财政局与哪些单位共同承担任务"].replace("LIMIT 20", "")},
                       headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    got = {b["partner"]["value"]: int(b["tasks"]["value"]) for b in response.json()["results"]["bindings"]}
    assert got == dict(partners)


def test_sparql_ask_and_construct_have_their_own_answers(api):
    asked, _ = console(api, "/pages/sparql", "ASK { ?t a fg:Task }")
    assert asked.values("data-boolean") == ["True"]
    built, text = console(api, "/pages/sparql", "CONSTRUCT { ?u fg:name ?n } WHERE { ?u a fg:Unit ; fg:name ?n } LIMIT 3")
    assert built.values("data-kind", "section") == ["graph"] and "fg:name" in text


@pytest.mark.parametrize(
    ("path", "query", "status", "words"),
    [
        ("/pages/sparql", "SELEC * WHERE { ?s ?p ?o }", 400, "请求有误"),
        ("/pages/sparql", "INSERT DATA { fg:a fg:b fg:c }", 403, "不允许"),
        ("/pages/cypher", "CREATE (n:Unit {id: 'x'})", 403, "不允许"),
        ("/pages/cypher", "MATCH (n RETURN n", 400, "请求有误"),
    ],
)
def test_a_failing_query_keeps_the_editor_and_says_why_in_chinese(api, path, query, status, words):
    shown, text = console(api, path, query, status)
    assert shown.values("role", "section") == ["alert"] and words in text
    assert query.replace("'", "&#39;") in text or query in text  # the query stays in the editor to be mended


def test_uploads_are_off_without_a_key(api):
    shown, _ = console(api, "/pages/upload", None)
    assert shown.values("data-uploads") == ["off"]
