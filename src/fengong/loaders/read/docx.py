"""Word .docx: body XML in document order, paragraphs as lines, tables as tab-separated rows.

The XML is walked directly rather than through python-docx's paragraph API so that
text in content controls, tracked insertions, hyperlinks and text boxes is kept.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from fengong.errors import UnreadableDocument, UnsupportedDocument
from fengong.loaders.read.docx_numbering import ListNumbering, W
from fengong.loaders.read.layout import MAX_SPAN, one_line, tidy_lines
from fengong.loaders.read.sniff import OLE_MAGIC, ZIP_MAGIC

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_VML_NS = "{urn:schemas-microsoft-com:vml}"
_W_P, _W_TBL, _W_TR, _W_TC, _W_T = W + "p", W + "tbl", W + "tr", W + "tc", W + "t"
_W_TAB, _W_BR, _W_CR = W + "tab", W + "br", W + "cr"
_W_SYM, _W_NOBREAK_HYPHEN = W + "sym", W + "noBreakHyphen"
_DOCX_SKIPPED = frozenset(
    {
        W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "delInstrText",
        W + "rPr", W + "pPr", W + "tblPr", W + "trPr", W + "tcPr", W + "tblGrid",
        W + "sectPr", W + "footnoteReference", W + "endnoteReference", _MC_FALLBACK,
        _VML_NS + "textbox",
    }
)  # fmt: skip


def read_docx(data: bytes, name: str) -> tuple[str, str | None, tuple[str, ...]]:
    document = _open_docx(data, name)
    numbering = ListNumbering.of(document)
    lines: list[str] = []
    _DocxText(lines, numbering).blocks(document.element.body)
    return tidy_lines("\n".join(lines)), None, ()


def _open_docx(data: bytes, name: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(OLE_MAGIC):
        raise UnsupportedDocument(
            f"cannot read .docx: {name} is a legacy .doc or a password-protected file, save it as plain .docx"
        )
    if not data.startswith(ZIP_MAGIC):
        raise UnsupportedDocument(f"cannot read .docx: {name} is not a Word .docx file (no ZIP container)")
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError):
        raise UnreadableDocument(f"cannot read .docx: {name} is damaged or truncated (broken ZIP)") from None
    except (PackageNotFoundError, KeyError):
        raise UnreadableDocument(f"cannot read .docx: {name} has no Word document part") from None
    except ValueError as exc:
        raise UnreadableDocument(f"cannot read .docx: {name} is not a Word document ({exc})") from None
    except Exception as exc:  # lxml syntax errors, zlib errors: all mean a damaged file
        raise UnreadableDocument(f"cannot read .docx: {name} is damaged ({type(exc).__name__})") from None


class _DocxText:
    """Walks the body XML in document order: paragraphs are lines, tables are tab-separated rows."""

    def __init__(self, lines: list[str], numbering: ListNumbering) -> None:
        self.lines = lines
        self.numbering = numbering

    def blocks(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if tag == _W_P:
                self.lines.append(self.numbering.label(child) + _paragraph_text(child))
            elif tag == _W_TBL:
                self.table(child)
            elif isinstance(tag, str) and tag not in _DOCX_SKIPPED:
                self.blocks(child)  # w:sdt, w:sdtContent, w:customXml wrap blocks

    def table(self, table: Any) -> None:
        rows = list(_docx_rows(table))
        width = max((_grid_width(row) for row in rows), default=0)
        if width <= 1 or (width <= 2 and _has_nested_table(table)):
            for row in rows:  # a layout table: its cells are ordinary text
                for cell in _docx_cells(row):
                    self.blocks(cell)
            return
        for row in rows:
            cells = self.row_cells(row)
            if any(cells):
                self.lines.append("\t".join(cells).rstrip("\t"))

    def row_cells(self, row: Any) -> list[str]:
        """Merged cells give their text once, then empty cells, so columns stay aligned."""
        cells = [""] * _grid_count(row.find(W + "trPr"), "gridBefore", 0)
        for cell in _docx_cells(row):
            properties = cell.find(W + "tcPr")
            vertical = properties.find(W + "vMerge") if properties is not None else None
            continues_above = vertical is not None and vertical.get(W + "val", "continue") == "continue"
            cells.append("" if continues_above else self.cell_text(cell))
            cells.extend([""] * (_grid_count(properties, "gridSpan", 1) - 1))
        return cells

    def cell_text(self, cell: Any) -> str:
        lines: list[str] = []
        _DocxText(lines, self.numbering).blocks(cell)
        return one_line("\n".join(line for line in lines if line.strip()))


def _docx_rows(table: Any) -> Iterator[Any]:
    yield from _children_through_wrappers(table, _W_TR)


def _docx_cells(row: Any) -> Iterator[Any]:
    yield from _children_through_wrappers(row, _W_TC)


def _children_through_wrappers(parent: Any, wanted: str) -> Iterator[Any]:
    for child in parent:
        if child.tag == wanted:
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _children_through_wrappers(child, wanted)


def _has_nested_table(table: Any) -> bool:
    return any(True for nested in table.iter(_W_TBL) if nested is not table)


def _grid_width(row: Any) -> int:
    width = _grid_count(row.find(W + "trPr"), "gridBefore", 0)
    for cell in _docx_cells(row):
        width += _grid_count(cell.find(W + "tcPr"), "gridSpan", 1)
    return width


def _grid_count(properties: Any, tag: str, default: int) -> int:
    element = properties.find(W + tag) if properties is not None else None
    if element is None:
        return default
    try:
        return max(0, min(int(element.get(W + "val", default)), MAX_SPAN))
    except ValueError:
        return default


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    _collect_run_text(paragraph, parts)
    return "".join(parts)


def _collect_run_text(element: Any, parts: list[str]) -> None:
    """Text of runs, including tracked insertions and hyperlinks; deletions and field codes are not text."""
    for child in element:
        tag = child.tag
        if tag == _W_T:
            parts.append(child.text or "")
        elif tag == _W_TAB:
            parts.append("\t")
        elif tag in (_W_BR, _W_CR):
            parts.append("\n")
        elif tag == _W_NOBREAK_HYPHEN:
            parts.append("-")
        elif tag == _W_SYM:
            parts.append(_symbol_char(child))
        elif tag == _W_P:  # a text box paragraph inside a drawing
            parts.append("\n")
            _collect_run_text(child, parts)
            parts.append("\n")
        elif isinstance(tag, str) and tag not in _DOCX_SKIPPED:
            _collect_run_text(child, parts)


def _symbol_char(symbol: Any) -> str:
    code = symbol.get(W + "char", "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # symbol-font private range: the glyph has no Unicode meaning
        return ""
    return chr(value)
