"""The stored-query catalogue: complete headers, typed parameters, and every query run on the embedded engine."""

import re
from pathlib import Path

import pytest
from support.corpus import CORPUS

from fengong.errors import FengongError
from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.rows import rows_of
from fengong.loaders.pipeline import extract_path
from fengong.queries import QUERY_DIR, TYPES, catalogue, get_query, in_document_order, parse_query, run_query

REPO = Path(__file__).resolve().parents[2]
PARAMETER_USE = re.compile(r"\$([A-Za-z_]\w*)")
BUREAUS = ("柳州市财政局", "广元市财政局")


@pytest.fixture(scope="module")
def extractions():
    return {p.stem: extract_path(p)[0] for p in CORPUS}


@pytest.fixture(scope="module")
def store(tmp_path_factory, extractions):
    """The bundled corpus, loaded once into a fresh embedded store."""
    graph = LadybugStore(tmp_path_factory.mktemp("catalogue") / "graph.lbug")
    graph.ensure_schema()
    for x in extractions.values():
        graph.load(rows_of(x))
    yield graph
    graph.close()


def unit_id(extractions, name: str) -> str:
    (found,) = {a.unit.id for x in extractions.values() for t in x.tasks for a in t.assignments if a.unit.name == name}
    return found


def co_owned_in_python(extractions, unit: str) -> dict[str, dict]:
    """Tasks where ``unit`` has an assignment and some other unit has one too, computed from the extractions."""
    out = {}
    for x in extractions.values():
        for t in x.tasks:
            mine = [a for a in t.assignments if a.unit.id == unit]
            others = [a for a in t.assignments if a.unit.id != unit]
            if mine and others:
                out[t.id] = {
                    "plan": x.plan.id,
                    "key": t.key,
                    "roles": {a.role for a in mine},
                    "co_owners": {(a.unit.id, a.role) for a in others},
                    "targets": {(g.text, g.deadline) for g in x.targets if g.task == t.id},
                }
    return out


@pytest.fixture(scope="module")
def samples(store, extractions) -> dict[str, dict]:
    """Parameters for every query that find something in the corpus."""
    leader = run_query(store, "unit-workload", {"limit": 200})
    lead_unit = next(r["unit_id"] for r in leader if r["led"] > 0)
    support_unit = next(r["unit_id"] for r in leader if r["supported"] > 0)
    finance = unit_id(extractions, BUREAUS[0])
    task = next(t.id for x in extractions.values() for t in x.tasks if len(t.assignments) > 1)
    plan = next(x.plan.id for x in extractions.values() if x.tasks)
    return {
        "co-owned-tasks": {"unit": finance},
        "unit-task-targets": {"unit": finance},
        "task-targets": {"task": next(g.task for x in extractions.values() for g in x.targets if g.task)},
        "plan-task-targets": {"plan": next(x.plan.id for x in extractions.values() if x.targets)},
        "tasks-led-by": {"unit": lead_unit},
        "tasks-supported-by": {"unit": support_unit},
        "units-of-task": {"task": task},
        "unit-workload": {"jurisdiction": "广西壮族自治区", "limit": "5"},
        "co-responsibility-pairs": {"plan": plan},
        "targets": {"deadline": "2025", "unit": finance},
        "mechanisms": {},
        "plan-outline": {"plan": plan},
        "policy-lineage": {},
        "plans": {"include_superseded": "true"},
        "plan-sections": {"plan": plan},
        "task-detail": {"task": task},
        "document-text": {"plan": plan},
        "document-facts": {"plan": plan},
        "unit-jurisdictions": {},
        "bureau-workload": {"jurisdiction": "柳州市"},
        "task-count": {"plan": plan},
        "units-in-jurisdiction": {"jurisdiction": "柳州市"},
        "unit-detail": {"unit": finance},
        "unit-checklist": {"unit": finance},
        "plan-versions": {"plan": plan},
        "network-units": {"jurisdiction": "柳州市", "role": "lead"},
        "jurisdiction": {"name": "柳州市"},
        "area-checklist": {"jurisdiction": "柳州市"},
        "mechanism-usage": {"mechanism": next(m.concept for x in extractions.values() for m in x.mechanisms)},
        "search-tasks": {"words": "科技 企业"},
        "search-plans": {"words": "实施 方案"},
        "unit-search": {"name": "财政局"},
    }


