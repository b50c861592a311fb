"""Units (单位): search by name, one unit, and the tasks it leads, supports and shares (the flagship)."""

from __future__ import annotations

from itertools import islice, product
from typing import Annotated, Any

from fastapi import APIRouter, Query

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES, ApiError, not_found
from fengong.api.models import (
    CoOwnedTask,
    CoOwnedTasks,
    LedTask,
    LedTasks,
    SupportedTask,
    SupportedTasks,
    TargetBrief,
    UnitDetail,
    UnitPublic,
    UnitRef,
    UnitsPublic,
)
from fengong.api.shapes import Row, by_task, names, task_ref, unit_roles
from fengong.api.store import fetch, fetch_together
from fengong.graph.store import GraphStore
from fengong.loaders.units import name_forms
from fengong.queries import split_words

router = APIRouter(prefix="/units", tags=["units"], responses=ERROR_RESPONSES)


@router.get("", response_model=UnitsPublic, summary="Units by words of their name, one row per jurisdiction")
def search_units(
    store: StoreDep,
    page: PageDep,
    name: Annotated[
        str, Query(min_length=1, description="the name, words of it or a short form: 市财政局, 柳州 财政, 市科技局")
    ],
) -> UnitsPublic:
    rows = find_units(store, name)
    units = [
        UnitPublic(
            id=r["unit_id"],
            name=r["name"],
            kind=r["kind"],
            jurisdiction=r["jurisdiction"],
            parent=r["parent"],
            task_count=r["tasks"],
        )
        for r in rows
    ]
    return UnitsPublic(data=page.of(units), count=len(units))


def find_units(store: GraphStore, name: str) -> list[Row]:
    """Units whose name holds every word, each word as written or as the full name it is short for
    (市科技局 → 市科学技术局, through the alias table the extraction resolves units with); one row per
    unit, shorter names first."""
    words = split_words(name)
    if not words:
        raise ApiError(422, "name: give at least one word of the unit's name")
    forms = [name_forms(word) for word in words][:4]
    found: dict[str, Row] = {}
    # Each way of writing the words out is one search; they are asked together (one round trip on Neo4j).
    asks = [("unit-search", {"name": list(chosen)}) for chosen in islice(product(*forms), 16)]
    for rows in fetch_together(store, asks):
        for row in rows:
            found.setdefault(row["unit_id"], row)
    return sorted(found.values(), key=lambda r: (len(r["name"]), r["name"], r["unit_id"]))


def one_unit(store: GraphStore, unit_id: str) -> UnitDetail:
    """The unit with this id, or a 404."""
    return unit_detail(fetch(store, "unit-detail", {"unit": unit_id}), unit_id)


def unit_detail(rows: list[Row], unit_id: str) -> UnitDetail:
    """The ``unit-detail`` query's row as the unit, or a 404 when there is none."""
    if not rows:
        raise not_found("unit", unit_id)
    r = rows[0]
    parent = UnitRef(id=r["parent_id"], name=r["parent_name"]) if r["parent_id"] else None
    return UnitDetail(
        id=r["unit_id"],
        name=r["name"],
        kind=r["kind"],
        jurisdiction=r["jurisdiction"],
        collective=bool(r["collective"]),
        known=bool(r["known"]),
        parent=parent,
        led=r["led"],
        supported=r["supported"],
        responsible=r["responsible"],
        total=r["total"],
    )


def found_for_unit(store: GraphStore, unit_id: str, query: str) -> list[dict[str, Any]]:
    """The rows of a per-unit query; the unit is looked up (404 when unknown) only when there are none."""
    rows = fetch(store, query, {"unit": unit_id})
    if not rows:
        one_unit(store, unit_id)
    return rows


@router.get("/{unit_id}", response_model=UnitDetail, summary="One unit with its task counts")
def get_unit(store: StoreDep, unit_id: str) -> UnitDetail:
    return one_unit(store, unit_id)


@router.get("/{unit_id}/led-tasks", response_model=LedTasks, summary="Tasks the unit leads (牵头)")
def led_tasks(store: StoreDep, page: PageDep, unit_id: str) -> LedTasks:
    tasks = led_of(found_for_unit(store, unit_id, "tasks-led-by"))
    return LedTasks(data=page.of(tasks), count=len(tasks))


def led_of(rows: list[Row]) -> list[LedTask]:
    return [LedTask(task=task_ref(r), basis=r["basis"], supporters=names(r["supporters"])) for r in rows]


@router.get("/{unit_id}/supported-tasks", response_model=SupportedTasks, summary="Tasks the unit supports (配合)")
def supported_tasks(store: StoreDep, page: PageDep, unit_id: str) -> SupportedTasks:
    tasks = supported_of(found_for_unit(store, unit_id, "tasks-supported-by"))
    return SupportedTasks(data=page.of(tasks), count=len(tasks))


def supported_of(rows: list[Row]) -> list[SupportedTask]:
    return [SupportedTask(task=task_ref(r), basis=r["basis"], leads=names(r["leads"])) for r in rows]


@router.get(
    "/{unit_id}/co-owned-tasks",
    response_model=CoOwnedTasks,
    summary="Tasks the unit shares with at least one other unit (共同承担), with targets",
)
def co_owned_tasks(store: StoreDep, page: PageDep, unit_id: str) -> CoOwnedTasks:
    # The tasks and the targets of the unit's tasks asked together: one round trip on Neo4j.
    unit = {"unit": unit_id}
    everything, target_rows = fetch_together(store, [("co-owned-tasks", unit), ("unit-task-targets", unit)])
    if not everything:
        one_unit(store, unit_id)  # a 404 for a unit that is not there
    return CoOwnedTasks(data=co_owned_of(page.of(everything), by_task(target_rows)), count=len(everything))


def co_owned_of(rows: list[Row], targets: dict[str, list[TargetBrief]]) -> list[CoOwnedTask]:
    return [
        CoOwnedTask(
            task=task_ref(r),
            role=r["role"],
            co_owners=unit_roles(r["co_owners"]),
            targets=targets.get(r["task_id"], []),
        )
        for r in rows
    ]
