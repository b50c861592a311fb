"""HTML (网页): declared charset checked against the bytes, blocks as lines, data tables as rows."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

from fengong.errors import FengongError, UnreadableDocument
from fengong.loaders.read.layout import MAX_SPAN, one_line, tidy_lines
from fengong.loaders.read.text import BOMS, Decoded, checked, decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}

_DROPPED_TAGS = frozenset({"script", "style", "noscript", "head", "template"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
        "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", "option", "title",
    }
)  # fmt: skip
_PREFORMATTED_TAGS = frozenset({"pre", "textarea", "listing", "plaintext"})
_HTML_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_CJK_CHAR = "[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_CJK_LINE_BREAK = re.compile(rf"(?<={_CJK_CHAR})[ \t\r\f]*\n[ \t\n\r\f]*(?={_CJK_CHAR})")
_BLOCK_EDGE = "\x00"  # NUL cannot survive decoding-plus-parsing, so it is free to mark block edges
_BLOCK_EDGES = re.compile(r"[ \t\n]*\x00[\x00 \t\n]*")


def read_html(data: bytes, name: str) -> tuple[str, str | None, tuple[str, ...]]:
    markup, encoding, warnings = _decode_html(data, name)
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(markup.replace(_BLOCK_EDGE, ""), "lxml")
        text = _HtmlText().render(soup)
    except RecursionError:
        raise UnreadableDocument(f"cannot read HTML: {name} is nested too deeply") from None
    return text, encoding, warnings


def _decode_html(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """A BOM wins, then <meta charset>, then the same detection as for plain text."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        return decode_text(data, name)
    match = _META_CHARSET.search(data[:8192])
    if match is None:
        return decode_text(data, name)
    declared = match.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(_CHARSET_ALIASES.get(declared, declared)).name
    except LookupError:
        return _with_warning(decode_text(data, name), f"{name}: unknown declared charset {declared!r}")
    if codec.startswith(("iso8859", "cp125", "mac-")) and not data.isascii():
        try:  # a Western single-byte label on a Chinese page is a template left-over
            return _with_warning(decode_text(data, name), f"{name}: declared charset {declared} ignored")
        except FengongError:
            pass
    if codec != "utf-8" and _is_non_ascii_utf8(data):
        return _with_warning(decode_text(data, name), f"{name}: declared charset {declared} but the bytes are UTF-8")
    try:
        return checked(data.decode(codec), codec, (), name)
    except (UnicodeDecodeError, FengongError):  # the declaration is wrong: trust the bytes
        return _with_warning(decode_text(data, name), f"{name}: declared charset {declared} does not match the bytes")


def _with_warning(decoded: Decoded, warning: str) -> Decoded:
    text, encoding, warnings = decoded
    return text, encoding, (warning, *warnings)


def _is_non_ascii_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _HtmlText:
    """Lays HTML out as lines: blocks break lines, data tables become tab-separated rows."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def render(self, node: Any) -> str:
        self._walk(node, preformatted=False)
        return tidy_lines(_BLOCK_EDGES.sub("\n", "".join(self.parts)))

    def _walk(self, node: Any, preformatted: bool) -> None:
        from bs4 import NavigableString, Tag

        for child in node.children:
            if isinstance(child, Tag):
                self._element(child, preformatted)
            elif type(child) is NavigableString:
                self.parts.append(str(child) if preformatted else _collapse_html_space(str(child)))

    def _element(self, tag: Any, preformatted: bool) -> None:
        name = tag.name
        if name in _DROPPED_TAGS:
            return
        if name == "br":
            self.parts.append("\n")
            return
        if name == "table" and _is_data_table(tag):
            self.parts.append(_BLOCK_EDGE)
            self.parts.extend(row + _BLOCK_EDGE for row in _html_table_rows(tag))
            return
        block = name in _BLOCK_TAGS
        if block:
            self.parts.append(_BLOCK_EDGE)
        self._walk(tag, preformatted or name in _PREFORMATTED_TAGS)
        if name in ("td", "th"):
            self.parts.append(" ")  # cells of layout tables stay apart
        if block:
            self.parts.append(_BLOCK_EDGE)


def _collapse_html_space(text: str) -> str:
    return _HTML_SPACE_RUN.sub(" ", _CJK_LINE_BREAK.sub("", text))


def _own_rows(table: Any) -> list[Any]:
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _own_cells(row: Any) -> list[Any]:
    return [cell for cell in row.find_all(("td", "th"), recursive=False)]


def _is_data_table(table: Any) -> bool:
    """Pages laid out with tables are text, not data: single-column or nesting narrow tables."""
    widths = [len(_own_cells(row)) for row in _own_rows(table)]
    if not widths or max(widths) <= 1:
        return False
    return not (max(widths) <= 2 and table.find("table") is not None)


def _html_table_rows(table: Any) -> Iterator[str]:
    """One line per row; colspan/rowspan leave empty cells so columns stay aligned, text is not repeated."""
    covered: dict[int, int] = {}  # column → rows below still covered by a rowspan from above
    for row in _own_rows(table):
        cells: list[str] = []
        for cell in _own_cells(row):
            while covered.get(len(cells), 0) > 0:
                covered[len(cells)] -= 1
                cells.append("")
            across, down = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            for offset in range(across):
                if down > 1:
                    covered[len(cells)] = down - 1
                cells.append("" if offset else one_line(_HtmlText().render(cell)))
        for column in covered:
            if column >= len(cells) and covered[column] > 0:
                covered[column] -= 1  # past the row's last cell: trailing empties are dropped anyway
        if any(cells):
            yield "\t".join(cells).rstrip("\t")


def _span(value: Any) -> int:
    try:
        return max(1, min(int(str(value).strip()), MAX_SPAN))
    except (TypeError, ValueError):
        return 1
