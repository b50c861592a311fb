"""Response models, one family per resource (``PlanPublic`` / ``PlansPublic(data, count)`` …).

Lists are ``{"data": [...], "count": N}`` with ``count`` the total before paging. Ids are
the graph's own (``p-…`` plans, ``t-…`` tasks, ``u-…`` units, ``g-…`` targets).
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

Item = TypeVar("Item")
Role = Literal["lead", "support", "responsible"]


class ListPublic(BaseModel, Generic[Item]):
    data: list[Item]
    count: int = Field(description="rows in all, before limit and offset")


# --- references ------------------------------------------------------------------------------------------------------


class PlanRef(BaseModel):
    id: str
    title: str | None


class UnitRef(BaseModel):
    id: str
    name: str


class TaskRef(BaseModel):
    id: str
    key: str | None
    title: str | None
    plan: PlanRef


class UnitRole(BaseModel):
    """A unit named for a task, with its role there (lead 牵头, support 配合, responsible 责任)."""

    unit: UnitRef
    role: Role


# --- targets ---------------------------------------------------------------------------------------------------------


class TargetBrief(BaseModel):
    """A quantitative target (量化指标) as a task states it."""

    id: str
    text: str | None
    indicator: str | None
    comparator: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    deadline: int | None


class TargetTaskRef(BaseModel):
    id: str
    key: str | None


class TargetPublic(TargetBrief):
    plan: PlanRef
    task: TargetTaskRef | None
    units: list[str] = Field(description="names of the units of the task that sets it")
    leads: list[UnitRef] = Field(
        default_factory=list,
        description="who answers for it: the task's lead units (牵头), else its responsible units, in document order",
    )


TargetsPublic = ListPublic[TargetPublic]


# --- supervision checklist -------------------------------------------------------------------------------------------


class ChecklistItem(BaseModel):
    """A task on a supervision checklist (督查清单), with what the checked unit or area owes on it."""

    task: TaskRef
    role: Role = Field(description="the checked unit's (or area's) strongest role: lead, then responsible, then support")
    duties: list[UnitRole] = Field(
        description="the units checked that the task names: the unit, one of its 科室, or units of the area"
    )
    units: list[UnitRole] = Field(description="every unit of the task, in the order the document names them")
    deadline: int | None = Field(description="完成时限: the latest deadline of its targets, else the end of the plan period")
    deadline_basis: Literal["target", "plan period"] | None
    targets: list[TargetBrief]


class ChecklistPublic(ListPublic[ChecklistItem]):
    this_year: int
    overdue: int = Field(description="tasks of the whole checklist whose deadline is past")
    due_this_year: int = Field(description="tasks of the whole checklist due this year")


# --- plans -----------------------------------------------------------------------------------------------------------


class PlanPublic(BaseModel):
    """A policy document (规划/方案/计划)."""

    id: str
    title: str | None
    doc_number: str | None = Field(description="文号")
    date: str | None
    period_start: int | None
    period_end: int | None
    jurisdiction: str | None
    superseded: bool = Field(description="a newer version of the document has replaced it")
    source: str | None = Field(description="the document's file name (never a path of the machine that loaded it)")
    lead_rule: str | None = Field(description="how the document marks its lead units")
    issuers: list[str]
    task_count: int
    target_count: int


PlansPublic = ListPublic[PlanPublic]


class OutlineTask(BaseModel):
    id: str
    key: str | None
    title: str | None
    units: list[UnitRole]
    targets: list[TargetBrief]


class OutlineSection(BaseModel):
    """A heading and the tasks directly under it; ``key`` null holds tasks outside any heading."""

    id: str | None
    key: str | None
    title: str | None
    tasks: list[OutlineTask]


class PlanOutline(BaseModel):
    plan: PlanPublic
    sections: list[OutlineSection]


# --- tasks -----------------------------------------------------------------------------------------------------------


class Provenance(BaseModel):
    """Where the document states a fact: the document, the character span, the source text, the rule."""

    document: str | None
    span_start: int | None
    span_end: int | None
    source_text: str | None
    rule: str | None


class TaskUnit(BaseModel):
    """A unit named for a task: role, why that role (basis), the document's words (mention), its place in the list."""

    unit: UnitRef
    jurisdiction: str | None
    role: Role
    basis: str | None
    mention: str | None
    position: int | None
    provenance: Provenance | None = Field(default=None, description="the mention's span, its line and the rule")


