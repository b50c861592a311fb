"""Responsibility clauses: which units a task names, and in which role.

Forms handled (see MISSION.md): a trailing bracketed clause ``(责任单位:A、B,C)``;
labelled parts ``〔牵头单位:A;配合单位:B〕`` or on their own lines; document-level
rules (``分号前为牵头单位``, ``列第一位的为牵头单位``) that give the units before a
semicolon, or the first one, the lead; prose (``由A牵头,B配合``, ``法监科牵头,协同
规配、重大、人才科``); elliptical lists that share a suffix; lists ending in 等.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from fengong.loaders.outline import chinese_number
from fengong.loaders.vocabulary import (
    AREA_LEVELS,
    LABEL_ROLES,
    alternation,
    collective_pattern,
    ending_pattern,
    endings,
    one_of,
    role_labels,
    verb_pattern,
)
from fengong.ontology.model import Role, RoleBasis

LeadRule = Literal["semicolon", "first_listed"]

_UNIT_LABELS = alternation("lead", "support", "responsible")
_LABEL = re.compile(rf"(?P<label>{alternation(*LABEL_ROLES)})\s*[:：]\s*")
_LABEL_PREFIX = re.compile(rf"[（(〔\[【［]?\s*(?:{_UNIT_LABELS})\s*[:：]\s*")
_ROLE_OF_LABEL: dict[str, Role | None] = {
    label: (None if role == "person" else role) for label, role in role_labels().items()
}

_OPEN, _CLOSE = "（(〔[【［", "）)〕]】］"
_RULE_SEMICOLON = re.compile(r"(?:分号|；|;)(?:之)?前(?:的|面的)?(?:单位|部门)?(?:为|是)牵头")
_RULE_FIRST = re.compile(
    r"(?:列|排|排名|排序|位列)?(?:在)?(?:第一位|首位|第一个?|首个)(?:的|者)?(?:单位|部门)?(?:为|是)牵头"
)
_QUANTIFIED_AREA = re.compile(rf"(?:{collective_pattern('area')}){AREA_LEVELS}(?:、{AREA_LEVELS})*$")
_AREA_ITEM = re.compile(rf"{AREA_LEVELS}(?:人民政府|政府|办事处|管委会)?")
_RULE_WORDS = re.compile(r"为牵头|是牵头|^下同$|^以下同$")
_RULE_NOTE = re.compile(r"[（(][^（()）]*(?:为牵头|下同)[^（()）]*[)）]")
_SPLIT = "、，,；;"
_GROUP_SPLIT = "；;"
_ETC_ONLY = re.compile(r"等(?:单位|部门)?$")
_ETC = re.compile(r"(?:等(?:单位|部门)?|(?:按职责分工|按职责|分工|分别)?负责(?:落实)?)$")
_ORG_SUFFIX = re.compile(f"(?:{ending_pattern('name')})$")
"""A phrase ending like the name of a body (``data/unit_endings.tsv``)."""
_ANAPHORA = re.compile(r"^[两二三四五六七八九十]+(?:个)?(?:科|处|室|部门|单位)$")
_PROSE_LEAD = re.compile(verb_pattern("end", "lead"))
_INLINE_MARK = re.compile(
    rf"[（(](?:牵头|配合|协办)[）)]$|(?<=[{''.join(sorted({e[-1] for e in endings('head')}))}])(?:牵头|配合)$"
)
_OTHER_LABEL = re.compile(r"(?<=[；;，,\s])(?:完成时限|完成时间|时间节点|时限|工作目标|目标|备注|进度安排)\s*[:：]")
_ROLE_VERB = re.compile(f"(?:共同)?(?:{verb_pattern('end')})$")
"""The verbs that close a clause after its units (``data/role_verbs.tsv``)."""
_DUTY_LEAD = re.compile(f"(?:{verb_pattern('end', 'each')})$")
"""按职责分工负责落实: each unit named does its own part of the work - the annotation's lead."""
_NOT_NAME = re.compile(r"[\s\d０-９]|[到至向给]")
_RECIPIENT = re.compile(
    rf"(?:归集到|报送至|报送|汇总到|交由|交给|提交|报)([\u4e00-\u9fff]{{2,12}}?(?:{ending_pattern('head')}))$"
)
_PROSE_SUPPORT = re.compile(f"^(?:{verb_pattern('before', 'support')})|(?:{verb_pattern('end', 'support')})$")
"""A clause whose units support: opened by 协同/配合, or closed by 配合 or 组织落实 (the lead's work carried out)."""
_SUPPORT_VERB_AFTER = re.compile(f"(?:等(?:单位|部门)?)?(?:{verb_pattern('after', 'support')})")
"""…or whose names are followed at once by a verb of support (市审计局配合开展审计)."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A unit as a clause writes it, with its role and the reason for that role."""

    text: str
    start: int
    end: int
    role: Role
    basis: RoleBasis
    etc: bool = False


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person named under a label such as 牵头负责领导 or 责任人."""

    label: str
    text: str
    start: int
    end: int


def is_label_prefix(text: str) -> bool:
    """True when ``text`` is nothing but an opening bracket and a responsibility label."""
    return bool(_LABEL_PREFIX.fullmatch(text.strip()))


def document_lead_rule(text: str) -> LeadRule | None:
    """The document's own statement of how leads are marked, if it makes one."""
    if _RULE_SEMICOLON.search(text):
        return "semicolon"
    if _RULE_FIRST.search(text):
        return "first_listed"
    return None


