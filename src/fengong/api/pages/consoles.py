"""The console pages (查询台): SPARQL and read-only Cypher with an editor and a result table, and
document upload with the API key.

The SPARQL and Cypher pages are plain forms answered on the server, through the same engines and
limits as ``/sparql`` and ``POST /cypher``; a query that fails shows the editor again with the
failure in Chinese and the status it has there. The upload page's script sends the file to
``POST /documents`` with the key in its header, so the key is checked in one place, before the
body is read.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from fengong.api.deps import GraphDep, SettingsDep, StoreDep
from fengong.api.errors import status_of
from fengong.api.pages.common import PAGE_ERRORS, TEMPLATES, OptionalText, PageRoute, blank_as_none
from fengong.api.routes.cypher import cypher_answer
from fengong.errors import FengongError

router = APIRouter(include_in_schema=False, route_class=PageRoute)

SPARQL_EXAMPLES = {
    "柳州市财政局与哪些单位共同承担任务": """SELECT ?partner (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
  ?me a fg:Unit ; fg:name "柳州市财政局"@zh .
  ?a1 fg:unit ?me ; fg:task ?task .
  ?a2 fg:task ?task ; fg:unit ?other .
  ?other fg:name ?partner .
  FILTER (?other != ?me)
}
GROUP BY ?partner
ORDER BY DESC(?tasks)
LIMIT 20""",
    "机制方案中的政策工具（前 20 个）": """SELECT ?mechanism ?label WHERE {
  ?mechanism skos:inScheme fg:mechanisms ; skos:prefLabel ?label .
}
ORDER BY ?label
LIMIT 20""",
}
CYPHER_EXAMPLES = {
    "牵头任务最多的单位": """MATCH (u:Unit)<-[a:ASSIGNED_TO]-(t:Task)
WHERE a.role = 'lead'
RETURN u.name AS unit, count(DISTINCT t.id) AS led
ORDER BY led DESC, unit
LIMIT 10""",
    "2025 年到期的目标": """MATCH (t:Task)-[:SETS_TARGET]->(g:Target)
WHERE g.deadline = 2025
RETURN t.key AS task, g.text AS target, g.value AS value, g.unit AS unit
LIMIT 20""",
}


def console_page(request: Request, template: str, context: dict[str, Any], failure: FengongError | None) -> HTMLResponse:
    """The console with its answer, or with its failure in Chinese and the failure's status."""
    status = 200
    if failure is not None:
        error = status_of(failure)
        status = error.status
        title, sentence = PAGE_ERRORS.get(status, PAGE_ERRORS[500])
        context["failure"] = {"title": title, "sentence": sentence, "message": error.message}
    return TEMPLATES.TemplateResponse(request, template, context, status)


@router.get("/pages/sparql", response_class=HTMLResponse)
def sparql_page(request: Request, graph: GraphDep, query: OptionalText = None) -> HTMLResponse:
    text = blank_as_none(query)
    context: dict[str, Any] = {"title": "SPARQL 查询", "query": text or next(iter(SPARQL_EXAMPLES.values())),
                               "examples": SPARQL_EXAMPLES, "answer": None}  # fmt: skip
    failure = None
    if text is not None:
        try:
            result = graph.sparql().query(text)
            if result.kind == "graph":
                context["answer"] = {"kind": "graph", "text": result.serialize("ttl").decode("utf-8")}
            else:
                body = json.loads(result.serialize("json"))
                rows = [{k: v["value"] for k, v in b.items()} for b in body.get("results", {}).get("bindings", [])]
                context["answer"] = {"kind": result.kind, "columns": body.get("head", {}).get("vars", []), "rows": rows,
                                     "boolean": body.get("boolean")}  # fmt: skip
        except FengongError as error:
            failure = error
    return console_page(request, "sparql.html", context, failure)


@router.get("/pages/cypher", response_class=HTMLResponse)
def cypher_page(request: Request, store: StoreDep, settings: SettingsDep, query: OptionalText = None) -> HTMLResponse:
    text = blank_as_none(query)
    context: dict[str, Any] = {"title": "Cypher 只读查询台", "query": text or next(iter(CYPHER_EXAMPLES.values())),
                               "examples": CYPHER_EXAMPLES, "answer": None}  # fmt: skip
    failure = None
    if text is not None:
        try:
            context["answer"] = cypher_answer(store, settings, text, {})
        except FengongError as error:
            failure = error
    return console_page(request, "cypher.html", context, failure)


@router.get("/pages/upload", response_class=HTMLResponse)
def upload_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    context = {"title": "上传文件", "enabled": settings.api_key is not None, "limit_mb": settings.max_upload_bytes / 1e6}
    return TEMPLATES.TemplateResponse(request, "upload.html", context)
