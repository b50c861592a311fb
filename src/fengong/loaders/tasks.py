"""Which outline nodes and table rows are tasks, and which units each one names.

A task is a leaf item under a section of tasks (not under 指导思想, 主要目标,
工作要求 …), a lettered lead-sentence paragraph, or a row of a table that
assigns work (a 事项/任务 column plus responsibility columns or a work-plan
column written in prose). Attachments often detail a task of the main text (a
work-group paragraph naming its 牵头科室, a table row with its 责任部门): such
details are merged into the task whose title they repeat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from fengong.loaders import columns
from fengong.loaders.outline import Cell, Node, Outline, Table
from fengong.loaders.responsibility import (
    LeadRule,
    Mention,
    PersonMention,
    is_label_prefix,
    labelled_mentions,
    prose_mentions,
    split_units,
)
from fengong.loaders.units import looks_like_unit
from fengong.loaders.vocabulary import verb_pattern

_NON_TASK_TITLE = re.compile(
    r"^(?:[“\"]?)(?:总体要求|总体思路|指导思想|基本原则|工作原则|主要目标|工作目标|发展目标|总体目标|目标任务|预期目标|"
    r"工作要求|有关要求|背景|现状|意义|重要意义|形势|适用范围|编制依据|领导小组名单|工作小组名单|名单|总则|附则)"
)
_DUE = re.compile(r"(?:完成时限|完成时间|时间节点)\s*[:：]\s*([^；;。，,\n)）]{2,20})")
_REVIEW_TITLE = re.compile(r"工作回顾|回顾|工作总结|主要成效|进展情况|基本情况|发展现状|存在问题|面临形势")
_GUARANTEE_TITLE = re.compile(r"^[“\"]?(?:保障措施|组织保障|组织实施|实施保障|工作保障|保障机制)")
_OVERALL_TITLE = re.compile(r"^[“\"]?(?:总体要求|总体思路|发展思路|总体部署)")
_GOAL_TITLE = re.compile(r"^[“\"]?[\u4e00-\u9fff]{0,6}目标")
_ALLOCATION_CAPTION = re.compile(r"(?:目标|任务|指标)[^\n。]{0,6}分解|分解(?:表|情况|方案)")
_REFERENCE = re.compile(r"\s*[（(]\s*(?:见|详见|具体见)[^（）()]*[)）]\s*$")
_TRAILING_CLAUSE = re.compile(r"\s*[（(〔\[【][^（(〔\[【]*(?:单位|部门|科室)\s*[:：][^）)〕\]】]*[）)〕\]】]\s*$")
_LEADS = verb_pattern("end", "lead")
_SUPPORTS = verb_pattern("end", "support")
_PROSE_ROLE = re.compile(
    rf"[（(〔【\[](?:[^（）()〔〕【】\[\]]|[（(][^（）()]{{1,8}}[）)]){{2,100}}?(?:{_LEADS})"
    r"(?:[^（）()〔〕【】\[\]]|[（(][^（）()]{1,8}[）)]){0,100}?[）)〕】\]]"
    rf"|[（(〔【\[](?:[^（）()〔〕【】\[\]]|[（(][^（）()]{{1,8}}[）)]){{2,200}}?(?:{_SUPPORTS})[）)〕】\]]"
    rf"|由[^，,。；;（(〔【\[]{{2,40}}?(?:{_LEADS})(?:[，,][^。；;，,]{{2,60}}?(?:{_SUPPORTS}))?"
    rf"|[^，,。；;（(〔【\[]{{2,40}}?(?:{_LEADS})[，,][^。；;，,]{{2,60}}?(?:{_SUPPORTS})"
)
"""A role clause in running text: bracketed (…牵头…), (…配合), or a sentence 由A牵头，B配合; a sentence
never runs into a bracket, so that 建设机构（A牵头，B配合） is read as the bracket it is."""
_DUTY_SENTENCE = re.compile(r"[ \u3000]*(?:由)?(?P<names>[^\s，,。；;（）()]{2,60}?)(?:按职责)?负责(?!人|同志)")
_SENTENCE_BREAK = re.compile(r"[。；;\n]")
_OPENING_BRACKETS = ("（", "(", "〔", "【", "[")
_TRAILING_BRACKET = re.compile(r"[（(〔【\[]([^（）()〔〕【】\[\]]{2,200})[）)〕】\]]\s*[。；;]?\s*$")



@dataclass(slots=True)
class TaskDraft:
    """A task before its units are resolved: key, title, owned text, named units."""

    key: str
    title: str
    start: int
    end: int
    spans: list[tuple[int, int]]
    kind: str = "task"
    section: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    target_spans: list[tuple[int, int]] = field(default_factory=list)
    due: str | None = None


def is_task_section(node: Node) -> bool:
    """False for 指导思想, 主要目标, 工作要求 and the like, and for attachments."""
    chain = [node, *node.ancestors()]
    return not any(
        n.family == "attachment"
        or _NON_TASK_TITLE.match(n.title)
        or _GOAL_TITLE.match(n.title)
        or _REVIEW_TITLE.search(n.title[:20])
        for n in chain
    )


def goal_regions(outline: Outline) -> list[tuple[int, int]]:
    """Where plan-level goals are stated: 主要目标/工作目标 sections, and the opening text of a
    总体要求 section that states its goals without a sub-heading."""
    regions = [(n.title_start, n.end) for n in outline.nodes() if _GOAL_TITLE.match(n.title)]
    regions += [(n.title_start, own_end(n)) for n in outline.nodes() if _OVERALL_TITLE.match(n.title)]
    return regions


def allocation_regions(text: str, outline: Outline) -> list[tuple[int, int]]:
    """Attachments that share a plan's targets out (目标任务分解表, 指标分解): one figure per area or unit,
    each a target of the plan. Known by their caption, the first lines of the attachment."""
    return [
        (n.title_start, n.end)
        for n in outline.nodes()
        if n.family == "attachment" and _ALLOCATION_CAPTION.search(text, n.title_start, min(n.end, n.title_start + 80))
    ]


def find_tasks(text: str, outline: Outline, rule: LeadRule | None) -> list[TaskDraft]:
    """Tasks of the main text, then table rows; attachment details merged into tasks."""
    drafts: list[TaskDraft] = []
    by_node: dict[int, TaskDraft] = {}
    absorbed: set[int] = set()
    flat = not any(top.children or top.tables for top in outline.root.children if top.family != "attachment")
    for node in outline.nodes():
        if id(node) in absorbed or node.family == "attachment" or not is_task_section(node):
            continue
        if node.children:
            if not _item_with_details(text, node, rule):
                continue
            absorbed.update(id(kid) for kid in node.walk())
        if not node.title and not node.tables:
            continue
        draft = _node_task(text, node, rule)
        if node.parent is not None and node.parent.family == "root" and not draft.mentions and not flat:
            continue  # a top-level section without items is not itself a task (in a list of one level, it is)
        drafts.append(draft)
        by_node[id(node)] = draft
    _inherit_clauses(text, outline, by_node, rule)
    main = list(drafts)
    for node in [outline.root, *outline.nodes()]:
        for table in node.tables:
            for row_task in _table_tasks(text, node, table, rule):
                target = _same_task(row_task.title, main)
                if target is None:
                    drafts.append(row_task)
                else:
                    _merge(target, row_task)
    for node in outline.nodes():
        if not _in_attachment(node):
            continue
        mentions, persons = labelled_mentions(text, node.title_start, own_end(node), rule)
        if not mentions:
            continue
        target = _contained_task(text[node.title_start : own_end(node)], main)
        if target is not None:
            target.mentions.extend(mentions)
            target.persons.extend(persons)
    return drafts


def _item_with_details(text: str, node: Node, rule: LeadRule | None) -> bool:
    """An item with a body and its own clause, whose sub-items (（1）（2）) carry none, is one
    task; its sub-items are details. A bare heading with a clause is not: its items are tasks."""
    if node.family == "root" or node.title_only:
        return False
    own, _ = labelled_mentions(text, node.title_start, own_end(node), rule)
    if not own:
        return False
    return not any(labelled_mentions(text, kid.title_start, own_end(kid), rule)[0] for kid in node.walk())


def own_end(node: Node) -> int:
    """Where a node's own text ends: before its first child."""
    return node.children[0].start if node.children else node.end


