"""What endpoints ask for: the store, the settings, a page of a list, an API key for writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Query, Request

from fengong.api.errors import ApiError
from fengong.api.security import key_refusal
from fengong.api.settings import Settings
from fengong.api.store import GraphAccess
from fengong.graph.store import GraphStore

T = TypeVar("T")


def get_graph(request: Request) -> GraphAccess:
    graph: GraphAccess = request.app.state.graph
    return graph


def get_settings(graph: Annotated[GraphAccess, Depends(get_graph)]) -> Settings:
    return graph.settings


def get_store(graph: Annotated[GraphAccess, Depends(get_graph)]) -> GraphStore:
    """The app's store; unreachable is a 503 with the reason."""
    return graph.store()


GraphDep = Annotated[GraphAccess, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]


@dataclass(frozen=True, slots=True)
class Page:
    """Which slice of a list to return: ``limit`` rows from ``offset``."""

    limit: int
    offset: int

    def of(self, rows: list[T]) -> list[T]:
        return rows[self.offset : self.offset + self.limit]


def get_page(
    settings: SettingsDep,
    limit: Annotated[int | None, Query(ge=1, description="rows per page (default and maximum set by the server)")] = None,
    offset: Annotated[int, Query(ge=0, description="rows to skip")] = 0,
) -> Page:
    if limit is not None and limit > settings.max_page_size:
        raise ApiError(422, f"limit: at most {settings.max_page_size} rows per page")
    return Page(limit or settings.default_page_size, offset)


PageDep = Annotated[Page, Depends(get_page)]


def require_api_key(
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(description="the key set in FENGONG_API_KEY")] = None,
) -> None:
    """Writes need the configured key; with none configured they are refused outright.

    :class:`~fengong.api.security.BodyLimits` asks the same before an upload's body is read.
    """
    refusal = key_refusal(settings, x_api_key)
    if refusal is not None:
        raise refusal


ApiKeyDep = Depends(require_api_key)
