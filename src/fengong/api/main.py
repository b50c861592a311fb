"""The fengong web service: Cypher-backed resources over the graph store (``create_app``).

A resource is one router; adding one is one line in :data:`ROUTERS` (or
``app.include_router(...)`` on the app ``create_app`` returns).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.trustedhost import TrustedHostMiddleware

import fengong
from fengong.api.docs import install_docs
from fengong.api.errors import error_response, install_error_handlers
from fengong.api.pages import router as pages_router
from fengong.api.routes import (
    changes,
    checklist,
    compare,
    cypher,
    documents,
    exports,
    mechanisms,
    plans,
    policies,
    sparql,
    statistics,
    targets,
    tasks,
    units,
    views,
)
from fengong.api.security import BodyLimits, SecurityHeaders
from fengong.api.settings import Settings, served_hosts
from fengong.api.store import GraphAccess
from fengong.graph.store import GraphStore

ROUTERS: tuple[APIRouter, ...] = (
    exports.router,  # before plans and units: /plans/{id}.ttl is an export, /plans/{id} JSON
    plans.router,
    tasks.router,
    units.router,
    targets.router,
    targets.files,
    checklist.router,
    checklist.files,
    compare.router,
    changes.router,
    mechanisms.router,
    policies.router,
    documents.router,
    sparql.router,
    cypher.router,
    statistics.router,
    views.router,
    pages_router,
)

DESCRIPTION = """Who must do what, by when: plans, tasks, the units that lead (牵头) or support (配合)
them, targets and deadlines, mechanisms and policy lineage, read from Chinese policy documents.

Start with `GET /units?name=市财政局` (one row per jurisdiction's bureau), then
`GET /units/{id}/co-owned-tasks`. Lists take `limit` and `offset`; `count` is the total.
Errors are `{"error": {"status", "code", "message"}}`."""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app for ``settings`` (from the environment when omitted); ``store`` when the caller already opened one.

    ``app.state.graph`` (:class:`api.store.GraphAccess`) holds the store, the graph's
    ``version`` and the ``after_load`` callbacks that run when an upload changes the graph.
    """
    graph = GraphAccess(settings or Settings(), store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            graph.close()

    app = FastAPI(
        title="fengong (分工)",
        version=fengong.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.graph = graph
    app.add_middleware(BodyLimits, settings=graph.settings)  # key and size checked before a body is read
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=served_hosts(graph.settings))
    app.add_middleware(SecurityHeaders)  # CSP, nosniff, framing and referrer rules on every response (outermost)
    install_error_handlers(app)
    install_docs(app)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        return error_response(500, f"internal error ({type(exc).__name__}); the server log has the details")

    for router in ROUTERS:
        app.include_router(router)
    return app