def find_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of bracketed responsibility clauses (with a label inside) in ``text[start:end]``."""
    spans: list[tuple[int, int]] = []
    for m in _LABEL.finditer(text, start, end):
        if _ROLE_OF_LABEL[m.group("label")] is None and not _inside_bracket(text, m.start(), start):
            continue
        open_at = _enclosing_open(text, m.start(), start)
        if open_at is None:
            continue
        close_at = _matching_close(text, open_at, end)
        if close_at is None:
            continue
        span = (open_at, close_at + 1)
        if not spans or spans[-1] != span:
            spans.append(span)
    return spans


def labelled_mentions(
    text: str, start: int, end: int, rule: LeadRule | None
) -> tuple[list[Mention], list[PersonMention]]:
    """Units and persons under 牵头/配合/责任 labels in ``text[start:end]``.

    Inside brackets a value runs to the next label or the closing bracket; outside,
    to the next label or the end of the sentence.
    """
    mentions: list[Mention] = []
    persons: list[PersonMention] = []
    labels = list(_LABEL.finditer(text, start, end))
    for i, m in enumerate(labels):
        label = m.group("label")
        stop = labels[i + 1].start() if i + 1 < len(labels) else end
        other = _OTHER_LABEL.search(text, m.end(), stop)
        stop = _value_end(text, m.end(), other.start() if other else stop)
        role = _ROLE_OF_LABEL[label]
        if role is None:
            persons.append(PersonMention(label, *_trimmed(text, m.end(), stop)))
            continue
        basis: RoleBasis = "explicit" if role != "responsible" else "none"
        if role == "responsible" and any(x.role == "lead" and x.basis == "explicit" for x in mentions):
            role, basis = "support", "explicit"  # 牵头单位：A 责任单位：B - the list after the leads supports
        mentions.extend(split_units(text, m.end(), stop, role, basis, rule))
    return mentions, persons


def split_units(
    text: str, start: int, end: int, role: Role, basis: RoleBasis, rule: LeadRule | None = None
) -> list[Mention]:
    """Split a list of unit names, respecting brackets inside names (各县(区)).

    Under a document rule an unmarked list gets its lead from the rule: the units
    before the first semicolon, or the first unit.
    """
    value = text[start:end]
    note = _RULE_NOTE.search(value)
    if note:
        end = start + note.start()
    items = _split_items(text, start, end)
    if role == "responsible" and rule is not None and items:
        has_group = any(sep and sep in _GROUP_SPLIT for _, _, sep in items)
        out = []
        lead_done = False
        for i, (s, e, sep_before) in enumerate(items):
            if rule == "semicolon" and has_group:
                lead_done = lead_done or bool(sep_before and sep_before in _GROUP_SPLIT)
                item_role: Role = "support" if lead_done else "lead"
            elif rule == "first_listed" or (rule == "semicolon" and not has_group):
                item_role = "lead" if i == 0 else "support"
            else:
                item_role = "responsible"
            out.extend(_mention(text, s, e, item_role, "document_rule"))
        return out
    mentions = [m for s, e, _ in items for m in _mention(text, s, e, role, basis)]
    return _inline_role_marks(mentions) if role == "responsible" else mentions


def _inline_role_marks(mentions: list[Mention]) -> list[Mention]:
    """市科技局（牵头）、市财政局: a unit marked 牵头 leads; once one does, the others support."""
    out: list[Mention] = []
    for m in mentions:
        mark = _INLINE_MARK.search(m.text)
        if mark is None:
            out.append(m)
            continue
        role: Role = "lead" if "牵头" in mark.group(0) else "support"
        name = m.text[: mark.start()]
        out.append(Mention(name, m.start, m.start + len(name), role, "explicit", m.etc))
    if any(m.role == "lead" for m in out):
        out = [
            m if m.role != "responsible" else Mention(m.text, m.start, m.end, "support", "explicit", m.etc) for m in out
        ]
    return out


def prose_mentions(text: str, start: int, end: int) -> list[Mention]:
    """Units named in running text: ``A、B牵头…，协同C、D`` or ``由E编辑稿件``.

    A unit is taken only where a clause opens with it (after 由/协同/配合 or a
    label such as 方式:); once a cell names a lead, its other units support.
    An anaphoric collective (三科 after three 科 were named) adds nothing.
    """
    found: list[Mention] = []
    for cs, ce in _clauses(text, start, end):
        clause = text[cs:ce]
        lead = bool(_PROSE_LEAD.search(clause) or _DUTY_LEAD.search(clause))
        support = bool(_PROSE_SUPPORT.search(clause))
        body_start = cs + _prose_prefix_len(clause)
        items = _split_items(text, body_start, ce, separators="、")
        names: list[tuple[int, int]] = []
        for s, e, _ in items:
            span = _leading_unit(text, s, e)
            if span is None:
                break
            names.append(span)
            if span[1] < _strip_paren(text, s, e)[1]:
                break  # the name is followed by a verb: the list ended here
        names = _share_suffix(text, names)
        if not names:
            recipient = _RECIPIENT.search(text, body_start, ce)
            if recipient:
                names = [(recipient.start(1), recipient.end(1))]
        support = support or bool(names and _SUPPORT_VERB_AFTER.match(text, names[-1][1]))  # 市审计局配合开展审计
        role: Role = "lead" if lead and not support else "support" if support else "responsible"
        for s, e in names:
            found.append(Mention(text[s:e], s, e, role, "prose"))
    kept = [m for m in found if not _is_anaphor(m, found)]
    if any(m.role == "lead" for m in kept):
        kept = [m if m.role == "lead" else Mention(m.text, m.start, m.end, "support", m.basis) for m in kept]
    return sorted(kept, key=lambda m: m.start)


# -- helpers ------------------------------------------------------------------------


def _is_anaphor(mention: Mention, found: list[Mention]) -> bool:
    """三科 after three 科 were already named refers back to them."""
    m = _ANAPHORA.match(mention.text)
    if not m:
        return False
    count = chinese_number(mention.text.rstrip("科处室部门单位个"))
    suffix = mention.text[-1]
    earlier = [n for n in found if n.start < mention.start and n.text.endswith(suffix) and not _ANAPHORA.match(n.text)]
    return len(earlier) >= count


def _inside_bracket(text: str, pos: int, floor: int) -> bool:
    return _enclosing_open(text, pos, floor) is not None


def _enclosing_open(text: str, pos: int, floor: int) -> int | None:
    depth = 0
    for i in range(pos - 1, max(floor, pos - 400) - 1, -1):
        ch = text[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                return i
            depth -= 1
        elif ch in "。\n":
            return None
    return None


def _matching_close(text: str, open_at: int, end: int) -> int | None:
    depth = 0
    for i in range(open_at, min(end, open_at + 1500)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
        elif ch == "\n":
            return None
    return None


def _value_end(text: str, start: int, stop: int) -> int:
    """A label's value ends at the next label, a closing bracket, or a sentence end."""
    depth = 0
    for i in range(start, stop):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return i
            depth -= 1
        elif ch in "。\n" and depth == 0:
            return i
    return stop