class MechanismUse(BaseModel):
    id: str
    name: str | None
    surface: str | None = Field(description="the words the document used")


class SectionRef(BaseModel):
    key: str | None
    title: str | None


class TaskPublic(BaseModel):
    id: str
    key: str | None
    title: str | None
    text: str | None
    kind: str | None
    plan: PlanRef
    superseded: bool
    section: SectionRef | None
    units: list[TaskUnit]
    targets: list[TargetBrief]
    mechanisms: list[MechanismUse]
    provenance: Provenance


class TaskFound(BaseModel):
    task: TaskRef
    units: list[str]


TasksFound = ListPublic[TaskFound]


# --- units -----------------------------------------------------------------------------------------------------------


class UnitPublic(BaseModel):
    """A unit (单位) found by name: each jurisdiction's bureau is its own row."""

    id: str
    name: str
    kind: str | None
    jurisdiction: str | None
    parent: str | None = Field(description="the bureau a division (科室) belongs to")
    task_count: int


UnitsPublic = ListPublic[UnitPublic]


class UnitDetail(BaseModel):
    id: str
    name: str
    kind: str | None
    jurisdiction: str | None
    collective: bool
    known: bool = Field(description="the name comes from reference data (alias table, GB/T 2260); false: kept as written")
    parent: UnitRef | None
    led: int
    supported: int
    responsible: int
    total: int


class LedTask(BaseModel):
    task: TaskRef
    basis: str | None
    supporters: list[str]


class SupportedTask(BaseModel):
    task: TaskRef
    basis: str | None
    leads: list[str]


class CoOwnedTask(BaseModel):
    """A task the unit shares with at least one other unit (共同承担)."""

    task: TaskRef
    role: Role = Field(description="the unit's own role")
    co_owners: list[UnitRole]
    targets: list[TargetBrief]


LedTasks = ListPublic[LedTask]
SupportedTasks = ListPublic[SupportedTask]
CoOwnedTasks = ListPublic[CoOwnedTask]


# --- mechanisms ------------------------------------------------------------------------------------------------------


class MechanismPublic(BaseModel):
    """A policy mechanism (政策机制: 揭榜挂帅, 赛马制 …); ``in_scheme`` when the SKOS scheme knows it."""

    id: str
    name: str | None
    in_scheme: bool | None
    plan_count: int
    task_count: int


MechanismsPublic = ListPublic[MechanismPublic]


class TaskBrief(BaseModel):
    id: str
    key: str | None
    title: str | None


class MechanismInPlan(BaseModel):
    plan: PlanRef
    jurisdiction: str | None
    surfaces: list[str]
    tasks: list[TaskBrief]


class MechanismDetail(MechanismPublic):
    plans: list[MechanismInPlan]
    jurisdictions: list[str]


# --- policies --------------------------------------------------------------------------------------------------------


class PolicyRef(BaseModel):
    id: str
    title: str | None
    doc_number: str | None


class Citation(BaseModel):
    """A plan implementing (贯彻落实) or citing a policy, and the loaded plans that policy is."""

    plan: PlanRef
    relation: str | None
    policy: PolicyRef
    loaded_plans: list[str]


Citations = ListPublic[Citation]


class PolicyCitedBy(BaseModel):
    plan: PlanRef
    relation: str | None


class PolicyPublic(PolicyRef):
    cited_by: list[PolicyCitedBy]
    loaded_plans: list[str]


# --- documents -------------------------------------------------------------------------------------------------------


