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
from fengong.loaders.vocabulary import boilerplate_pattern
from fengong.ontology.model import Citation, Provenance

_OUTER = re.compile(r"《([^《》]{2,120})》")
_INNER = re.compile(r"[<〈]([^<>〈〉]{2,100})[>〉]")
_NUMBER_AFTER = re.compile(r"\s*[（(]\s*([^（）()]{2,30}?号)\s*[)）]")
_IMPLEMENTS = re.compile(r"(?:根据|依据|按照|落实|贯彻|执行|遵照|对照)[^。；，,]{0,30}$")
_PORTAL_LINE = re.compile(rf"^\s*(?:{boilerplate_pattern('header')}|{boilerplate_pattern('footer')})", re.IGNORECASE)
_DOC_TYPES = "方案|计划|意见|通知|办法|规划|要点|细则|决定|措施|纲要|规定|条例|清单"
_UNQUOTED = re.compile(
    rf"(?:根据|依据|按照|落实|贯彻|出台|制定|印发)((?:关于)?[\u4e00-\u9fff“”、]{{4,60}}?(?:{_DOC_TYPES})"
    rf"(?:[（(]\d{{4}}\s*[-—–－]\s*\d{{4}}年[)）])?)(?=[，,。；;各]|$)"
)
_DECREE_OR_STANDARD = re.compile(
    r"\s*[（(]\s*((?:[\u4e00-\u9fff]{2,10}令第?\s*\d+\s*号)"
    r"|(?:GB|DB\d{0,2}|[A-Z]{2,3})(?:/[TZ])?\s*\d+(?:\.\d+)*\s*[-—–－]\s*\d{4})\s*[)）]"
)
"""A decree's number (国务院令第617号) or a standard's (GB/T 26359—2010) in brackets after a title."""
_LEADING_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:自治区|省|市|自治州|州|县|区)")
_LOOSE_NUMBER_AFTER = re.compile(
    r"\s*[（(]\s*(?P<code>[\u4e00-\u9fff]{1,12}?)\s*[〔\[［【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］】]"
    r"\s*(?P<no>\d{1,4})\s*[)）]?\s*号"
)
"""A 文号 misprinted with its bracket closed before 号 (医保发〔2020〕32)号)."""
_ABBREVIATION = re.compile(r"(?:以下简称|下称|简称)\s*$")
"""《条例》 right after 以下简称 names the policy just cited, not another one."""
_NOT_A_TITLE = re.compile(r"^(?:本|该|此|各|相关|有关|相应|实施|工作|行动|专项|配套)")
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|wps|xlsx?)$", re.IGNORECASE)


def find_citations(text: str, *, doc: str, plan_title: str | None, own_number: str | None) -> list[Citation]:
    """Every policy the document names, once each, in order of first mention."""
    out: list[Citation] = []
    seen: set[str] = set()

    def add(title: str | None, number: str | None, start: int, end: int, rule: str) -> None:
        if title and (_is_self(title, plan_title) or _FILE_NAME.search(title)):
            return
        sentence = _sentence(text, start, end)
        if _PORTAL_LINE.match(sentence):
            return  # 依《中华人民共和国著作权法》…不适用著作权法: the portal's note, not the document
        if number and number == own_number:
            return
        key = number or _norm(title or "")
        if not key or key in seen:
            return
        seen.add(key)
        relation: Literal["implements", "cites"] = (
            "implements" if _IMPLEMENTS.search(text[max(0, start - 40) : start]) else "cites"
        )
        out.append(Citation(title, number, relation, Provenance(doc, start, end, rule, sentence)))

    abbreviations = {m.group(1).strip() for m in _OUTER.finditer(text) if _ABBREVIATION.search(text, 0, m.start())}
    for m in _OUTER.finditer(text):
        title = m.group(1).strip()
        if title in abbreviations:
            continue  # （以下简称《条例》） and every later 《条例》: the policy cited before it
        number = None
        after = _NUMBER_AFTER.match(text, m.end())
        if after:
            dn = DOC_NUMBER.search(after.group(1))
            if dn:
                number = normalise_doc_number(dn.group("code"), dn.group("year"), dn.group("no"))
        loose = _LOOSE_NUMBER_AFTER.match(text, m.end()) if number is None else None
        if loose:
            number = normalise_doc_number(loose.group("code"), loose.group("year"), loose.group("no"))
        decree = _DECREE_OR_STANDARD.match(text, m.end()) if number is None else None
        if decree:
            number = re.sub(r"\s+", "", decree.group(1))
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
    if a == b:
        return True
    place_a, place_b = _LEADING_PLACE.match(a), _LEADING_PLACE.match(b)
    if place_a and place_b and place_a.group(0) != place_b.group(0):
        return False  # 陕西省…若干财税措施的意见 cited by 西安市…若干财税措施的意见: another issuer's policy
    return SequenceMatcher(None, a, b).ratio() >= 0.9


def _norm(s: str) -> str:
    return re.sub(r"[\s《》<>〈〉“”\"]", "", s).replace("（", "(").replace("）", ")").replace("—", "-")


def _right_after_title(text: str, pos: int) -> bool:
    return bool(re.search(r"》\s*[（(]\s*$", text[max(0, pos - 6) : pos]))


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find("。", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()
