"""Plain text (纯文本): encoding detection (编码识别) and refusal of binary or garbled input.

Chinese government files come as UTF-8, GB18030/GBK, Big5 or UTF-16, often without
a BOM; the bytes decide, and text that decodes but reads as 乱码 is refused.
"""

from __future__ import annotations

import codecs
import re

from fengong.errors import DocumentEmpty, UnsupportedDocument
from fengong.loaders.read.sniff import OLE_MAGIC, ZIP_MAGIC

Decoded = tuple[str, str, tuple[str, ...]]
"""Decoded text, the encoding it was read with, warnings."""

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

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
    (OLE_MAGIC, "legacy Office file (.doc/.xls), save it as .docx"),
)

_RTF_MAGIC = b"{\\rtf"

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


def decode_text(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Detect and decode a text file (编码识别): BOM, UTF-16 NUL pattern, strict UTF-8, then detection."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise DocumentEmpty(f"文件为空 (empty file): {name}")
    for bom, codec in BOMS:
        if data.startswith(bom):
            return checked(*_decode_strictly_or_replace(data, codec, name), name)
    utf16 = _utf16_from_nul_pattern(data)
    if utf16 is not None:
        return checked(data.decode(utf16), utf16, (), name)
    _refuse_binary(data, name)
    try:
        return checked(data.decode("utf-8"), "utf-8", (), name)
    except UnicodeDecodeError:
        pass
    damaged_utf8 = _damaged_utf8(data, name)
    if damaged_utf8 is not None:
        return checked(*damaged_utf8, name)
    return checked(*_detect_and_decode(data, name), name)


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
            raise UnsupportedDocument(f"not a text document: {name} looks binary ({what})")
    if data.startswith(ZIP_MAGIC):
        raise UnsupportedDocument(f"not a text document: {name} looks binary (ZIP archive that is not a .docx)")
    if data.lstrip()[:5] == _RTF_MAGIC:
        raise UnsupportedDocument(f"unsupported format: {name} is an RTF document, save it as .docx")
    if _control_share(data) > _BINARY_CONTROL_SHARE:
        raise UnsupportedDocument(f"not a text document: {name} looks binary (control bytes, not text)")


def _control_share(data: bytes) -> float:
    sample = data[:262144]
    return len(sample.translate(None, _NON_CONTROL_BYTES)) / max(len(sample), 1)


def _detect_and_decode(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_DETECTION_CANDIDATES).best()
    if best is None or best.encoding not in _ENCODING_NAMES:
        raise UnsupportedDocument(f"not a text document: {name} is neither UTF-8 nor GB18030/GBK, Big5 or UTF-16 text")
    return _decode_strictly_or_replace(data, _ENCODING_NAMES[best.encoding], name)


def checked(text: str, encoding: str, warnings: tuple[str, ...], name: str) -> Decoded:
    """Refuse text that decodes but reads as garbage; say how many characters were replaced."""
    if not text.strip("\x00\ufeff \t\r\n\x0b\x0c"):
        raise DocumentEmpty(f"文件为空 (empty file): {name} has only whitespace")
    if _mostly_mojibake(text):
        raise UnsupportedDocument(f"not a text document: {name} decodes as {encoding} but is mostly garbled characters (乱码)")
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
