"""Network views (分工网络) as routes: interactive pages (vis-network, offline) and static pictures.

The pages come from :mod:`graph.views`, the pictures from :mod:`graph.images`. The co-responsibility
network of a cut (``plan``, ``jurisdiction``, ``role``: the cuts of the exports and of the explorer)
is read through two catalogue queries, its busiest units only — never the whole graph; a plan's page
from that plan's snapshot, a unit's from its neighbourhood's. What was built is kept per graph version
and cut, so a load through the API is seen by the next request.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from fengong.api.cache import cached, prefetch
from fengong.api.deps import GraphDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES
from fengong.api.models import ExplorerNetwork, ExplorerNode
from fengong.api.security import html_with_inline_scripts
from fengong.api.shapes import known_area, one_plan
from fengong.api.store import GraphAccess, fetch_together
from fengong.graph import views
from fengong.graph.layout import spring_positions
from fengong.graph.network import co_responsibility_graph, co_responsibility_of_counts
from fengong.graph.snapshot import Snapshot, read_snapshot, units_within
from fengong.graph.store import GraphStore, LoadResult

router = APIRouter(prefix="/views", tags=["views"], responses=ERROR_RESPONSES)

Role = Literal["lead", "support", "responsible"]
PlanQuery = Annotated[str | None, Query(min_length=1, description="only this plan (id)")]
JurisdictionQuery = Annotated[
    str | None, Query(min_length=1, description="only plans governing this area or one inside it (柳州市)")
]
RoleQuery = Annotated[Role | None, Query(description="only assignments with this role (lead 牵头, support 配合, responsible 责任)")]
# Routes declare response_class=Response, not HTMLResponse: FastAPI documents a route's error
# responses in its response class's media type, and the errors are JSON.
HTML_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {}}, "description": "a self-contained HTML page"}}


def plan_snapshot(graph: GraphAccess, store: GraphStore, plan: str) -> Snapshot:
    """One plan's part of the graph (a superseded version too, asked for by id); an unknown plan is a 404."""
    return cached(graph, "snapshot", plan, lambda: read_snapshot(store, plans=[plan], include_superseded=True))


EXPLORER_UNITS = 5000
PAGE_UNITS = 1000
PICTURE_UNITS = 300
"""The most units the explorer, a network page and a picture draw: the busiest, with the pairs among them;
a larger cut says it was cut. Beyond a few hundred units a picture's labels cover each other."""
NETWORK_PAIRS = 60_000
"""The most pairs read for a drawing (the heaviest)."""


@dataclass(frozen=True, slots=True)
class UnitNetwork:
    """A cut of the co-responsibility network as two catalogue queries read it: units busiest first,
    the pairs among them by index, and whether the cut held more units or pairs than were read."""

    title: str
    units: list[dict[str, Any]]
    pairs: list[tuple[int, int, int]]
    truncated: bool

    def graph(self) -> nx.Graph:
        """As networkx: nodes by unit id with their name and workload, edges weighted by shared tasks."""
        ids = [u["unit_id"] for u in self.units]
        return co_responsibility_of_counts(self.units, ((ids[a], ids[b], w) for a, b, w in self.pairs))

    def full_title(self) -> str:
        """The title, saying so when only the busiest units are drawn."""
        return f"{self.title} · 任务最多的 {len(self.units)} 个单位" if self.truncated else self.title


def unit_network(store: GraphStore, plan: str | None, jurisdiction: str | None, role: str | None, most: int) -> UnitNetwork:
    """The cut's ``most`` busiest units and the pairs among them, read with the cut's filters (never the whole graph)."""
    cut = {"plan": plan, "jurisdiction": jurisdiction, "role": role}
    title = views.view_title("共同责任网络", (one_plan(store, plan).title or plan) if plan else None, jurisdiction, role)
    units, pairs = fetch_together(
        store, [("network-units", {**cut, "limit": most + 1}), ("co-responsibility-pairs", {**cut, "limit": NETWORK_PAIRS})]
    )
    if jurisdiction is not None and not units:
        known_area(store, jurisdiction)
    truncated = len(units) > most or len(pairs) == NETWORK_PAIRS
    units = units[:most]
    index = {u["unit_id"]: i for i, u in enumerate(units)}
    edges = [(index[p["unit_a"]], index[p["unit_b"]], p["weight"]) for p in pairs if p["unit_a"] in index and p["unit_b"] in index]
    return UnitNetwork(title, units, edges, truncated)


