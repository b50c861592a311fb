"""The property graph's schema, as data: node labels, relationship types, typed properties.

Both stores derive their schema from here: node and relationship tables for the
embedded engine (LadybugDB needs them declared), uniqueness constraints and
indexes for Neo4j. Every node has a string ``id``; every relationship carries
the provenance of the fact it records (document, span, rule).
"""

from __future__ import annotations

from dataclasses import dataclass

STRING, INT, FLOAT, BOOL = "STRING", "INT64", "DOUBLE", "BOOLEAN"

PROVENANCE = {"doc": STRING, "span_start": INT, "span_end": INT, "rule": STRING, "source_text": STRING}


@dataclass(frozen=True, slots=True)
class NodeType:
    label: str
    properties: dict[str, str]
    doc: str
    apart: frozenset[str] = frozenset()
    """Properties the store keeps but graph views leave out (a plan's cleaned text): snapshots,
    exports and RDF never carry them; a page reads them for one node by id."""

    @property
    def graph_properties(self) -> dict[str, str]:
        return {p: t for p, t in self.properties.items() if p not in self.apart}


@dataclass(frozen=True, slots=True)
class RelType:
    type: str
    source: str
    target: str
    properties: dict[str, str]
    doc: str


NODES: tuple[NodeType, ...] = (
    NodeType(
        "Plan",
        {
            "id": STRING,
            "doc_id": STRING,
            "source": STRING,
            "title": STRING,
            "doc_number": STRING,
            "date": STRING,
            "period_start": INT,
            "period_end": INT,
            "jurisdiction": STRING,
            "lead_rule": STRING,
            "superseded": BOOL,
            "text": STRING,
            "repairs": STRING,
        },
        "A policy document (规划/方案/计划): eli:LegalResource. ``text`` is the cleaned text every span "
        "points into, ``repairs`` the cleaning's changes (JSON); both stay out of graph views.",
        apart=frozenset({"text", "repairs"}),
    ),
    NodeType(
        "Section",
        {"id": STRING, "plan": STRING, "key": STRING, "title": STRING, **PROVENANCE},
        "A numbered heading grouping tasks.",
    ),
    NodeType(
        "Task",
        {
            "id": STRING,
            "plan": STRING,
            "key": STRING,
            "title": STRING,
            "text": STRING,
            "kind": STRING,
            "section": STRING,
            **PROVENANCE,
        },
        "A work item (任务) with its numbering path.",
    ),
    NodeType(
        "Unit",
        {"id": STRING, "name": STRING, "kind": STRING, "jurisdiction": STRING, "collective": BOOL, "known": BOOL},
        "A responsible body resolved within its jurisdiction: org:Organization; known when named after reference data.",
    ),
    NodeType(
        "Jurisdiction",
        {"id": STRING, "name": STRING, "level": STRING, "code": STRING},
        "An administrative division (行政区划), GB/T 2260 code where known.",
    ),
    NodeType(
        "Target",
        {
            "id": STRING,
            "plan": STRING,
            "text": STRING,
            "indicator": STRING,
            "value": FLOAT,
            "value_max": FLOAT,
            "unit": STRING,
            "comparator": STRING,
            "deadline": INT,
            "base_value": FLOAT,
            "base_unit": STRING,
            **PROVENANCE,
        },
        "A quantitative commitment.",
    ),
    NodeType(
        "Mechanism",
        {"id": STRING, "name": STRING, "in_scheme": BOOL},
        "A policy instrument, a SKOS concept of ontology/mechanisms.ttl (or a new one found by pattern).",
    ),
    NodeType(
        "Policy",
        {"id": STRING, "title": STRING, "doc_number": STRING},
        "A policy a plan cites or implements, by title and 文号.",
    ),
    NodeType("Person", {"id": STRING, "name": STRING}, "A named person (org:Post holder)."),
)

RELATIONSHIPS: tuple[RelType, ...] = (
    RelType("HAS_SECTION", "Plan", "Section", {}, "A plan's headings."),
    RelType("HAS_TASK", "Plan", "Task", {}, "A plan's tasks."),
    RelType("IN_SECTION", "Task", "Section", {}, "The heading a task stands under."),
    RelType(
        "ASSIGNED_TO",
        "Task",
        "Unit",
        {"role": STRING, "basis": STRING, "mention": STRING, "position": INT, "etc": BOOL, **PROVENANCE},
        "分工: a unit named for a task, role lead / support / responsible, and why.",
    ),
    RelType("HAS_TARGET", "Plan", "Target", {}, "Every target of a plan."),
    RelType("SETS_TARGET", "Task", "Target", {}, "The task that states a target."),
    RelType("ADOPTS", "Plan", "Mechanism", {"surface": STRING, **PROVENANCE}, "A mechanism named in a plan."),
    RelType("USES", "Task", "Mechanism", {"surface": STRING, **PROVENANCE}, "A mechanism named in a task."),
    RelType("CITES", "Plan", "Policy", {"relation": STRING, **PROVENANCE}, "implements or cites."),
    RelType("ISSUED_BY", "Plan", "Unit", {}, "The plan's issuers."),
    RelType("GOVERNS", "Plan", "Jurisdiction", {}, "The area the plan governs."),
    RelType("LOCATED_IN", "Unit", "Jurisdiction", {}, "The unit's jurisdiction."),
    RelType("SUB_UNIT_OF", "Unit", "Unit", {}, "A division (科室) inside its bureau: org:subOrganizationOf."),
    RelType("PART_OF", "Jurisdiction", "Jurisdiction", {}, "柳州市 → 广西壮族自治区."),
    RelType(
        "HOLDS_POST",
        "Person",
        "Unit",
        {"post": STRING, "group_role": STRING, **PROVENANCE},
        "A person's post in a unit, as a plan states it.",
    ),
    RelType("NAMES", "Plan", "Person", {}, "The plan that names a person."),
)

NODE_BY_LABEL = {n.label: n for n in NODES}
REL_BY_TYPE = {r.type: r for r in RELATIONSHIPS}
