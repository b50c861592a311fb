"""The plan graph as typed records: what the loaders hand to the store and the exports.

Plan (规划/方案) → Section → Task (任务) → Target (目标); Task → Unit through an
Assignment (分工) with a role; Plan/Task → Mechanism (机制); Plan → Citation.
Every fact carries Provenance: which document, which characters, which rule.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["lead", "support", "responsible"]
ROLE_LABELS: dict[str, str] = {"lead": "牵头", "support": "配合", "responsible": "责任"}
"""The roles as the documents name them."""
ROLE_STRENGTH: tuple[str, ...] = ("lead", "responsible", "support")
"""Strongest first: what a unit answers for (牵头, 责任) before what it helps with (配合)."""
"""牵头 / 配合 / 责任 (the text does not say which)."""

RoleBasis = Literal["explicit", "document_rule", "first_listed", "table_column", "prose", "none"]
"""Why an assignment has its role: a 牵头/配合 marker, a rule such as 分号前为牵头单位,
the first-listed convention, a table column header, a 由A牵头 sentence, or nothing."""

Comparator = Literal[">=", ">", "<=", "<", "~", "range", "="]
COMPARATORS: tuple[Comparator, ...] = typing.get_args(Comparator)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from: document id, character span of the cleaned text, rule."""

    doc: str
    start: int
    end: int
    rule: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """An administrative area (行政区划) with its GB/T 2260 code where known."""

    name: str  # 柳州市
    level: Literal["national", "province", "city", "county"]
    code: str | None = None  # 450200
    parent: str | None = None  # 广西壮族自治区
    short: str | None = None  # 柳州

    @property
    def full_name(self) -> str:
        """The name as official documents write it in full: a county with its city (上海市黄浦区, 昆明市官渡区).

        黄浦区 alone is ambiguous and 上海市 is another, larger area; a city or province needs no parent.
        """
        return f"{self.parent}{self.name}" if self.level == "county" and self.parent else self.name


@dataclass(frozen=True, slots=True)
class Unit:
    """A responsible body resolved to one canonical name within its jurisdiction."""

    id: str  # "u-" + hash of the canonical name in full (a county's units with their city): equal across documents
    name: str  # 柳州市财政局
    kind: str  # department, party_organ, government, leading_group, division, bank_branch, ...
    jurisdiction: str | None = None  # 柳州市
    parent: str | None = None  # id of the parent unit (a 科室's bureau)
    collective: bool = False  # 有关县区人民政府, 各部门, 市科技领导小组成员单位
    known: bool = False
    """Named after reference data: the alias table, the GB/T 2260 divisions, the division names the
    document prints, the patterns of collectives. False: a name of a unit's shape kept as written (the
    plan's area put before it where the kind calls for one) - a candidate for the alias table."""


@dataclass(slots=True)
class Assignment:
    """One unit named for one task (任务分工), with its role and the reason for it."""

    mention: str  # as the clause writes it
    unit: Unit
    role: Role
    basis: RoleBasis
    provenance: Provenance
    etc: bool = False  # the list ended in 等: more units than named


@dataclass(slots=True)
class Person:
    """A named person with a post (组长 管伟荣 党组书记、局长)."""

    name: str
    post: str | None
    unit: Unit | None
    provenance: Provenance
    group_role: str | None = None  # 组长 / 副组长 / 成员 / 牵头负责领导


@dataclass(slots=True)
class Target:
    """A quantitative commitment: indicator, value, comparator, deadline."""

    text: str
    indicator: str
    value: float | None
    value_max: float | None
    unit: str | None
    comparator: Comparator
    deadline: int | None
    provenance: Provenance
    base_value: float | None = None  # value in base units: 100亿元 → 1e10 (元)
    base_unit: str | None = None
    task: str | None = None  # task id, None for plan-level goals


@dataclass(slots=True)
class MechanismMention:
    """A policy instrument named in the text, tied to a concept of the SKOS scheme."""

    concept: str  # the concept's slug in ontology/mechanisms.ttl, or a candidate's id (mc-…)
    name: str  # preferred label; a candidate's wording
    surface: str
    provenance: Provenance
    task: str | None = None
    candidate: bool = False  # found by pattern, not in the scheme


@dataclass(slots=True)
class Citation:
    """Another policy named by 《title》 or 文号, and whether this plan implements it."""

    title: str | None
    doc_number: str | None
    relation: Literal["implements", "cites"]
    provenance: Provenance


@dataclass(slots=True)
class Task:
    """A work item (任务) with its numbering path as printed (二/(一)/1)."""

    id: str
    key: str
    title: str
    text: str
    section: str | None
    provenance: Provenance
    assignments: list[Assignment] = field(default_factory=list)
    kind: str = "task"  # task, guarantee (保障措施), table_row


@dataclass(slots=True)
class Section:
    """A numbered heading that groups tasks (一、主要任务)."""

    id: str
    key: str
    title: str
    provenance: Provenance


@dataclass(slots=True)
class Plan:
    """A policy document's metadata (title, 文号, issuers, date, period, jurisdiction)."""

    id: str
    title: str | None
    doc_number: str | None
    issuers: list[str]  # as the document prints them (发文机关)
    date: str | None
    period: tuple[int, int] | None
    jurisdiction: Jurisdiction | None
    lead_rule: str  # explicit | first_listed | none
    provenance: Provenance | None = None  # where the title stands (None when it came from the page header)
    issuer_units: list[str] = field(default_factory=list)  # the issuers resolved: Unit ids, in the same order


@dataclass(frozen=True, slots=True)
class Repair:
    """One change the cleaning stage made: input characters ``[start, end)`` became ``after``."""

    rule: str
    start: int
    end: int
    before: str
    after: str


@dataclass(slots=True)
class Extraction:
    """Everything read out of one document: the hand-off from loaders to the store."""

    doc_id: str
    source: str
    plan: Plan
    sections: list[Section]
    tasks: list[Task]
    targets: list[Target]
    mechanisms: list[MechanismMention]
    citations: list[Citation]
    persons: list[Person]
    units: list[Unit]
    warnings: list[str] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    text: str = ""  # the cleaned text, as printed: every span points into it
    # Every area the plan and its units name, resolved in the plan's area: the name → the area
    # and its ancestors, nearest first (柳州市 → 柳州市, 广西壮族自治区), so storing looks nothing up.
    areas: dict[str, tuple[Jurisdiction, ...]] = field(default_factory=dict)
