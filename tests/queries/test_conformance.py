"""Conformance: every catalogue query gives the same answers on LadybugDB and on a real Neo4j.

The bundled corpus is loaded into both engines; each query runs with every parameter set
of :data:`PARAMETER_SETS` on both, and the rows must be identical once their order is
normalised. The table must name every query of the catalogue and use every optional
parameter at least once, so a new query or filter cannot go unchecked.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.corpus import CORPUS

from fengong.graph.ladybug_store import LadybugStore
from fengong.graph.neo4j_store import Neo4jStore
from fengong.graph.rows import GraphRows, rows_of
from fengong.graph.store import GraphStore
from fengong.loaders.pipeline import extract_path
from fengong.ontology.model import Extraction
from fengong.queries import QUERY_DIR, catalogue, get_query, run_queries, run_query

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Fact:
    """A value read from the loaded corpus (an id, a name), standing in the table for a hard-coded one."""

    name: str

    def __repr__(self) -> str:
        return f"<{self.name}>"


# Query -> parameter sets. Ids are facts of the corpus (see ``facts``); words and area names are plain values.
PARAMETER_SETS: dict[str, list[dict[str, Any]]] = {
    "co-owned-tasks": [{"unit": Fact("finance_liuzhou")}, {"unit": Fact("finance_guangyuan")}],
    "tasks-led-by": [{"unit": Fact("busiest_lead")}, {"unit": Fact("busiest_lead_guangyuan")}],
    "tasks-supported-by": [{"unit": Fact("busiest_support")}, {"unit": Fact("finance_guangyuan")}],
    "units-of-task": [{"task": Fact("most_shared_task")}, {"task": Fact("responsible_task")}],
    "unit-workload": [
        {},
        {"plan": Fact("plan_liuzhou"), "limit": 500},
        {"jurisdiction": "广西壮族自治区", "limit": 500},
        {"jurisdiction": "柳州市", "plan": Fact("plan_liuzhou"), "limit": 7},
    ],
    "network-units": [
        {},
        {"plan": Fact("plan_liuzhou"), "role": "responsible"},
        {"jurisdiction": "广西壮族自治区", "role": "lead", "limit": 9},
    ],
    "jurisdiction": [{"name": "柳州市"}, {"name": "广西壮族自治区"}],
    "co-responsibility-pairs": [
        {},
        {"role": "lead", "limit": 1000},
        {"plan": Fact("plan_guangyuan"), "limit": 1000},
        {"jurisdiction": "广西壮族自治区", "limit": 1000},
        {"jurisdiction": "柳州市", "plan": Fact("plan_liuzhou"), "limit": 9},
    ],
    "targets": [
        {},
        {"deadline": 2022},
        {"indicator": "研发"},
        {"jurisdiction": "柳州市"},
        {"unit": Fact("finance_liuzhou")},
        {"deadline": 2025, "indicator": "研发", "jurisdiction": "广西壮族自治区", "unit": Fact("finance_liuzhou")},
        {"plan": Fact("plan_liuzhou"), "comparator": ">="},
    ],
    "mechanisms": [
        {},
        {"name": Fact("widest_mechanism_name")},
        {"plan": Fact("plan_liuzhou")},
        {"jurisdiction": "广元市"},
        {"jurisdiction": "广西壮族自治区", "name": Fact("widest_mechanism_name")},
    ],
    "plan-outline": [{"plan": Fact(f"plan_{p.stem}")} for p in CORPUS],
    "policy-lineage": [{}, {"plan": Fact("plan_liuzhou")}],
    "task-targets": [{"task": Fact("task_with_most_targets")}, {"task": Fact("mechanism_task_with_targets")}],
    "plan-task-targets": [{"plan": Fact("plan_with_most_task_targets")}, {"plan": Fact("plan_with_fewest_task_targets")}],
    "unit-task-targets": [{"unit": Fact("finance_liuzhou")}, {"unit": Fact("unit_with_most_targets")}],
    "plans": [{}, {"plan": Fact("plan_guangyuan"), "include_superseded": True}],
    "plan-sections": [{"plan": Fact(f"plan_{p.stem}")} for p in CORPUS],
    "task-detail": [{"task": Fact("most_shared_task")}, {"task": Fact("mechanism_task")}],
    "document-text": [{"plan": Fact(f"plan_{p.stem}")} for p in CORPUS],
    "document-facts": [{"plan": Fact(f"plan_{p.stem}")} for p in CORPUS],
    "unit-jurisdictions": [{}],
    "bureau-workload": [{}, {"jurisdiction": "柳州市"}, {"plan": Fact("plan_guangyuan")}],
    "task-count": [{}, {"jurisdiction": "广西壮族自治区"}, {"plan": Fact("plan_liuzhou"), "jurisdiction": "柳州市"}],
    "units-in-jurisdiction": [{"jurisdiction": "柳州市"}, {"jurisdiction": "广元市", "limit": 5}],
    "unit-detail": [{"unit": Fact("finance_liuzhou")}, {"unit": Fact("busiest_lead")}],
    "unit-checklist": [{"unit": Fact("finance_liuzhou")}, {"unit": Fact("science_liuzhou")}],
    "plan-versions": [{"plan": Fact(f"plan_{p.stem}")} for p in CORPUS],
    "area-checklist": [{"jurisdiction": "柳州市"}, {"jurisdiction": "广西壮族自治区"}, {"jurisdiction": "广元市"}],
    "mechanism-usage": [{"mechanism": Fact("widest_mechanism")}, {}],
    "search-tasks": [{"words": "科技"}, {"words": "科技 企业"}, {"words": ["创新", "平台"]}],
    "search-plans": [{"words": "方案"}, {"words": "实施 方案"}, {"words": ["柳州市", "方案"]}],
    "unit-search": [{"name": "市财政局"}, {"name": "柳州 财政"}, {"name": "局"}],
}

# List columns whose order means nothing: each is a collect(), and neither engine defines the
# order collect() gathers in (it follows the plan each engine chose). They are sorted before comparing.
UNORDERED_LISTS: dict[str, frozenset[str]] = {
    "co-owned-tasks": frozenset({"co_owners"}),
    "mechanisms": frozenset({"plans", "tasks"}),
    "plan-outline": frozenset({"units"}),
    "policy-lineage": frozenset({"loaded_plan_ids"}),
    "search-tasks": frozenset({"units"}),
    "plans": frozenset({"issuers"}),
    "task-detail": frozenset({"mechanisms"}),
    "mechanism-usage": frozenset({"surfaces", "tasks"}),
    "targets": frozenset({"units"}),
    "unit-checklist": frozenset({"units"}),
    "area-checklist": frozenset({"units"}),
    "tasks-led-by": frozenset({"supporters"}),
    "tasks-supported-by": frozenset({"leads"}),
}
# List columns whose order is part of the answer (compared as they come); none so far.
ORDERED_LISTS: dict[str, frozenset[str]] = {}

CASES = [(name, i) for name, sets in sorted(PARAMETER_SETS.items()) for i in range(len(sets))]
_WHY = re.compile(r"^//\s*why:\s*\S.{10,}", re.M)


# --- the table itself (no server needed) ----------------------------------------------------------------------------


def test_every_catalogue_query_has_parameter_sets():
    missing = sorted(set(catalogue()) - PARAMETER_SETS.keys())
    assert not missing, f"add parameter sets to PARAMETER_SETS for: {', '.join(missing)}"
    assert not PARAMETER_SETS.keys() - catalogue().keys(), "PARAMETER_SETS names queries the catalogue lacks"
    assert all(PARAMETER_SETS[name] for name in catalogue())


def test_every_optional_parameter_is_used_and_every_set_binds():
    for name, query in catalogue().items():
        used = {key for params in PARAMETER_SETS[name] for key in params}
        optional = {p.name for p in query.parameters if not p.required}
        assert optional <= used, f"{name}: no parameter set uses {sorted(optional - used)}"
        for params in PARAMETER_SETS[name]:
            query.bind({k: "x" if isinstance(v, Fact) else v for k, v in params.items()})


def test_list_columns_are_declared_ordered_or_not():
    for table in (UNORDERED_LISTS, ORDERED_LISTS):
        for name, columns in table.items():
            assert columns <= set(get_query(name).returns), f"{name} returns no {sorted(columns)}"


def says_why(variant_text: str) -> bool:
    """A variant file opens with comments, one of them ``// why: <reason the common text will not do>``."""
    lines = variant_text.lstrip().splitlines()
    header = "\n".join(
        line.strip()
        for line in lines[: next((i for i, s in enumerate(lines) if not s.strip().startswith("//")), len(lines))]
    )
    return bool(_WHY.search(header))


