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
from fengong.api.errors import ERROR_RESPONSES, ApiError, ErrorResponse
from fengong.api.store import failure
from fengong.errors import FengongError
from fengong.graph.console import ConsoleRefused, ConsoleTimeout, run_console
from fengong.graph.query_text import QueryTooLarge

TIMEOUT_STATUS = 504


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
        TIMEOUT_STATUS: {"model": ErrorResponse, "description": "Stopped: it ran longer, or needed more memory, than allowed"},
    },
)


@router.post("/cypher", response_model=CypherAnswer, summary="Run a read-only Cypher query (time and row limits)")
def run_cypher(store: StoreDep, settings: SettingsDep, request: CypherRequest) -> CypherAnswer:
    try:
        result = run_console(
            store,
            request.query,
            request.parameters,
            timeout_s=settings.cypher_timeout_s,
            max_rows=settings.cypher_row_limit,
        )
    except QueryTooLarge as e:
        raise ApiError(400, str(e), "query_too_large") from e
    except ConsoleRefused as e:
        raise ApiError(403, str(e)) from e
    except ConsoleTimeout as e:
        raise ApiError(TIMEOUT_STATUS, str(e), "query_stopped") from e
    except FengongError as e:
        if isinstance(e.__cause__, RuntimeError | type(None)) or _statement_error(e):
            raise ApiError(400, str(e)) from e
        raise failure(e) from e
    rows = jsonable_encoder(result.rows, custom_encoder={bytes: lambda b: b.hex()})
    return CypherAnswer(columns=result.columns, rows=rows, truncated=result.truncated, elapsed_ms=result.elapsed_ms)


def _statement_error(error: FengongError) -> bool:
    """A Neo4j client error about the statement itself (syntax, unknown function, bad parameter type)."""
    code = getattr(error.__cause__, "code", None) or ""
    return code.startswith("Neo.ClientError.")
