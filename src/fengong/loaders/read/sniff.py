"""Format choice (格式识别): the content's magic bytes win over the file name's extension.

PDF and docx are recognised by their containers, HTML by its tags; legacy and
unsupported formats are refused with advice on what to save them as instead.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path
from typing import Literal

from fengong.errors import UnsupportedDocument

Format = Literal["txt", "html", "docx", "pdf"]

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

_PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc/.xls) and encrypted .docx
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset", re.IGNORECASE)


def choose_format(data: bytes, name: str) -> tuple[Format, tuple[str, ...]]:
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
        raise UnsupportedDocument(f"unsupported format: {name}: {_UNSUPPORTED_EXTENSIONS[suffix]}")
    if stated is not None:
        return stated, ()
    return ("html" if _looks_like_html(data) else "txt"), ()


def _sniff_container(data: bytes) -> Format | None:
    """PDF and docx are recognised by their magic, whatever the name says."""
    head = data[:1024]
    if head.lstrip()[:5] == _PDF_MAGIC:
        return "pdf"
    if data.startswith(ZIP_MAGIC):
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
