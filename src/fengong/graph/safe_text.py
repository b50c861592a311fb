"""Document text made safe for the files it is written to: XML's character rules, spreadsheet formulas.

The graph keeps a document's text as extracted. The writers of XML formats (XLSX, GraphML, GEXF,
RDF and SPARQL results) drop the characters XML 1.0 forbids, so a document with an ESC or NUL
in it exports instead of failing. The writers of spreadsheets (CSV, XLSX) keep a cell that would
start a formula (``= + - @``, tab, carriage return) from being one, as OWASP's CSV-injection
guidance recommends, while numbers stay numbers.
"""

from __future__ import annotations

import re

# XML 1.0 (§2.2 Char): no C0 control but tab, line feed and carriage return; no U+FFFE, U+FFFF or lone surrogates.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML 1.0 document cannot contain."""
    return _XML_FORBIDDEN.sub("", text)


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read this text cell as a formula (a plain signed number is not one)."""
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def csv_cell(value: object) -> object:
    """A CSV cell: text that would start a formula gets a leading apostrophe; other values as they are."""
    if not isinstance(value, str):
        return value
    text = xml_text(value)
    return "'" + text if starts_formula(text) else text
