"""The read-only Cypher console (只读查询台) over HTTP: a user's own query, refused unless it only reads.

``POST /cypher`` with ``{"query", "parameters"}``. The query runs through :func:`graph.console.run_console`
with the server's time and row limits (``FENGONG_CYPHER_TIMEOUT_S``, ``FENGONG_CYPHER_ROW_LIMIT``).
A write, admin or file/network clause is a 403 that says what was refused; a query stopped for
time or memory a 504; one the engine cannot parse or run a 400.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field

from fengong.api.deps import SettingsDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES, ErrorResponse
from fengong.api.settings import Settings
from fengong.graph.console import run_console
from fengong.graph.store import GraphStore


class CypherRequest(BaseModel):
    query: str = Field(description="one read-only Cypher statement", examples=["MATCH (u:Unit) RETURN u.name AS name LIMIT 5"])
    parameters: dict[str, Any] = Field(default_factory=dict, description="values for the query's $parameters")


class CypherAnswer(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]] = Field(description="one object per row, keyed by column")
    truncated: bool = Field(description="the query had more rows than the server's row limit; these are the first")
    elapsed_ms: float


router = APIRouter(
    tags=["cypher"],
    responses={
        **ERROR_RESPONSES,
        400: {"model": ErrorResponse, "description": "The engine cannot parse or run the query, or it is too large to read"},
        403: {"model": ErrorResponse, "description": "Not a plain read: writes, admin, files, network are refused"},
        504: {"model": ErrorResponse, "description": "Stopped: it ran longer, or needed more memory, than allowed"},
    },
)


@router.post("/cypher", response_model=CypherAnswer, summary="Run a read-only Cypher query (time and row limits)")
def run_cypher(store: StoreDep, settings: SettingsDep, request: CypherRequest) -> CypherAnswer:
    return cypher_answer(store, settings, request.query, request.parameters)


def cypher_answer(store: GraphStore, settings: Settings, query: str, parameters: dict[str, Any]) -> CypherAnswer:
    """A console query run under the server's limits, its values made JSON (bytes as hex); the route and the page's."""
    result = run_console(store, query, parameters, timeout_s=settings.cypher_timeout_s, max_rows=settings.cypher_row_limit)
    rows = jsonable_encoder(result.rows, custom_encoder={bytes: lambda b: b.hex()})
    return CypherAnswer(columns=result.columns, rows=rows, truncated=result.truncated, elapsed_ms=result.elapsed_ms)

