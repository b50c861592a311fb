"""The column labels of task tables (任务分工表): what each header cell says its column holds.

One vocabulary for every table, whatever its format: DOCX and HTML tables, tab-separated text, tables drawn
with characters and tables flattened one cell per line. :mod:`loaders.tasks` reads the rows by it. The columns
of responsibility (牵头单位, 配合部门, 责任人 …) are the role labels of :mod:`loaders.vocabulary`, which the
clauses are read by too.
"""

from __future__ import annotations

import re

from fengong.loaders.vocabulary import role_of_header

TITLE = re.compile(r"事项|任务|工作内容|名称|项目|举措|措施内容|具体内容|目标")
PROSE = re.compile(r"工作计划|计划安排|责任分工|分工|工作措施|推进措施|落实措施")
NOT_PROSE = re.compile(r"进展|成效|情况|内容|难点")
NO_TARGET = re.compile(r"序号|进展|成效|完成情况|现状|时间|时限|责任|牵头|配合|主体|对象")
DEADLINE = re.compile(r"完成时限|完成时间|时间节点|时限")
NUMBER = re.compile(r"^(?:序号|编号)$")
OTHER = re.compile(r"^(?:备注|说明|进展情况|完成情况|工作目标|预期成果|成果形式|工作要求|类别|分类|领域)$")

UNIT_ROLES = ("lead", "support", "responsible")


def column_kind(label: str) -> str | None:
    """What a header cell's column holds: number, title, lead, support, responsible, person, prose, deadline,
    other (a known column no fact is read from), or None for a cell that is no column label."""
    label = re.sub(r"[\s\u3000]", "", label)
    if NUMBER.match(label):
        return "number"
    role = role_of_header(label)  # the labels of responsibility: the same list the clauses are read by
    if role is not None:
        return role
    if DEADLINE.search(label):
        return "deadline"
    if PROSE.search(label) and not NOT_PROSE.search(label):
        return "prose"
    if TITLE.search(label):
        return "title"
    if OTHER.match(label):
        return "other"
    return None