class DocumentLoaded(BaseModel):
    """What loading an uploaded document did."""

    plan_id: str
    title: str | None
    status: Literal["loaded", "unchanged", "replaced"]
    superseded: str | None = Field(description="the plan id of the older version it replaced")
    tasks: int
    units: int
    targets: int
    warnings: list[str]


# --- comparison ------------------------------------------------------------------------------------------------------


class CompareSide(BaseModel):
    """One side of a comparison: a plan, or the current plans governing an area."""

    plan: PlanRef | None
    jurisdiction: str | None
    label: str


class MechanismRef(BaseModel):
    id: str
    name: str | None
    in_scheme: bool | None = Field(description="a concept of the SKOS scheme (false: a candidate found by pattern)")


class MechanismComparison(BaseModel):
    shared: list[MechanismRef]
    only_a: list[MechanismRef]
    only_b: list[MechanismRef]


class IndicatorComparison(BaseModel):
    """The targets each side sets for one indicator (指标): the numbers a researcher compares."""

    indicator: str
    a: list[TargetBrief]
    b: list[TargetBrief]


class UnitLoad(BaseModel):
    """A unit's tasks on one side, its 科室 counted as the unit."""

    unit: UnitRef
    led: int
    supported: int
    responsible: int
    total: int


class PostComparison(BaseModel):
    """The units holding one post on each side (柳州市财政局 and 广元市财政局 are both 市财政局)."""

    post: str = Field(description="the unit's name with its area written as the level word (市财政局)")
    a: list[UnitLoad]
    b: list[UnitLoad]


class ComparisonPublic(BaseModel):
    a: CompareSide
    b: CompareSide
    mechanisms: MechanismComparison
    indicators: list[IndicatorComparison] = Field(description="indicators both sides set first, then the others")
    units: list[PostComparison] = Field(description="posts with the most tasks on both sides together first")


# --- a plan against another version of it ----------------------------------------------------------------------------


class TaskVersion(BaseModel):
    id: str
    key: str | None
    title: str | None


class Reassignment(BaseModel):
    """A unit named on both versions of a task with another role (its strongest role in each)."""

    unit: UnitRef
    before: Role
    after: Role


class TargetMove(BaseModel):
    """A target of the same indicator whose value, comparator, unit or deadline changed."""

    before: TargetBrief
    after: TargetBrief


class TaskChange(BaseModel):
    change: Literal["added", "removed", "changed"]
    before: TaskVersion | None
    after: TaskVersion | None
    retitled: bool
    renumbered: bool
    units_added: list[UnitRole]
    units_removed: list[UnitRole]
    reassigned: list[Reassignment]
    targets_added: list[TargetBrief]
    targets_removed: list[TargetBrief]
    targets_moved: list[TargetMove]


class PlanChanges(BaseModel):
    """What a version of a plan changed against another (by default the version it superseded)."""

    plan: PlanRef
    against: PlanRef
    versions: list[PlanRef] = Field(description="the other loaded versions of the document, current first")
    added: int
    removed: int
    changed: int
    unchanged: int
    tasks: list[TaskChange] = Field(description="changed and added tasks in the new version's order, then removed ones")


# --- the network explorer --------------------------------------------------------------------------------------------


class UnitInNetwork(BaseModel):
    """A unit of the co-responsibility network (共同责任网络): its area, kind and tasks by role."""

    jurisdiction: str | None
    kind: str | None
    collective: bool = Field(description="a collective such as 各有关部门, not one body")
    led: int
    supported: int
    responsible: int
    tasks: int


class ExplorerNode(UnitInNetwork):
    """A unit placed for drawing (x, y: a component of n units spans about √n)."""

    id: str
    name: str
    x: float
    y: float


class ExplorerNetwork(BaseModel):
    """What the network explorer draws: units placed by a force layout, linked by shared tasks."""

    title: str
    nodes: list[ExplorerNode]
    edges: list[tuple[int, int, int]] = Field(
        description="[source, target, weight]: two indexes into nodes, and the tasks the two units share"
    )
    max_weight: int
    truncated: bool = Field(description="the network was cut at the largest units or pairs the server draws")
