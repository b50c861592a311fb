"""The web pages (网页): plans, a task with its source, a unit's task list, the target calendar,
the supervision checklist, comparisons, mechanisms, search, the network explorer.

Plain HTML from Jinja2 templates (``api/templates``), in Chinese, printable. The one page with
scripts is the network explorer (``static/network.js`` over the vendored sigma.js and graphology,
all served from ``/static``; no inline script); the plan and unit pages embed the vis-network views
of ``/views`` in iframes. An unknown plan or unit is a 404 page; every page links to its JSON
resource and, where it is a table, its CSV and XLSX exports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from fengong.api.deps import GraphDep, StoreDep
from fengong.api.errors import ApiError
from fengong.api.pages import data
from fengong.api.pages.common import STATIC, STYLESHEET, OptionalText, PageRoute, blank_as_none, render
from fengong.api.pages.links import Forms, export_forms, plan_forms, segment, table_forms, unit_forms, with_query
from fengong.api.routes.changes import plan_changes
from fengong.api.routes.checklist import find_checklist, with_targets
from fengong.api.routes.compare import compare
from fengong.api.routes.units import find_units
from fengong.api.routes.views import check_cut, prefetch_explorer
from fengong.api.store import fetch
from fengong.data import BUNDLED_FONT
from fengong.errors import NotFound
from fengong.graph.network import ROLES
from fengong.loaders.vocabulary import unit_kind_labels
from fengong.ontology.model import COMPARATORS

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/static/fengong.css")
def stylesheet() -> FileResponse:
    return FileResponse(STYLESHEET, media_type="text/css")


@router.get("/static/{name}.js")
def script(name: str) -> FileResponse:
    """The pages' own scripts (``static/*.js``)."""
    return FileResponse(_static_file(STATIC, name + ".js"), media_type="text/javascript")


@router.get("/static/vendor/{name}")
def vendored(name: str) -> FileResponse:
    """The vendored libraries (``static/vendor``: file names carry their version, so they are cached)."""
    headers = {"Cache-Control": "public, max-age=31536000, immutable"}
    media = "text/javascript" if name.endswith(".js") else "text/plain; charset=utf-8"
    return FileResponse(_static_file(STATIC / "vendor", name), media_type=media, headers=headers)


def _static_file(folder: Path, name: str) -> Path:
    """A file directly inside ``folder``, or a 404 (no other path is reachable)."""
    found = {p.name: p for p in folder.iterdir() if p.is_file()}.get(name)
    if found is None:
        raise NotFound(f"no static file {name}")
    return found


@router.get("/static/fonts/cjk.otf")
def cjk_font() -> FileResponse:
    """The bundled CJK font: the stylesheet's last choice, fetched only by a browser that has none of its own."""
    return FileResponse(BUNDLED_FONT, media_type="font/otf", headers={"Cache-Control": "public, max-age=604800"})


