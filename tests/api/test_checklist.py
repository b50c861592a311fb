"""The supervision checklist (督查清单) as JSON and as 任务分工表 files, on each engine; expected values
computed from the extractions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import httpx
import pytest
from support.pagecheck import LIUZHOU, all_tasks, table_file, unit_id

from fengong.api.routes.checklist import CHECKLIST_COLUMNS
from fengong.ontology.model import ROLE_STRENGTH, Assignment, Extraction

SCIENCE_BUREAU = "柳州市科学技术局"  # a bureau whose 科室 the corpus names


def expected(extractions: dict[str, Extraction], counts: Callable[[Assignment], bool]) -> dict[str, tuple[str, int | None]]:
    """Task id → (the strongest role among the assignments that count, its 完成时限)."""
    out: dict[str, tuple[str, int | None]] = {}
    for x in extractions.values():
        for t in x.tasks:
            roles = [a.role for a in t.assignments if counts(a)]
            if roles:
                years = [g.deadline for g in x.targets if g.task == t.id and g.deadline is not None]
                deadline = max(years) if years else x.plan.period[1] if x.plan.period else None
                out[t.id] = (min(roles, key=ROLE_STRENGTH.index), deadline)
    return out


def listed(api: httpx.Client, **params: str) -> dict[str, object]:
    response = api.get("/checklist", params={**params, "limit": 500})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_a_units_checklist_holds_every_task_of_it_and_its_divisions_with_role_and_deadline(api, extractions):
    bureau = unit_id(extractions, SCIENCE_BUREAU)
    want = expected(extractions, lambda a: bureau in (a.unit.id, a.unit.parent))
    assert any(a.unit.parent == bureau for t in all_tasks(extractions) for a in t.assignments)
    body = listed(api, unit=bureau)
    items = body["data"]
    assert isinstance(items, list) and body["count"] == len(items) == len(want)
    assert {i["task"]["id"]: (i["role"], i["deadline"]) for i in items} == want
    roles = [ROLE_STRENGTH.index(i["role"]) for i in items]
    assert roles == sorted(roles)  # lead first, then responsible, then support
    this_year = date.today().year
    assert body["overdue"] == sum(1 for _, y in want.values() if y is not None and y < this_year)
    targets = {g.text for x in extractions.values() for t in x.tasks if t.id in want for g in x.targets if g.task == t.id}
    assert {g["text"] for i in items for g in i["targets"]} == targets


def test_an_areas_checklist_gathers_the_units_located_in_it_or_inside_it(api, extractions):
    inside = {x.plan.jurisdiction.name: x.plan.jurisdiction.parent for x in extractions.values() if x.plan.jurisdiction}
    liuzhou = expected(extractions, lambda a: a.unit.jurisdiction == LIUZHOU)
    assert {i["task"]["id"] for i in listed(api, jurisdiction=LIUZHOU)["data"]} == set(liuzhou)
    province = inside[LIUZHOU]
    assert province is not None
    wide = expected(extractions, lambda a: a.unit.jurisdiction in (province, LIUZHOU))
    assert {i["task"]["id"] for i in listed(api, jurisdiction=province)["data"]} == set(wide) >= set(liuzhou)


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 422), ({"unit": "u-nope"}, 404), ({"jurisdiction": "火星市"}, 404), ({"unit": "u-1", "jurisdiction": "x"}, 422)],
)
def test_a_checklist_needs_one_subject_that_exists(api, params, status):
    assert api.get("/checklist", params=params).status_code == status


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_the_checklist_file_is_the_json_as_a_table(api, extractions, ext):
    bureau = unit_id(extractions, SCIENCE_BUREAU)
    items = listed(api, unit=bureau)["data"]
    assert isinstance(items, list)
    table = table_file(api.get(f"/checklist.{ext}", params={"unit": bureau}), ext)
    assert table and tuple(table[0]) == CHECKLIST_COLUMNS
    assert [r["任务ID"] for r in table] == [i["task"]["id"] for i in items]
    assert [str(r["完成时限"] or "") for r in table] == [str(i["deadline"] or "") for i in items]
    assert [int(r["序号"]) for r in table] == list(range(1, len(items) + 1))
    assert all(not r["落实情况"] for r in table)
