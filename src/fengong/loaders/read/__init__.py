"""Reading stage (读取): any supported input becomes one normalised text.

Later stages cite character offsets of this text in their provenance, so reading
only decodes and lays out; it never cleans (boilerplate stays) and never rewrites
characters beyond line ends, NUL and BOM. Tables of every format come out as
tab-separated rows, one row per line, the shape a TSV table has in a .txt file.

The format is chosen in `sniff`, then one reader per format turns the bytes into
text: `text` (encodings), `html`, `docx` (with `docx_numbering`) and `pdf`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fengong.errors import BadInput, DocumentEmpty, DocumentTooLarge, NotFound, UnreadableDocument
from fengong.loaders.read.docx import read_docx
from fengong.loaders.read.html import read_html
from fengong.loaders.read.pdf import read_pdf
from fengong.loaders.read.sniff import Format, choose_format
from fengong.loaders.read.text import decode_text

__all__ = ["MAX_INPUT_BYTES", "Format", "RawDocument", "decode_text", "normalise", "read_bytes", "read_path"]

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


def read_path(path: str | Path) -> RawDocument:
    """Read a file from disk; the path as given becomes the document's source."""
    source = str(path)
    file = Path(path)
    if not file.exists():
        raise NotFound(f"文件不存在 (file not found): {source}")
    if not file.is_file():
        raise BadInput(f"not a regular file: {source}")
    try:
        size = file.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise DocumentTooLarge(f"file too large: {source} is {size} bytes, the limit is {MAX_INPUT_BYTES}")
        data = file.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot read {source}: {exc.strerror or exc}") from None
    return read_bytes(data, source)


def read_bytes(data: bytes, name: str) -> RawDocument:
    """Read an in-memory upload; the name's extension is a hint, the content decides when it disagrees."""
    if len(data) > MAX_INPUT_BYTES:
        raise DocumentTooLarge(f"file too large: {name} is {len(data)} bytes, the limit is {MAX_INPUT_BYTES}")
    fmt, warnings = choose_format(data, name)
    reader = _READERS[fmt]
    text, encoding, more = reader(data, name)
    text = normalise(text)
    if not text.strip():
        raise DocumentEmpty(f"文件为空 (no text): {name} contains no readable text")
    return RawDocument(text, fmt, encoding, name, (*warnings, *more))


_LINE_ENDS = re.compile(r"\r\n?")
_INVISIBLE_MARKS = re.compile("[\x00\ufeff]")


def normalise(text: str) -> str:
    """Unify line ends and drop NUL/BOM; everything else stays so offsets keep their meaning."""
    return _INVISIBLE_MARKS.sub("", _LINE_ENDS.sub("\n", text))


_READERS: dict[Format, Callable[[bytes, str], tuple[str, str | None, tuple[str, ...]]]] = {
    "txt": decode_text,
    "html": read_html,
    "docx": read_docx,
    "pdf": read_pdf,
}