# --- the files and their headers ---------------------------------------------------------------------------------


def test_every_file_has_a_complete_header():
    files = [p for p in sorted(QUERY_DIR.glob("*.cypher")) if "." not in p.stem]
    assert len(files) >= 12
    for path in files:
        q = parse_query(path.read_text(encoding="utf-8"), path)
        assert q.name == path.stem
        assert len(q.description) > 20 and q.returns and q.text.startswith(("MATCH", "OPTIONAL", "UNWIND", "WITH"))
        assert all(p.type in TYPES and p.meaning for p in q.parameters), path.name
        used = set(PARAMETER_USE.findall(q.text))
        assert used == {p.name for p in q.parameters}, f"{path.name}: declared and used parameters differ"


def test_variants_sit_beside_a_query_and_say_why():
    names = catalogue().keys()
    for path in QUERY_DIR.glob("*.*.cypher"):
        stem, backend = path.stem.split(".")
        assert stem in names and backend in {"embedded", "neo4j"}
        assert path.read_text(encoding="utf-8").lstrip().startswith("//"), f"{path.name} must say why it differs"


def test_catalogue_avoids_constructs_one_engine_lacks():
    """Map projection, list comprehension, labels()/type(), multi-label patterns (engines.md)."""
    banned = re.compile(r"\w\{\.|\[\s*\w+\s+IN\s+[^\]]*\|| labels\(|\btype\(|\(\w*:\w+:\w+|\bCALL\s*\{|\bsplit\(")
    for q in catalogue().values():
        assert not banned.search(q.text), q.name


def test_a_query_starting_at_one_node_declares_its_anchor():
    """The first MATCH finding a node by a parameter's id is what ``anchor`` says (the embedded engine's one thread)."""
    for q in catalogue().values():
        first = q.text.splitlines()[0]
        starts = re.search(r"^MATCH .*\{id: \$(\w+)\}", first)
        assert q.anchor == (starts[1] if starts else None), q.name


def test_anchor_problems_are_errors():
    head = "// name: x\n// description: y\n// parameters: unit (str) — id\n// returns: id\n"
    assert parse_query(head + "// anchor: unit\nMATCH (u:Unit {id: $unit}) RETURN u.id AS id").anchor == "unit"
    with pytest.raises(FengongError, match="anchor 'plan'"):
        parse_query(head + "// anchor: plan\nMATCH (u:Unit {id: $unit}) RETURN u.id AS id")
    with pytest.raises(FengongError, match="anchor 'unit'"):
        parse_query(head + "// anchor: unit\nMATCH (u:Unit) WHERE u.name = $unit RETURN u.id AS id")


def test_header_problems_are_errors():
    with pytest.raises(FengongError, match="returns"):
        parse_query("// name: x\n// description: y\n// parameters: none\nMATCH (n) RETURN n.id AS id")
    with pytest.raises(FengongError, match="parameter"):
        parse_query("// name: x\n// description: y\n// parameters: code — no type\n// returns: id\nRETURN 1 AS id")


def test_parameters_are_checked_and_typed():
    targets = get_query("targets")
    bound = targets.bind({"deadline": "2027", "indicator": "机架"})
    assert bound == {"deadline": 2027, "indicator": "机架", "jurisdiction": None, "unit": None, "plan": None, "comparator": None}
    assert get_query("unit-workload").bind({})["limit"] == 20
    assert get_query("search-tasks").bind({"words": "算力  调度、平台"}) == {"words": ["算力", "调度", "平台"]}
    with pytest.raises(FengongError, match="needs a value"):
        get_query("co-owned-tasks").bind({})
    with pytest.raises(FengongError, match="no parameter colour"):
        get_query("co-owned-tasks").bind({"unit": "u-1", "colour": "red"})
    with pytest.raises(FengongError, match="must be int"):
        targets.bind({"deadline": "明年"})
    with pytest.raises(FengongError, match="must be list"):
        get_query("search-tasks").bind({"words": "  "})
    with pytest.raises(FengongError, match="no query"):
        get_query("who-does-what")


def test_readme_lists_exactly_the_catalogue():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Queries", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.M))
    assert named == set(catalogue())


# --- every query on the loaded corpus ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_query_runs_and_returns_its_declared_columns(store, samples, name):
    rows = run_query(store, name, samples[name])
    assert rows, f"{name} found nothing with {samples[name]}"
    assert all(list(row) == list(get_query(name).returns) for row in rows)


