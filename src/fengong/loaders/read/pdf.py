"""PDF: the text layer page by page; scans and fonts without a Unicode map are refused."""

from __future__ import annotations

import io
import re

from fengong.errors import UnreadableDocument

_CID_GLYPH = re.compile(r"\(cid:\d+\)")


def read_pdf(data: bytes, name: str) -> tuple[str, str | None, tuple[str, ...]]:
    page_texts = _pdf_page_texts(data, name)
    if not any(text.strip() for text in page_texts):
        raise UnreadableDocument(
            f"PDF has no text layer: {name} (scanned image?); OCR is not supported, "
            "convert it to text with an OCR tool first"
        )
    text = "\n".join(page_texts)
    glyphs = len(_CID_GLYPH.findall(text))
    if glyphs and glyphs * 6 > len(text) * 0.3:
        raise UnreadableDocument(f"PDF text layer is not readable: {name} uses fonts without a Unicode map (cid glyphs)")
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
        raise UnreadableDocument(f"cannot read PDF: {name} is encrypted or password-protected") from None
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        detail = type(exc).__name__
        raise UnreadableDocument(f"cannot read PDF: {name} is damaged or truncated ({detail})") from None
