"""The extraction as JSON: the fields of the evaluation contract plus provenance.

``../shared/eval/README.md`` fixes the fields a scorer reads; everything else
(provenance spans, rules, bases, normalised values, repairs) rides along.
"""

from __future__ import annotations

from typing import Any

from fengong.ontology.model import Extraction, MechanismMention, Provenance, Unit


def _prov(p: Provenance) -> dict[str, Any]:
    return {"doc": p.doc, "span": [p.start, p.end], "rule": p.rule, "text": p.text}


def _unit(u: Unit | None) -> dict[str, Any] | None:
    if u is None:
        return None
    return {
        "id": u.id,
        "name": u.name,
        "kind": u.kind,
        "jurisdiction": u.jurisdiction,
        "parent": u.parent,
        "collective": u.collective,
        "known": u.known,
    }


def to_contract(x: Extraction) -> dict[str, Any]:
    """One JSON-ready object for one document."""
    j = x.plan.jurisdiction
    return {
        "doc_id": x.doc_id,
        "source": x.source,
        "plan": {
            "id": x.plan.id,
            "title": x.plan.title,
            "doc_number": x.plan.doc_number,
            "issuers": x.plan.issuers,
            "date": x.plan.date,
            "period": list(x.plan.period) if x.plan.period else None,
            "jurisdiction": j.full_name if j else None,
            "jurisdiction_detail": {"name": j.name, "level": j.level, "code": j.code, "parent": j.parent}
            if j
            else None,
            "lead_rule": x.plan.lead_rule,
            "provenance": _prov(x.plan.provenance) if x.plan.provenance else None,
        },
        "sections": [
            {"id": s.id, "key": s.key, "title": s.title, "provenance": _prov(s.provenance)} for s in x.sections
        ],
        "tasks": [
            {
                "id": t.id,
                "key": t.key,
                "title": t.title,
                "kind": t.kind,
                "section": t.section,
                "text": t.text,
                "provenance": _prov(t.provenance),
                "assignments": [
                    {
                        "position": i,
                        "mention": a.mention,
                        "unit": a.unit.id,
                        "unit_name": a.unit.name,
                        "role": a.role,
                        "basis": a.basis,
                        "etc": a.etc,
                        "provenance": _prov(a.provenance),
                    }
                    for i, a in enumerate(t.assignments)
                ],
            }
            for t in x.tasks
        ],
        "targets": [
            {
                "task": g.task,
                "text": g.text,
                "indicator": g.indicator,
                "value": g.value,
                "value_max": g.value_max,
                "unit": g.unit,
                "comparator": g.comparator,
                "deadline": g.deadline,
                "base_value": g.base_value,
                "base_unit": g.base_unit,
                "provenance": _prov(g.provenance),
            }
            for g in x.targets
        ],
        "mechanisms": _mechanisms(x.mechanisms),
        "citations": [
            {"title": c.title, "doc_number": c.doc_number, "relation": c.relation, "provenance": _prov(c.provenance)}
            for c in x.citations
        ],
        "persons": [
            {
                "name": p.name,
                "post": p.post,
                "unit": p.unit.id if p.unit else None,
                "unit_name": p.unit.name if p.unit else None,
                "group_role": p.group_role,
                "provenance": _prov(p.provenance),
            }
            for p in x.persons
        ],
        "units": [_unit(u) for u in x.units],
        "repairs": [
            {"rule": r.rule, "span": [r.start, r.end], "before": r.before, "after": r.after} for r in x.repairs
        ],
        "warnings": x.warnings,
    }


def _mechanisms(mentions: list[MechanismMention]) -> list[dict[str, Any]]:
    """One entry per concept: its name, the surface forms seen, the tasks where it appears."""
    groups: dict[str, dict[str, Any]] = {}
    for m in mentions:
        g = groups.setdefault(
            m.concept, {"concept": m.concept, "name": m.name, "candidate": m.candidate, "surface": [], "tasks": [], "provenance": []}
        )
        if m.surface not in g["surface"]:
            g["surface"].append(m.surface)
        if m.task not in g["tasks"]:
            g["tasks"].append(m.task)
        g["provenance"].append(_prov(m.provenance))
    return list(groups.values())