@router.get("/", response_class=HTMLResponse)
def home_page(request: Request, store: StoreDep, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    def build() -> dict[str, Any]:
        return {"title": "首页", "home": data.home(store, offset), "forms": export_forms("/plans"), "offset": offset,
                "page_size": data.PAGE_SIZE}  # fmt: skip

    return render(request, "home.html", build)


@router.get("/pages/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, store: StoreDep, plan_id: str) -> HTMLResponse:
    def build() -> dict[str, Any]:
        page = data.plan_page(store, plan_id)
        title = page.outline.plan.title or plan_id
        view = f"/views/plans/{segment(plan_id)}.html"
        versions = [v for v in fetch(store, "plan-versions", {"plan": plan_id}) if v["plan_id"] != plan_id]
        return {"title": title, "page": page, "plan": page.outline.plan, "forms": plan_forms(plan_id), "view": view,
                "versions": versions}  # fmt: skip

    return render(request, "plan.html", build)


@router.get("/pages/plans/{plan_id}/changes", response_class=HTMLResponse)
def changes_page(request: Request, store: StoreDep, plan_id: str, against: OptionalText = None) -> HTMLResponse:
    """修订对比: what a plan changed against the version it superseded (or ``against``)."""

    def build() -> dict[str, Any]:
        found = plan_changes(store, plan_id, blank_as_none(against))
        forms = Forms(with_query(f"/plans/{segment(plan_id)}/changes", against=blank_as_none(against)), {})
        return {"title": f"修订对比：{found.plan.title or plan_id}", "changes": found, "forms": forms}

    return render(request, "changes.html", build)


@router.get("/pages/plans/{plan_id}/text", response_class=HTMLResponse)
def document_page(request: Request, store: StoreDep, plan_id: str) -> HTMLResponse:
    def build() -> dict[str, Any]:
        page = data.document_page(store, plan_id)
        forms = Forms(f"/plans/{segment(plan_id)}", {})
        return {"title": f"原文：{page.title or plan_id}", "page": page, "forms": forms, "labels": data.FACT_LABEL}

    return render(request, "document.html", build)


@router.get("/pages/tasks/{task_id}", response_class=HTMLResponse)
def task_page(request: Request, store: StoreDep, task_id: str) -> HTMLResponse:
    def build() -> dict[str, Any]:
        page = data.task_page(store, task_id)
        title = " ".join(filter(None, [page.task.key, page.task.title])) or task_id
        forms = Forms(f"/tasks/{segment(task_id)}", {})
        return {"title": title, "page": page, "task": page.task, "forms": forms, "basis": data.BASIS_LABEL}

    return render(request, "task.html", build)


@router.get("/pages/workload", response_class=HTMLResponse)
def workload_page(
    request: Request,
    store: StoreDep,
    plan: OptionalText = None,
    jurisdiction: OptionalText = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    chosen = {"plan": blank_as_none(plan), "jurisdiction": blank_as_none(jurisdiction)}

    def build() -> dict[str, Any]:
        plans = data.current_plans(store)
        if chosen["plan"] is not None and chosen["plan"] not in {p.id for p in plans}:
            raise NotFound(f"no current plan with id {chosen['plan']}")
        page = data.workload_page(store, chosen["plan"], chosen["jurisdiction"], offset)
        return {
            "title": "工作量与集中度",
            "page": page,
            "plans": plans,
            "jurisdictions": data.jurisdiction_names(plans),
            "chosen": chosen,
            "offset": offset,
            "page_size": data.PAGE_SIZE,
            "forms": Forms(with_query("/statistics/workload", **chosen), {}),
        }

    return render(request, "workload.html", build)


@router.get("/pages/units", response_class=HTMLResponse)
def unit_index_page(request: Request, store: StoreDep, jurisdiction: OptionalText = None) -> HTMLResponse:
    area = blank_as_none(jurisdiction)

    def build() -> dict[str, Any]:
        index = data.unit_index(store, area)
        return {
            "title": f"单位索引 · {area}" if area else "单位索引",
            "index": index,
            "kind_labels": unit_kind_labels(),
            "no_area": data.NO_JURISDICTION,
        }

    return render(request, "units.html", build)


@router.get("/pages/units/{unit_id}", response_class=HTMLResponse)
def unit_page(request: Request, store: StoreDep, unit_id: str) -> HTMLResponse:
    def build() -> dict[str, Any]:
        page = data.unit_page(store, unit_id)
        view = f"/views/units/{segment(unit_id)}.html"
        return {"title": f"{page.unit.name} 任务清单", "page": page, "forms": unit_forms(unit_id), "view": view}

    return render(request, "unit.html", build)


@router.get("/pages/targets", response_class=HTMLResponse)
def targets_page(
    request: Request,
    store: StoreDep,
    jurisdiction: OptionalText = None,
    due_by: OptionalText = None,
    plan: OptionalText = None,
    unit: OptionalText = None,
    comparator: OptionalText = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    area = blank_as_none(jurisdiction)
    year = blank_as_none(due_by)
    if year is not None and not (year.isdigit() and 1900 <= int(year) <= 2200):
        raise ApiError(422, "due_by: a year, such as 2025")
    chosen = {"jurisdiction": area, "plan": blank_as_none(plan), "unit": blank_as_none(unit),
              "comparator": blank_as_none(comparator)}  # fmt: skip
    if chosen["comparator"] is not None and chosen["comparator"] not in COMPARATORS:
        raise ApiError(422, f"comparator: one of {' '.join(COMPARATORS)}")

    def build() -> dict[str, Any]:
        calendar = data.target_calendar(
            store, area, due_by=int(year) if year else None, plan=chosen["plan"], unit=chosen["unit"],
            comparator=chosen["comparator"], offset=offset,
        )  # fmt: skip
        plans = data.current_plans(store)
        query = {"deadline_to": year, **chosen}
        return {
            "title": f"目标日历 · {area}" if area else "目标日历",
            "calendar": calendar,
            "jurisdiction": area,
            "jurisdictions": data.jurisdiction_names(plans),
            "plans": plans,
            "chosen": {**chosen, "due_by": year},
            "chosen_filters": chosen,
            "comparators": COMPARATORS,
            "offset": offset,
            "page_size": data.CALENDAR_PAGE,
            "forms": table_forms("/targets", **query),
        }

    return render(request, "targets.html", build)


@router.get("/pages/checklist", response_class=HTMLResponse)
def checklist_page(
    request: Request,
    store: StoreDep,
    unit: OptionalText = None,
    jurisdiction: OptionalText = None,
    name: OptionalText = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """督查清单: a unit's or an area's; without either, a unit found by ``name`` (市科技局) or a choice."""
    chosen = {"unit": blank_as_none(unit), "jurisdiction": blank_as_none(jurisdiction)}
    words = blank_as_none(name)

    def build() -> dict[str, Any]:
        areas = data.checklist_areas(store)
        candidates = find_units(store, words) if words and chosen["unit"] is None else []
        if len(candidates) == 1:
            chosen["unit"] = candidates[0]["unit_id"]
        if chosen["unit"] is None and chosen["jurisdiction"] is None:
            return {"title": "督查清单", "areas": areas, "name": words, "candidates": candidates, "checklist": None}
        found = find_checklist(store, chosen["unit"], None if chosen["unit"] else chosen["jurisdiction"])
        shown = with_targets(store, found.items[offset : offset + data.CALENDAR_PAGE])
        query = {k: v for k, v in chosen.items() if k == "unit" or chosen["unit"] is None}
        return {
            "title": f"督查清单 · {found.subject}",
            "areas": areas,
            "checklist": found,
            "shown": shown,
            "chosen": query,
            "offset": offset,
            "page_size": data.CALENDAR_PAGE,
            "forms": table_forms("/checklist", **query),
        }

    return render(request, "checklist.html", build)


def two(chosen: list[str], options: list[str]) -> list[str | None]:
    """What the two selects of a side show: the chosen values, else the first options."""
    return [*chosen, *(o for o in options if o not in chosen), None, None][:2]


@router.get("/pages/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    store: StoreDep,
    plan: Annotated[list[str] | None, Query()] = None,
    jurisdiction: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """比较: two plans or two areas side by side; with neither, the two forms that choose them."""
    plans_chosen = [p for p in plan or [] if p]
    areas_chosen = [a for a in jurisdiction or [] if a]

    def build() -> dict[str, Any]:
        plans = data.current_plans(store)
        areas = data.jurisdiction_names(plans)
        asked = bool(plans_chosen or areas_chosen)
        comparison = compare(store, plans_chosen, areas_chosen) if asked else None
        query = urlencode([("plan", p) for p in plans_chosen] + [("jurisdiction", a) for a in areas_chosen])
        return {
            "title": f"比较 · {comparison.a.label} 与 {comparison.b.label}" if comparison else "比较",
            "comparison": comparison,
            "plan_options": [(p.id, p.title or p.id) for p in plans],
            "area_options": [(a, a) for a in areas],
            "chosen_plans": two(plans_chosen, [p.id for p in plans]),
            "chosen_areas": two(areas_chosen, areas),
            "forms": Forms(f"/compare?{query}", {}) if comparison else None,
        }

    return render(request, "compare.html", build)


@router.get("/pages/mechanisms", response_class=HTMLResponse)
def mechanisms_page(
    request: Request, store: StoreDep, name: OptionalText = None, offset: Annotated[int, Query(ge=0)] = 0
) -> HTMLResponse:
    words = blank_as_none(name)

    def build() -> dict[str, Any]:
        return {
            "title": "政策机制", "mechanisms": data.mechanism_usage(store, offset, words),
            "forms": export_forms(with_query("/mechanisms", name=words)), "name": words, "chosen": {"name": words} if words else {},
            "offset": offset, "page_size": data.PAGE_SIZE, "plans_shown": data.MECHANISM_PLANS,
        }  # fmt: skip

    return render(request, "mechanisms.html", build)


@router.get("/pages/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: OptionalText = None) -> HTMLResponse:
    words = blank_as_none(q)

    def build() -> dict[str, Any]:
        results = data.search(store, words) if words else None
        forms = Forms(with_query("/tasks", q=words), {}) if words else None
        units_json = with_query("/units", name=words) if words else None
        return {"title": f"搜索：{words}" if words else "搜索", "q": words, "results": results, "forms": forms,
                "units_json": units_json}

    return render(request, "search.html", build)


@router.get("/pages/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    graph: GraphDep,
    store: StoreDep,
    plan: OptionalText = None,
    jurisdiction: OptionalText = None,
    role: OptionalText = None,
) -> HTMLResponse:
    chosen = {"plan": blank_as_none(plan), "jurisdiction": blank_as_none(jurisdiction), "role": blank_as_none(role)}
    if chosen["role"] is not None and chosen["role"] not in ROLES:
        raise ApiError(422, f"role: choose one of {', '.join(ROLES)}")

    def build() -> dict[str, Any]:
        check_cut(store, chosen["plan"], chosen["jurisdiction"])  # an unknown plan or area: 404
        prefetch_explorer(graph, store, chosen["plan"], chosen["jurisdiction"], chosen["role"])
        plans = data.current_plans(store)
        slice_ = {"plan": chosen["plan"], "jurisdiction": chosen["jurisdiction"]}
        return {
            "title": "共同责任网络",
            "plans": plans,
            "jurisdictions": data.jurisdiction_names(plans),
            "roles": ROLES,
            "chosen": chosen,
            "source": with_query("/views/co-responsibility.json", **chosen),
            "view": with_query("/views/co-responsibility.html", **chosen),
            "pictures": {ext: with_query(f"/views/co-responsibility.{ext}", **chosen) for ext in ("png", "svg")},
            "forms": export_forms(with_query("/export.json", **slice_), **slice_),
        }

    return render(request, "network.html", build)
