"""Failures outside any one resource: an unreachable store, the error shape of FastAPI's own errors."""

from __future__ import annotations

import httpx
from support.live import closed_port, live_server

from fengong.api.main import create_app
from fengong.api.settings import Settings


def test_an_unreachable_neo4j_is_503_with_a_clear_message():
    uri = f"bolt://127.0.0.1:{closed_port()}"
    app = create_app(Settings(store="neo4j", neo4j_uri=uri))
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        for path in ("/plans", "/units?name=市财政局", "/units/u-1/co-owned-tasks"):
            response = client.get(path)
            assert response.status_code == 503, response.text
            error = response.json()["error"]
            assert error["code"] == "store_unavailable"
            assert "Neo4j" in error["message"] and uri in error["message"]
        assert client.get("/openapi.json").status_code == 200  # the docs still work without a store


def test_wrong_method_keeps_the_error_shape(embedded_url):
    with httpx.Client(base_url=embedded_url) as client:
        response = client.delete("/plans")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_docs_are_served_without_a_cdn(embedded_url):
    with httpx.Client(base_url=embedded_url) as client:
        page = client.get("/docs").text
        assert "/openapi.json" in page and "cdn" not in page.lower()
        for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
            assert client.get(asset).status_code == 200
        assert "cdn" not in client.get("/redoc").text.lower()


def test_every_kind_of_error_has_its_own_status() -> None:
    """A new kind in fengong.errors must choose its HTTP status in api/errors.py's one table."""
    import inspect

    from fengong import errors
    from fengong.api.errors import STATUS, status_of

    kinds = [k for _, k in inspect.getmembers(errors, inspect.isclass) if issubclass(k, errors.FengongError)]
    assert len(kinds) > 10
    assert sorted(k.__name__ for k in kinds if k not in STATUS) == []
    assert status_of(errors.NotFound("no plan with id p-1")).status == 404
    assert status_of(errors.ConsoleTimeout("stopped")).status == 504
    assert status_of(errors.QueryTimeout("stopped")).status == 503
    unavailable = status_of(errors.StoreInUse("locked"))
    assert (unavailable.status, unavailable.code) == (503, "store_unavailable")
    assert unavailable.message == "the graph store is unavailable: locked"
