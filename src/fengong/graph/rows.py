"""An extraction as batches of rows, one list per node label and relationship type.

Stores write these with one batched statement per table (``UNWIND $rows`` on
Neo4j, ``COPY``/two-step upserts on LadybugDB), never a query per row. Every row
of a table has every property of :mod:`ontology.schema` (missing ones are None),
because LadybugDB's ``UNWIND`` needs maps of one shape. Ids are stable: the
same document always yields the same rows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fengong.ontology.ids import stable_id
from fengong.ontology.model import Extraction, Jurisdiction, Provenance, Unit
from fengong.ontology.schema import NODE_BY_LABEL, REL_BY_TYPE

Row = dict[str, Any]


@dataclass(slots=True)
class GraphRows:
    """Rows of one document, keyed by node label and relationship type."""

    plan_id: str
    nodes: dict[str, dict[str, Row]] = field(default_factory=dict)  # label -> id -> row
    rels: dict[str, dict[tuple[Any, ...], Row]] = field(default_factory=dict)  # type -> identity -> row

    def node(self, label: str, **props: Any) -> None:
        schema = NODE_BY_LABEL[label].properties
        unknown = props.keys() - schema.keys()
        assert not unknown, f"{label} has no properties {unknown}"
        self.nodes.setdefault(label, {}).setdefault(props["id"], {name: props.get(name) for name in schema})

    def rel(self, type_: str, source: str, target: str, **props: Any) -> None:
        schema = REL_BY_TYPE[type_].properties
        unknown = props.keys() - schema.keys()
        assert not unknown, f"{type_} has no properties {unknown}"
        row = {"source": source, "target": target, **{name: props.get(name) for name in schema}}
        self.rels.setdefault(type_, {}).setdefault(tuple(row.values()), row)

    def node_rows(self, label: str) -> list[Row]:
        return list(self.nodes.get(label, {}).values())

    def rel_rows(self, type_: str) -> list[Row]:
        return list(self.rels.get(type_, {}).values())

    def count(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))

    def drop_dangling(self) -> None:
        """Relationships whose ends this document does not define (a division's bureau never named)."""
        for type_, rows in self.rels.items():
            rel = REL_BY_TYPE[type_]
            sources, targets = self.nodes.get(rel.source, {}), self.nodes.get(rel.target, {})
            self.rels[type_] = {k: r for k, r in rows.items() if r["source"] in sources and r["target"] in targets}


def jurisdiction_id(area: Jurisdiction) -> str:
    return f"j-{area.code}" if area.code else stable_id("j", area.name)


def policy_id(title: str | None, doc_number: str | None) -> str:
    """A cited policy is known by its 文号, else by its title without marks and spaces."""
    if doc_number:
        return stable_id("pol", doc_number)
    return stable_id("pol", re.sub(r"[\s《》<>〈〉“”\"]", "", title or ""))


def _prov(p: Provenance) -> dict[str, Any]:
    return {"doc": p.doc, "span_start": p.start, "span_end": p.end, "rule": p.rule, "source_text": p.text}


def rows_of(x: Extraction) -> GraphRows:
    """Every node and relationship one document contributes."""
    plan = x.plan
    out = GraphRows(plan.id)
    out.node(
        "Plan",
        id=plan.id,
        doc_id=x.doc_id,
        source=x.source,
        title=plan.title,
        doc_number=plan.doc_number,
        date=plan.date,
        period_start=plan.period[0] if plan.period else None,
        period_end=plan.period[1] if plan.period else None,
        jurisdiction=plan.jurisdiction.name if plan.jurisdiction else None,
        lead_rule=plan.lead_rule,
        superseded=False,
        text=x.text,
        repairs=json.dumps(
            [{"rule": r.rule, "span": [r.start, r.end], "before": r.before, "after": r.after} for r in x.repairs],
            ensure_ascii=False,
        ),
    )
    if plan.jurisdiction is not None:
        _jurisdiction(out, x.areas.get(plan.jurisdiction.name) or (plan.jurisdiction,))
        out.rel("GOVERNS", plan.id, jurisdiction_id(plan.jurisdiction))
    for unit in x.units:
        _unit(out, unit, x.areas)
    for unit_id in plan.issuer_units:
        out.rel("ISSUED_BY", plan.id, unit_id)
    for s in x.sections:
        out.node("Section", id=s.id, plan=plan.id, key=s.key, title=s.title, **_prov(s.provenance))
        out.rel("HAS_SECTION", plan.id, s.id)
    section_ids = {s.key: s.id for s in x.sections}
    for t in x.tasks:
        out.node(
            "Task", id=t.id, plan=plan.id, key=t.key, title=t.title, text=t.text, kind=t.kind, section=t.section,
            **_prov(t.provenance),
        )  # fmt: skip
        out.rel("HAS_TASK", plan.id, t.id)
        if t.section in section_ids:
            out.rel("IN_SECTION", t.id, section_ids[t.section])
        seen: set[tuple[str, str]] = set()
        for position, a in enumerate(t.assignments):
            if (a.unit.id, a.role) in seen:  # one 分工 per unit and role: queries then need no DISTINCT
                continue
            seen.add((a.unit.id, a.role))
            _unit(out, a.unit, x.areas)
            out.rel(
                "ASSIGNED_TO", t.id, a.unit.id, role=a.role, basis=a.basis, mention=a.mention, position=position,
                etc=a.etc, **_prov(a.provenance),
            )  # fmt: skip
    for g in x.targets:
        target_id = stable_id("g", x.doc_id, g.provenance.start, g.provenance.end, g.value, g.unit)
        out.node(
            "Target", id=target_id, plan=plan.id, text=g.text, indicator=g.indicator, value=g.value,
            value_max=g.value_max, unit=g.unit, comparator=g.comparator, deadline=g.deadline,
            base_value=g.base_value, base_unit=g.base_unit, **_prov(g.provenance),
        )  # fmt: skip
        out.rel("HAS_TARGET", plan.id, target_id)
        if g.task:
            out.rel("SETS_TARGET", g.task, target_id)
    for m in x.mechanisms:
        out.node("Mechanism", id=m.concept, name=m.name, in_scheme=not m.candidate)
        out.rel("ADOPTS", plan.id, m.concept, surface=m.surface, **_prov(m.provenance))
        if m.task:
            out.rel("USES", m.task, m.concept, surface=m.surface, **_prov(m.provenance))
    for c in x.citations:
        pid = policy_id(c.title, c.doc_number)
        out.node("Policy", id=pid, title=c.title, doc_number=c.doc_number)
        out.rel("CITES", plan.id, pid, relation=c.relation, **_prov(c.provenance))
    for p in x.persons:
        person_id = stable_id("person", p.name, p.unit.id if p.unit else "")
        out.node("Person", id=person_id, name=p.name)
        out.rel("NAMES", plan.id, person_id)
        if p.unit is not None:
            _unit(out, p.unit, x.areas)
            out.rel("HOLDS_POST", person_id, p.unit.id, post=p.post, group_role=p.group_role, **_prov(p.provenance))
    out.drop_dangling()
    return out


def _unit(out: GraphRows, unit: Unit, areas: dict[str, tuple[Jurisdiction, ...]]) -> None:
    out.node(
        "Unit",
        id=unit.id,
        name=unit.name,
        kind=unit.kind,
        jurisdiction=unit.jurisdiction,
        collective=unit.collective,
        known=unit.known or None,  # written only when true: once a document names the unit from reference data, it stays known
    )
    if unit.parent:
        out.rel("SUB_UNIT_OF", unit.id, unit.parent)
    chain = areas.get(unit.jurisdiction) if unit.jurisdiction else None
    if chain:
        _jurisdiction(out, chain)
        out.rel("LOCATED_IN", unit.id, jurisdiction_id(chain[0]))


def _jurisdiction(out: GraphRows, chain: tuple[Jurisdiction, ...]) -> None:
    """The area and its ancestors (柳州市 → 广西壮族自治区), each once."""
    for current, parent in zip(chain, (*chain[1:], None), strict=True):
        out.node("Jurisdiction", id=jurisdiction_id(current), name=current.name, level=current.level, code=current.code)
        if parent is not None:
            out.rel("PART_OF", jurisdiction_id(current), jurisdiction_id(parent))