def _in_attachment(node: Node) -> bool:
    return any(a.family == "attachment" for a in [node, *node.ancestors()])


def _node_task(text: str, node: Node, rule: LeadRule | None) -> TaskDraft:
    mentions, persons = labelled_mentions(text, node.title_start, node.end, rule)
    due = _DUE.search(text, node.title_start, node.end)
    if not mentions:
        for m in _PROSE_ROLE.finditer(text, node.title_start, node.end):
            inner = (m.start() + 1, m.end() - 1) if text[m.start()] in "（(〔【[" else (m.start(), m.end())
            mentions.extend(prose_mentions(text, *inner))
    if not mentions:
        mentions = _unlabelled_unit_list(text, node.title_start, node.end, rule)
    if not mentions:
        mentions = _duty_sentence(text, node.title_start, node.end)
    section = node.parent.key if node.parent is not None and node.parent.family != "root" else None
    return TaskDraft(
        key=node.key,
        title=clean_title(node.title),
        start=node.start,
        end=node.end,
        spans=[(node.title_start, node.end)],
        kind="guarantee" if any(_GUARANTEE_TITLE.match(a.title) for a in node.ancestors()) else "task",
        section=section,
        mentions=mentions,
        persons=persons,
        target_spans=[(node.title_start, node.end)],
        due=due.group(1) if due else None,
    )


