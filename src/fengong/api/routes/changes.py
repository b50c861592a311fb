"""A plan against another version of it (修订对比): tasks added, removed and changed, units
reassigned, targets moved.

Versions are what a load supersedes by (the same 文号, else the same title in the same area); by
default a plan is compared with the newest version it superseded. Tasks are paired by title first
(a renumbered task is the same task), then by number (a retitled one), then by the most similar
title; targets within a task by indicator.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Annotated

from fastapi import APIRouter, Query

from fengong.api.deps import StoreDep
from fengong.api.errors import ERROR_RESPONSES, ApiError
from fengong.api.models import (
    PlanChanges,
    PlanRef,
    Reassignment,
    TargetBrief,
    TargetMove,
    TaskChange,
    TaskVersion,
    UnitRole,
)
from fengong.api.shapes import Row, by_task, one_plan, unit_roles
from fengong.api.store import fetch, fetch_together
from fengong.graph.store import GraphStore
from fengong.ontology.model import ROLE_STRENGTH

SIMILAR_TITLE = 0.6
"""The least title similarity (difflib's ratio) at which two unpaired tasks are one task reworded."""

router = APIRouter(prefix="/plans", tags=["plans"], responses=ERROR_RESPONSES)


@router.get("/{plan_id}/changes", response_model=PlanChanges, summary="What a plan changed against another version")
def changes_route(
    store: StoreDep,
    plan_id: str,
    against: Annotated[str | None, Query(description="the other version (id); default: the newest it superseded")] = None,
) -> PlanChanges:
    return plan_changes(store, plan_id, against)


def plan_changes(store: GraphStore, plan_id: str, against: str | None = None) -> PlanChanges:
    plan = one_plan(store, plan_id)
    versions = [v for v in fetch(store, "plan-versions", {"plan": plan_id}) if v["plan_id"] != plan_id]
    if against is None:
        older = [v for v in versions if v["superseded"]]
        if not older:
            raise ApiError(404, f"no earlier version of plan {plan_id} is loaded")
        against = older[0]["plan_id"]
    other = one_plan(store, against)
    before, after = (_tasks(store, i) for i in (other.id, plan.id))
    pairs, added, removed = pair_tasks(before, after)
    changed = [c for c in (_change(b, a) for b, a in pairs) if c is not None]
    by_position = {t.id: i for i, t in enumerate(after)}
    tasks = sorted(changed + [_whole("added", t) for t in added], key=lambda c: by_position[c.after.id if c.after else ""])
    return PlanChanges(
        plan=PlanRef(id=plan.id, title=plan.title),
        against=PlanRef(id=other.id, title=other.title),
        versions=[PlanRef(id=v["plan_id"], title=v["plan_title"]) for v in versions],
        added=len(added),
        removed=len(removed),
        changed=len(changed),
        unchanged=len(pairs) - len(changed),
        tasks=tasks + [_whole("removed", t) for t in removed],
    )


class VersionTask:
    """One task of one version: what the comparison looks at."""

    __slots__ = ("id", "key", "targets", "title", "units")

    def __init__(self, row: Row, targets: list[TargetBrief]) -> None:
        self.id: str = row["task_id"]
        self.key: str | None = row["task_key"]
        self.title: str | None = row["task_title"]
        self.units: list[UnitRole] = unit_roles(row["units"])
        self.targets = targets

    @property
    def version(self) -> TaskVersion:
        return TaskVersion(id=self.id, key=self.key, title=self.title)

    @property
    def words(self) -> str:
        return "".join((self.title or "").split())


def _tasks(store: GraphStore, plan_id: str) -> list[VersionTask]:
    outline, target_rows = fetch_together(store, [("plan-outline", {"plan": plan_id}), ("plan-task-targets", {"plan": plan_id})])
    targets = by_task(target_rows)
    return [VersionTask(r, targets.get(r["task_id"], [])) for r in outline]


def pair_tasks(before: list[VersionTask], after: list[VersionTask]) -> tuple[list[tuple[VersionTask, VersionTask]], list[VersionTask], list[VersionTask]]:
    """(pairs, added, removed): by the same title, then the same number, then the most similar title."""
    pairs: list[tuple[VersionTask, VersionTask]] = []
    left, right = list(before), list(after)
    for same in (lambda b, a: b.words == a.words and bool(a.words), lambda b, a: b.key == a.key and a.key is not None):
        for a in list(right):
            b = next((b for b in left if same(b, a)), None)
            if b is not None:
                pairs.append((b, a))
                left.remove(b)
                right.remove(a)
    scored = sorted(
        ((SequenceMatcher(None, b.words, a.words).ratio(), i, j) for i, b in enumerate(left) for j, a in enumerate(right)),
        key=lambda s: -s[0],
    )
    used_b: set[int] = set()
    used_a: set[int] = set()
    for ratio, i, j in scored:
        if ratio >= SIMILAR_TITLE and i not in used_b and j not in used_a:
            pairs.append((left[i], right[j]))
            used_b.add(i)
            used_a.add(j)
    added = [a for j, a in enumerate(right) if j not in used_a]
    removed = [b for i, b in enumerate(left) if i not in used_b]
    return pairs, added, removed


def _strongest(roles: Iterable[UnitRole]) -> dict[str, UnitRole]:
    out: dict[str, UnitRole] = {}
    for r in roles:
        if r.unit.id not in out or ROLE_STRENGTH.index(r.role) < ROLE_STRENGTH.index(out[r.unit.id].role):
            out[r.unit.id] = r
    return out


def _target_key(g: TargetBrief) -> str:
    return g.indicator or g.text or g.id


def _target_facts(g: TargetBrief) -> tuple[object, ...]:
    return (g.value, g.value_max, g.comparator, g.unit, g.deadline)


def _change(b: VersionTask, a: VersionTask) -> TaskChange | None:
    """How task ``b`` became ``a``; None when nothing the comparison looks at changed."""
    old, new = _strongest(b.units), _strongest(a.units)
    old_targets = {_target_key(g): g for g in b.targets}
    new_targets = {_target_key(g): g for g in a.targets}
    change = TaskChange(
        change="changed",
        before=b.version,
        after=a.version,
        retitled=b.words != a.words,
        renumbered=b.key != a.key,
        units_added=[r for u, r in new.items() if u not in old],
        units_removed=[r for u, r in old.items() if u not in new],
        reassigned=[Reassignment(unit=r.unit, before=old[u].role, after=r.role) for u, r in new.items() if u in old and old[u].role != r.role],
        targets_added=[g for k, g in new_targets.items() if k not in old_targets],
        targets_removed=[g for k, g in old_targets.items() if k not in new_targets],
        targets_moved=[
            TargetMove(before=old_targets[k], after=g)
            for k, g in new_targets.items()
            if k in old_targets and _target_facts(old_targets[k]) != _target_facts(g)
        ],
    )  # fmt: skip
    facts = (change.retitled, change.renumbered, change.units_added, change.units_removed, change.reassigned,
             change.targets_added, change.targets_removed, change.targets_moved)  # fmt: skip
    return change if any(facts) else None


def _whole(change: str, t: VersionTask) -> TaskChange:
    """A task only one version has: all its units and targets added (or removed)."""
    added = change == "added"
    return TaskChange(
        change="added" if added else "removed",
        before=None if added else t.version,
        after=t.version if added else None,
        retitled=False,
        renumbered=False,
        units_added=t.units if added else [],
        units_removed=[] if added else t.units,
        reassigned=[],
        targets_added=t.targets if added else [],
        targets_removed=[] if added else t.targets,
        targets_moved=[],
    )
