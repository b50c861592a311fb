"""Tables drawn with characters, rejoined as the tab-separated rows every other table becomes.

Text copies draw tables with box characters (┌─┬─┐ │序号│任务│ ├─┼─┤) or as Markdown (| 序号 | 任务 |, |---|).
Their cells are the text between the bars; the rule lines carry nothing. Where rule lines run between the rows
of a box table, the lines between two rules are one row whose cells wrapped (each column's pieces joined); in a
table without them, a line whose first cell is empty goes on the row above (a wrapped cell of a numbered row).
"""

from __future__ import annotations

import re

RULE = "clean.drawn_table"
_BARS = "│┃|║"
_RULE_LINE = re.compile(r"^[\s┌┬┐├┼┤└┴┘─━═╞╪╡╔╦╗╠╬╣╚╩╝┏┳┓┣╋┫┗┻┛\-|:+]+$")
_RULE_CHARS = re.compile(r"[─━═\-]")
_SPLIT = re.compile(f"[{re.escape(_BARS)}]")


def drawn_table_edits(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, rows, rule)`` for each drawn table: its lines, and its cells as TSV rows."""
    if not any(bar in text for bar in _BARS):
        return []
    edits: list[tuple[int, int, str, str]] = []
    run: list[tuple[int, int, str]] = []
    pos = 0
    for raw in [*text.split("\n"), ""]:
        line = raw.strip()
        if _is_rule(line) or _is_row(line):
            run.append((pos, pos + len(raw), line))
        else:
            edits.extend(_table(run))
            run = []
        pos += len(raw) + 1
    return edits


def _is_rule(line: str) -> bool:
    return bool(line) and bool(_RULE_LINE.match(line)) and len(_RULE_CHARS.findall(line)) >= 3


def _is_row(line: str) -> bool:
    return len(line) >= 3 and line[0] in _BARS and line[-1] in _BARS and len(_SPLIT.findall(line)) >= 3


def _table(run: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    groups: list[list[list[str]]] = [[]]
    for _s, _e, line in run:
        if _is_rule(line):
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append([cell.strip() for cell in _SPLIT.split(line)[1:-1]])
    groups = [g for g in groups if g]
    if sum(len(g) for g in groups) < 2:
        return []
    rows = [_joined(g) for g in groups] if len(groups) >= 3 else _wrapped([line for g in groups for line in g])
    start, end = run[0][0], run[-1][1]
    return [(start, end, "\n".join("\t".join(cells) for cells in rows), RULE)]


def _joined(lines: list[list[str]]) -> list[str]:
    """The lines between two rules as one row: each column's pieces run together."""
    width = max(len(cells) for cells in lines)
    return ["".join(cells[i] for cells in lines if i < len(cells)) for i in range(width)]


def _wrapped(lines: list[list[str]]) -> list[list[str]]:
    """Each line a row, but a line with an empty first cell goes on the row above."""
    rows: list[list[str]] = []
    for cells in lines:
        if rows and cells and not cells[0] and any(cells):
            rows[-1] = _joined([rows[-1], cells])
        else:
            rows.append(cells)
    return rows