def _unlabelled_unit_list(text: str, start: int, end: int, rule: LeadRule | None) -> list[Mention]:
    """A bracket of unit names closing the item, without a label: （市科技局、市财政局）."""
    m = _TRAILING_BRACKET.search(text, start, end)
    if not m:
        return []
    items = split_units(text, m.start(1), m.end(1), "responsible", "none", rule)
    return items if items and all(looks_like_unit(i.text) for i in items) else []


def _duty_sentence(text: str, start: int, end: int) -> list[Mention]:
    """A sentence that opens with units and 负责 (市科技局负责…, 由市财政局、市税务局负责…, 市科技局：负责…):
    they are responsible, or lead where the same sentence has others support (市科技局负责，市财政局配合).

    Only the item's title or the sentence after it: further down, such a sentence is about the plan as a whole
    (…领导小组负责抓好本方案的组织实施 under 加强党的领导), not the item."""
    first_break = _SENTENCE_BREAK.search(text, start, end)
    starts = [start, first_break.end()] if first_break else [start]
    for m in filter(None, (_DUTY_SENTENCE.match(text, s, end) for s in starts)):
        names = [n for n in m.group("names").rstrip("：:").split("、") if n]
        if not names or not all(looks_like_unit(n) for n in names):
            continue
        names_end = m.end("names") - (1 if m.group("names").endswith(("：", ":")) else 0)
        named = split_units(text, m.start("names"), names_end, "responsible", "prose")
        sentence_end = _SENTENCE_BREAK.search(text, m.end(), end)
        rest = prose_mentions(text, m.end(), sentence_end.start() if sentence_end else end)
        supports = [f for f in rest if f.role == "support"]
        if supports:
            named = [Mention(n.text, n.start, n.end, "lead", n.basis) for n in named]
        return named + supports
    return []


def clean_title(title: str) -> str:
    """A task title without its reference note, trailing clause or final punctuation."""
    title = title.strip().rstrip("。；;，,：:.")
    title = _REFERENCE.sub("", title)
    title = _TRAILING_CLAUSE.sub("", title)
    return title.strip().rstrip("。；;，,：:.")


def _inherit_clauses(text: str, outline: Outline, by_node: dict[int, TaskDraft], rule: LeadRule | None) -> None:
    """A clause on a parent item, or after the last of its items, covers the items without one."""
    for node in outline.nodes():
        if not node.children:
            continue
        kids = [by_node[id(k)] for k in node.children if id(k) in by_node]
        if not kids:
            continue
        own, _ = labelled_mentions(text, node.title_start, node.children[0].start, rule)
        if not own:
            last = kids[-1]
            if last.mentions and all(not k.mentions for k in kids[:-1]) and _clause_alone(text, last):
                own = last.mentions
        if own:
            for kid in kids:
                if not kid.mentions:
                    kid.mentions = list(own)


def _clause_alone(text: str, draft: TaskDraft) -> bool:
    """True when the task's clause stands on a line of its own, after the item text."""
    first = draft.mentions[0].start
    line_start = text.rfind("\n", draft.start, first) + 1
    before = text[line_start:first]
    return line_start > draft.start and (is_label_prefix(before) or before.strip() in _OPENING_BRACKETS)


# -- tables ---------------------------------------------------------------------------