def _split_items(text: str, start: int, end: int, separators: str = _SPLIT) -> list[tuple[int, int, str]]:
    """(start, end, separator before) of list items, not splitting inside brackets."""
    items: list[tuple[int, int, str]] = []
    depth = 0
    item_start = start
    sep_before = ""
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            items.append((item_start, i, sep_before))
            item_start, sep_before = i + 1, ch
    items.append((item_start, end, sep_before))
    trimmed = [(s, e, sep) for s, e, sep in ((*_trimmed_span(text, s, e), sep) for s, e, sep in items) if e > s]
    return _shared_quantifier(text, trimmed)


def _shared_quantifier(text: str, items: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """各乡、镇人民政府; 各区、县级市; 有关县、区人民政府: one 各 or 有关 governs the whole list, one collective."""
    out: list[tuple[int, int, str]] = []
    for s, e, sep in items:
        if (
            out
            and sep == "、"
            and _AREA_ITEM.fullmatch(text, s, e)
            and _QUANTIFIED_AREA.match(text, out[-1][0], out[-1][1])
        ):
            out[-1] = (out[-1][0], e, out[-1][2])
        else:
            out.append((s, e, sep))
    return out


def _trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "，,、：:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "，,、。.；;：:"):
        end -= 1
    return start, end


def _trimmed(text: str, start: int, end: int) -> tuple[str, int, int]:
    s, e = _trimmed_span(text, start, end)
    return text[s:e], s, e


def _mention(text: str, start: int, end: int, role: Role, basis: RoleBasis) -> list[Mention]:
    s, e = _trimmed_span(text, start, end)
    name = text[s:e]
    etc = False
    m = _ETC.search(name)
    if m and m.start() > 1:
        etc = m.group(0).startswith("等")
        e = s + m.start()
        name = text[s:e]
    if len(name) < 2 or _RULE_WORDS.search(name):
        return []  # 排在首位的为牵头单位，下同: the document's rule, stated inside its first clause
    return [Mention(name, s, e, role, basis, etc)]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    s = start
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in "，,。；;\n" or (ch == "、" and _ROLE_VERB.search(text, max(s, i - 12), i))):  # X牵头负责、
            if i > s:
                out.append(_trimmed_span(text, s, i))
            s = i + 1
    if end > s:
        out.append(_trimmed_span(text, s, end))
    return [(a, b) for a, b in out if b > a]


