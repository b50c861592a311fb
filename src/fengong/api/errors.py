"""One JSON error shape for every failure: ``{"error": {"status", "code", "message"}}``.

Handlers turn FastAPI's own errors (validation, unknown routes, wrong methods) and
fengong's (:class:`ApiError`, :class:`StoreUnavailableError`) into it, so a client reads one
shape whatever went wrong.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

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


class ApiError(Exception):
    """A failure with its HTTP status and a message for the client."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code or CODES.get(status, "error")


class StoreUnavailableError(ApiError):
    """The graph store cannot be reached (Neo4j down, wrong address or password)."""

    def __init__(self, message: str) -> None:
        super().__init__(503, message)


def not_found(what: str, id_: str) -> ApiError:
    return ApiError(404, f"no {what} with id {id_!r}")


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

    async def api_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, exc.code)

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(422, _validation_message(list(exc.errors())))

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        response = error_response(exc.status_code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
