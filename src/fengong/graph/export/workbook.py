"""任务分工表 as an Excel workbook: a contents sheet, a sheet per plan, a sheet per unit.

Every sheet carries the ids that join it to the other exports (任务ID, 方案ID; the contents sheet
gives each sheet's plan or unit id, and its full name where Excel's 31 characters cut it);
完成时限 is a number (the year).

Text cells are text: one that starts like a formula is stored as a string with Excel's quote
prefix, and characters XML forbids are dropped (:mod:`graph.safe_text`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fengong.graph.export.tables import (
    PLAN_ID,
    TASK_ID,
    TaskLine,
    duties,
    plans_in_order,
    task_cells,
    task_lines,
)
from fengong.graph.safe_text import starts_formula, xml_text
from fengong.graph.snapshot import Snapshot
from fengong.ontology.model import ROLE_LABELS

CONTENTS = "目录"
PLAN_COLUMNS = ("序号", "任务", "牵头单位", "配合单位", "责任单位", "目标", "完成时限", TASK_ID)
UNIT_COLUMNS = ("角色", "方案", "序号", "任务", "完成时限", TASK_ID, PLAN_ID)
CONTENTS_COLUMNS = ("工作表", "类型", "名称", "ID", "文号", "任务数")
_WIDTHS = {"序号": 12, "任务": 40, "牵头单位": 24, "配合单位": 30, "责任单位": 30, "目标": 40, "完成时限": 10,
           "角色": 8, "方案": 36, "工作表": 32, "类型": 8, "名称": 50, "文号": 22, "任务数": 8, "ID": 22,
           TASK_ID: 16, PLAN_ID: 22}  # fmt: skip
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class SheetNames:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique ignoring case."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._taken = {name.casefold() for name in reserved}

    def __call__(self, wanted: str) -> str:
        base = _FORBIDDEN.sub("_", xml_text(wanted)).strip().strip("'") or "Sheet"
        name, n = base[:MAX_SHEET_NAME], 1
        while name.casefold() in self._taken or name.casefold() == "history":
            n += 1
            suffix = f"~{n}"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        self._taken.add(name.casefold())
        return name


def task_workbook(snapshot: Snapshot) -> bytes:
    lines = list(task_lines(snapshot))
    book = Workbook()
    contents = book.active
    assert contents is not None
    contents.title = CONTENTS
    index: list[tuple[str, str, str, str, str, int]] = []
    name_of = SheetNames([CONTENTS])
    for plan in plans_in_order(snapshot):
        title = plan.get("title") or plan["id"]
        rows = [(*task_cells(line), line.task_id) for line in lines if line.plan_id == plan["id"]]
        sheet = _sheet(book, name_of(title), PLAN_COLUMNS, rows)
        index.append((sheet.title, "方案", title, plan["id"], plan.get("doc_number") or "", len(rows)))
    units = snapshot.nodes.get("Unit", {})
    by_unit = duties(lines, snapshot)
    for unit_id in sorted(by_unit, key=lambda u: (units[u].get("jurisdiction") or "", units[u]["name"])):
        name = units[unit_id]["name"]
        rows = [_duty_cells(d.role, d.line) for d in by_unit[unit_id]]
        sheet = _sheet(book, name_of(name), UNIT_COLUMNS, rows)
        index.append((sheet.title, "单位", name, unit_id, "", len({d.line.task_id for d in by_unit[unit_id]})))
    _fill(contents, CONTENTS_COLUMNS, index)
    for row, (sheet_name, *_) in enumerate(index, start=2):
        cell = contents.cell(row=row, column=1)
        cell.hyperlink = f"#'{sheet_name}'!A1"
        cell.font = Font(color="0563C1", underline="single")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_workbook(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One table as a workbook of one sheet, laid out as the 任务分工表's sheets are."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SheetNames()(title)
    _fill(sheet, columns, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _duty_cells(role: str, line: TaskLine) -> tuple[str | int | None, ...]:
    return (ROLE_LABELS[role], line.plan_title, line.key, line.title, line.deadline, line.task_id, line.plan_id)


def _sheet(book: Workbook, name: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Worksheet:
    sheet = book.create_sheet(name)
    _fill(sheet, columns, rows)
    return sheet


def _fill(sheet: Worksheet, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Header row styled and frozen, filters on, columns sized, long cells wrapped."""
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in rows:
        sheet.append([xml_text(v) if isinstance(v, str) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and starts_formula(cell.value):
                cell.data_type, cell.quotePrefix = "s", True  # text, shown as written, never a formula
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(column, 16)
        if _WIDTHS.get(column, 16) >= 24:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = _WRAP
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