@pytest.mark.parametrize("name", sorted(n for n, q in catalogue().items() if q.anchor))
def test_an_anchored_query_answers_the_same_on_one_thread(store, samples, name):
    query = get_query(name)
    bound = query.bind(samples[name])
    one_thread = query.run(store, bound)
    assert store._threads == 1
    every_thread = in_document_order(store.run(query.text, bound))
    assert store._threads == 0
    if "ORDER BY" in query.text.upper():
        assert every_thread == one_thread
    else:  # no order asked for (document-facts' UNION ALL): the engine's threads may hand the rows in any order
        assert sorted(map(repr, every_thread)) == sorted(map(repr, one_thread))


@pytest.mark.parametrize("bureau", BUREAUS)
def test_co_owned_tasks_are_exactly_those_computed_from_the_extractions(store, extractions, bureau):
    unit = unit_id(extractions, bureau)
    expected = co_owned_in_python(extractions, unit)
    rows = run_query(store, "co-owned-tasks", {"unit": unit})
    targets: dict[str, set] = {r["task_id"]: set() for r in rows}
    for g in run_query(store, "unit-task-targets", {"unit": unit}):
        targets.setdefault(g["task_id"], set()).add((g["text"], g["deadline"]))
    assert len(expected) >= 3
    assert {r["task_id"] for r in rows} == expected.keys()
    assert len(rows) == len(expected)
    for r in rows:
        want = expected[r["task_id"]]
        assert (r["plan_id"], r["key"]) == (want["plan"], want["key"])
        assert r["role"] in want["roles"]
        assert {(o["id"], o["role"]) for o in r["co_owners"]} == want["co_owners"]
        assert targets.get(r["task_id"], set()) == want["targets"]
    assert any(targets.values()) or not any(w["targets"] for w in expected.values())


def test_unit_search_keeps_same_named_bureaus_of_two_cities_apart(store, extractions):
    rows = run_query(store, "unit-search", {"name": "市财政局"})
    assert sorted((r["name"], r["jurisdiction"]) for r in rows) == [
        ("广元市财政局", "广元市"),
        ("柳州市财政局", "柳州市"),
    ]
    assert {r["unit_id"] for r in rows} == {unit_id(extractions, b) for b in BUREAUS}
    assert all(r["tasks"] > 0 for r in rows)
    (row,) = run_query(store, "unit-search", {"name": "柳州 财政"})
    assert row["name"] == "柳州市财政局"


def test_filters_hold(store, extractions):
    due = run_query(store, "targets", {"deadline": 2022})
    assert due and all(r["deadline"] is not None and r["deadline"] <= 2022 for r in due)
    assert len(run_query(store, "targets", {})) == sum(len(x.targets) for x in extractions.values())
    talent = run_query(store, "targets", {"indicator": "人才"})
    assert talent and all("人才" in r["indicator"] for r in talent)
    finance = unit_id(extractions, BUREAUS[0])
    own = run_query(store, "targets", {"unit": finance})
    assert own and all(BUREAUS[0] in {u["name"] for u in r["units"]} for r in own)
    guangxi = run_query(store, "unit-workload", {"jurisdiction": "广西壮族自治区", "limit": 500})
    assert guangxi and all(r["jurisdiction"] in {"广西壮族自治区", "柳州市"} for r in guangxi)
    totals = [r["total"] for r in guangxi]
    assert totals == sorted(totals, reverse=True)
    found = run_query(store, "search-tasks", {"words": ["科技", "金融"]})
    assert found and all(("科技" in r["title"] or "科技" in _text(extractions, r["task_id"])) for r in found)


@pytest.mark.parametrize(("name", "column"), [("plan-outline", "units"), ("search-tasks", "units")])
def test_collected_units_come_in_the_order_the_document_names_them(store, extractions, name, column):
    """The first-listed unit is the only lead signal some plans give: lists keep the document's order."""
    order = {t.id: [a.unit.id for a in t.assignments] for x in extractions.values() for t in x.tasks}
    if name == "plan-outline":
        rows = [r for x in extractions.values() for r in run_query(store, name, {"plan": x.plan.id})]
    else:
        rows = run_query(store, name, {"words": ["推进"]})
    several = [r for r in rows if len(r[column]) > 2]
    assert several, "the corpus has tasks with three or more units"
    for r in several:
        ids = [u["id"] for u in r[column]]
        assert ids == list(dict.fromkeys(order[r["task_id"]])), r["task_id"]
        assert [u["position"] for u in r[column]] == sorted(u["position"] for u in r[column])


