"""Reading stage (读取): any supported input becomes one normalised text.

Later stages cite character offsets of this text in their provenance, so reading
only decodes and lays out; it never cleans (boilerplate stays) and never rewrites
characters beyond line ends, NUL and BOM. Tables of every format come out as
tab-separated rows, one row per line, the shape a TSV table has in a .txt file.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fengong.errors import FengongError

Format = Literal["txt", "html", "docx", "pdf"]
Decoded = tuple[str, str, tuple[str, ...]]
"""Decoded text, the encoding it was read with, warnings."""

MAX_INPUT_BYTES = 200 * 1024 * 1024
"""Larger inputs are refused: no policy document is that big, a mistaken upload may be."""


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input as normalised text: "\\n" line ends, no NUL, no BOM."""

    text: str
    format: Format
    encoding: str | None  # detected encoding for txt/html; None for docx/pdf
    source: str  # file name or path as given
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- public


def read_path(path: str | Path) -> RawDocument:
    """Read a file from disk; the path as given becomes the document's source."""
    source = str(path)
    file = Path(path)
    if not file.exists():
        raise FengongError(f"文件不存在 (file not found): {source}")
    if not file.is_file():
        raise FengongError(f"not a regular file: {source}")
    try:
        size = file.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise FengongError(f"file too large: {source} is {size} bytes, the limit is {MAX_INPUT_BYTES}")
        data = file.read_bytes()
    except OSError as exc:
        raise FengongError(f"cannot read {source}: {exc.strerror or exc}") from None
    return read_bytes(data, source)


def read_bytes(data: bytes, name: str) -> RawDocument:
    """Read an in-memory upload; the name's extension is a hint, the content decides when it disagrees."""
    if len(data) > MAX_INPUT_BYTES:
        raise FengongError(f"file too large: {name} is {len(data)} bytes, the limit is {MAX_INPUT_BYTES}")
    fmt, warnings = _choose_format(data, name)
    reader = _READERS[fmt]
    text, encoding, more = reader(data, name)
    text = normalise(text)
    if not text.strip():
        raise FengongError(f"文件为空 (no text): {name} contains no readable text")
    return RawDocument(text, fmt, encoding, name, (*warnings, *more))


_LINE_ENDS = re.compile(r"\r\n?")
_INVISIBLE_MARKS = re.compile("[\x00\ufeff]")


def normalise(text: str) -> str:
    """Unify line ends and drop NUL/BOM; everything else stays so offsets keep their meaning."""
    return _INVISIBLE_MARKS.sub("", _LINE_ENDS.sub("\n", text))


# --------------------------------------------------------------------------- format choice

_EXTENSION_FORMATS: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".tsv": "txt",
    ".csv": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

_UNSUPPORTED_EXTENSIONS = {
    ".doc": "legacy Word .doc is not supported, save it as .docx",
    ".wps": "WPS .wps is not supported, save it as .docx",
    ".xls": "spreadsheets are not supported, save the table as .txt (tab-separated) or .docx",
    ".xlsx": "spreadsheets are not supported, save the table as .txt (tab-separated) or .docx",
    ".ppt": "presentations are not supported",
    ".pptx": "presentations are not supported",
    ".ofd": "OFD is not supported, export it as PDF",
    ".rtf": "RTF is not supported, save it as .docx",
}

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BM", "BMP image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office file (.doc/.xls), save it as .docx"),
)

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_RTF_MAGIC = b"{\\rtf"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset", re.IGNORECASE)


def _choose_format(data: bytes, name: str) -> tuple[Format, tuple[str, ...]]:
    suffix = Path(name).suffix.lower()
    stated = _EXTENSION_FORMATS.get(suffix)
    sniffed = _sniff_container(data)
    if sniffed is not None:
        if stated in (None, sniffed) and suffix not in _UNSUPPORTED_EXTENSIONS:
            return sniffed, ()
        return sniffed, (f"{name}: the name says {suffix or 'nothing'} but the content is {sniffed}",)
    if suffix in _UNSUPPORTED_EXTENSIONS:
        if _looks_like_html(data):  # Word's "save as web page" under a .doc name is common
            return "html", (f"{name}: the name says {suffix} but the content is html",)
        raise FengongError(f"unsupported format: {name}: {_UNSUPPORTED_EXTENSIONS[suffix]}")
    if stated is not None:
        return stated, ()
    return ("html" if _looks_like_html(data) else "txt"), ()


