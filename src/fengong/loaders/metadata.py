"""Plan metadata from the document's head: title, 文号, issuers, date, period.

The head of an official document (GB/T 9704) is: issuer line or red-head
(``X文件``), 文号, the notice title ``关于印发《…》的通知``, the addressees, the
notice text, the signature (issuers and date), then the plan's own title and
body. Web copies lose some of this; their page header (publication date,
source) was set aside by the cleaning stage and is consulted last.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from fengong.loaders.clean import CleanText
from fengong.loaders.outline import Outline, chinese_number
from fengong.loaders.places import find_places
from fengong.loaders.vocabulary import endings, one_of

_DOC_TYPES = "方案|计划|意见|通知|办法|规划|要点|细则|决定|清单|措施|纲要|规定|条例|安排|通告|公告|指引|指南|报告|分工表|任务表|台账|一览表"
_TITLE_END = re.compile(rf"(?:{_DOC_TYPES})(?:\s*[（(][^（）()]*[)）])?$")
_TITLE_IN_OPENING = re.compile(
    rf"^(.{{4,60}}?(?:{_DOC_TYPES})(?:\s*[（(]\d{{4}}\s*[-—–－~至]\s*\d{{4}}年?[)）])?)(?=为|根据|按照|依据|为了)"
)
_NOTICE = re.compile(r"^(.*?)关于印发[《<〈](.+)[》>〉]\s*的?通知$")
DOC_NUMBER = re.compile(
    r"(?P<code>[\u4e00-\u9fff]{1,12}?)\s*[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］】)）]\s*(?P<no>\d{1,4})\s*号"
)
_DATE_CN = re.compile(
    r"^\s*((?:19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*(印发|发布)?\s*$"
)
_DATE_WEB = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_RED_HEAD = re.compile(r"^\s*(.+?)\s*文件\s*$")
_ORG_END = re.compile(f"(?:{one_of(endings('issuer'))})$")
"""How an issuing body's name ends (``data/unit_endings.tsv``, use ``issuer``)."""
_TITLE_ORG = re.compile(r"^(.{2,30}?(?:办公室|办公厅|委员会|人民政府|厅|局|委|部|办))(?=关于|\d{4}年|[（(]?20\d\d)")
_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-—–－~至到]\s*((?:19|20)\d{2})\s*年")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_FIVE_YEAR_PLAN = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:时期|期间|规划|发展)?")
_STATED_SPAN = re.compile(
    r"(?:从|自)?((?:19|20)\d{2})\s*年(?:起|开始)[，,]?\s*(?:用|利用|经过|通过)?\s*([一二三四五六七八九十两])\s*年(?:时间|左右)"
)
_GOAL_YEAR = re.compile(
    r"(?:到|至|截至|截止到?)\s*((?:19|20)\d{2})\s*年"
    r"|((?:19|20)\d{2})\s*年\s*(?:\d{1,2}\s*月\s*)?(?:底|末)?\s*(?:前|以前|之前)"
    r"|((?:19|20)\d{2})\s*年\s*(?:底|末)"
)
"""A year the plan commits to reach something by: 到2025年, 2024年6月底前, 2023年底."""
_VISION = re.compile(r"展望|远景")
_PORTAL_FIELD = re.compile(
    r"^[【\[［]?[\s\u3000]*(标[\s\u3000]*题|索[\s\u3000]*引[\s\u3000]*号|发[\s\u3000]*文[\s\u3000]*字[\s\u3000]*号|文[\s\u3000]*号|发布机构|发文机关|发布单位|发文单位|"
    r"成文日期|发文日期|印发日期|发布日期|发布时间)[\s\u3000]*[】\]］]?[\s\u3000]*[:：]?[\s\u3000]*(.*)$"
)
_NUMBER_FIELDS = ("文号", "发文字号")
_ISSUER_FIELDS = ("发文机关", "发布机构", "发文单位", "发布单位")
_DATE_FIELDS = ("成文日期", "发文日期", "印发日期", "发布日期", "发布时间")  # the date of signing first
_DATE_UNDER_TITLE = re.compile(
    r"\s*[（(]\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^（）()]{0,30}[)）]"
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]*")
_NOT_A_TITLE_END = ("。", "；", ";", "，", ",", "：", ":", "！", "？")
_ATTACHMENT_LABEL = re.compile(r"^\s*附\s*件\s*[:：]?")
_YEAR_LED = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]\s*)?((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_FILE_TITLE = re.compile(r"[《<](.+?)\.(?:docx?|pdf|wps|txt)[》>]")
_NUMBER_AFTER_TITLE = re.compile(r"[\s\u3000]*[（(][\s\u3000]*([^（）()]{2,30}?号)[\s\u3000]*[)）][\s\u3000]*$")
"""A 文号 in brackets at the end of a title line, as web copies print it: …实施意见(池政〔2017〕101号)."""


@dataclass(slots=True)
class PlanHead:
    """What the head of the document says about the plan."""

    title: str | None
    title_span: tuple[int, int] | None
    doc_number: str | None
    issuers: list[str]
    date: str | None
    period: tuple[int, int] | None


def normalise_doc_number(code: str, year: str, number: str) -> str:
    """GB/T 9704 form: issuer code + 〔year〕 + number + 号, without spaces."""
    issuer_code = re.sub(r"\s", "", code)
    return f"{issuer_code}〔{year}〕{int(number)}号"


def read_head(clean: CleanText, outline: Outline) -> PlanHead:
    """Plan metadata from the paragraphs before the first numbered item."""
    text = clean.text
    lines = [(s, e, text[s:e].strip()) for s, e in outline.preamble]
    fields = _portal_fields([t for _s, _e, t in lines] + clean.removed("clean.boilerplate"))
    title, title_span = _title(text, lines, clean)
    if title is None and "标题" in fields:
        title = fields["标题"]
    doc_number = _doc_number(lines)
    issuers = _issuers(lines, title)
    date = _date(lines, clean, title_span)
    closing_issuers, closing_date = _closing_signature(text)
    if closing_date and not _has_signature(lines):
        issuers = closing_issuers or issuers
        date = closing_date
    issuers = issuers or _split_orgs([fields[k] for k in _ISSUER_FIELDS if k in fields][:1])
    date = date or next((_iso_of(fields[k]) for k in _DATE_FIELDS if k in fields and _iso_of(fields[k])), None)
    date = date or _web_date(clean)
    period = _period(title or "", text, lines, outline, int(date[:4]) if date else None)
    return PlanHead(title, title_span, doc_number, issuers, date, period)


def _title(text: str, lines: list[tuple[int, int, str]], clean: CleanText) -> tuple[str | None, tuple[int, int] | None]:
    lines = [_title_line(s, e, t) for s, e, t in lines]
    candidates = [i for i, (_s, _e, t) in enumerate(lines) if _is_title_like(t)]
    standalone = [i for i in candidates if not _NOTICE.match(_squash(lines[i][2]))]
    if standalone:
        return _over_two_lines(lines, standalone[-1])
    for i in candidates:
        s, e, t = lines[i]
        m = _NOTICE.match(_squash(t))
        if m:
            inner = m.group(2)
            return inner, (s + t.find(inner[:4]) if inner[:4] in t else s, e)
    for s, _e, t in lines[:3]:
        m = _TITLE_IN_OPENING.match(t)
        if m:
            return _squash(m.group(1)), (s, s + m.end(1))
    for removed in clean.removed("clean.boilerplate"):
        m = _FILE_TITLE.search(removed)
        if m:
            return m.group(1), None
    return None, None


def _title_line(start: int, end: int, line: str) -> tuple[int, int, str]:
    """A head line as a title candidate: without a Markdown heading mark before it or a 文号 in brackets after it."""
    mark = _MARKDOWN_HEADING.match(line)
    skip = mark.end() if mark else 0
    keep = _without_number(line)
    return start + skip, end - len(line) + keep, line[skip:keep]


def _over_two_lines(lines: list[tuple[int, int, str]], i: int) -> tuple[str, tuple[int, int]]:
    """The title at line ``i``, with the line above it when that line is the title's first half.

    GB/T 9704 titles read issuer + 关于 + matter + kind; printed over two lines, the first is the issuers
    (山西省医疗保障局 山西省财政厅 / 关于做好…的通知) or the opening of the matter (关于贯彻《…》 / 推进…的实施方案).
    """
    s, e, t = lines[i]
    title = _squash(t)
    if i == 0:
        return title, (s, e)
    ps, _pe, above = lines[i - 1]
    above = above.strip()
    if title.startswith("关于") and _is_org_line(above):
        return above + title, (ps, e)
    head = _squash(above)
    if head.startswith("关于") and len(head) <= 40 and not _is_title_like(head) and not head.endswith(_NOT_A_TITLE_END):
        return head + title, (ps, e)
    return title, (s, e)


def _without_number(line: str) -> int:
    """Where a title line ends once a 文号 in brackets after it is set aside."""
    m = _NUMBER_AFTER_TITLE.search(line)
    return m.start() if m and DOC_NUMBER.fullmatch(m.group(1).strip()) else len(line)


def _is_title_like(line: str) -> bool:
    squashed = _squash(line)
    return 6 <= len(squashed) <= 90 and not squashed.endswith(("。", "：", ":")) and bool(_TITLE_END.search(squashed))


def _squash(s: str) -> str:
    """Drop the spaces a line-wrapped title picked up between Chinese characters."""
    return re.sub(r"(?<=[^\sA-Za-z0-9])[\s\u3000]+(?=[^\sA-Za-z0-9])", "", s.strip())


def _doc_number(lines: list[tuple[int, int, str]]) -> str | None:
    """The plan's 文号: a line of its own (GB/T 9704), after a portal label, or in brackets after the title.

    A 文号 inside a sentence or after a 《cited title》 belongs to another document.
    """
    for _s, _e, t in lines:
        line = t.strip()
        field = _PORTAL_FIELD.match(line)
        if field and re.sub(r"[\s\u3000]", "", field.group(1)) in _NUMBER_FIELDS:
            line = field.group(2)
        after_title = _NUMBER_AFTER_TITLE.search(line)
        if after_title and _is_title_like(line[: after_title.start()]):
            line = after_title.group(1)
        m = DOC_NUMBER.search(line)
        if m and len(line) - (m.end() - m.start()) <= 4:
            return normalise_doc_number(m.group("code"), m.group("year"), m.group("no"))
    return None


def _issuers(lines: list[tuple[int, int, str]], title: str | None) -> list[str]:
    # 1. the signature block: organisation lines right before a date line (not an 印发 date)
    for i, (_s, _e, t) in enumerate(lines):
        m = _DATE_CN.match(t)
        if m and not m.group(4):
            block: list[str] = []
            j = i - 1
            while j >= 0 and _is_org_line(lines[j][2]):
                block.insert(0, lines[j][2])
                j -= 1
            if block:
                return _split_orgs(block)
    # 2. a red-head "X文件", or a header line of organisation names
    for _s, _e, t in lines[:4]:
        m = _RED_HEAD.match(t)
        if m and _ORG_END.search(m.group(1)):
            return [m.group(1)]
    if lines and all(_ORG_END.search(p) for p in lines[0][2].split()) and len(lines[0][2].split()) > 1:
        return lines[0][2].split()
    # 3. the notice title "X关于印发…", or a title opening with its issuer
    for _s, _e, t in lines:
        m = _NOTICE.match(_squash(t))
        if m and m.group(1) and _ORG_END.search(m.group(1)):
            return [m.group(1)]
    if title:
        m = _TITLE_ORG.match(title)
        if m:
            return [m.group(1)]
    return []


def _has_signature(lines: list[tuple[int, int, str]]) -> bool:
    """A dated signature (not an 印发 line) in the document head."""
    for _s, _e, t in lines:
        m = _DATE_CN.match(t)
        if m and not m.group(4):
            return True
    return False


def _closing_signature(text: str) -> tuple[list[str], str | None]:
    """The 落款 at the end of a document: issuer lines, then the date."""
    lines = [line.strip() for line in text[-600:].split("\n") if line.strip()][-8:]
    for i in range(len(lines) - 1, -1, -1):
        m = _DATE_CN.match(lines[i])
        if m and not m.group(4):
            block: list[str] = []
            j = i - 1
            while j >= 0 and _is_org_line(lines[j]):
                block.insert(0, lines[j])
                j -= 1
            return _split_orgs(block), _iso(m.group(1), m.group(2), m.group(3))
    return [], None


def _is_org_line(line: str) -> bool:
    parts = line.split()
    return bool(parts) and len(line) <= 60 and all(_ORG_END.search(p) for p in parts) and "，" not in line


def _split_orgs(block: list[str]) -> list[str]:
    out: list[str] = []
    for line in block:
        for part in (name for run in line.split() for name in _run_apart(run)):
            if part not in out:
                out.append(part)
    return out


def _run_apart(run: str) -> list[str]:
    """Issuers printed with no space between them (黄浦区发展和改革委员会黄浦区教育局), one by one.

    Cut only where each piece opens with a place name and the piece before ends as an organisation does:
    国家税务总局山西省税务局 is one bureau, not two.
    """
    starts = [i for i, _end, _area in find_places(run, any_county=True)]
    if not starts or starts[0] != 0:
        return [run]
    cuts = [0] + [i for i in starts[1:] if _ORG_END.search(run[:i])] + [len(run)]
    return [run[a:b] for a, b in itertools.pairwise(cuts) if run[a:b]]


def _date(lines: list[tuple[int, int, str]], clean: CleanText, title_span: tuple[int, int] | None) -> str | None:
    printed = None
    for _s, _e, t in lines:
        m = _DATE_CN.match(t)
        if m:
            iso = _iso(m.group(1), m.group(2), m.group(3))
            if not m.group(4):
                return iso
            printed = printed or iso
    if printed:
        return printed
    if title_span is not None:  # （2021年3月5日）or（2021年3月5日市政府常务会议审议通过）under the title
        m = _DATE_UNDER_TITLE.match(clean.text, title_span[1])
        if m:
            return _iso(m.group(1), m.group(2), m.group(3))
    return None


def _web_date(clean: CleanText) -> str | None:
    """The publication date of the web page the document was copied from: the last resort."""
    for removed in clean.removed("clean.boilerplate.header"):
        m = _DATE_WEB.search(removed)
        if m:
            return _iso(m.group(1), m.group(2), m.group(3))
    return None


def _portal_fields(lines: list[str]) -> dict[str, str]:
    """Labelled metadata of a portal page or a front-matter block (索引号 / 发布机构 / 成文日期 / 文号 …); one
    label vocabulary, also where a labelled 文号 line is read."""
    fields: dict[str, str] = {}
    for line in lines:
        for raw in line.split("\n"):
            m = _PORTAL_FIELD.match(raw.strip())
            if m and m.group(2).strip():
                fields.setdefault(re.sub(r"[\s\u3000]", "", m.group(1)), m.group(2).strip())
    return fields


def _iso_of(value: str) -> str | None:
    m = _DATE_WEB.search(value)
    return _iso(m.group(1), m.group(2), m.group(3)) if m else None


def _iso(year: str, month: str, day: str) -> str:
    def num(s: str) -> int:
        if s.isdigit():
            return int(s)
        if len(s) == 4:  # 二〇二一, 二○二一 (a circle for the zero), 二零二一
            return int("".join(str("〇一二三四五六七八九".index(c)) if c in "〇一二三四五六七八九" else "0" for c in s))
        return chinese_number(s)

    return f"{num(year):04d}-{num(month):02d}-{num(day):02d}"


def _period(
    title: str, text: str, lines: list[tuple[int, int, str]], outline: Outline, issued: int | None
) -> tuple[int, int] | None:
    """The years the plan covers, as its text states them; ``None`` where it is silent.

    In order: a range or a year in the title; a range in the opening; a five-year-plan name in the title (十四五);
    N years counted from a stated year (从2023年起，用三年时间); the goal years of the body (到2025年, 2024年底前),
    from the year of issue (or the first of them) to the last; one year that every year-led heading and attachment
    names (2019年…工作). The year of issue alone is never a period: an open-ended opinion has none.
    """
    m = _RANGE.search(title)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _YEAR.search(title)
    if m:
        return int(m.group(1)), int(m.group(1))
    opening = " ".join(t for _s, _e, t in lines if len(t) > 40)[:600]
    m = _RANGE.search(opening)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _FIVE_YEAR_PLAN.search(title)
    if m:
        first = 1966 + 5 * (10 + chinese_number(m.group(1)) - 3)  # the 3rd plan began in 1966, after a 3-year gap
        return first, first + 4
    body = text[outline.preamble[0][0] if outline.preamble else 0 :]
    m = _STATED_SPAN.search(body)
    if m:
        return int(m.group(1)), int(m.group(1)) + chinese_number(m.group(2)) - 1
    goals = [
        int(next(filter(None, g.groups())))
        for g in _GOAL_YEAR.finditer(body)
        if not _VISION.search(body, max(0, g.start() - 6), g.start())
    ]
    if goals:
        return min(goals + ([issued] if issued else [])), max(goals)
    years = {int(y) for node in outline.nodes() for y in _YEAR_LED.findall(node.title)}
    years |= {
        int(y) for s, e in outline.attachment_list for y in _YEAR_LED.findall(_ATTACHMENT_LABEL.sub("", text[s:e]))
    }
    if len(years) == 1:
        (year,) = years
        return year, year
    return None
