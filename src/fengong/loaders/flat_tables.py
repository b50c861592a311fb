"""Tables flattened one cell per line, rejoined as the tab-separated rows every other table becomes.

Copied from a web page or a PDF, a 任务分工表 loses its grid: the header cells (序号 / 任务 / 牵头单位 /
配合单位 / 完成时限 …) stand one per line, then the lines of each row, the row opening with its number. The
lines of a row do not map one to one onto its columns: a cell that spans several rows (a task group) is printed
only in its first row, an empty cell prints nothing, and a long cell breaks over two lines (after 、 or ，, or
between two unit names). Each row's lines are therefore laid under the columns by what they hold — a date under
完成时限, unit names under 牵头单位 / 配合单位, sentences under 任务 — at the least cost (a small dynamic
programme per row), and a column left empty stays empty, as a DOCX or HTML table's merged cell does.

Only a table whose header names a task column and a unit column, and whose rows are numbered 1, 2, 3 …, is
rejoined: anything less is left as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from fengong.loaders.columns import NUMBER, UNIT_ROLES, column_kind
from fengong.loaders.units import looks_like_unit

RULE = "clean.flat_table"
_MAX_LABEL = 12  # a header cell is a label, not a sentence
_ROW_NUMBER = re.compile(r"^\d{1,3}[.、．]?$")
_GOES_ON = ("、", "，", ",")
_DATE_CELL = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年|\d{1,2}\s*月|[一二三四1-4]?\s*季度|年底|年内|长期|持续|常态化|全年|上半年|下半年|每[年月季周])"
)
_SENTENCE = re.compile(r"[。；;！？]")
_UNIT_SPLIT = re.compile(r"[、，,；;]")
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")  # 区委组织部（区公务员局）: the note is part of the name
_HEADING = re.compile(r"^(?:附\s*件\s*\d*|[一二三四五六七八九十]+[、.．])")

# What a line of each type costs under a column of each kind; a type not listed costs 2.
_FIT: dict[str, dict[str, float]] = {
    "title": {"text": 0.0, "short": 0.0, "units": 1.5},
    "unit": {"units": 0.0, "short": 0.5},
    "deadline": {"date": 0.0, "short": 0.5, "text": 1.5},
    "other": {"text": 0.3, "short": 0.3, "units": 0.5, "date": 0.5},
}
_EMPTY = {"group": 0.2, "title": 1.0, "unit": 0.5, "deadline": 0.5, "other": 0.3}
_MORE_LINES = {"title": 0.3, "group": 0.3, "unit": 0.05, "deadline": 1.0, "other": 0.3}
_LEAD_MORE_LINES = 0.1  # a lead cell breaking over lines is rarer than a support cell doing so
_LEAD_EMPTY = 0.6  # one list of units under two unit columns: the first column's (the lead's)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str  # stripped


@dataclass(slots=True)
class _Row:
    number: str
    lines: list[str] = field(default_factory=list)


def flat_table_edits(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, rows, rule)`` for each flattened table: its lines, and the same cells as TSV rows."""
    if "序号" not in text and "编号" not in text:
        return []
    lines = _non_blank_lines(text)
    edits: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(lines):
        header = _header_at(lines, i)
        if header is None:
            i += 1
            continue
        kinds = _column_kinds(header[1:])
        rows, used = _rows_after(lines, i + len(header), kinds)
        if len(rows) < 2:
            i += len(header)
            continue
        body = ("\t".join([row.number, *_laid_out(row.lines, kinds)]) for row in rows)
        edits.append(
            (lines[i].start, lines[i + len(header) + used - 1].end, "\n".join(["\t".join(header), *body]), RULE)
        )
        i += len(header) + used
    return edits


def _non_blank_lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\r")
        if stripped:
            lead = len(raw) - len(raw.lstrip(" \t\u3000\r"))
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _header_at(lines: list[_Line], i: int) -> list[str] | None:
    """The header starting at line ``i``: a number column, then labels, each a line of its own."""
    if not NUMBER.match(lines[i].text):  # a header opens with its number column
        return None
    labels = [lines[i].text]
    for line in lines[i + 1 :]:
        if len(line.text) > _MAX_LABEL or "\t" in line.text or column_kind(line.text) in (None, "number"):
            break
        labels.append(line.text)
    kinds = [column_kind(label) for label in labels]
    if len(labels) < 3 or "title" not in kinds or not any(k in UNIT_ROLES for k in kinds):
        return None
    return labels