_PROSE_PREFIX = re.compile(rf"^(?:[\u4e00-\u9fff]{{1,4}}[:：]\s*)?(?:由|请|{verb_pattern('before')})?")


def _prose_prefix_len(clause: str) -> int:
    m = _PROSE_PREFIX.match(clause)
    return m.end() if m else 0


def _strip_paren(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing parenthetical note such as （1 条/月）."""
    s, e = _trimmed_span(text, start, end)
    if e > s and text[e - 1] in "）)":
        depth = 0
        for i in range(e - 1, s - 1, -1):
            if text[i] in "）)":
                depth += 1
            elif text[i] in "（(":
                depth -= 1
                if depth == 0:
                    return _trimmed_span(text, s, i)
    return s, e


_UNIT_PREFIX = re.compile(
    rf"[\u4e00-\u9fff]{{1,18}}?(?:{ending_pattern('head')})"
    rf"(?![\u4e00-\u9fff]{{0,2}}(?:{one_of(endings('more'))}))"
)
"""The unit that opens a clause (市科技局牵头负责): the shortest name to a head ending not followed by another."""


def _leading_unit(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The unit name that opens ``text[start:end]``: the whole item, or its head before a verb."""
    s, e = _strip_paren(text, start, end)
    while (verb := _ROLE_VERB.search(text, s, e)) and verb.start() - s >= 2:
        e = verb.start()  # 牵头负责: every role verb after the name
    etc = _ETC_ONLY.search(text, s, e)
    if etc and etc.start() - s >= 2:
        e = etc.start()  # 区水务局等部门: the unit is kept, the 等 is not part of it
    if e <= s:
        return None
    if _ORG_SUFFIX.search(text[s:e]) and e - s <= 20 and not _NOT_NAME.search(text[s:e]):
        return s, e
    m = _UNIT_PREFIX.match(text, s, e)
    if m and not _NOT_NAME.search(m.group(0)):
        etc = _ETC_ONLY.search(text, s, m.end())  # 市财政局等部门协同推进: 市财政局
        return s, etc.start() if etc and etc.start() - s >= 2 else m.end()
    # A bare stem in an elliptical list (规配、重大、人才科): accept short Han runs.
    if e - s <= 4 and all("\u4e00" <= c <= "\u9fff" for c in text[s:e]):
        return s, e
    return None


def _share_suffix(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep bare stems only when a later item of the same list ends in a unit suffix."""
    out = []
    for i, (s, e) in enumerate(names):
        named = _ORG_SUFFIX.search(text[s:e]) or _UNIT_PREFIX.fullmatch(text[s:e])
        if named or any(_ORG_SUFFIX.search(text[s2:e2]) for s2, e2 in names[i + 1 :]):
            out.append((s, e))
    return out