def test_says_why_wants_a_reason_in_the_header():
    assert says_why(
        "// why: the embedded engine has no shortestPath(); it writes [* SHORTEST 1..k]\nMATCH (n) RETURN n"
    )
    assert not says_why("// variant for neo4j\nMATCH (n) RETURN n")
    assert not says_why("// why:\nMATCH (n) RETURN n")
    assert not says_why("MATCH (n) RETURN n\n// why: too late, after the Cypher began")


def test_every_variant_says_why_it_differs():
    queries = catalogue()
    for path in sorted(QUERY_DIR.glob("*.*.cypher")):
        stem, backend = path.stem.split(".", 1)
        text = path.read_text(encoding="utf-8")
        assert says_why(text), f"{path.name}: the header must say why this engine needs other words (// why: …)"
        assert queries[stem].variants[backend] != queries[stem].text, f"{path.name} is the same as {stem}.cypher"


# --- both engines over the bundled corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractions() -> dict[str, Extraction]:
    return {p.stem: extract_path(p)[0] for p in CORPUS}


@pytest.fixture(scope="module")
def facts(extractions: dict[str, Extraction]) -> dict[str, Any]:
    """The ids the table names, read from the extractions (ties broken by id, so the choice is stable)."""
    tasks = [t for x in extractions.values() for t in x.tasks]
    units = {a.unit.id: a.unit for t in tasks for a in t.assignments}
    by_name = {u.name: u.id for u in units.values()}
    leads = Counter(a.unit.id for t in tasks for a in t.assignments if a.role == "lead")
    guangyuan_leads = Counter(
        a.unit.id for t in tasks for a in t.assignments if a.role == "lead" and a.unit.jurisdiction == "广元市"
    )
    supports = Counter(a.unit.id for t in tasks for a in t.assignments if a.role == "support")
    mechanism_plans: Counter[str] = Counter()
    mechanism_names: dict[str, str] = {}
    for x in extractions.values():
        for concept, name in {(m.concept, m.name) for m in x.mechanisms}:
            mechanism_plans[concept] += 1
            mechanism_names[concept] = name

    def plan_of(area: str) -> str:
        """The plan of ``area`` with the most tasks."""
        plans = [x for x in extractions.values() if x.plan.jurisdiction and x.plan.jurisdiction.name == area]
        return max(plans, key=lambda x: (len(x.tasks), x.plan.id)).plan.id

    task_targets = Counter(g.task for x in extractions.values() for g in x.targets if g.task)
    plan_task_targets = Counter(x.plan.id for x in extractions.values() for g in x.targets if g.task)

    def top(counter: Counter[str]) -> str:
        return min(counter, key=lambda k: (-counter[k], k))

    return {
        "finance_liuzhou": by_name["柳州市财政局"],
        "science_liuzhou": by_name["柳州市科学技术局"],  # a bureau whose 科室 are named
        "finance_guangyuan": by_name["广元市财政局"],
        "busiest_lead": top(leads),
        "busiest_lead_guangyuan": top(guangyuan_leads),
        "busiest_support": top(supports),
        "most_shared_task": max(tasks, key=lambda t: (len({a.unit.id for a in t.assignments}), t.id)).id,
        "responsible_task": min(t.id for t in tasks if any(a.role == "responsible" for a in t.assignments)),
        "plan_liuzhou": plan_of("柳州市"),
        "plan_guangyuan": plan_of("广元市"),
        "widest_mechanism_name": mechanism_names[top(mechanism_plans)],
        "widest_mechanism": top(mechanism_plans),
        "mechanism_task": min(m.task for x in extractions.values() for m in x.mechanisms if m.task),
        "unit_with_most_targets": top(
            Counter(a.unit.id for x in extractions.values() for g in x.targets for t in x.tasks if t.id == g.task
                    for a in t.assignments)
        ),
        "task_with_most_targets": top(task_targets),
        "mechanism_task_with_targets": min(m.task for x in extractions.values() for m in x.mechanisms if m.task in task_targets),
        "plan_with_most_task_targets": top(plan_task_targets),
        "plan_with_fewest_task_targets": min(plan_task_targets, key=lambda k: (plan_task_targets[k], k)),
        **{f"plan_{stem}": x.plan.id for stem, x in extractions.items()},
    }