def _sniff_container(data: bytes) -> Format | None:
    """PDF and docx are recognised by their magic, whatever the name says."""
    head = data[:1024]
    if head.lstrip()[:5] == _PDF_MAGIC:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return "docx" if b"word/" in data[:65536] or _zip_has_word_part(data) else None
    return None


def _zip_has_word_part(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or head.count(0) > len(head) // 4:
        head = head.replace(b"\x00", b"")
    return _HTML_SNIFF.search(head) is not None


# --------------------------------------------------------------------------- plain text

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_DETECTION_CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
"""What a Chinese text that is not UTF-8 is plausibly encoded in; GBK/GB2312 decode as GB18030."""

_ENCODING_NAMES = {"utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "gb18030": "gb18030", "big5": "big5"}

# C0 controls other than \t \n \v \f \r and DOS EOF (0x1a), which real text files do contain.
_CONTROL_BYTES = bytes([*range(0, 9), 14, *range(15, 26), *range(27, 32), 127])
_NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_BINARY_CONTROL_SHARE = 0.02
_MAX_STRAY_UTF8_ERRORS = 3

_SUSPICIOUS_CHARS = re.compile("[\ufffd\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f\u00c0-\u00ff\ue000-\uf8ff]|锟斤拷")
"""Replacement chars, controls, Latin-1 letters (UTF-8 read as Latin-1) and private use: mojibake marks."""
_MOJIBAKE_SHARE = 0.3
_PLAUSIBLE_TEXT_CHAR = re.compile(
    "[\t\n\r\x0c -~\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)
"""What a Chinese or ASCII document is made of; bytes read with the wrong width or order are not."""
_SPACE_CHARS = " \t\n\r\x0b\x0c\u3000\xa0"


def _read_txt(data: bytes, name: str) -> tuple[str, str | None, tuple[str, ...]]:
    return decode_text(data, name)


def decode_text(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Detect and decode a text file (编码识别): BOM, UTF-16 NUL pattern, strict UTF-8, then detection."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise FengongError(f"文件为空 (empty file): {name}")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(*_decode_strictly_or_replace(data, codec, name), name)
    utf16 = _utf16_from_nul_pattern(data)
    if utf16 is not None:
        return _checked(data.decode(utf16), utf16, (), name)
    _refuse_binary(data, name)
    try:
        return _checked(data.decode("utf-8"), "utf-8", (), name)
    except UnicodeDecodeError:
        pass
    damaged_utf8 = _damaged_utf8(data, name)
    if damaged_utf8 is not None:
        return _checked(*damaged_utf8, name)
    return _checked(*_detect_and_decode(data, name), name)


def _damaged_utf8(data: bytes, name: str) -> Decoded | None:
    """UTF-8 cut mid-character or with a few stray bytes is still UTF-8, not GB18030 mojibake."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid_non_ascii = len(text) - len(data.decode("ascii", errors="ignore")) - invalid
    if invalid > _MAX_STRAY_UTF8_ERRORS or valid_non_ascii < 20 * invalid:
        return None
    return text, "utf-8", (f"{name}: {invalid} invalid UTF-8 byte sequence(s) replaced by U+FFFD",)


def _decode_strictly_or_replace(data: bytes, codec: str, name: str) -> tuple[str, str, tuple[str, ...]]:
    try:
        return data.decode(codec), codec, ()
    except UnicodeDecodeError as exc:
        text = data.decode(codec, errors="replace")
        return text, codec, (f"{name}: invalid {codec} bytes near offset {exc.start} replaced by U+FFFD",)


def _utf16_from_nul_pattern(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII and line ends put NUL bytes mostly on one side of each code unit."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    for nuls, other, codec in ((odd_nuls, even_nuls, "utf-16-le"), (even_nuls, odd_nuls, "utf-16-be")):
        if nuls >= 2 and nuls >= 3 * other:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if len(_PLAUSIBLE_TEXT_CHAR.findall(text)) >= 0.9 * len(text):
                return codec
    return None


def _refuse_binary(data: bytes, name: str) -> None:
    for magic, what in _BINARY_SIGNATURES:
        if data.startswith(magic) and _control_share(data) > 0:
            raise FengongError(f"not a text document: {name} looks binary ({what})")
    if data.startswith(_ZIP_MAGIC):
        raise FengongError(f"not a text document: {name} looks binary (ZIP archive that is not a .docx)")
    if data.lstrip()[:5] == _RTF_MAGIC:
        raise FengongError(f"unsupported format: {name} is an RTF document, save it as .docx")
    if _control_share(data) > _BINARY_CONTROL_SHARE:
        raise FengongError(f"not a text document: {name} looks binary (control bytes, not text)")


def _control_share(data: bytes) -> float:
    sample = data[:262144]
    return len(sample.translate(None, _NON_CONTROL_BYTES)) / max(len(sample), 1)


def _detect_and_decode(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_DETECTION_CANDIDATES).best()
    if best is None or best.encoding not in _ENCODING_NAMES:
        raise FengongError(f"not a text document: {name} is neither UTF-8 nor GB18030/GBK, Big5 or UTF-16 text")
    return _decode_strictly_or_replace(data, _ENCODING_NAMES[best.encoding], name)


def _checked(text: str, encoding: str, warnings: tuple[str, ...], name: str) -> Decoded:
    """Refuse text that decodes but reads as garbage; say how many characters were replaced."""
    if not text.strip("\x00\ufeff \t\r\n\x0b\x0c"):
        raise FengongError(f"文件为空 (empty file): {name} has only whitespace")
    if _mostly_mojibake(text):
        raise FengongError(f"not a text document: {name} decodes as {encoding} but is mostly garbled characters (乱码)")
    replaced = text.count("\ufffd")
    if replaced and not warnings:
        warnings = (f"{name}: {replaced} replacement characters (U+FFFD) in the text",)
    return text, encoding, warnings


def _mostly_mojibake(text: str) -> bool:
    visible = len(text) - sum(map(text.count, _SPACE_CHARS))
    if visible <= 0:
        return False
    suspicious = sum(len(m) for m in _SUSPICIOUS_CHARS.findall(text))
    return suspicious > visible * _MOJIBAKE_SHARE


# --------------------------------------------------------------------------- HTML

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
_BLANK_LINE_RUN = re.compile(r"\n(?:[ \t]*\n)+")
_MAX_SPAN = 64
_BLOCK_EDGE = "\x00"  # NUL cannot survive decoding-plus-parsing, so it is free to mark block edges
_BLOCK_EDGES = re.compile(r"[ \t\n]*\x00[\x00 \t\n]*")


def _read_html(data: bytes, name: str) -> tuple[str, str | None, tuple[str, ...]]:
    markup, encoding, warnings = _decode_html(data, name)
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(markup.replace(_BLOCK_EDGE, ""), "lxml")
        text = _HtmlText().render(soup)
    except RecursionError:
        raise FengongError(f"cannot read HTML: {name} is nested too deeply") from None
    return text, encoding, warnings


def _decode_html(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """A BOM wins, then <meta charset>, then the same detection as for plain text."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
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
        return _checked(data.decode(codec), codec, (), name)
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
        return _tidy_lines(_BLOCK_EDGES.sub("\n", "".join(self.parts)))

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
                cells.append("" if offset else _one_line(_HtmlText().render(cell)))
        for column in covered:
            if column >= len(cells) and covered[column] > 0:
                covered[column] -= 1  # past the row's last cell: trailing empties are dropped anyway
        if any(cells):
            yield "\t".join(cells).rstrip("\t")


def _span(value: Any) -> int:
    try:
        return max(1, min(int(str(value).strip()), _MAX_SPAN))
    except (TypeError, ValueError):
        return 1


_CELL_BREAKS = re.compile(r"[ \t]*[\t\n][ \t\n]*")


def _one_line(text: str) -> str:
    """A cell's text on one line: its own line breaks and tabs become single spaces."""
    return _CELL_BREAKS.sub(" ", text.strip())


def _tidy_lines(text: str) -> str:
    """Trim the spaces HTML/Word layout leaves around lines and keep at most one blank line."""
    lines = [line.strip(" ") for line in text.split("\n")]
    return _BLANK_LINE_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


# --------------------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_VML_NS = "{urn:schemas-microsoft-com:vml}"
_W_P, _W_TBL, _W_TR, _W_TC, _W_T = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "t"
_W_TAB, _W_BR, _W_CR = _W + "tab", _W + "br", _W + "cr"
_W_SYM, _W_NOBREAK_HYPHEN = _W + "sym", _W + "noBreakHyphen"
_DOCX_SKIPPED = frozenset(
    {
        _W + "del", _W + "moveFrom", _W + "delText", _W + "instrText", _W + "delInstrText",
        _W + "rPr", _W + "pPr", _W + "tblPr", _W + "trPr", _W + "tcPr", _W + "tblGrid",
        _W + "sectPr", _W + "footnoteReference", _W + "endnoteReference", _MC_FALLBACK,
        _VML_NS + "textbox",
    }
)  # fmt: skip


def _read_docx(data: bytes, name: str) -> tuple[str, str | None, tuple[str, ...]]:
    document = _open_docx(data, name)
    numbering = _ListNumbering.of(document)
    lines: list[str] = []
    _DocxText(lines, numbering).blocks(document.element.body)
    return _tidy_lines("\n".join(lines)), None, ()


def _open_docx(data: bytes, name: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(_OLE_MAGIC):
        raise FengongError(
            f"cannot read .docx: {name} is a legacy .doc or a password-protected file, save it as plain .docx"
        )
    if not data.startswith(_ZIP_MAGIC):
        raise FengongError(f"cannot read .docx: {name} is not a Word .docx file (no ZIP container)")
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError):
        raise FengongError(f"cannot read .docx: {name} is damaged or truncated (broken ZIP)") from None
    except (PackageNotFoundError, KeyError):
        raise FengongError(f"cannot read .docx: {name} has no Word document part") from None
    except ValueError as exc:
        raise FengongError(f"cannot read .docx: {name} is not a Word document ({exc})") from None
    except Exception as exc:  # lxml syntax errors, zlib errors: all mean a damaged file
        raise FengongError(f"cannot read .docx: {name} is damaged ({type(exc).__name__})") from None


class _DocxText:
    """Walks the body XML in document order: paragraphs are lines, tables are tab-separated rows."""

    def __init__(self, lines: list[str], numbering: _ListNumbering) -> None:
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
        cells = [""] * _grid_count(row.find(_W + "trPr"), "gridBefore", 0)
        for cell in _docx_cells(row):
            properties = cell.find(_W + "tcPr")
            vertical = properties.find(_W + "vMerge") if properties is not None else None
            continues_above = vertical is not None and vertical.get(_W + "val", "continue") == "continue"
            cells.append("" if continues_above else self.cell_text(cell))
            cells.extend([""] * (_grid_count(properties, "gridSpan", 1) - 1))
        return cells

    def cell_text(self, cell: Any) -> str:
        lines: list[str] = []
        _DocxText(lines, self.numbering).blocks(cell)
        return _one_line("\n".join(line for line in lines if line.strip()))


def _docx_rows(table: Any) -> Iterator[Any]:
    yield from _children_through_wrappers(table, _W_TR)


def _docx_cells(row: Any) -> Iterator[Any]:
    yield from _children_through_wrappers(row, _W_TC)


def _children_through_wrappers(parent: Any, wanted: str) -> Iterator[Any]:
    for child in parent:
        if child.tag == wanted:
            yield child
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            yield from _children_through_wrappers(child, wanted)


def _has_nested_table(table: Any) -> bool:
    return any(True for nested in table.iter(_W_TBL) if nested is not table)


def _grid_width(row: Any) -> int:
    width = _grid_count(row.find(_W + "trPr"), "gridBefore", 0)
    for cell in _docx_cells(row):
        width += _grid_count(cell.find(_W + "tcPr"), "gridSpan", 1)
    return width


def _grid_count(properties: Any, tag: str, default: int) -> int:
    element = properties.find(_W + tag) if properties is not None else None
    if element is None:
        return default
    try:
        return max(0, min(int(element.get(_W + "val", default)), _MAX_SPAN))
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
    code = symbol.get(_W + "char", "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # symbol-font private range: the glyph has no Unicode meaning
        return ""
    return chr(value)


_CHINESE_DIGITS = "零一二三四五六七八九"
_CHINESE_FINANCIAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEVEL_PLACEHOLDER = re.compile(r"%([1-9])")
_LABEL_ENDS_IN_PUNCTUATION = re.compile(r"[、.．:：)）\]】〕]$")


@dataclass(frozen=True, slots=True)
class _ListLevel:
    format: str  # w:numFmt: decimal, chineseCounting, bullet, ...
    text: str  # w:lvlText: "%1、", "（%2）"
    start: int
    suffix: str  # w:suff: tab, space, nothing


class _ListNumbering:
    """Word's automatic numbering (自动编号): without it 一、/（一）/1. vanish from the text."""

    def __init__(
        self,
        levels: dict[str, dict[int, _ListLevel]],
        instances: dict[str, tuple[str, dict[int, int]]],
        styles: dict[str, tuple[str | None, str | None, int]],
    ) -> None:
        self.levels = levels  # abstractNumId → level → definition
        self.instances = instances  # numId → (abstractNumId, start overrides)
        self.styles = styles  # styleId → (basedOn, numId, ilvl)
        self.counters: dict[str, list[int]] = {}
        self.overridden: set[str] = set()

    @classmethod
    def of(cls, document: Any) -> _ListNumbering:
        from docx.opc.constants import RELATIONSHIP_TYPE

        levels: dict[str, dict[int, _ListLevel]] = {}
        instances: dict[str, tuple[str, dict[int, int]]] = {}
        styles: dict[str, tuple[str | None, str | None, int]] = {}
        try:
            root = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except (KeyError, AttributeError):
            root = None
        if root is not None:
            for abstract in root.iter(_W + "abstractNum"):
                levels[abstract.get(_W + "abstractNumId", "")] = {
                    _int_attr(level, "ilvl", 0): _list_level(level) for level in abstract.iter(_W + "lvl")
                }
            for num in root.iter(_W + "num"):
                abstract_id = num.find(_W + "abstractNumId")
                if abstract_id is None:
                    continue
                starts = {
                    _int_attr(override, "ilvl", 0): _int_attr(start, "val", 1)
                    for override in num.iter(_W + "lvlOverride")
                    for start in override.iter(_W + "startOverride")
                }
                instances[num.get(_W + "numId", "")] = (abstract_id.get(_W + "val", ""), starts)
        try:
            style_root = document.styles.element
        except (KeyError, AttributeError):
            style_root = None
        if style_root is not None:
            for style in style_root.iter(_W + "style"):
                based_on = style.find(_W + "basedOn")
                num_id, level = _numbering_properties(style.find(_W + "pPr"))
                styles[style.get(_W + "styleId", "")] = (
                    based_on.get(_W + "val") if based_on is not None else None,
                    num_id,
                    level or 0,
                )
        return cls(levels, instances, styles)

    def label(self, paragraph: Any) -> str:
        """The rendered number of a list paragraph (with its separator), or ""."""
        if not self.instances:
            return ""
        properties = paragraph.find(_W + "pPr")
        num_id, level = _numbering_properties(properties)
        if num_id is None:
            style = properties.find(_W + "pStyle") if properties is not None else None
            num_id, style_level = self._style_numbering(style.get(_W + "val") if style is not None else None)
            level = style_level if level is None else level
        if num_id is None or num_id not in self.instances:
            return ""
        abstract_id, starts = self.instances[num_id]
        definitions = self.levels.get(abstract_id, {})
        level = level or 0
        if level not in definitions:
            return ""
        counters = self.counters.setdefault(abstract_id, [0] * 9)
        if num_id not in self.overridden and starts:
            self.overridden.add(num_id)
            for overridden_level, start in starts.items():
                if 0 <= overridden_level < 9:
                    counters[overridden_level] = start - 1
        if not 0 <= level < 9:
            return ""
        definition = definitions[level]
        counters[level] = max(counters[level], definition.start - 1) + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if definition.format in ("bullet", "none"):
            return ""

        def number(match: re.Match[str]) -> str:
            referenced = int(match.group(1)) - 1
            shown = definitions.get(referenced)
            value = max(counters[referenced], shown.start if shown else 1)
            return _format_list_number(value, shown.format if shown else "decimal")

        text = _LEVEL_PLACEHOLDER.sub(number, definition.text)
        if not text or definition.suffix == "nothing" or _LABEL_ENDS_IN_PUNCTUATION.search(text):
            return text
        return text + " "

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int]:
        for _ in range(16):  # basedOn chains are short; a loop in a damaged file must end
            if style_id is None or style_id not in self.styles:
                return None, 0
            based_on, num_id, level = self.styles[style_id]
            if num_id is not None:
                return (None if num_id == "0" else num_id), level
            style_id = based_on
        return None, 0


def _list_level(level: Any) -> _ListLevel:
    def value(tag: str, default: str) -> str:
        element = level.find(_W + tag)
        return default if element is None else element.get(_W + "val", default)

    try:
        start = int(value("start", "1"))
    except ValueError:
        start = 1
    return _ListLevel(value("numFmt", "decimal"), value("lvlText", ""), start, value("suff", "tab"))


def _numbering_properties(properties: Any) -> tuple[str | None, int | None]:
    numbering = properties.find(_W + "numPr") if properties is not None else None
    if numbering is None:
        return None, None
    num_id = numbering.find(_W + "numId")
    level = numbering.find(_W + "ilvl")
    return (
        num_id.get(_W + "val") if num_id is not None else None,
        _int_attr(level, "val", 0) if level is not None else None,
    )


def _int_attr(element: Any, attribute: str, default: int) -> int:
    try:
        return int(element.get(_W + attribute, default))
    except (TypeError, ValueError):
        return default


def _format_list_number(value: int, number_format: str) -> str:
    """One counter value in a w:numFmt style; unknown styles fall back to Arabic digits."""
    if number_format in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
    ):
        return _chinese_number(value, _CHINESE_DIGITS)
    if number_format in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese_number(value, _CHINESE_FINANCIAL_DIGITS).replace("十", "拾")
    if number_format == "ideographTraditional" and 1 <= value <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[value - 1]
    if number_format == "ideographZodiac" and 1 <= value <= len(_EARTHLY_BRANCHES):
        return _EARTHLY_BRANCHES[value - 1]
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if number_format == "decimalEnclosedParen" and 1 <= value <= 20:
        return chr(0x2474 + value - 1)
    if number_format == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return chr(0x2488 + value - 1)
    if number_format in ("decimalFullWidth", "decimalFullWidth2"):
        return str(value).translate(_FULL_WIDTH_DIGITS)
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format in ("lowerLetter", "upperLetter") and value >= 1:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if number_format == "lowerLetter" else letter.upper()
    if number_format in ("lowerRoman", "upperRoman") and 1 <= value < 4000:
        roman = _roman(value)
        return roman.lower() if number_format == "lowerRoman" else roman
    return str(value)


_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN_VALUES = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _roman(value: int) -> str:
    parts: list[str] = []
    for amount, numeral in _ROMAN_VALUES:
        count, value = divmod(value, amount)
        parts.append(numeral * count)
    return "".join(parts)


def _chinese_number(value: int, digits: str) -> str:
    """一 … 十 … 十一 … 二十 … 九十九 … 一百零五; beyond 999 Arabic digits (lists never get there)."""
    if not 0 <= value <= 999:
        return str(value)
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value % 10] if value % 10 else "")
    if value < 100:
        return digits[value // 10] + "十" + (digits[value % 10] if value % 10 else "")
    rest = value % 100
    hundreds = digits[value // 100] + "百"
    if rest == 0:
        return hundreds
    if rest < 10:
        return hundreds + digits[0] + digits[rest]
    return hundreds + digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")


# --------------------------------------------------------------------------- PDF

_CID_GLYPH = re.compile(r"\(cid:\d+\)")


def _read_pdf(data: bytes, name: str) -> tuple[str, str | None, tuple[str, ...]]:
    page_texts = _pdf_page_texts(data, name)
    if not any(text.strip() for text in page_texts):
        raise FengongError(
            f"PDF has no text layer: {name} (scanned image?); OCR is not supported, "
            "convert it to text with an OCR tool first"
        )
    text = "\n".join(page_texts)
    glyphs = len(_CID_GLYPH.findall(text))
    if glyphs and glyphs * 6 > len(text) * 0.3:
        raise FengongError(f"PDF text layer is not readable: {name} uses fonts without a Unicode map (cid glyphs)")
    empty = [str(i + 1) for i, page in enumerate(page_texts) if not page.strip()]
    warnings: tuple[str, ...] = ()
    if empty:
        warnings = (f"{name}: pages without text (scanned?): {', '.join(empty[:20])}",)
    return text, None, warnings


def _pdf_page_texts(data: bytes, name: str) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise FengongError(f"cannot read PDF: {name} is encrypted or password-protected") from None
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        detail = type(exc).__name__
        raise FengongError(f"cannot read PDF: {name} is damaged or truncated ({detail})") from None


_READERS: dict[Format, Callable[[bytes, str], tuple[str, str | None, tuple[str, ...]]]] = {
    "txt": _read_txt,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
}
