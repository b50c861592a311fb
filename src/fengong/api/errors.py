"""One JSON error shape for every failure: ``{"error": {"status", "code", "message"}}``.

Handlers turn FastAPI's own errors (validation, unknown routes, wrong methods) and fengong's
into it, so a client reads one shape whatever went wrong. :data:`STATUS` is the one place
where a kind of :class:`~fengong.errors.FengongError` becomes an HTTP status: routes let the
errors of the layers below pass and raise :class:`ApiError` only for what HTTP alone knows
(a missing body, a wrong media type, an API key).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from fengong.errors import (
    BadInput,
    ConsoleTimeout,
    DocumentEmpty,
    DocumentTooLarge,
    FengongError,
    NotAcceptable,
    NotFound,
    QueryInvalid,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    StoreFailed,
    StoreInUse,
    StoreUnavailable,
    TooManyRows,
    UnreadableDocument,
    UnsupportedDocument,
)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_parameters",
    500: "internal_error",
    503: "store_unavailable",
}


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    """What every 4xx and 5xx answer carries."""

    error: ErrorBody


class ApiError(FengongError):
    """A failure only HTTP knows of, with its status and a message for the client."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code or CODES.get(status, "error")


# Each kind of error, its status, code and the words put before its message. Every kind is
# listed (a test checks); one raised from elsewhere takes its nearest listed base class's.
STATUS: dict[type[FengongError], tuple[int, str, str]] = {
    FengongError: (500, "internal_error", ""),
    BadInput: (422, "invalid_parameters", ""),
    NotFound: (404, "not_found", ""),
    DocumentEmpty: (400, "bad_request", ""),
    DocumentTooLarge: (413, "too_large", ""),
    UnsupportedDocument: (415, "unsupported_media_type", ""),
    UnreadableDocument: (422, "invalid_parameters", ""),
    QueryInvalid: (400, "bad_request", ""),
    QueryTooLarge: (400, "query_too_large", ""),
    QueryRefused: (403, "forbidden", ""),
    QueryTimeout: (503, "query_stopped", ""),
    ConsoleTimeout: (504, "query_stopped", ""),
    TooManyRows: (413, "too_many_rows", ""),
    NotAcceptable: (406, "not_acceptable", ""),
    StoreUnavailable: (503, "store_unavailable", "the graph store is unavailable: "),
    StoreInUse: (503, "store_unavailable", "the graph store is unavailable: "),
    StoreFailed: (500, "internal_error", "the graph store failed to answer: "),
}


def status_of(error: FengongError) -> ApiError:
    """``error`` as the client sees it: its kind's status and code, its message."""
    if isinstance(error, ApiError):
        return error
    kind = next(k for k in type(error).__mro__ if k in STATUS)
    status, code, lead = STATUS[kind]
    return ApiError(status, lead + str(error), code)


def not_found(what: str, id_: str) -> NotFound:
    return NotFound(f"no {what} with id {id_!r}")


def error_response(status: int, message: str, code: str | None = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(status=status, code=code or CODES.get(status, "error"), message=message))
    return JSONResponse(body.model_dump(), status_code=status)


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


# Documented on every route, so a client (and schemathesis) knows the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in ((404, "Unknown id"), (422, "Bad parameters"), (503, "Graph store unreachable"))
}


# The same for routes whose success is not JSON (HTML pages, file downloads): with ``model``
# FastAPI would document the error under the route's own media type, but errors are JSON.
NON_JSON_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": spec["description"],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    for status, spec in ERROR_RESPONSES.items()
}


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through :func:`error_response`."""

    async def fengong_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, FengongError)
        error = status_of(exc)
        return error_response(error.status, error.message, error.code)

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(422, _validation_message(list(exc.errors())))

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        response = error_response(exc.status_code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    app.add_exception_handler(FengongError, fengong_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
