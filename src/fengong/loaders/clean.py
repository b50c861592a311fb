"""Cleaning and repair: the stage between reading and outline, recording every change.

Web pages wrap a document in boilerplate (login prompts, breadcrumbs, share
buttons, disclaimers); document-sharing sites split the text into pages whose
markers (``\\n2、``) cut words in half; OCR confuses letters and digits
(``(-)`` for (一), ``L`` for 1., ``IOO`` for 100); tables carry HTML fragments
in their cells. Each repair is kept as a :class:`Repair` so that a reader can
see exactly what was changed and why; provenance spans refer to the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fengong.loaders.drawn_tables import drawn_table_edits
from fengong.loaders.flat_tables import flat_table_edits
from fengong.loaders.vocabulary import boilerplate_pattern
from fengong.ontology.model import Repair


@dataclass(slots=True)
class CleanText:
    """The cleaned text, the repairs that produced it, and boilerplate it removed."""

    text: str
    repairs: list[Repair] = field(default_factory=list)

    def removed(self, rule_prefix: str) -> list[str]:
        """Texts removed by rules starting with ``rule_prefix`` (metadata lives in some)."""
        return [r.before for r in self.repairs if r.rule.startswith(rule_prefix)]


# Lines that belong to the web page or sharing site, not to the document (data/boilerplate.tsv).
_BOILERPLATE_LINE = re.compile(rf"^\s*(?:{boilerplate_pattern('header')})", re.IGNORECASE)
# Once one of these appears near the end, everything after it is page footer.
_FOOTER_START = re.compile(rf"^\s*(?:{boilerplate_pattern('footer')})", re.IGNORECASE)
_SENTENCE_END = "。；;！？!?:："
_MENU_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_SHARING_BANNER = re.compile(boilerplate_pattern("banner"), re.IGNORECASE)
# A navigation bar: several short menu words separated by spaces, slashes or bars.
_NAV_BAR = re.compile(
    r"^[ \u3000]*(?:[\u4e00-\u9fff]{2,6}[ \u3000]*[/|｜·][ \u3000]*|[\u4e00-\u9fff]{2,6}[ \u3000]+){3,}[\u4e00-\u9fff]{2,6}[ \u3000]*$"
)

_PAGE_MARKER = re.compile(r"(?m)^(\d{1,3})、")
_OCR_ORDINAL = re.compile(r"[（(]\s*[-—–一]\s*[)）]")
_OCR_DIGITS = re.compile(r"(?<![A-Za-z])([IlO0-9]*[IlO][IlO0-9]*)(?=[家个项人%％万亿元件台套次名所])")
_OCR_ITEM_ONE = re.compile(r"(?<=[\u4e00-\u9fff）)])[LlI](?=[\u4e00-\u9fff])")
_HTML_TAG = re.compile(r"</?(?:p|br|span|div|strong|b|i|em|font|td|tr)(?:\s[^<>]*)?/?>", re.IGNORECASE)


def clean(text: str) -> CleanText:
    """Apply every repair in a fixed order and return the cleaned text with its log."""
    result = CleanText(text)
    for step in (
        _drop_page_markers,
        _redraw_tables,
        _rejoin_flat_tables,  # before the boilerplate: a header of short labels reads like a menu
        _drop_boilerplate,
        _fix_ocr,
        _strip_html_fragments,
        _trim_blank_runs,
    ):
        result = step(result)
    return result


def _apply(result: CleanText, edits: list[tuple[int, int, str, str]]) -> CleanText:
    """Apply non-overlapping ``(start, end, replacement, rule)`` edits to ``result.text``."""
    if not edits:
        return result
    edits.sort()
    out: list[str] = []
    repairs = list(result.repairs)
    pos = 0
    for start, end, after, rule in edits:
        if start < pos:
            continue
        out.append(result.text[pos:start])
        out.append(after)
        repairs.append(Repair(rule, start, end, result.text[start:end], after))
        pos = end
    out.append(result.text[pos:])
    return CleanText("".join(out), repairs)


def _drop_page_markers(result: CleanText) -> CleanText:
    """Remove page markers of sharing sites: consecutive ``N、`` line starts that split words.

    Real list items also start lines with ``1、 2、 3、``; page markers differ in
    that the line before them mostly breaks off mid-sentence and pages are long.
    """
    text = result.text
    marks = list(_PAGE_MARKER.finditer(text))
    run: list[re.Match[str]] = []
    for m in marks:
        if run and int(m.group(1)) == int(run[-1].group(1)) + 1:
            run.append(m)
        elif int(m.group(1)) in (1, 2):
            if len(run) >= 2:
                break
            run = [m]
    shared = bool(_SHARING_BANNER.search(text[:300]))
    if len(run) < (2 if shared else 3):
        return result
    cut_mid_sentence = sum(1 for m in run[1:] if text[: m.start()].rstrip("\n")[-1:] not in _SENTENCE_END)
    mean_page = (run[-1].start() - run[0].start()) / (len(run) - 1)
    if cut_mid_sentence < 0.6 * (len(run) - 1) or (mean_page < 200 and not shared):
        return result
    edits = []
    for m in run:
        # Join the page to the previous one unless a sentence (or a banner) ended there.
        before = text[: m.start()].rstrip("\n")
        previous = before[before.rfind("\n") + 1 :].strip()
        banner = bool(_BOILERPLATE_LINE.match(previous) or _SHARING_BANNER.search(previous))
        joins = m.start() > 0 and text[m.start() - 1] == "\n" and before[-1:] not in _SENTENCE_END + "。" and not banner
        edits.append((m.start() - 1 if joins else m.start(), m.end(), "", "clean.page_marker"))
    return _apply(result, edits)


def _drop_boilerplate(result: CleanText) -> CleanText:
    """Remove web-page lines around the document: header widgets and the footer block."""
    text = result.text
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    edits: list[tuple[int, int, str, str]] = []
    first_kept: int | None = None  # the document's first line: the footer starts after it
    # Header: within the first lines, drop widget lines; stop at the first long sentence.
    for i, line in enumerate(lines[:60]):
        stripped = line.strip()
        if len(stripped) > 80 and not _BOILERPLATE_LINE.match(stripped):
            break
        if stripped and (_BOILERPLATE_LINE.match(stripped) or _NAV_BAR.match(stripped)):
            edits.append((offsets[i], offsets[i + 1], "", "clean.boilerplate.header"))
        elif stripped and first_kept is None:
            first_kept = i
    edits.extend(_menu_runs(lines[:60], offsets))
    # Footer: from a footer marker in the last part of the page, after the document's first line, to the end.
    tail_from = max(0, len(lines) - 40, (first_kept or 0) + 1)
    for i in range(tail_from, len(lines)):
        if _FOOTER_START.match(lines[i]):
            start = offsets[i]
            edits = [e for e in edits if e[0] < start]
            edits.append((start, len(text), "", "clean.boilerplate.footer"))
            break
    return _apply(result, edits)


def _menu_runs(lines: list[str], offsets: list[int]) -> list[tuple[int, int, str, str]]:
    """Three or more consecutive one-word lines at the top of a page: a navigation menu."""
    edits: list[tuple[int, int, str, str]] = []
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if _MENU_WORD.match(line.strip()):
            run.append(i)
            continue
        if len(line.strip()) > 80:
            break
        if len(run) >= 3:
            edits.extend((offsets[j], offsets[j + 1], "", "clean.boilerplate.menu") for j in run)
        run = []
    return edits


def _fix_ocr(result: CleanText) -> CleanText:
    """Repair OCR confusions in numbering and numbers, each recorded."""
    text = result.text
    edits: list[tuple[int, int, str, str]] = []
    for m in _OCR_ORDINAL.finditer(text):
        if m.group(0)[1:-1].strip() != "一":
            edits.append((m.start(), m.end(), m.group(0)[0] + "一" + m.group(0)[-1], "clean.ocr.ordinal"))
    for m in _OCR_DIGITS.finditer(text):
        token = m.group(1)
        if len(token) >= 2 and any(c in "O0" for c in token[1:]):
            digits = token.translate(str.maketrans("IlO", "110"))
            edits.append((m.start(1), m.end(1), digits, "clean.ocr.digits"))
    for m in _OCR_ITEM_ONE.finditer(text):
        # A lone Latin letter between Chinese words where an item should start: "工程L建设…"
        if _next_item_two_follows(text, m.end()):
            edits.append((m.start(), m.end(), "1、", "clean.ocr.item_one"))
    return _apply(result, edits)


def _next_item_two_follows(text: str, pos: int) -> bool:
    """True when an item 2 (``2、`` or ``2.``) follows before the next ordinal heading."""
    window = text[pos : pos + 3000]
    two = re.search(r"(?<![\d.])2[、.．](?!\d)", window)
    if two is None:
        return False
    heading = re.search(r"[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、", window)
    return heading is None or heading.start() > two.start()


def _strip_html_fragments(result: CleanText) -> CleanText:
    """Drop HTML tags left inside table cells (``<p>…</p>``); the text stays."""
    edits = [(m.start(), m.end(), "", "clean.html_fragment") for m in _HTML_TAG.finditer(result.text)]
    return _apply(result, edits)


def _redraw_tables(result: CleanText) -> CleanText:
    """Tables drawn with box characters or as Markdown become tab-separated rows (:mod:`loaders.drawn_tables`)."""
    return _apply(result, drawn_table_edits(result.text))


def _rejoin_flat_tables(result: CleanText) -> CleanText:
    """Tables flattened one cell per line become tab-separated rows (:mod:`loaders.flat_tables`)."""
    return _apply(result, flat_table_edits(result.text))


def _trim_blank_runs(result: CleanText) -> CleanText:
    """Collapse three or more line breaks to two and trim the ends."""
    text = result.text
    edits = [
        (m.start(), m.end(), "\n\n", "clean.blank_lines")
        for m in re.finditer(r"\n[ \t\u3000]*\n(?:[ \t\u3000]*\n)+", text)
    ]
    lead = len(text) - len(text.lstrip())
    if lead:
        edits.append((0, lead, "", "clean.trim"))
    trail = len(text) - len(text.rstrip())
    if trail:
        edits.append((len(text) - trail, len(text), "", "clean.trim"))
    return _apply(result, edits)
