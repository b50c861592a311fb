"""任务分工表: the snapshot as one row per task (who leads, who supports, what, by when) and per unit duty."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from fengong.graph.safe_text import csv_cell
from fengong.graph.snapshot import Row, Snapshot

ROLES = ("lead", "support", "responsible")
LIST_SEP, TARGET_SEP = "、", "；"


@dataclass(frozen=True, slots=True)
class TaskLine:
    """One task of the 任务分工表."""

    plan_id: str
    plan_title: str
    task_id: str
    key: str
    title: str
    units: dict[str, tuple[str, ...]]  # role -> unit names, in the order the document lists them
    targets: tuple[str, ...]
    deadline: int | None  # a year


@dataclass(frozen=True, slots=True)
class Duty:
    """One task a unit is named for, in one role."""

    unit_id: str
    role: str
    line: TaskLine


def plans_in_order(snapshot: Snapshot) -> list[Row]:
    """Current plans first, then superseded ones; each group in id order."""
    return sorted(snapshot.nodes.get("Plan", {}).values(), key=lambda p: (bool(p.get("superseded")), p["id"]))


def task_lines(snapshot: Snapshot) -> Iterator[TaskLine]:
    """Every task, plan by plan in document order.

    完成时限 is the latest deadline of the targets the task sets, else the end of the plan period.
    """
    units = snapshot.nodes.get("Unit", {})
    targets = snapshot.nodes.get("Target", {})
    assigned: dict[str, list[Row]] = {}
    for r in snapshot.rels.get("ASSIGNED_TO", []):
        assigned.setdefault(r["source"], []).append(r)
    set_by: dict[str, list[Row]] = {}
    for r in snapshot.rels.get("SETS_TARGET", []):
        if r["target"] in targets:
            set_by.setdefault(r["source"], []).append(targets[r["target"]])
    tasks_of: dict[str, list[Row]] = {}
    for task in snapshot.nodes.get("Task", {}).values():
        tasks_of.setdefault(task["plan"], []).append(task)
    for plan in plans_in_order(snapshot):
        for task in sorted(tasks_of.get(plan["id"], []), key=lambda t: (t.get("span_start") or 0, t.get("key") or "")):
            rows = sorted(assigned.get(task["id"], []), key=lambda r: r.get("position") or 0)
            by_role = {
                role: tuple(dict.fromkeys(units[r["target"]]["name"] for r in rows if r["role"] == role and r["target"] in units))
                for role in ROLES
            }
            goals = sorted(set_by.get(task["id"], []), key=lambda g: g.get("span_start") or 0)
            years = [g["deadline"] for g in goals if g.get("deadline") is not None]
            deadline = task_deadline(max(years) if years else None, plan.get("period_end"))
            yield TaskLine(
                plan["id"], plan.get("title") or "", task["id"], task.get("key") or "",
                task.get("title") or task.get("text") or "", by_role,
                tuple(g.get("text") or "" for g in goals), deadline,
            )  # fmt: skip


def task_deadline(latest_target: float | None, period_end: float | None) -> int | None:
    """A task's 完成时限: the latest deadline of the targets it sets, else the end of the plan period."""
    year = latest_target if latest_target is not None else period_end
    return None if year is None else int(year)


def duties(lines: list[TaskLine], snapshot: Snapshot) -> dict[str, list[Duty]]:
    """Per unit id, the tasks it leads, supports or is responsible for (role order, then table order)."""
    position = {line.task_id: i for i, line in enumerate(lines)}
    by_task = {line.task_id: line for line in lines}
    out: dict[str, list[Duty]] = {}
    for r in snapshot.rels.get("ASSIGNED_TO", []):
        line = by_task.get(r["source"])
        if line is not None and r["role"] in ROLES:
            out.setdefault(r["target"], []).append(Duty(r["target"], r["role"], line))
    for unit_duties in out.values():
        unit_duties.sort(key=lambda d: (ROLES.index(d.role), position[d.line.task_id]))
        unit_duties[:] = list({(d.role, d.line.task_id): d for d in unit_duties}.values())
    return out


TASK_ID, PLAN_ID = "任务ID", "方案ID"
TASK_COLUMNS = ("方案", "序号", "任务", "牵头单位", "配合单位", "责任单位", "目标", "完成时限", TASK_ID, PLAN_ID)
"""The CSV's columns: the ids are those of the JSON API, the graph formats and the IRIs' last segments."""


def task_cells(line: TaskLine) -> tuple[str | int | None, ...]:
    """A task line as the cells after the plan column, up to the deadline (a year), in TASK_COLUMNS order."""
    return (
        line.key,
        line.title,
        *(LIST_SEP.join(line.units[role]) for role in ROLES),
        TARGET_SEP.join(line.targets),
        line.deadline,
    )


def task_table_csv(snapshot: Snapshot) -> bytes:
    """The whole 任务分工表 as CSV (:func:`table_csv`)."""
    rows = [(line.plan_title, *task_cells(line), line.task_id, line.plan_id) for line in task_lines(snapshot)]
    return table_csv(TASK_COLUMNS, rows)


def table_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A table as CSV (UTF-8 with a BOM for Excel); numbers stay numbers, no text cell starts a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v if isinstance(v, int | float) else csv_cell(str(v)) for v in row])
    return out.getvalue().encode("utf-8-sig")


def plain_number(value: float | int | None) -> float | int | None:
    """A whole number as an int (5, not 5.0), as the RDF dumps and SPARQL answers print it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