def co_responsibility(
    graph: GraphAccess, store: GraphStore, plan: str | None, jurisdiction: str | None, role: Role | None, most: int
) -> UnitNetwork:
    """:func:`unit_network`, kept per graph version and cut."""
    return cached(graph, "network", (plan, jurisdiction, role, most), lambda: unit_network(store, plan, jurisdiction, role, most))


@router.get(
    "/co-responsibility.html",
    response_class=Response,
    responses=HTML_RESPONSE,
    summary="Units linked by the tasks they share (共同责任网络), interactive",
)
def co_responsibility_page(
    graph: GraphDep, store: StoreDep, plan: PlanQuery = None, jurisdiction: JurisdictionQuery = None, role: RoleQuery = None
) -> HTMLResponse:
    network = co_responsibility(graph, store, plan, jurisdiction, role, PAGE_UNITS)
    return html_with_inline_scripts(views.unit_network_page(network.graph(), network.full_title()))


@router.get(
    "/co-responsibility.json",
    response_class=Response,
    responses={200: {"model": ExplorerNetwork, "description": "units placed for drawing, pairs by index"}},
    summary="The co-responsibility network placed for drawing (the network explorer's data)",
)
def co_responsibility_json(
    graph: GraphDep, store: StoreDep, plan: PlanQuery = None, jurisdiction: JurisdictionQuery = None, role: RoleQuery = None
) -> Response:
    return Response(explorer_json(graph, store, plan, jurisdiction, role), media_type="application/json")


def explorer_json(graph: GraphAccess, store: GraphStore, plan: str | None, jurisdiction: str | None, role: str | None) -> bytes:
    """The explorer's data as JSON, kept per graph version and cut."""
    return cached(graph, "explorer", (plan, jurisdiction, role), _explorer_build(store, plan, jurisdiction, role))


def prefetch_explorer(graph: GraphAccess, store: GraphStore, plan: str | None, jurisdiction: str | None, role: str | None) -> None:
    """Start building the explorer's data while the page that will ask for it is on its way."""
    prefetch(graph, "explorer", (plan, jurisdiction, role), _explorer_build(store, plan, jurisdiction, role))


def keep_explorer_warm(graph: GraphAccess) -> Future[None]:
    """Build the whole network's explorer data now and again after every load that changes the
    graph, in the background, so the network page's first visit finds it built (``fengong serve``)."""

    def build() -> bytes:  # the store is opened in the background too (a failure there is the first reader's)
        return _explorer_build(graph.store(), None, None, None)()

    def warm() -> Future[None]:
        return prefetch(graph, "explorer", (None, None, None), build)

    def after_load(_: LoadResult) -> None:
        warm()

    graph.after_load.append(after_load)
    return warm()  # done when the first build is


def _explorer_build(store: GraphStore, plan: str | None, jurisdiction: str | None, role: str | None) -> Callable[[], bytes]:
    return lambda: explorer_network(store, plan, jurisdiction, role).model_dump_json().encode("utf-8")


def explorer_network(store: GraphStore, plan: str | None, jurisdiction: str | None, role: str | None) -> ExplorerNetwork:
    """The busiest units of the cut placed for drawing (:func:`unit_network`)."""
    cut = unit_network(store, plan, jurisdiction, role, EXPLORER_UNITS)
    network = nx.Graph()
    network.add_nodes_from(range(len(cut.units)))
    network.add_weighted_edges_from(cut.pairs)
    place = spring_positions(network)
    return ExplorerNetwork.model_construct(
        title=cut.title,
        nodes=[_explorer_node(u, place[i]) for i, u in enumerate(cut.units)],
        edges=cut.pairs,
        max_weight=max((w for _, _, w in cut.pairs), default=0),
        truncated=cut.truncated,
    )


