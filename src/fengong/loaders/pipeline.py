"""The extraction pipeline: one document in, one :class:`~ontology.model.Extraction` out.

Stages, each its own module with a typed hand-off:
read → clean → outline → head (metadata) → jurisdiction → tasks and their
responsibility clauses → units → targets → mechanisms → citations → persons.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path, PurePath

from fengong.loaders.citations import find_citations
from fengong.loaders.clean import clean
from fengong.loaders.mechanisms import RULE_SLOGAN, find_mechanisms
from fengong.loaders.metadata import PlanHead, read_head
from fengong.loaders.outline import Outline, parse_outline
from fengong.loaders.persons import person_in_cell, persons_in_lines, persons_in_prose
from fengong.loaders.places import find_places, plan_jurisdiction, resolve_areas
from fengong.loaders.read import RawDocument, read_bytes, read_path
from fengong.loaders.responsibility import Mention, document_lead_rule
from fengong.loaders.script import as_printed, read_script
from fengong.loaders.targets import extract_targets
from fengong.loaders.tasks import TaskDraft, allocation_regions, find_tasks, goal_regions, own_end
from fengong.loaders.units import UnitResolver
from fengong.ontology.ids import stable_id
from fengong.ontology.model import (
    Assignment,
    Extraction,
    MechanismMention,
    Person,
    Plan,
    Provenance,
    Section,
    Target,
    Task,
    Unit,
)

_ROLE_RANK = {"lead": 0, "support": 1, "responsible": 2}
_POST_UNIT = re.compile(
    r"^(.{2,20}?(?:科|处|室|所|中心|局|委|办公室|党委))(?:副)?(?:科长|处长|主任|所长|书记|专职副书记|局长)"
)


def extract_path(path: str | Path) -> tuple[Extraction, str]:
    """Read and extract one file; returns the extraction and the cleaned text."""
    return extract_document(read_path(path))


def extract_bytes(data: bytes, name: str) -> tuple[Extraction, str]:
    return extract_document(read_bytes(data, name))


def document_id(text: str) -> str:
    """Content hash of the normalised text: the same document always gets the same id."""
    return "d-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def extract_document(raw: RawDocument) -> tuple[Extraction, str]:
    doc = document_id(raw.text)
    script = read_script(raw.text)  # traditional script is read in simplified characters, offsets unchanged
    cleaned = clean(script.text)
    text = cleaned.text
    outline = parse_outline(text)
    head = read_head(cleaned, outline)
    jurisdiction = plan_jurisdiction(head.title, head.issuers, head.doc_number, text)
    resolver = UnitResolver(jurisdiction, head.issuers, text)
    rule = document_lead_rule(text)
    drafts = find_tasks(text, outline, rule)
    issuers = [resolver.resolve(name) for name in head.issuers]
    lead_rule = _lead_rule(rule is not None, drafts)
    plan = Plan(
        id="p-" + doc[2:],
        title=head.title,
        doc_number=head.doc_number,
        issuers=[_issuer_name(printed, unit) for printed, unit in zip(head.issuers, issuers, strict=True)],
        date=head.date,
        period=head.period,
        jurisdiction=jurisdiction,
        lead_rule=lead_rule,
        provenance=Provenance(doc, *head.title_span, "metadata.title", head.title or "") if head.title_span else None,
        issuer_units=list(dict.fromkeys(unit.id for unit in issuers)),
    )
    tasks = [_task(doc, text, d, resolver) for d in drafts]
    warnings = [*raw.warnings, *_silences(plan, tasks)]
    deadline = head.period[1] if head.period else None
    targets = _targets(doc, text, outline, head, drafts, tasks, deadline)
    mechanisms = _mechanisms(doc, text, head, outline, drafts, tasks)
    citations = find_citations(text, doc=doc, plan_title=head.title, own_number=head.doc_number)
    persons = _persons(doc, text, drafts, resolver, issuers)
    units = _units(tasks, issuers)
    named = [*units, *(a.unit for t in tasks for a in t.assignments), *(p.unit for p in persons if p.unit)]
    extraction = Extraction(
        doc_id=doc,
        source=PurePath(raw.source).name,  # the file's name: no path of the loading machine in the data
        plan=plan,
        sections=_sections(doc, outline),
        tasks=tasks,
        targets=targets,
        mechanisms=mechanisms,
        citations=citations,
        persons=persons,
        units=units,
        warnings=warnings,
        repairs=cleaned.repairs,
        areas=resolve_areas((u.jurisdiction for u in named if u.jurisdiction), jurisdiction),
    )
    printed = script.printed(text)
    return replace(as_printed(extraction, script), text=printed), printed


def _issuer_name(printed: str, unit: Unit) -> str:
    """An issuer as the document names it when that name is complete (opens with its place: 黄浦区规划和自然资源局),
    else as resolved (自治区科技厅 → 广西壮族自治区科学技术厅)."""
    named = find_places(printed, any_county=True)
    return printed if named and named[0][0] == 0 else unit.name


def _lead_rule(stated: bool, drafts: list[TaskDraft]) -> str:
    """explicit (the text says who leads), first_listed (units without a lead marker), or none."""
    if stated or any(m.role != "responsible" for d in drafts for m in d.mentions):
        return "explicit"
    return "first_listed" if any(d.mentions for d in drafts) else "none"


def _silences(plan: Plan, tasks: list[Task]) -> list[str]:
    """Where the text is silent, say so instead of guessing."""
    out = []
    if not tasks:
        out.append("no tasks recognised: the document has no numbered items or task tables")
    if plan.jurisdiction is None:
        out.append("the text does not name the area the plan governs: units are left unscoped (市科学技术局)")
    if tasks and plan.lead_rule == "first_listed":
        out.append("no lead marker: assignments have role 'responsible' (position 0 is the first listed)")
    return out


def _sections(doc: str, outline: Outline) -> list[Section]:
    return [
        Section(_id("s", doc, n.key), n.key, n.title, Provenance(doc, n.start, own_end(n), "outline.heading", n.title))
        for n in outline.nodes()
        if n.children
    ]


def _id(prefix: str, doc: str, key: str) -> str:
    return stable_id(prefix, f"{doc}/{key}")


def _task(doc: str, text: str, draft: TaskDraft, resolver: UnitResolver) -> Task:
    task_id = _id("t", doc, draft.key)
    body = " ".join(text[s:e].strip() for s, e in draft.spans)
    task = Task(
        id=task_id,
        key=draft.key,
        title=draft.title,
        text=body,
        section=draft.section,
        provenance=Provenance(doc, draft.start, draft.end, f"outline.{draft.kind}", draft.title),
        kind=draft.kind,
    )
    for mention in _dedupe(draft.mentions):
        unit = resolver.resolve(mention.text)
        prov = Provenance(
            doc, mention.start, mention.end, f"responsibility.{mention.basis}", _line(text, mention.start)
        )
        task.assignments.append(Assignment(mention.text, unit, mention.role, mention.basis, prov, mention.etc))
    return task


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """One assignment per mention text; a stated role beats 'responsible'."""
    best: dict[str, Mention] = {}
    for m in mentions:
        old = best.get(m.text)
        if old is None or _ROLE_RANK[m.role] < _ROLE_RANK[old.role]:
            best[m.text] = m
    order = {m.text: i for i, m in reversed(list(enumerate(mentions)))}
    return sorted(best.values(), key=lambda m: order[m.text])


def _line(text: str, pos: int) -> str:
    left = text.rfind("\n", 0, pos) + 1
    right = text.find("\n", pos)
    return text[left : right if right >= 0 else len(text)].strip()[:500]


class _TaskIndex:
    """Which task owns a character position (for targets and mechanisms)."""

    def __init__(self, drafts: list[TaskDraft], tasks: list[Task]) -> None:
        spans = sorted((s, e, t.id) for d, t in zip(drafts, tasks, strict=True) for s, e in d.spans)
        self.starts = [s for s, _, _ in spans]
        self.spans = spans

    def at(self, pos: int) -> str | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.spans[i][2]
        return None


def _targets(
    doc: str,
    text: str,
    outline: Outline,
    head: PlanHead,
    drafts: list[TaskDraft],
    tasks: list[Task],
    deadline: int | None,
) -> list[Target]:
    out: list[Target] = []
    regions: list[tuple[int, int, str | None]] = []
    body_from = head.title_span[1] if head.title_span else 0
    for s, e in outline.preamble:
        if s >= body_from:
            regions.append((s, e, None))
    for start, end in [*goal_regions(outline), *allocation_regions(text, outline)]:
        regions.append((start, end, None))
    due: dict[str | None, int | None] = {}
    for draft, task in zip(drafts, tasks, strict=True):
        year = re.search(r"(?:19|20)\d{2}", draft.due or "")
        due[task.id] = int(year.group(0)) if year else deadline
        for s, e in draft.target_spans:
            regions.append((s, e, task.id))
    seen: set[tuple[int, int, float | None, str | None]] = set()
    for s, e, task_id in regions:
        for target in extract_targets(text[s:e], doc=doc, offset=s, default_deadline=due.get(task_id, deadline)):
            span = (target.provenance.start, target.provenance.end, target.value, target.unit)
            if span in seen:
                continue
            seen.add(span)
            target.task = task_id
            out.append(target)
    return out


def _mechanisms(
    doc: str, text: str, head: PlanHead, outline: Outline, drafts: list[TaskDraft], tasks: list[Task]
) -> list[MechanismMention]:
    """Instruments named in the body. A heading states a goal (完善创新平台建设运行机制): only an
    instrument the scheme knows, or a slogan put into practice, counts there; phrases found by pattern
    must come from the text."""
    body_from = head.title_span[0] if head.title_span else 0
    index = _TaskIndex(drafts, tasks)
    headings = [(n.title_start, n.title_end) for n in outline.nodes()]
    found = []
    for mention in find_mechanisms(text[body_from:], doc=doc, offset=body_from):
        start, end = mention.provenance.start, mention.provenance.end
        in_heading = any(s <= start and end <= e for s, e in headings)
        if mention.candidate and in_heading and mention.provenance.rule != RULE_SLOGAN:
            continue
        mention.task = index.at(start)
        found.append(mention)
    return found


def _persons(doc: str, text: str, drafts: list[TaskDraft], resolver: UnitResolver, issuers: list[Unit]) -> list[Person]:
    found = persons_in_lines(text) + persons_in_prose(text)
    row_unit: dict[str, Unit] = {}  # a 责任人 of a task row belongs to that row's unit
    for draft in drafts:
        for pm in draft.persons:
            person = person_in_cell(pm.text, pm.start)
            if person is not None:
                found.append(replace(person, group_role=person.group_role or pm.label, sentence=_line(text, pm.start)))
                named = [m for m in draft.mentions if m.role != "support"]
                if draft.kind == "table_row" and named:
                    row_unit.setdefault(person.name, resolver.resolve(named[0].text))
    out: list[Person] = []
    seen: set[str] = set()
    issuer_unit = issuers[0] if issuers else None
    for p in found:
        if p.name in seen:
            continue
        seen.add(p.name)
        unit = _unit_of_post(p.post, resolver) or row_unit.get(p.name) or issuer_unit
        out.append(
            Person(p.name, p.post, unit, Provenance(doc, p.start, p.end, "person.list", p.sentence), p.group_role)
        )
    return out


def _unit_of_post(post: str | None, resolver: UnitResolver) -> Unit | None:
    """科长 of 法规与监督诚信科 → that division; 所长 of 市科技情报研究所 → that institute."""
    if not post:
        return None
    m = _POST_UNIT.match(post)
    return resolver.resolve(m.group(1)) if m else None


def _units(tasks: list[Task], issuers: list[Unit]) -> list[Unit]:
    seen: dict[str, Unit] = {}
    for unit in issuers:
        seen.setdefault(unit.id, unit)
    for task in tasks:
        for a in task.assignments:
            seen.setdefault(a.unit.id, a.unit)
    return list(seen.values())