def _table_tasks(text: str, owner: Node, table: Table, rule: LeadRule | None) -> list[TaskDraft]:
    header = table.header
    kinds = [columns.column_kind(h) for h in header]
    title_col = _title_column(table, kinds)
    if title_col is None:
        return []
    roles = {i: kind for i, kind in enumerate(kinds) if kind in ("lead", "support", "responsible", "person", "prose")}
    if not roles:
        return []
    number_col = 0 if header and re.search(r"序号|编号", header[0]) else None
    deadline_col = next((i for i, h in enumerate(header) if columns.DEADLINE.search(h)), None)
    drafts: list[TaskDraft] = []
    above: dict[int, Cell] = {}  # the last filled cell of each unit column: merged cells are empty below it
    for index, row in enumerate(table.rows):
        cells = row.cells
        if sum(1 for c in cells if c.text) == 1 and not (title_col < len(cells) and cells[title_col].text):
            continue  # a group heading (一、创新主体培育) merged across the table
        title = cells[title_col].text if title_col < len(cells) else ""
        number = cells[number_col].text if number_col is not None and cells else ""
        if not title and drafts:
            current = drafts[-1]  # a row continued across a page break, or a merged task cell
        else:
            row_number = number or str(index + 1)
            current = TaskDraft(
                key=f"{owner.key}/{row_number}" if owner.family != "root" else row_number,
                title=clean_title(title.split("。", 1)[0]),  # a cell of several sentences: its first names the task
                start=row.start,
                end=row.end,
                spans=[],
                kind="table_row",
                section=owner.key or None,
            )
            drafts.append(current)
        current.spans.append((row.start, row.end))
        current.end = row.end
        for i, cell in enumerate(cells):
            role = roles.get(i)
            if role in ("lead", "support", "responsible", "person"):
                if cell.text:
                    above[i] = cell
                elif i in above and current.title:
                    cell = above[i]
            if not cell.text:
                continue
            if not columns.NO_TARGET.search(header[i] if i < len(header) else ""):
                current.target_spans.append((cell.start, cell.end))
            if role in ("lead", "support", "responsible"):
                current.mentions.extend(_column_mentions(text, cell.start, cell.end, role, rule))
            elif role == "person":
                labelled, _ = labelled_mentions(text, cell.start, cell.end, rule)
                current.mentions.extend(labelled)
                current.persons.append(PersonMention(header[i], cell.text, cell.start, cell.end))
            elif role == "prose":
                current.mentions.extend(prose_mentions(text, cell.start, cell.end))
            if i == deadline_col:
                current.due = cell.text
    return [d for d in drafts if d.title]


def _title_column(table: Table, kinds: list[str | None]) -> int | None:
    """The column that names each task: the first title column filled in every row.

    A 任务名称 column whose cells span several rows names a group of tasks; the 任务内容 beside it names each.
    """
    candidates = [i for i, kind in enumerate(kinds) if kind == "title"]
    for i in candidates:
        if all(i < len(row.cells) and row.cells[i].text for row in table.rows):
            return i
    return candidates[0] if candidates else None


def _column_mentions(text: str, start: int, end: int, role: str, rule: LeadRule | None) -> list[Mention]:
    labelled, _ = labelled_mentions(text, start, end, rule)
    if labelled:
        return labelled
    basis = "table_column" if role != "responsible" else "none"
    return split_units(text, start, end, role, basis, rule)  # type: ignore[arg-type]


# -- merging attachment details into tasks ---------------------------------------------


def _norm(s: str) -> str:
    return re.sub(r"[\s“”\"'‘’《》〈〉<>（）()，,、。；;：:]", "", s)


def _same_task(title: str, tasks: list[TaskDraft]) -> TaskDraft | None:
    """The main-text task whose title this table row repeats (allowing small differences)."""
    t = _norm(title)
    if len(t) < 6:
        return None
    best, best_ratio = None, 0.0
    for task in tasks:
        ratio = SequenceMatcher(None, t, _norm(task.title)).ratio()
        if ratio > best_ratio:
            best, best_ratio = task, ratio
    return best if best_ratio >= 0.85 else None


def _contained_task(paragraph: str, tasks: list[TaskDraft]) -> TaskDraft | None:
    """The task whose title a paragraph repeats (e.g. a work-group entry naming its 牵头科室)."""
    p = _norm(paragraph)
    best, best_cover = None, 0.0
    for task in tasks:
        t = _norm(task.title)
        if len(t) < 8:
            continue
        blocks = SequenceMatcher(None, t, p, autojunk=False).get_matching_blocks()
        cover = sum(b.size for b in blocks if b.size >= 3) / len(t)
        if cover > best_cover:
            best, best_cover = task, cover
    return best if best_cover >= 0.85 else None


def _merge(task: TaskDraft, detail: TaskDraft) -> None:
    task.spans.extend(detail.spans)
    task.mentions.extend(detail.mentions)
    task.persons.extend(detail.persons)
    task.target_spans.extend(detail.target_spans)
    task.due = task.due or detail.due