def _explorer_node(row: dict[str, Any], at: tuple[float, float]) -> ExplorerNode:
    return ExplorerNode.model_construct(
        id=row["unit_id"],
        name=row["name"],
        jurisdiction=row["jurisdiction"],
        kind=row["kind"] or None,
        collective=row["collective"],
        led=row["led"],
        supported=row["supported"],
        responsible=row["responsible"],
        tasks=row["total"],
        x=round(at[0], 3),
        y=round(at[1], 3),
    )


def check_cut(store: GraphStore, plan: str | None, jurisdiction: str | None) -> None:
    """A 404 for an unknown plan or area, read without drawing anything."""
    if plan is not None:
        one_plan(store, plan)
    if jurisdiction is not None:
        known_area(store, jurisdiction)


@router.get(
    "/co-responsibility.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "PNG picture"}},
    summary="The co-responsibility network as a PNG",
)
def co_responsibility_png(
    graph: GraphDep, store: StoreDep, plan: PlanQuery = None, jurisdiction: JurisdictionQuery = None, role: RoleQuery = None
) -> Response:
    network = co_responsibility(graph, store, plan, jurisdiction, role, PICTURE_UNITS)
    from fengong.graph.images import network_png  # deferred: matplotlib is for pictures only, not every start

    return Response(network_png(network.graph(), title=network.full_title()), media_type="image/png")


@router.get(
    "/co-responsibility.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "SVG picture, labels as text"}},
    summary="The co-responsibility network as an SVG",
)
def co_responsibility_svg(
    graph: GraphDep, store: StoreDep, plan: PlanQuery = None, jurisdiction: JurisdictionQuery = None, role: RoleQuery = None
) -> Response:
    network = co_responsibility(graph, store, plan, jurisdiction, role, PICTURE_UNITS)
    from fengong.graph.images import network_svg  # deferred, as for the PNG

    return Response(network_svg(network.graph(), title=network.full_title()), media_type="image/svg+xml")


@router.get(
    "/plans/{plan_id}.html",
    response_class=Response,
    responses=HTML_RESPONSE,
    summary="A plan's tasks and the units named on them (lead solid red, support dashed blue)",
)
def plan_page(graph: GraphDep, store: StoreDep, plan_id: str, role: RoleQuery = None) -> HTMLResponse:
    snapshot = plan_snapshot(graph, store, plan_id)
    return html_with_inline_scripts(views.task_unit_view(snapshot, plan=plan_id, role=role))


@router.get(
    "/units/{unit_id}.html",
    response_class=Response,
    responses=HTML_RESPONSE,
    summary="One unit and the units it shares tasks with (ego network)",
)
def unit_page(
    graph: GraphDep,
    store: StoreDep,
    unit_id: str,
    radius: Annotated[int, Query(ge=1, le=3, description="steps of shared tasks from the unit")] = 1,
) -> HTMLResponse:
    ego = units_within(store, unit_id, radius)  # the unit's neighbourhood, not the whole graph
    snapshot = cached(graph, "snapshot", ("ego", unit_id, radius), lambda: read_snapshot(store, around=ego))
    if unit_id not in co_responsibility_graph(snapshot):  # named on no current task: the unit alone
        (row,) = store.run("MATCH (u:Unit {id: $unit}) RETURN u.name AS name", {"unit": unit_id})
        name = str(row["name"] or unit_id)
        node = {"id": unit_id, "label": name, "shape": "dot", "size": 16, "color": views.EGO_COLOR}
        return html_with_inline_scripts(views.network_page([node], [], f"{name} 的协作网络"))
    return html_with_inline_scripts(views.ego_view(snapshot, unit_id, radius=radius))
