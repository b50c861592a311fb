"""The supervision checklist (督查清单): everything one unit — its internal divisions (科室) counted
as the unit — or the units of one area lead, support or answer for, with deadlines and targets.

A supervision office (督查室) checks a department, or every department of its city, against this
list; it comes as JSON, as a printable page (``/pages/checklist``) and as a 任务分工表 file
(``/checklist.csv``, ``/checklist.xlsx``), all three from :func:`find_checklist`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from fengong.api.deps import PageDep, StoreDep
from fengong.api.errors import ERROR_RESPONSES, ApiError
from fengong.api.models import ChecklistItem, ChecklistPublic, UnitRef, UnitRole
from fengong.api.routes.exports import TABLE_FILE_RESPONSES, TableExtension, table_attachment
from fengong.api.routes.units import one_unit
from fengong.api.shapes import Row, by_task, known_area, task_ref, unit_roles
from fengong.api.store import fetch, fetch_together
from fengong.graph.export.tables import plain_number, task_deadline
from fengong.graph.store import GraphStore
from fengong.ontology.model import ROLE_LABELS, ROLE_STRENGTH

UnitParam = Annotated[str | None, Query(min_length=1, description="the unit's id; its internal divisions (科室) are included")]
AreaParam = Annotated[
    str | None, Query(min_length=1, description="an area's name (柳州市): the units located in it or in an area inside it")
]


@dataclass(frozen=True, slots=True)
class Checklist:
    """The whole checklist of one unit or area (targets filled in by :func:`with_targets`)."""

    subject: str  # the unit's or the area's name
    items: list[ChecklistItem]
    this_year: int

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.deadline is not None and i.deadline < self.this_year)

    @property
    def due_this_year(self) -> int:
        return sum(1 for i in self.items if i.deadline == self.this_year)

    def count(self, role: str) -> int:
        return sum(1 for i in self.items if i.role == role)


def find_checklist(
    store: GraphStore, unit: str | None = None, jurisdiction: str | None = None, *, today: date | None = None
) -> Checklist:
    """The checklist of ``unit`` or of ``jurisdiction`` (exactly one), strongest role first, then plan
    and document order; each task once, however many of the subject's units it names."""
    if (unit is None) == (jurisdiction is None):
        raise ApiError(422, "give one of unit (an id) and jurisdiction (an area's name), not both")
    if unit is not None:
        subject = one_unit(store, unit).name
        rows = fetch(store, "unit-checklist", {"unit": unit})
    else:
        assert jurisdiction is not None
        subject = jurisdiction
        rows = fetch(store, "area-checklist", {"jurisdiction": jurisdiction})
        if not rows:
            known_area(store, jurisdiction)
    items = [item_of(task_rows) for task_rows in _by_task(rows).values()]
    items.sort(key=lambda i: ROLE_STRENGTH.index(i.role))  # stable: plan and document order within a role
    return Checklist(subject, items, (today or date.today()).year)


def _by_task(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for r in rows:  # the query's order: plan, then the task's place in the document
        grouped.setdefault(r["task_id"], []).append(r)
    return grouped


def item_of(rows: list[Row]) -> ChecklistItem:
    """One task's rows (one per unit of the subject it names) as one checklist item, targets to come."""
    first = rows[0]
    duties = sorted(
        {(r["named_id"], r["role"]): UnitRole(unit=UnitRef(id=r["named_id"], name=r["named"]), role=r["role"]) for r in rows}.values(),
        key=lambda d: (ROLE_STRENGTH.index(d.role), d.unit.name, d.unit.id),
    )
    basis: Literal["target", "plan period"] | None = (
        "target" if first["target_deadline"] is not None else "plan period" if first["period_end"] is not None else None
    )
    return ChecklistItem(
        task=task_ref(first),
        role=duties[0].role,
        duties=duties,
        units=unit_roles(first["units"]),
        deadline=task_deadline(first["target_deadline"], first["period_end"]),
        deadline_basis=basis,
        targets=[],
    )


def with_targets(store: GraphStore, items: list[ChecklistItem]) -> list[ChecklistItem]:
    """The items with their targets, read task by task (each read starts at its task)."""
    asks = [("task-targets", {"task": i.task.id}) for i in items]
    targets = by_task([row for rows in fetch_together(store, asks) for row in rows]) if asks else {}
    return [i.model_copy(update={"targets": targets.get(i.task.id, [])}) for i in items]


router = APIRouter(tags=["checklist"], responses=ERROR_RESPONSES)


@router.get("/checklist", response_model=ChecklistPublic, summary="The supervision checklist (督查清单) of a unit or an area")
def checklist(store: StoreDep, page: PageDep, unit: UnitParam = None, jurisdiction: AreaParam = None) -> ChecklistPublic:
    found = find_checklist(store, unit, jurisdiction)
    return ChecklistPublic(
        data=with_targets(store, page.of(found.items)),
        count=len(found.items),
        this_year=found.this_year,
        overdue=found.overdue,
        due_this_year=found.due_this_year,
    )


CHECKLIST_COLUMNS = (
    "序号", "职责", "承担单位", "规划", "编号", "任务", "牵头单位", "配合单位", "责任单位", "目标", "完成时限", "时限依据",
    "任务ID", "方案ID", "落实情况",
)  # fmt: skip
"""The 任务分工表 of a checklist: the ids those of every other export; 落实情况 is left for the checker."""
BASIS_NAMES = {"target": "目标", "plan period": "规划期末"}


def checklist_rows(items: list[ChecklistItem]) -> list[tuple[Any, ...]]:
    def named(i: ChecklistItem, role: str) -> str:
        return "、".join(u.unit.name for u in i.units if u.role == role)

    def target_text(i: ChecklistItem) -> str:
        return "；".join(t.text or f"{t.indicator or ''}{plain_number(t.value) or ''}{t.unit or ''}" for t in i.targets)

    return [
        (
            n, ROLE_LABELS[i.role], "、".join(f"{d.unit.name}（{ROLE_LABELS[d.role]}）" for d in i.duties),
            i.task.plan.title, i.task.key, i.task.title, named(i, "lead"), named(i, "support"), named(i, "responsible"),
            target_text(i), i.deadline, BASIS_NAMES.get(i.deadline_basis or "", ""), i.task.id, i.task.plan.id, "",
        )
        for n, i in enumerate(items, 1)
    ]  # fmt: skip


files = APIRouter(tags=["checklist"], responses=ERROR_RESPONSES)


@files.get(
    "/checklist.{ext}",
    summary="The supervision checklist as a 任务分工表, CSV or XLSX (the parameters of /checklist)",
    response_class=Response,
    responses=TABLE_FILE_RESPONSES,
)
def export_checklist(
    store: StoreDep,
    ext: TableExtension,
    unit: UnitParam = None,
    jurisdiction: AreaParam = None,
) -> Response:
    found = find_checklist(store, unit, jurisdiction)
    rows = checklist_rows(with_targets(store, found.items))
    return table_attachment(ext, "checklist", f"督查清单 {found.subject}", CHECKLIST_COLUMNS, rows)
