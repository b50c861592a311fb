"""Shared layout of HTML and Word text: tables as tab-separated rows, tidy line breaks."""

from __future__ import annotations

import re

_BLANK_LINE_RUN = re.compile(r"\n(?:[ \t]*\n)+")
MAX_SPAN = 64
"""Cap on a table cell's colspan/rowspan/gridSpan: larger values come from damaged files."""
_CELL_BREAKS = re.compile(r"[ \t]*[\t\n][ \t\n]*")


def one_line(text: str) -> str:
    """A cell's text on one line: its own line breaks and tabs become single spaces."""
    return _CELL_BREAKS.sub(" ", text.strip())


def tidy_lines(text: str) -> str:
    """Trim the spaces HTML/Word layout leaves around lines and keep at most one blank line."""
    lines = [line.strip(" ") for line in text.split("\n")]
    return _BLANK_LINE_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