def _text(extractions, task_id: str) -> str:
    return next(t.text for x in extractions.values() for t in x.tasks if t.id == task_id)


def test_pair_weights_count_shared_tasks(store, extractions):
    rows = run_query(store, "co-responsibility-pairs", {"limit": 1000})
    assert all(r["unit_a"] < r["unit_b"] for r in rows)
    shared: dict[tuple[str, str], int] = {}
    for x in extractions.values():
        for t in x.tasks:
            ids = sorted({a.unit.id for a in t.assignments})
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    shared[(a, b)] = shared.get((a, b), 0) + 1
    assert {(r["unit_a"], r["unit_b"]): r["weight"] for r in rows} == shared
    guangyuan = next(
        x.plan.id for x in extractions.values() if x.plan.jurisdiction and x.plan.jurisdiction.name == "广元市"
    )
    by_area = run_query(store, "co-responsibility-pairs", {"jurisdiction": "广元市", "limit": 1000})
    assert by_area and by_area == run_query(store, "co-responsibility-pairs", {"plan": guangyuan, "limit": 1000})


def test_workload_counts_roles(store, extractions):
    rows = {r["unit_id"]: r for r in run_query(store, "unit-workload", {"limit": 1000})}
    unit = unit_id(extractions, BUREAUS[1])
    tasks = [t for x in extractions.values() for t in x.tasks if any(a.unit.id == unit for a in t.assignments)]
    led = sum(any(a.unit.id == unit and a.role == "lead" for a in t.assignments) for t in tasks)
    supported = sum(any(a.unit.id == unit and a.role == "support" for a in t.assignments) for t in tasks)
    assert (rows[unit]["total"], rows[unit]["led"], rows[unit]["supported"]) == (len(tasks), led, supported)


def test_plan_outline_follows_the_document(store, extractions):
    x = next(x for x in extractions.values() if x.tasks)
    rows = run_query(store, "plan-outline", {"plan": x.plan.id})
    assert [r["task_key"] for r in rows] == [t.key for t in sorted(x.tasks, key=lambda t: t.provenance.start)]


def test_mechanisms_name_their_plans(store, extractions):
    rows = run_query(store, "mechanisms", {})
    adopted = {m.concept for x in extractions.values() for m in x.mechanisms}
    assert {r["mechanism_id"] for r in rows} == adopted
    top = rows[0]
    assert top["plan_count"] == len(top["plans"]) >= 2


LINEAGE_DOCS = {
    "base.txt": "江川市人民政府办公室关于印发江川市数字经济三年行动方案的通知\n江政办发〔2031〕7号\n"
    "一、重点任务\n（一）建设算力中心。（牵头单位：市数据局；配合单位：市财政局）\n",
    "by_number.txt": "江川市数据局2032年数字经济工作要点\n"
    "为贯彻落实《江川市数字经济三年行动方案》（江政办发〔2031〕7号），制定本要点。\n"
    "一、重点任务\n（一）推进算力调度平台建设。（牵头单位：市数据局；配合单位：市财政局）\n",
    "by_title.txt": "江川市科学技术局2032年工作要点\n为贯彻落实《江川市数字经济三年 行动方案》，制定本要点。\n"
    "一、重点任务\n（一）推进数字技术攻关。（牵头单位：市科技局；配合单位：市数据局）\n",
}


def test_policy_lineage_finds_the_loaded_plan_by_number_or_notice_title(tmp_path):
    graph = LadybugStore(tmp_path / "graph.lbug")
    graph.ensure_schema()
    plans = {}
    for name, text in LINEAGE_DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        x = extract_path(tmp_path / name)[0]
        plans[name] = x.plan.id
        graph.load(rows_of(x))
    rows = {r["plan_id"]: r for r in run_query(graph, "policy-lineage", {})}
    graph.close()
    assert rows.keys() == {plans["by_number.txt"], plans["by_title.txt"]}
    assert all(r["loaded_plan_ids"] == [plans["base.txt"]] for r in rows.values())
    assert all(r["relation"] == "implements" for r in rows.values())