@pytest.fixture(scope="module")
def engines(
    tmp_path_factory: pytest.TempPathFactory, neo4j_corpus: str, extractions: dict[str, Extraction]
) -> Iterator[dict[str, GraphStore]]:
    """The corpus loaded into a fresh embedded store, and the session's Neo4j holding it."""
    documents: list[GraphRows] = [rows_of(x) for x in extractions.values()]
    stores: dict[str, GraphStore] = {
        "embedded": LadybugStore(tmp_path_factory.mktemp("conformance") / "graph.lbug"),
        "neo4j": Neo4jStore(neo4j_corpus),
    }
    try:
        embedded = stores["embedded"]
        embedded.ensure_schema()
        for rows in documents:
            embedded.load(rows)
        yield stores
    finally:
        for store in stores.values():
            store.close()


def resolve(params: Mapping[str, Any], facts: Mapping[str, Any]) -> dict[str, Any]:
    return {k: facts[v.name] if isinstance(v, Fact) else v for k, v in params.items()}


def canonical(value: Any) -> str:
    """One text per value: keys sorted, so maps compare by content; 1 and 1.0 stay different."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr)


def normalised(name: str, rows: list[dict[str, Any]]) -> list[str]:
    """Rows sorted by their canonical text, unordered list columns sorted inside; undeclared lists are an error."""
    unordered = UNORDERED_LISTS.get(name, frozenset())
    ordered = ORDERED_LISTS.get(name, frozenset())
    out = []
    for row in rows:
        undeclared = {k for k, v in row.items() if isinstance(v, list) and k not in unordered | ordered}
        assert not undeclared, f"{name}: say whether the order of {sorted(undeclared)} means something"
        out.append(canonical({k: sorted(v, key=canonical) if k in unordered else v for k, v in row.items()}))
    return sorted(out)


@pytest.mark.neo4j
def test_both_engines_hold_the_same_graph(engines, extractions):
    embedded = engines["embedded"].counts()
    assert embedded == engines["neo4j"].counts()
    assert embedded["Task"] == len({t.id for x in extractions.values() for t in x.tasks}) > 0


@pytest.mark.neo4j
@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_query_gives_the_same_rows_on_both_engines(engines, facts, name, index):
    params = resolve(PARAMETER_SETS[name][index], facts)
    answers = {backend: run_query(store, name, params) for backend, store in engines.items()}
    assert answers["embedded"], f"{name} {params} finds nothing: choose parameters that do"
    columns = list(get_query(name).returns)
    for backend, rows in answers.items():
        assert all(list(row) == columns for row in rows), f"{backend} returned other columns than {columns}"
    assert normalised(name, answers["neo4j"]) == normalised(name, answers["embedded"])


# Queries asked together (GraphStore.run_together): the flagship's pair as the API asks it; three
# whose parameters agree (optional ones unset); two giving $unit different values, which Neo4j
# then asks one by one. Pairs of (query, index into PARAMETER_SETS).
TOGETHER = {
    "flagship": [("co-owned-tasks", 0), ("unit-task-targets", 0)],
    "three": [("mechanisms", 0), ("plans", 0), ("unit-workload", 0)],
    "clashing": [("co-owned-tasks", 0), ("co-owned-tasks", 1)],
}


@pytest.mark.neo4j
@pytest.mark.parametrize("case", sorted(TOGETHER))
def test_queries_asked_together_give_each_its_own_rows(engines, facts, case):
    asks = [(name, resolve(PARAMETER_SETS[name][i], facts)) for name, i in TOGETHER[case]]
    answers = {}
    for backend, store in engines.items():
        together = [normalised(name, rows) for (name, _), rows in zip(asks, run_queries(store, asks), strict=True)]
        assert together == [normalised(name, run_query(store, name, params)) for name, params in asks], backend
        answers[backend] = together
    assert all(answers["embedded"]) and answers["neo4j"] == answers["embedded"]
