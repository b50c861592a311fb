"""Citations: other policies named by 《title》 (nested 〈〉/<> titles too) or by 文号.

A plan *implements* a policy it introduces with 根据/依据/按照/落实/贯彻/执行; it
merely *cites* the others. Its own title (repeated in the notice that issues it)
is not a citation. Some web copies lose the 《》 marks altogether; in a document
without any, titles are recognised by their shape (关于…的通知, …方案(2021-2025年))
after such verbs.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

from fengong.loaders.metadata import DOC_NUMBER, normalise_doc_number
from fengong.ontology.model import Citation, Provenance

_OUTER = re.compile(r"《([^《》]{2,120})》")
_INNER = re.compile(r"[<〈]([^<>〈〉]{2,100})[>〉]")
_NUMBER_AFTER = re.compile(r"\s*[（(]\s*([^（）()]{2,30}?号)\s*[)）]")
_IMPLEMENTS = re.compile(r"(?:根据|依据|按照|落实|贯彻|执行|遵照|对照)[^。；，,]{0,30}$")
_DOC_TYPES = "方案|计划|意见|通知|办法|规划|要点|细则|决定|措施|纲要|规定|条例|清单"
_UNQUOTED = re.compile(
    rf"(?:根据|依据|按照|落实|贯彻|出台|制定|印发)((?:关于)?[\u4e00-\u9fff“”、]{{4,60}}?(?:{_DOC_TYPES})"
    rf"(?:[（(]\d{{4}}\s*[-—–－]\s*\d{{4}}年[)）])?)(?=[，,。；;各]|$)"
)
_NOT_A_TITLE = re.compile(r"^(?:本|该|此|各|相关|有关|相应|实施|工作|行动|专项|配套)")
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|wps|xlsx?)$", re.IGNORECASE)


def find_citations(text: str, *, doc: str, plan_title: str | None, own_number: str | None) -> list[Citation]:
    """Every policy the document names, once each, in order of first mention."""
    out: list[Citation] = []
    seen: set[str] = set()

    def add(title: str | None, number: str | None, start: int, end: int, rule: str) -> None:
        if title and (_is_self(title, plan_title) or _FILE_NAME.search(title)):
            return
        if number and number == own_number:
            return
        key = number or _norm(title or "")
        if not key or key in seen:
            return
        seen.add(key)
        relation: Literal["implements", "cites"] = (
            "implements" if _IMPLEMENTS.search(text[max(0, start - 40) : start]) else "cites"
        )
        sentence = _sentence(text, start, end)
        out.append(Citation(title, number, relation, Provenance(doc, start, end, rule, sentence)))

    for m in _OUTER.finditer(text):
        title = m.group(1).strip()
        number = None
        after = _NUMBER_AFTER.match(text, m.end())
        if after:
            dn = DOC_NUMBER.search(after.group(1))
            if dn:
                number = normalise_doc_number(dn.group("code"), dn.group("year"), dn.group("no"))
        add(title, number, m.start(), m.end(), "citation.title_marks")
        for inner in _INNER.finditer(title):
            add(
                inner.group(1).strip(),
                None,
                m.start(1) + inner.start(),
                m.start(1) + inner.end(),
                "citation.nested_title",
            )
    for m in DOC_NUMBER.finditer(text):
        number = normalise_doc_number(m.group("code"), m.group("year"), m.group("no"))
        if number not in seen and not _right_after_title(text, m.start()):
            add(None, number, m.start(), m.end(), "citation.doc_number")
    if not _OUTER.search(text):
        for m in _UNQUOTED.finditer(text):
            title = m.group(1)
            if not _NOT_A_TITLE.match(title):
                add(title, None, m.start(1), m.end(1), "citation.unquoted_title")
    return out


def _is_self(title: str, plan_title: str | None) -> bool:
    if not plan_title:
        return False
    a, b = _norm(title), _norm(plan_title)
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.9


def _norm(s: str) -> str:
    return re.sub(r"[\s《》<>〈〉“”\"]", "", s).replace("（", "(").replace("）", ")").replace("—", "-")


def _right_after_title(text: str, pos: int) -> bool:
    return bool(re.search(r"》\s*[（(]\s*$", text[max(0, pos - 6) : pos]))


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find("。", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()
