"""The interactive API docs (/docs, /redoc) served from local files: no CDN, so they work offline.

FastAPI's own pages load Swagger UI and ReDoc from a CDN; the ``fastapi-offline`` package
ships those files, and these routes serve them.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from fengong.api.security import html_with_inline_scripts

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs-assets"


def install_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc for an app created with ``docs_url=None, redoc_url=None``."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return _with_its_scripts(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=f"{app.title} — API",
                swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
                swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
                swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
            )
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _with_its_scripts(
            get_redoc_html(
                openapi_url=openapi_url,
                title=f"{app.title} — API",
                redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
                redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
                with_google_fonts=False,
            )
        )


def _with_its_scripts(page: HTMLResponse) -> HTMLResponse:
    """FastAPI's docs page with a Content-Security-Policy allowing its own inline script."""
    return html_with_inline_scripts(bytes(page.body).decode())
