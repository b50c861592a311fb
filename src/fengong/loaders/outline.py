"""Outline: the numbering grammar of Chinese official documents, turned into a tree.

Official documents number their parts 一、 → (一) → 1. / 1、 → (1) → ①, full- or
half-width, one per line or run together when a converter lost the line
breaks. Some items lose their number, some headings their title; some
paragraphs without a number open with a short lead sentence (``推动高新区提档升级。``)
and act as items. Attachments (附件N) carry tables. This module builds the tree;
deciding which nodes are tasks is :mod:`loaders.tasks`' job.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_CN_DIGITS = "〇零一二三四五六七八九十百两"

# family -> pattern of a marker at the current position
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("paren_cn", re.compile(r"[（(]\s*([一二三四五六七八九十百零]+)\s*[)）]")),
    ("paren_arabic", re.compile(r"[（(]\s*(\d{1,5})\s*[)）]")),
    ("cn", re.compile(r"([一二三四五六七八九十百零]+)\s*[、.．][ \t\u3000]*")),
    ("arabic", re.compile(r"(\d{1,5})\s*(?:[、．]|\.(?!\d))[ \t\u3000]*")),
    ("circled", re.compile(r"([①-⑳])")),
    ("part", re.compile(r"第([一二三四五六七八九十百]+)部分\s*")),
    ("chapter", re.compile(r"第([一二三四五六七八九十百]+)章\s*")),
    ("section", re.compile(r"第([一二三四五六七八九十百]+)节\s*")),
    ("article", re.compile(r"第([一二三四五六七八九十百零]+)条\s*")),
]
_ORDINAL_WORD = {"part": "部分", "chapter": "章", "section": "节", "article": "条"}
"""第N部分 / 第N章 / 第N节 / 第N条: the structure of regulations and long plans, each its own level."""
_ORDINAL_RANK = {family: rank for rank, family in enumerate(_ORDINAL_WORD)}
_LONG_NUMBER = re.compile(r"\d{3,}|[一二三四五六七八九]?百.*")  # past 99
_ATTACHMENT_HEADING = re.compile(r"^\s*附\s*件\s*(\d+(?:\s*[-－—]\s*\d+)?)\s*(?:[:：]\s*)?(.*)$")
_ATTACHMENT_LIST = re.compile(r"^\s*附\s*件\s*[:：]\s*(.*)$")
_LONE_ATTACHMENT = re.compile(r"^\s*附\s*件\s*$")
_SENTENCE_END = "。；;！？!?"
_BULLET = re.compile(r"^[\s\u3000]*(?:[-•·▪●]\s*)?")
_LEAD_SENTENCE = re.compile(r"^([^。；;，,：:！？]{2,30})。")


def chinese_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103 (enough for numbering)."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits.update({"零": 0, "两": 2})
    total, current = 0, 0
    for ch in s:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def marker_number(family: str, raw: str) -> int:
    """The integer a marker stands for within its family."""
    if family in ("cn", "paren_cn", *_ORDINAL_WORD):
        return chinese_number(raw)
    if family == "circled":
        return ord(raw) - ord("①") + 1
    return int(unicodedata.normalize("NFKC", raw))


def key_part(family: str, raw: str) -> str:
    """The marker as a key segment: numbering characters as printed, ASCII parentheses."""
    raw = unicodedata.normalize("NFKC", raw) if family in ("arabic", "paren_arabic") else raw
    if family in ("paren_cn", "paren_arabic"):
        return f"({raw})"
    if family in _ORDINAL_WORD:
        return f"第{raw}{_ORDINAL_WORD[family]}"
    return raw


@dataclass(slots=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Row:
    """One table row: its cells with their spans in the cleaned text."""

    start: int
    end: int
    cells: list[Cell]


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[Row]
    start: int
    end: int


@dataclass(slots=True)
class Node:
    """A numbered (or lettered, or attachment) item and the text it owns."""

    family: str  # cn, paren_cn, arabic, paren_arabic, circled, part, chapter, section, article, letter, attachment, root
    number: int
    part: str  # key segment
    start: int  # where the marker starts
    title_start: int
    title_end: int
    end: int  # end of the item's own text (before its first child or next item)
    title: str = ""
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # own text spans
    tables: list[Table] = field(default_factory=list)
    numbered: bool = True
    title_only: bool = False  # the item's own text is just its title sentence

    @property
    def key(self) -> str:
        parts: list[str] = []
        node: Node | None = self
        while node is not None and node.family != "root":
            parts.append(node.part)
            node = node.parent
        return "/".join(reversed(parts))

    def ancestors(self) -> list[Node]:
        out: list[Node] = []
        node = self.parent
        while node is not None and node.family != "root":
            out.append(node)
            node = node.parent
        return out

    def walk(self) -> list[Node]:
        out: list[Node] = []
        for child in self.children:
            out.append(child)
            out.extend(child.walk())
        return out


@dataclass(slots=True)
class Outline:
    root: Node
    preamble: list[tuple[int, int]]  # paragraphs before the first numbered item
    attachment_list: list[tuple[int, int]]  # the 附件: list of attachment names

    def nodes(self) -> list[Node]:
        return self.root.walk()


def parse_outline(text: str) -> Outline:
    """Build the outline tree of a cleaned document."""
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.root = Node("root", 0, "", 0, 0, 0, end=len(text))
        self.stack: list[Node] = [self.root]
        self.preamble: list[tuple[int, int]] = []
        self.attachment_list: list[tuple[int, int]] = []
        self.in_attachment_list = False
        self.table_lines: list[tuple[int, int]] = []

    # -- driving loop -------------------------------------------------------------
    def parse(self) -> Outline:
        pos = 0
        text = self.text
        while pos <= len(text):
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl
            self._line(pos, end)
            if nl < 0:
                break
            pos = nl + 1
        self._flush_table()
        self._close_all(len(text))
        _fill_missing_numbers(self.root)
        _fold_lone_letters(self.root)
        return Outline(self.root, self.preamble, self.attachment_list)

    def _line(self, start: int, end: int) -> None:
        line = self.text[start:end]
        if "\t" in line or (self.table_lines and line.strip() and self._next_line_is_row(end)):
            self.table_lines.append((start, end))  # a row, or a group heading merged across the table
            return
        if not line.strip():
            if self.table_lines and self._blank_run_ends_table(end):
                self._flush_table()
            return
        self._flush_table()
        lead = _BULLET.match(line)
        s = start + (lead.end() if lead else 0)
        stripped = self.text[s:end]
        att = _ATTACHMENT_HEADING.match(stripped)
        if att and len(stripped) <= 60:
            self.in_attachment_list = False
            self._open_attachment(s, end, att.group(1), att.group(2))
            return
        if _LONE_ATTACHMENT.match(stripped) and not any(n.family == "attachment" for n in self.root.children):
            self.in_attachment_list = False
            self._open_attachment(s, end, "1", "")  # GB/T 9704: a document's only attachment is marked 附件
            return
        if _ATTACHMENT_LIST.match(stripped):
            self.in_attachment_list = True
            self.attachment_list.append((s, end))
            return
        if self.in_attachment_list:
            self.attachment_list.append((s, end))
            return
        self._segments(s, end)

    def _next_line_is_row(self, pos: int) -> bool:
        nxt = self.text.find("\n", pos + 1)
        return "\t" in self.text[pos + 1 : nxt if nxt >= 0 else len(self.text)]

    def _blank_run_ends_table(self, pos: int) -> bool:
        """A blank line ends a table unless the next non-blank line is another row."""
        nxt = self.text.find("\n", pos + 1)
        following = self.text[pos + 1 : nxt if nxt >= 0 else len(self.text)]
        while not following.strip() and nxt >= 0:
            start = nxt + 1
            nxt = self.text.find("\n", start)
            following = self.text[start : nxt if nxt >= 0 else len(self.text)]
        return "\t" not in following

    # -- numbered items -------------------------------------------------------------
    def _segments(self, start: int, end: int) -> None:
        """Split one line into items at its leading marker and at inline markers."""
        pos = start
        first = True
        while pos < end:
            marker = self._marker_at(pos, end, line_start=first)
            if marker is None:
                nxt = self._next_inline_marker(pos, end)
                seg_end = nxt if nxt is not None else end
                self._paragraph(pos, seg_end)
                pos = seg_end
            else:
                family, raw, mend = marker
                node = self._open_item(family, raw, pos, mend)
                nxt = self._next_inline_marker(mend, end)
                seg_end = nxt if nxt is not None else end
                node.end = seg_end
                self._set_title(node, mend, seg_end)
                pos = seg_end
            first = False

    def _marker_at(self, pos: int, end: int, *, line_start: bool) -> tuple[str, str, int] | None:
        text = self.text
        for family, pattern in _MARKERS:
            m = pattern.match(text, pos, end)
            if not m:
                continue
            mend = m.end()
            if mend >= end:  # a bare marker on its own line: a heading whose title is missing
                return (family, m.group(1), mend)
            nxt = text[mend]
            if family in ("cn", "arabic") and not ("\u4e00" <= nxt <= "\u9fff" or nxt in '“"《（(「[【'):
                continue
            if family == "arabic" and text[pos:mend].endswith("、") is False and nxt.isdigit():
                continue
            if (not line_start or _LONG_NUMBER.fullmatch(m.group(1))) and not self._expected(
                family, marker_number(family, m.group(1))
            ):
                continue  # inline, or past 99 (a year, an amount): a marker only where it continues the numbering
            return (family, m.group(1), mend)
        return None

    def _expected(self, family: str, number: int) -> bool:
        """An inline marker counts only when it continues the numbering in force."""
        for node in reversed(self.stack[1:]):
            if node.family == family:
                return number == node.number + 1
        return number == 1

    def _next_inline_marker(self, pos: int, end: int) -> int | None:
        """Position of the next inline marker that continues the numbering, if any."""
        text = self.text
        i = pos
        while i < end:
            ch = text[i]
            if ch in "（(一二三四五六七八九十0123456789①②③④⑤⑥⑦⑧⑨⑩第":
                prev = text[i - 1] if i > pos else ""
                after_sentence = prev in _SENTENCE_END or prev in "）)〕】]"
                after_heading = bool(prev) and self._heading_context(pos, i)
                if (after_sentence or after_heading) and self._marker_at(i, end, line_start=False):
                    return i
            i += 1
        return None

    def _heading_context(self, seg_start: int, i: int) -> bool:
        """Inside a heading run such as ``三、重点任务(一)实施…工程1、建设…``: a first child
        marker may follow the title directly, without punctuation."""
        span = self.text[seg_start:i]
        return 0 < len(span) <= 40 and not any(c in span for c in "。，,；;：:")

    def _open_item(self, family: str, raw: str, start: int, title_start: int) -> Node:
        number = marker_number(family, raw)
        # Close to the level of this family, or open a new child level.
        depth = next((d for d in range(len(self.stack) - 1, 0, -1) if self.stack[d].family == family), None)
        if family in _ORDINAL_WORD:  # 第N章 closes every level below the 章 above it: articles, items, 节
            rank = _ORDINAL_RANK[family]
            outer = next(
                (d for d in range(len(self.stack) - 1, 0, -1) if _ORDINAL_RANK.get(self.stack[d].family, rank) < rank),
                0,
            )
            self._close_to(outer + 1, start)
        elif depth is not None:
            self._close_to(depth, start)
        else:
            while self.stack[-1].family == "letter":
                self._close_to(len(self.stack) - 1, start)
        parent = self.stack[-1]
        node = Node(family, number, key_part(family, raw), start, title_start, title_start, title_start)
        node.parent = parent
        parent.children.append(node)
        self.stack.append(node)
        return node

    def _set_title(self, node: Node, start: int, end: int) -> None:
        text = self.text[start:end]
        stop = text.find("。")
        title_end = start + stop if stop >= 0 else end
        node.title_start, node.title_end = start, title_end
        node.title = self.text[start:title_end].strip()
        rest = self.text[title_end + 1 : end].strip() if stop >= 0 else ""
        node.title_only = not rest
        node.paragraphs.append((start, end))

    def _open_attachment(self, start: int, end: int, number: str, title: str) -> None:
        self._close_to(1, start)
        number_text = re.sub(r"\s", "", number).replace("－", "-").replace("—", "-")
        first = int(number_text.split("-")[0])
        node = Node("attachment", first, f"附件{number_text}", start, start, end, end, title=title.strip())
        node.parent = self.root
        self.root.children.append(node)
        self.stack.append(node)

    # -- paragraphs without a number -------------------------------------------------
    def _paragraph(self, start: int, end: int) -> None:
        text = self.text[start:end]
        if len(self.stack) == 1:
            self.preamble.append((start, end))
            return
        current = self.stack[-1]
        if current.family != "attachment" and _LEAD_SENTENCE.match(text.strip()):
            self._open_letter(start, end)
            return
        current.paragraphs.append((start, end))
        current.end = end
        if text.strip():
            current.title_only = False

    def _open_letter(self, start: int, end: int) -> None:
        current = self.stack[-1]
        if current.family == "letter":
            self._close_to(len(self.stack) - 1, start)
            parent = self.stack[-1]
        elif current.title_only:
            parent = current
        else:
            self._close_to(len(self.stack) - 1, start)
            parent = self.stack[-1]
        letters = sum(1 for c in parent.children if c.family == "letter")
        node = Node("letter", letters + 1, chr(ord("a") + letters), start, start, end, end, numbered=False)
        self._set_title(node, start, end)
        node.parent = parent
        parent.children.append(node)
        self.stack.append(node)

    # -- tables ---------------------------------------------------------------------
    def _flush_table(self) -> None:
        if not self.table_lines:
            return
        lines, self.table_lines = self.table_lines, []
        table = _build_table(self.text, lines)
        owner = self.stack[-1] if len(self.stack) > 1 else self.root
        owner.tables.append(table)

    # -- closing --------------------------------------------------------------------
    def _close_to(self, depth: int, pos: int) -> None:
        while len(self.stack) > depth:
            node = self.stack.pop()
            node.end = max(node.end, min(pos, len(self.text)))

    def _close_all(self, pos: int) -> None:
        self._close_to(1, pos)


def _build_table(text: str, lines: list[tuple[int, int]]) -> Table:
    """Rows of a tab-separated table; repeated headers dropped, page-split rows kept apart."""
    rows: list[Row] = []
    for start, end in lines:
        cells: list[Cell] = []
        pos = start
        for part in text[start:end].split("\t"):
            cells.append(Cell(pos, pos + len(part), part.strip()))
            pos += len(part) + 1
        rows.append(Row(start, end, cells))
    header = [c.text for c in rows[0].cells]
    body = [r for r in rows[1:] if [c.text for c in r.cells] != header]
    return Table(header, body, lines[0][0], lines[-1][1])


def _fill_missing_numbers(node: Node) -> None:
    """An unnumbered item between siblings N and N+2 is item N+1 whose number was lost."""
    kids = node.children
    for i, kid in enumerate(kids):
        if kid.family == "letter" and 0 < i < len(kids) - 1:
            prev, nxt = kids[i - 1], kids[i + 1]
            if prev.family == nxt.family and prev.family != "letter" and nxt.number == prev.number + 2:
                kid.family, kid.number, kid.part, kid.numbered = (
                    prev.family,
                    prev.number + 1,
                    str(prev.number + 1),
                    True,
                )
                kid.part = key_part(prev.family, _render_number(prev.family, prev.number + 1))
        _fill_missing_numbers(kid)
    # Re-letter the remaining lettered children in order.
    letters = [k for k in kids if k.family == "letter"]
    for i, kid in enumerate(letters):
        kid.part = chr(ord("a") + i)


def _fold_lone_letters(node: Node) -> None:
    """A numbered item whose only child is one lead-sentence paragraph owns that paragraph as its body.

    （五）鼓励绿色低碳示范工程 / 鼓励有条件的园区打造示范区。在…: one paragraph under a title is the item's
    text (a single-paragraph item), not a sub-item; two or more such paragraphs are its lettered sub-items.
    """
    for kid in node.children:
        _fold_lone_letters(kid)
    if node.family in ("root", "attachment", "letter") or len(node.children) != 1:
        return
    (only,) = node.children
    if only.family != "letter" or only.children:
        return
    node.children = []
    node.paragraphs.extend(only.paragraphs)
    node.tables.extend(only.tables)
    node.end = max(node.end, only.end)
    node.title_only = False


def _render_number(family: str, n: int) -> str:
    if family in ("cn", "paren_cn", *_ORDINAL_WORD):
        units = "〇一二三四五六七八九"
        if n < 10:
            return units[n]
        if n < 20:
            return "十" + (units[n - 10] if n > 10 else "")
        return units[n // 10] + "十" + (units[n % 10] if n % 10 else "")
    if family == "circled":
        return chr(ord("①") + n - 1)
    return str(n)
