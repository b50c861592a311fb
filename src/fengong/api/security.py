"""Response headers that keep document text from acting in a browser, on every response.

Documents are untrusted input: a task title or unit name can carry markup. Pages escape it and
network views hand it to vis-network as text; these headers are the second line. The
Content-Security-Policy allows scripts only from this server, plus, on the pages that need them
(network views, API docs), inline scripts by their SHA-256 (:func:`html_with_inline_scripts`);
never inline event handlers, ``javascript:`` URLs or ``eval``. Pages may be framed only by this
server's own pages (the plan, unit and network pages embed the views).
"""

from __future__ import annotations

from fastapi.responses import HTMLResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
