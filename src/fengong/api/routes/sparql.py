"""The SPARQL 1.1 Protocol endpoint (查询服务): read-only queries over the graph as RDF (graph/rdf.py).

``GET /sparql?query=…``, ``POST /sparql`` with a form field ``query=…`` or the query itself as an
``application/sparql-query`` body. SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV; CONSTRUCT
and DESCRIBE in Turtle, JSON-LD, N-Triples or RDF/XML; the Accept header chooses (406 when it
names none of them). A malformed query is a 400 with the parser's message.

Updates are a 403: the endpoint is a read-only view of the property graph, so an update request
(an ``update=`` form field, an ``application/sparql-update`` body, or INSERT/DELETE/LOAD … sent as
a query) is understood and refused, rather than malformed (400). Federated queries (SERVICE) are
refused the same way. The view is rebuilt on the first query after an upload changed the graph.

The dataset is one default graph: a request that names a dataset of its own (``default-graph-uri``
or ``named-graph-uri``, in the URL or the form) is a 400, as is a request without a query.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from fengong.api.deps import GraphDep
from fengong.api.errors import ERROR_RESPONSES, ApiError, ErrorResponse
from fengong.api.store import GraphAccess
from fengong.graph.sparql import GRAPH_FORMATS, SOLUTION_FORMATS, negotiate

QUERY_MEDIA_TYPE = "application/sparql-query"
UPDATE_MEDIA_TYPE = "application/sparql-update"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"

_ANSWER_TYPES = {media.split(";")[0] for media in (*SOLUTION_FORMATS.values(), *GRAPH_FORMATS.values())}
RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    200: {
        "description": "SELECT/ASK: SPARQL results (JSON, XML, CSV, TSV); CONSTRUCT/DESCRIBE: RDF (Turtle, JSON-LD …)",
        "content": {
            media: {"schema": {"type": "object"} if media.endswith("json") else {"type": "string"}}
            for media in sorted(_ANSWER_TYPES)
        },
    },
    400: {"model": ErrorResponse, "description": "No query, a malformed one (the parser's message), or one too large to read"},
    403: {"model": ErrorResponse, "description": "An update or a federated (SERVICE) query: the endpoint only reads"},
    406: {"model": ErrorResponse, "description": "The Accept header names no format this kind of answer has"},
    413: {"model": ErrorResponse, "description": "The answer has more rows (or triples) than the server returns"},
    415: {"model": ErrorResponse, "description": "A POST body that is neither a form nor application/sparql-query"},
    503: {"model": ErrorResponse, "description": "Stopped: the query ran past the time limit or needed too much memory"},
}
ACCEPT_DOC = "formats the client takes, e.g. text/csv or text/turtle (default: SPARQL JSON or Turtle)"
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
DATASET_DOC = "not supported: the dataset is the one default graph (a request that names graphs is a 400)"

router = APIRouter(tags=["sparql"], responses=RESPONSES)


def refuse_datasets(names: set[str]) -> None:
    """The SPARQL protocol lets a request describe its dataset; this endpoint has one, so it says so."""
    named = sorted(names & set(DATASET_PARAMETERS))
    if named:
        raise ApiError(400, f"this endpoint has one graph, the default one: {' and '.join(named)} cannot be chosen")


def answer(graph: GraphAccess, text: str, accept: str | None) -> Response:
    """Run ``text`` on the graph's SPARQL view and serialise the answer as the client accepts."""
    if not text.strip():
        raise ApiError(400, "the request has no SPARQL query (give it as query=…)")
    result = graph.sparql().query(text)
    fmt = negotiate(accept, result.kind)
    return Response(result.serialize(fmt), media_type=result.media_type(fmt), headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL 1.1 query (read-only), the query in the URL")
def sparql_get(
    request: Request,
    graph: GraphDep,
    query: Annotated[
        str | None, Query(description="a SPARQL 1.1 query; the prefixes fg:, fgid:, org:, skos: … are predeclared")
    ] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri", description=DATASET_DOC)] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri", description=DATASET_DOC)] = None,
    accept: Annotated[str | None, Header(description=ACCEPT_DOC)] = None,
) -> Response:
    refuse_datasets(set(request.query_params))
    return answer(graph, query or "", accept)


_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            FORM_MEDIA_TYPE: {
                "schema": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}
            },
            QUERY_MEDIA_TYPE: {"schema": {"type": "string"}},
        },
    }
}


@router.post("/sparql", summary="SPARQL 1.1 query (read-only), as a form field or the body", openapi_extra=_POST_BODY)
async def sparql_post(
    request: Request,
    graph: GraphDep,
    accept: Annotated[str | None, Header(description=ACCEPT_DOC)] = None,
) -> Response:
    refuse_datasets(set(request.query_params))
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if media == QUERY_MEDIA_TYPE:
        text = body.decode("utf-8", errors="replace")
    elif media == FORM_MEDIA_TYPE:
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        if "update" in fields:
            raise ApiError(403, "this SPARQL endpoint is read-only: updates are not accepted")
        refuse_datasets(set(fields))
        text = "".join(fields.get("query", [""])[:1])
    elif media == UPDATE_MEDIA_TYPE:
        raise ApiError(403, "this SPARQL endpoint is read-only: updates are not accepted")
    else:
        raise ApiError(415, f"send the query as {FORM_MEDIA_TYPE} (query=…) or as {QUERY_MEDIA_TYPE}, not {media or 'nothing'}")
    return await run_in_threadpool(answer, graph, text, accept)
