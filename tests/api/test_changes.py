"""A plan against the version it superseded: an invented document and an invented revision of it,
loaded in turn into a fresh embedded store behind a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support.live import live_server
from support.pagecheck import parse

from fengong.api.main import create_app
from fengong.api.routes.changes import VersionTask, pair_tasks
from fengong.api.settings import Settings
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.rows import rows_of
from fengong.loaders.pipeline import extract_path
from fengong.ontology.model import Extraction

ORIGINAL = Path(__file__).parent / "documents" / "invented_city_plan.txt"
# The revision: (一) a new target figure and roles marked; (二) one unit swapped; (三) dropped; (四) as it was; (五) new.
EDITS = [
    ("新增高新技术企业40家。(责任单位:市科技局、市财政局、市税务局)",
     "新增高新技术企业50家。(牵头单位:市科技局;配合单位:市财政局、市税务局)"),
    ("(责任单位:市科技局、市发展改革委)", "(责任单位:市科技局、市工业和信息化局)"),
    ("(三)引进科技人才。推行揭榜挂帅制度,面向全国引进高层次人才团队10个。(责任单位:市委组织部、市人社局、市财政局)\n", ""),
]  # fmt: skip
ADDED = "(五)加强科技金融服务。推广科技创新券。(责任单位:市财政局、市金融办)\n"


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Extraction, Extraction]:
    text = ORIGINAL.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new)
    revised = tmp_path_factory.mktemp("revision") / "revised.txt"
    revised.write_text(text + ADDED, encoding="utf-8")
    return extract_path(ORIGINAL)[0], extract_path(revised)[0]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, versions: tuple[Extraction, Extraction]) -> Iterator[httpx.Client]:
    db = tmp_path_factory.mktemp("changes") / "graph.lbug"
    store = LadybugStore(db)
    try:
        store.ensure_schema()
        for x in versions:
            store.load(rows_of(x))
    finally:
        store.close()
    with live_server(create_app(Settings(store="embedded", db=db, api_key=None))) as url, httpx.Client(base_url=url) as client:
        yield client


def test_the_revision_says_what_was_added_removed_and_changed(api, versions):
    old, new = versions
    response = api.get(f"/plans/{new.plan.id}/changes")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["against"]["id"] == old.plan.id and [v["id"] for v in body["versions"]] == [old.plan.id]
    assert (body["added"], body["removed"], body["changed"], body["unchanged"]) == (1, 1, 2, 1)
    by_key = {(c["after"] or c["before"])["key"]: c for c in body["tasks"]}
    assert by_key["二/(五)"]["change"] == "added" and by_key["二/(三)"]["change"] == "removed"
    assert roles(by_key["二/(五)"]["units_added"]) == roles_in(new, "二/(五)")
    assert roles(by_key["二/(三)"]["units_removed"]) == roles_in(old, "二/(三)")

    first = by_key["二/(一)"]
    assert [(m["before"]["value"], m["after"]["value"]) for m in first["targets_moved"]] == [(40, 50)]
    before, after = dict(roles_in(old, "二/(一)")), dict(roles_in(new, "二/(一)"))
    assert set(before.values()) == {"responsible"} and "lead" in after.values()
    assert {(r["unit"]["id"], r["before"], r["after"]) for r in first["reassigned"]} == {
        (u, before[u], after[u]) for u in after if u in before and before[u] != after[u]
    }
    assert not first["units_added"] and not first["units_removed"] and not first["retitled"]

    second = by_key["二/(二)"]
    assert not second["retitled"] and not second["reassigned"] and not second["targets_moved"]
    kept = set(dict(roles_in(old, "二/(二)"))) & set(dict(roles_in(new, "二/(二)")))
    assert roles(second["units_removed"]) == {(u, r) for u, r in roles_in(old, "二/(二)") if u not in kept} != set()
    assert roles(second["units_added"]) == {(u, r) for u, r in roles_in(new, "二/(二)") if u not in kept} != set()


def roles(listed: list[dict]) -> set[tuple[str, str]]:
    return {(u["unit"]["id"], u["role"]) for u in listed}


def roles_in(x: Extraction, key: str) -> set[tuple[str, str]]:
    (task,) = (t for t in x.tasks if t.key == key)
    return {(a.unit.id, a.role) for a in task.assignments}


def test_a_plan_without_an_earlier_version_and_an_unknown_plan_are_404(api, versions):
    old, new = versions
    assert api.get(f"/plans/{old.plan.id}/changes").status_code == 404
    assert api.get("/plans/p-nope/changes").status_code == 404
    back = api.get(f"/plans/{old.plan.id}/changes", params={"against": new.plan.id})
    assert back.status_code == 200 and (back.json()["added"], back.json()["removed"]) == (1, 1)


def test_the_changes_page(api, versions):
    _, new = versions
    response = api.get(f"/pages/plans/{new.plan.id}/changes")
    assert response.status_code == 200, response.text[:300]
    shown = parse(response.text)
    assert {e.attrs["data-change"] for e in shown.having("data-change", "tr")} == {"added", "removed", "changed"}
    assert f"/pages/plans/{new.plan.id}/changes" in parse(api.get(f"/pages/plans/{new.plan.id}").text).links()


def task(key: str, title: str) -> VersionTask:
    return VersionTask({"task_id": f"t-{key}-{title}", "task_key": key, "task_title": title, "units": []}, [])


def test_tasks_pair_by_title_then_number_then_a_similar_title():
    before = [task("1", "建设创新平台"), task("2", "培育科技型企业"), task("3", "优化科技创新生态环境"), task("4", "加强统筹协调")]
    after = [
        task("5", "建设创新平台"),  # renumbered
        task("2", "培育高新技术企业和专精特新企业"),  # retitled under its number
        task("6", "持续优化科技创新生态环境"),  # reworded and renumbered
        task("7", "强化考核"),
    ]
    pairs, added, removed = pair_tasks(before, after)
    assert {(b.key, a.key) for b, a in pairs} == {("1", "5"), ("2", "2"), ("3", "6")}
    assert [a.title for a in added] == ["强化考核"] and [b.title for b in removed] == ["加强统筹协调"]