def _column_kinds(labels: list[str]) -> list[str]:
    """Each column as the aligner sees it: group (a title column before another), title, unit (its role
    after a colon: unit:lead), deadline or other."""
    raw = [column_kind(label) for label in labels]
    last_title = max(i for i, kind in enumerate(raw) if kind == "title")
    out = []
    for i, kind in enumerate(raw):
        if kind == "title":
            out.append("title" if i == last_title else "group")
        elif kind in UNIT_ROLES:
            out.append(f"unit:{kind}")
        elif kind == "deadline":
            out.append("deadline")
        else:
            out.append("other")
    return out


def _rows_after(lines: list[_Line], first: int, kinds: list[str]) -> tuple[list[_Row], int]:
    """Rows numbered 1, 2, 3 …, and how many lines they took; the last row ends where the table does."""
    rows: list[_Row] = []
    used = 0
    for k in range(first, len(lines)):
        line = lines[k].text
        if _ROW_NUMBER.match(line) and int(line.rstrip(".、．")) == len(rows) + 1:
            rows.append(_Row(line.rstrip(".、．")))
        elif not rows or _HEADING.match(line) or _row_is_whole(rows[-1].lines, kinds):
            break
        elif rows[-1].lines and rows[-1].lines[-1].endswith(_GOES_ON):
            rows[-1].lines[-1] += line
        else:
            rows[-1].lines.append(line)
        used = k - first + 1
    return rows, used


def _row_is_whole(lines: list[str], kinds: list[str]) -> bool:
    """Whether no further line can belong to the row: its last column is a deadline and a date came, or it has
    as many lines as the table has columns, and two more for cells broken over lines."""
    if kinds[-1] == "deadline" and lines and _line_type(lines[-1]) == "date":
        return True
    return len(lines) >= len(kinds) + 2


@lru_cache(maxsize=4096)  # bounded: lines of thousands of documents pass through
def _line_type(line: str) -> str:
    """date, units (every part names a body), short (a label-like phrase) or text (a sentence)."""
    if len(line) <= 20 and _DATE_CELL.match(line):
        return "date"
    parts = [p for p in _UNIT_SPLIT.split(_BRACKETED.sub("", line)) if p.strip()]
    if parts and not _SENTENCE.search(line) and all(looks_like_unit(p) for p in parts):
        return "units"
    if len(line) <= 20 and not _SENTENCE.search(line.rstrip("。")):
        return "short"
    return "text"


def _laid_out(lines: list[str], kinds: list[str]) -> list[str]:
    """The row's cells, one per column: its lines laid under the columns at the least cost, in order."""
    n, m = len(lines), len(kinds)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    take = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(1, m + 1):
        for i in range(n + 1):
            for k in range(i + 1):  # column j-1 takes lines k..i-1
                cost = best[k][j - 1] + _cell_cost(lines[k:i], kinds[j - 1])
                if cost < best[i][j]:
                    best[i][j], take[i][j] = cost, k
    cells: list[str] = []
    i = n
    for j in range(m, 0, -1):
        k = take[i][j]
        cells.append(_joined(lines[k:i], kinds[j - 1]))
        i = k
    return cells[::-1]


def _cell_cost(lines: list[str], kind: str) -> float:
    family = kind.split(":")[0]
    if not lines:
        return _LEAD_EMPTY if kind == "unit:lead" else _EMPTY[family]
    fit = _FIT["title" if family == "group" else family]
    more = _LEAD_MORE_LINES if kind == "unit:lead" else _MORE_LINES[family]
    return sum(fit.get(_line_type(line), 2.0) for line in lines) + more * (len(lines) - 1)


def _joined(lines: list[str], kind: str) -> str:
    """A cell's lines as one: unit names apart by 、, broken sentences run together."""
    if not kind.startswith("unit"):
        return "".join(lines)
    return "".join(
        line if i == 0 or lines[i - 1].endswith(("、", "，", ",")) else "、" + line for i, line in enumerate(lines)
    )
