"""What keeps the service safe to expose: response headers, and request bodies refused before they are read.

Headers: document text must never act in a browser.

Documents are untrusted input: a task title or unit name can carry markup. Pages escape it and
network views hand it to vis-network as text; these headers are the second line. The
Content-Security-Policy allows scripts only from this server, plus, on the pages that need them
(network views, API docs), inline scripts by their SHA-256 (:func:`html_with_inline_scripts`);
never inline event handlers, ``javascript:`` URLs or ``eval``. Pages may be framed only by this
server's own pages (the plan, unit and network pages embed the views).

Bodies: a request that may not write (no or wrong API key on an upload) or whose body is larger
than its route takes is answered before one byte of the body is read — from ``Content-Length``
when the client sends it, by counting as the body streams when it does not.
"""

from __future__ import annotations

import hmac

from fastapi.responses import HTMLResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fengong.api.errors import ApiError, error_response
from fengong.api.settings import Settings
from fengong.graph.views import inline_script_hashes

_POLICY = (
    "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
CONTENT_SECURITY_POLICY = _POLICY.format(scripts="'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def html_with_inline_scripts(page: str, status_code: int = 200) -> HTMLResponse:
    """An HTML response whose policy allows exactly the inline scripts ``page`` was built with.

    Only for pages whose scripts are the server's own and whose data cannot form a ``<script>``
    element (JSON with ``<`` escaped, text through ``html.escape``): a hash allows whatever the
    script says.
    """
    scripts = " ".join(["'self'", *inline_script_hashes(page)])
    policy = _POLICY.format(scripts=scripts)
    return HTMLResponse(page, status_code=status_code, headers={"Content-Security-Policy": policy})


class SecurityHeaders:
    """ASGI middleware: :data:`SECURITY_HEADERS` on every HTTP response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


UPLOAD_PATH = "/documents"
MULTIPART_SLACK = 64 * 1024  # the multipart framing around an uploaded file
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def key_refusal(settings: Settings, given: str | None) -> ApiError | None:
    """Why a write with key ``given`` is refused (None: it is not); keys compared in constant time."""
    if settings.api_key is None or not settings.api_key.get_secret_value():
        return ApiError(403, "uploads are disabled: no API key is configured (set FENGONG_API_KEY and restart)")
    if given is None:
        return ApiError(401, "this needs an API key in the X-API-Key header")
    if not hmac.compare_digest(given.encode(), settings.api_key.get_secret_value().encode()):
        return ApiError(403, "the API key in X-API-Key is not valid")
    return None


class _BodyTooLargeError(Exception):
    pass


class BodyLimits:
    """ASGI middleware: uploads checked for their key, and every body for its size, before it is read.

    An upload may carry ``max_upload_bytes`` (plus its multipart framing); any other body
    ``max_request_bytes`` (queries, forms, JSON).
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        upload = scope["path"].rstrip("/") == UPLOAD_PATH
        if upload:
            refusal = key_refusal(self.settings, headers.get("x-api-key"))
            if refusal is not None:
                await error_response(refusal.status, refusal.message, refusal.code)(scope, receive, send)
                return
            limit = self.settings.max_upload_bytes + MULTIPART_SLACK
            too_large = f"file too large: the limit is {self.settings.max_upload_bytes} bytes"  # the route's own words
        else:
            limit = self.settings.max_request_bytes
            too_large = f"the request body is larger than this server takes here ({limit:,} bytes)"
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await error_response(413, too_large)(scope, receive, send)
            return
        seen, started = 0, False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLargeError:
            if started:
                raise
            await error_response(413, too_large)(scope, receive, send)
