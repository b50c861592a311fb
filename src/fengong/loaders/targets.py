"""Quantitative targets (量化目标) read out of one paragraph of a cleaned document.

A target is a number with a measure word (个, 家, 项, 人次, 亿元, %, 个百分点 …)
that the text commits to: 高新技术企业数量达到750家, 建立3-5个科技支行,
每月报送至少2条信息. Numbers that only name or describe things are left out:
years and dates, ordinals (第二批), numbering, document numbers, slogans in
quotation marks (“四个面向”), counts inside names (千人计划), members of a set
(是…之一, 与9个中心), past results (已建成, 成效：…) and a bare 一 (= "a").

Each clause (split on ，、；。 and 其中) yields its own target; its comparator
comes from the words around the number (以上, 不低于, 突破, 左右, 以内 …), its
deadline from a 到2025年 / 2025年前 / "2022年，" phrase earlier in the
paragraph (up to the next numbered item), else from the plan's end year.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from fengong.ontology.model import Comparator, Provenance, Target

__all__ = ["extract_targets"]

# --------------------------------------------------------------------------- text for scanning

_SCAN_TABLE = str.maketrans("０１２３４５６７８９％．－～－／", "0123456789%.-~-/")
"""Full-width forms folded one-for-one, so offsets of the scan copy equal the source's."""

_OCR_DIGITS = re.compile(r"(?<![A-Za-z0-9])[1-9Il][0-9OIl]*[O0][0-9OIl]*(?![A-Za-z])")
"""A digit run misread with letters (IOO → 100): starts like 1, holds an O/0, no other letters."""

_OCR_TABLE = str.maketrans("OIl", "011")

# --------------------------------------------------------------------------- quantities

_CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CN_DIGIT = re.compile("[一二两三四五六七八九十]")
_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = f"[{_CN_NUMERAL_CHARS}]+"
_NUM = f"(?:{_AR}|{_CN})"
_SP = r"[ \u3000\xa0]{0,2}"
_BASE_UNITS = (
    "元|人次|人|亩|吨|户次|户|家次|家|个工作日|个月|个|项|件|台|套|辆|株|头|只|册|张|份|工作日|平方米|平方公里|千瓦"
    "|公顷|小时|分钟"
)
_UNIT = (
    r"(?:个百分点|百分点|%|‰"
    rf"|(?:千万|百万|万|亿)?(?:{_BASE_UNITS})"
    r"|公里|千米|米|倍|场|次|篇|条|期|名|所|座|位|支|种|部|款|处|年)"
)
_PER_MEASURE = "平方米|立方米|平方公里|千瓦时|亩|吨|人|户|件"
_QUANTITY = re.compile(
    rf"百分之{_SP}(?P<pnum>{_NUM})"
    rf"|(?P<den>{_CN})分之(?P<fnum>{_CN})"
    rf"|(?P<num>{_NUM}){_SP}(?:[-—–~至到]{_SP}(?P<num2>{_NUM}){_SP})?"
    rf"(?P<more>[余多])?(?P<unit>{_UNIT})"
    rf"(?:{_SP}/{_SP}(?P<per_n>\d{{0,2}}){_SP}(?P<per>月|季度|年|周|天)|{_SP}/{_SP}(?P<per_measure>{_PER_MEASURE}))?"
)
"""百分之N, a fraction (三分之一), or a number, a range, and a measure word, per period (个/年) or per measure (元/平方米)."""

_UNIT_AS_WORD = re.compile(
    "人民|人员|个人|个性|个别|项目|条例|条件|期间|期限|部门|部署|部分|名单|名称|名录|家庭|家族|所属|所在"
    "|所有|场景|场所|场地|次全会|处理|处置|支持|支撑|支付|种类|种植|种子|位一|台账|台帐|年度|年级|年代|年轻"
    "|元素|件事|款项|倍增|位置|座谈|套餐|个小时|个季度|个年度|个星期|米粮|米面"
)
"""A measure word that is really the first character of a word (三部门, 五位一体, 十四五期间)."""

_MULTIPLIERS = {"千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8}

# --------------------------------------------------------------------------- clause structure

_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:、\t\n]|[（(]?其中|<[^<>\n]{0,40}>")
_ITEM_START = re.compile(
    r"(?:^|[。；;！？\s>])\s*(?:\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）])"
)
"""The start of a numbered item: a deadline phrase does not reach past it."""

_DEADLINE = re.compile(
    r"(?:到|至|截至|截止到?)\s*(?P<y1>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)"
    r"|(?P<y2>(?:19|20)\d{2})\s*年\s*(?:年底前|底前|底|末|前|以前)"
    r"|(?P<y4>(?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*(?:底前|底|末|前|以前)"
    r"|(?<![\d\-—~至到])(?P<y3>(?:19|20)\d{2})\s*年\s*[，,]"
)

# --------------------------------------------------------------------------- comparators

_AFTER_UNIT = re.compile(rf"{_SP}(?P<word>及以上|以上|左右|以内|以下|之内|内(?![容部外涵地]))")
_AFTER_WORDS: dict[str, Comparator] = {
    "及以上": ">=",
    "以上": ">=",
    "左右": "~",
    "以内": "<=",
    "以下": "<=",
    "之内": "<=",
    "内": "<=",  # 14个工作日内: a time limit
}
_BEFORE_WORDS: tuple[tuple[str, Comparator], ...] = (
    ("不少于", ">="),
    ("不低于", ">="),
    ("不小于", ">="),
    ("达到", ">="),
    ("至少", ">="),
    ("达", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("控制在", "<="),
    ("突破", ">"),
    ("超过", ">"),
    ("高于", ">"),
    ("多于", ">"),
    ("大于", ">"),
    ("超", ">"),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("大约", "~"),
    ("约", "~"),
    ("近", "~"),
    ("前", "<="),
)
"""Words that govern the number when they stand right before it (突破40%, not 突破关键技术100项)."""

_FILLER_TAIL = re.compile(r"(?:累计|总计|合计|共计|总数|总量|分别|力争|均|再|共|总|为)+$")
"""Words that may stand between a comparator and its number (累计突破, 达到…共)."""
_CLAUSE_WIDE_GE = re.compile(r"确保|至少")
"""确保 / 至少 bind the whole clause: 确保全市拥有平台100个, 至少召开1次."""

_PERIOD = re.compile(r"每(?P<n>[两二三四六半]?)(?P<p>个?月|季度|季|年|周|旬|天|日)")
_PERIOD_NAMES = {"个月": "月", "季": "季度", "日": "天"}
_PERIOD_COUNTS = {"两": "2", "二": "2", "三": "3", "四": "4", "六": "6", "半": "半"}

# --------------------------------------------------------------------------- what is not a target

_SANCTION = re.compile(r"罚款|罚金|处以|没收|吊销|拘留")
"""Words of a sanction: the figures of its clause are its range (处以1万元以上5万元以下罚款)."""
_CONDITION_END = re.compile(r"的\s*$")
"""A clause ending in 的 before its comma states a condition (…超速50%以上的，…): Chinese rules' "where"."""
_RESPECTIVELY = re.compile(r"(?P<names>[^，,。；;：:\s\d]{2,60}?)(?P<word>分别)")
"""A list of names before 分别 (研发投入强度、高企数量分别…); its quantities follow in the same sentence."""
_NAME_SPLIT = re.compile(r"[、和及与]")
_LIST_STOP = re.compile(r"[，,。；;！？!?\n]")
_RESPECTIVE_VERB = re.compile(r"分别(?:提高到|提升至|提升到|增长到|增长|下降到|下降|降低到|达到|达|为|不低于|不少于|超过|突破|控制在)?")
_INSTRUMENT_PREFIX = re.compile(r"给予")
_INSTRUMENT_NOUN = re.compile(r"的?(?:奖励|补助|补贴|资助|奖补)")
_THRESHOLD_AFTER = re.compile(
    r"(?:及以上|以上|以下|以内)?(?:[和或及至到~\-—－][\d.]+[万亿千百]?[^\s的，,。；;、]{0,3}?(?:及以上|以上|以下)?)?的"
)
"""A quantity that qualifies the noun after it (…以上的项目), as an eligibility threshold does."""
_THRESHOLD_MEASURE = re.compile(
    r"(?:投资|投入|注册资本|营业收入|主营业务收入|营收|产值|销售收入|销售额|规模|面积|资产|纳税|年产|用地)"
    r"(?:总额|额|总量|量)?(?:达到|达|超过|在)?$"
)
"""The measure a threshold is stated in: 总投资, 新增固定资产投入达到, 注册资本."""
_SHARED_THRESHOLD = re.compile(
    _THRESHOLD_MEASURE.pattern.removesuffix("$")
    + r"[\d.]+[万亿千百]?[^\s\d的，,。；;]{0,3}?(?:及以上|以上|以下)?的[^\d，,。；;]{1,20}[和及与、]$"
)
"""投资5亿元以上的A项目和10亿元以上的B项目: the second threshold shares the first one's measure."""
_OTHER_QUANTITIES = re.compile(r"(?:[\d.]+[万亿千百]?[^\s\d的，,。；;、]{0,3}?(?:及以上|以上|以下)?[和或及、])+$")
_BENCHMARK = re.compile(
    r"(?P<word>不低于|不少于|高于|超过|达到|赶上)(?:全国|全省|全区|全市|全州|同类城市|同类地区)(?:的)?(?:平均水平|平均值|均值)"
)
"""不低于全国平均水平: a checkable commitment without a number."""
_DOUBLING = re.compile(r"翻(?P<n>[一两二三四1-4])番")
"""翻一番 / 翻两番: growth to 2ⁿ times the base."""
_BENCHMARK_WORDS: dict[str, Comparator] = {
    "不低于": ">=",
    "不少于": ">=",
    "达到": ">=",
    "赶上": ">=",
    "高于": ">",
    "超过": ">",
}
_PREPOSITION_TAIL = re.compile(r"(?:与|同|跟|对|向|从|将|把|针对|围绕|就|列入|纳入|属于|包括)(?:全国|全省|全区|全市)?$")
"""与9个中心, 将14个设区市: the number counts a set the sentence acts on, not a goal."""
_PAST_MARKERS = re.compile(r"已|(?<![为除])了(?!解)|目前|去年|上年|同期|同比|征集到")
"""已建成9家, 同比增长20%: a report of what is, not a commitment."""
_STOCK_MARKERS = re.compile(r"现有|共有")
_GROWTH_WORDS = re.compile(r"新增|新建|增加|增至|提高到|提升到|基础上|再")
"""现有…56家 is a stock; 在现有基础上新增5家 is still a goal."""
_STRUCTURE_NOUNS = re.compile(r"(?:个|大|项)?(?:方面|层面|环节|维度|阶段|步骤|原则|板块|部分)")
"""从以下5个方面: the plan's own outline, not a goal."""
_COMPARATOR_FALSE_FRIENDS = {"达": "下传表发送到抵通转雷", "约": "节制签预集契公婚"}
"""下达2000万元 and 节约300吨 do not bound the number."""
_QUOTE_OPEN = "“「『《"
_QUOTE_CLOSE = "”」』》"
_QUOTE_REACH = 40
_CELL_REACH = 1000
_CELL_LABEL = re.compile(
    r"(?P<done>成效|进展情况|完成情况|工作进展)|(?P<plan>预期成果|预期目标|目标任务|主要措施|工作目标)"
)
_YEAR_UNIT_ALLOWED = frozenset({">=", ">", "<=", "<"})

_INDICATOR_HEAD = re.compile(
    r"^(?:(?:到|至|截至|截止到?)?\s*(?:19|20)\d{2}\s*年(?:底前|底|末|前)?\s*[，,]?|力争|确保|争取|全年|年内|其中|共|[（(])+"
)
_INDICATOR_TAIL = re.compile(
    r"(?:不少于|不低于|不小于|达到|至少|不超过|不高于|控制在|突破|超过|高于|大于|多于|低于|少于|约|近|达|超"
    r"|累计|总计|合计|共计|分别|力争|均|共|为|前)+$"
)
_AFTER_TRIM = re.compile(r"^(?:及以上|以上|左右|以内|以下|之内|[余多的)）])+")
_SHORT_CLAUSE_WORDS = re.compile(r"共|计|合计|总计|累计|达到|达|[、\s]")
_SPACES = re.compile(r"[ \u3000\xa0]+")
_TIME_LIMIT_UNITS = ("个工作日", "工作日", "小时", "分钟", "个月")
"""Units of a time limit: 14个工作日内 commits to a limit; a bare 20个工作日 is no target."""
_REPEATED_PERCENT = re.compile(r"(?<=\d)%(?=\s?[-—–~至]\s?\d+(?:\.\d+)?%)")


@dataclass(frozen=True, slots=True)
class _Quantity:
    """One number-with-measure-word found in the scan copy."""

    start: int
    end: int  # end of the unit (and of an inline /月 period)
    value: float
    value_max: float | None
    unit: str
    more: bool  # 100余家 / 100多家
    plain_numeral: bool = False  # 两个, 三项: a small count written in words, no 万/亿


# --------------------------------------------------------------------------- public


def extract_targets(text: str, *, doc: str, offset: int = 0, default_deadline: int | None = None) -> list[Target]:
    """Every quantitative commitment in one paragraph (or table row), in text order.

    `offset` is where `text` starts in the document, so provenance spans are
    document-relative; `default_deadline` is the plan's end year, used when no
    到YYYY年 phrase governs a clause. `Target.task` is left for the caller.
    """
    scan = _scan_copy(text)
    quantities = [q for q in (_quantity(m) for m in _QUANTITY.finditer(scan)) if q is not None]
    benchmarks = list(_BENCHMARK.finditer(scan))
    doublings = list(_DOUBLING.finditer(scan))
    if not quantities and not benchmarks and not doublings:
        return []
    paragraph = _Paragraph(text, scan, doc, offset, default_deadline)
    shares = _respective_names(scan, quantities)
    targets: list[Target] = []
    for index, quantity in enumerate(quantities):
        clause = paragraph.clause(quantity.start, quantity.end)
        next_start = quantities[index + 1].start if index + 1 < len(quantities) else len(scan)
        if next_start < clause[1] and "的" in scan[quantity.end : next_start]:
            continue  # 年研发投入超500万元的企业达100家: the first number only qualifies the noun
        target = _quantity_target(paragraph, quantity, clause)
        if target is not None and index in shares:
            target = _one_of_respective(paragraph, quantity, target, *shares[index])
        if target is not None and not (target.unit in _TIME_LIMIT_UNITS and target.comparator == "="):
            targets.append(target)  # 在20个工作日内办结 is a procedure; 压缩至15个工作日以内 a target
    targets.extend(_benchmark_target(paragraph, match) for match in benchmarks)
    targets.extend(_doubling_target(paragraph, match) for match in doublings)
    targets.sort(key=lambda t: t.provenance.start)
    return targets


class _Paragraph:
    """One paragraph with its clause breaks, deadline phrases and item starts, found once."""

    def __init__(self, text: str, scan: str, doc: str, offset: int, default_deadline: int | None) -> None:
        self.text = text
        self.scan = scan
        self.doc = doc
        self.offset = offset
        self.default_deadline = default_deadline
        spans = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(scan)]
        self.break_starts = [s for s, _ in spans]
        self.break_ends = [e for _, e in spans]
        found = [(m.start(), next(int(y) for y in m.groups() if y)) for m in _DEADLINE.finditer(scan)]
        self.deadline_at = [at for at, _ in found]
        self.deadline_year = [year for _, year in found]
        self.item_starts = [m.start() for m in _ITEM_START.finditer(scan)]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """From the break before `start` to the break after `end` (clauses split on ，、；。 其中)."""
        before = bisect_right(self.break_ends, start) - 1
        after = bisect_left(self.break_starts, end)
        clause_start = self.break_ends[before] if before >= 0 else 0
        clause_end = self.break_starts[after] if after < len(self.break_starts) else len(self.scan)
        return clause_start, clause_end

    def previous_clause_start(self, clause_start: int) -> int:
        """Start of the clause before the one that starts at `clause_start`."""
        before = bisect_right(self.break_ends, clause_start - 1) - 1
        return self.break_ends[before] if before >= 0 else 0

    def deadline(self, position: int) -> int | None:
        """The year of the last 到YYYY年 phrase before `position` within the same numbered item."""
        index = bisect_left(self.deadline_at, position) - 1
        if index < 0:
            return self.default_deadline
        item = bisect_left(self.item_starts, position) - 1
        if item >= 0 and self.item_starts[item] > self.deadline_at[index]:
            return self.default_deadline
        return self.deadline_year[index]

    def provenance(self, start: int, end: int, rule: str) -> tuple[str, Provenance]:
        """The trimmed span and its document-relative provenance."""
        span, start, end = _trimmed(self.text, start, end)
        return span, Provenance(self.doc, self.offset + start, self.offset + end, rule=rule, text=span)


# --------------------------------------------------------------------------- scanning


def _scan_copy(text: str) -> str:
    """The paragraph with full-width digits folded and OCR digit runs repaired, same length."""
    scan = text.translate(_SCAN_TABLE)
    if "%" in scan:  # 10%—15%: one range, the first % only repeats the unit
        scan = _REPEATED_PERCENT.sub(" ", scan)
    if "O" in scan:
        scan = _OCR_DIGITS.sub(lambda m: m.group().translate(_OCR_TABLE), scan)
    return scan


@lru_cache(maxsize=4096)
def _cn_value(numeral: str) -> float | None:
    """中文数字 → number (五千 → 5000, 两 → 2); None for runs that are no number (十四五)."""
    try:
        return float(cn2an.cn2an(numeral.replace("两", "二").replace("〇", "零"), "normal"))
    except (ValueError, KeyError, TypeError):
        return None


def _number(raw: str) -> tuple[float | None, str]:
    """A printed number and the multiplier (万/亿) it carries into the unit."""
    if raw[0].isdigit():
        return float(raw.replace(",", "")), ""
    if raw in ("一", "二") or not _CN_DIGIT.search(raw):
        # 一 reads as "a" (一批), 二次/二类 as "secondary" (a count says 两); 千人计划 is a name
        return None, ""
    multiplier = ""
    if len(raw) > 1 and raw[-1] in "万亿" and _CN_DIGIT.search(raw[:-1]):
        raw, multiplier = raw[:-1], raw[-1]
    return _cn_value(raw), multiplier


def _quantity(match: re.Match[str]) -> _Quantity | None:
    if match.group("pnum") is not None:
        value, multiplier = _number(match.group("pnum"))
        if value is None or multiplier:
            return None
        return _Quantity(match.start(), match.end(), value, None, "%", False)
    if match.group("den") is not None:  # 三分之一: a share, kept as a ratio
        den, num = _cn_value(match.group("den")), _cn_value(match.group("fnum"))
        if not den or num is None or num > den:
            return None
        return _Quantity(match.start(), match.end(), round(num / den, 6), None, "ratio", False)
    value, multiplier = _number(match.group("num"))
    if value is None:
        return None
    value_max = None
    if match.group("num2") is not None:
        value_max, multiplier_max = _number(match.group("num2"))
        if value_max is None or multiplier_max != multiplier or value_max <= value:
            return None
    unit = multiplier + match.group("unit")
    if match.group("per"):
        unit += "/" + (match.group("per_n") or "") + match.group("per")
    elif match.group("per_measure"):
        unit += "/" + match.group("per_measure")  # 20元/平方米
    plain = not match.group("num")[0].isdigit() and not multiplier and value < 10
    more = match.group("more") is not None
    return _Quantity(match.start(), match.end(), value, value_max, unit, more, plain)


# --------------------------------------------------------------------------- clauses


def _quantity_target(paragraph: _Paragraph, quantity: _Quantity, clause: tuple[int, int]) -> Target | None:
    scan = paragraph.scan
    clause_start, clause_end = clause
    prefix = _SPACES.sub("", scan[clause_start : quantity.start])
    noun_after = _AFTER_TRIM.sub("", _SPACES.sub("", scan[quantity.end : clause_end]))
    if not _is_commitment(scan, quantity, prefix, clause_end):
        return None
    if _SANCTION.search(scan, clause_start, clause_end):
        return None  # 处以2万元以上10万元以下罚款: a sanction's range, not a commitment
    if _CONDITION_END.search(scan, quantity.end, clause_end):
        return None  # 中断缴费3个月内参加居民医保的，…: the condition of a rule ("where …"), not a commitment
    if _INSTRUMENT_PREFIX.search(prefix) or _INSTRUMENT_NOUN.match(noun_after):
        return None  # 给予最高50%的奖励, 30%的补贴: the size of a grant, not a target (按投入的2%给予补助 is a rate)
    if _THRESHOLD_AFTER.match(scan, quantity.end) and (
        _THRESHOLD_MEASURE.search(_OTHER_QUANTITIES.sub("", prefix)) or _SHARED_THRESHOLD.search(prefix)
    ):
        return None  # 对总投资1亿元以上的项目: a measure of what qualifies (an eligibility threshold), not a target
    if len(noun_after) >= 2 and prefix.endswith(noun_after):
        return None  # A清单、B清单、C清单三张清单: the number sums up a list
    if _STRUCTURE_NOUNS.match(noun_after):
        return None
    after_word = _AFTER_UNIT.match(scan, quantity.end)
    word = after_word.group("word") if after_word else None
    if word == "内" and quantity.unit not in _TIME_LIMIT_UNITS:
        word = None  # 三年内翻一番: a span of years, not a time limit
    comparator = _comparator(prefix, quantity, word)
    if quantity.plain_numeral and comparator == "=" and len(noun_after) >= 2:
        return None  # 统筹两个市场: small counts in words are set phrases; plans print targets in digits
    if comparator == ">" and len(noun_after) >= 2 and _FILLER_TAIL.sub("", prefix).endswith("突破"):
        comparator = "="  # 突破5项关键技术: 突破 is the verb on the noun, not a bound
    is_years = quantity.unit == "年" or (quantity.unit.endswith("年") and "/" not in quantity.unit)
    if is_years and (comparator not in _YEAR_UNIT_ALLOWED or quantity.value >= 100):
        return None  # 2023年, 建设周期3年: a date or a duration, not a commitment
    unit = _with_period(prefix, quantity.unit)
    span_start = clause_start
    if len(noun_after) < 2 and len(_SHORT_CLAUSE_WORDS.sub("", prefix)) < 2:
        span_start = paragraph.previous_clause_start(clause_start)  # 共两场 takes in the clause before
    span, provenance = paragraph.provenance(span_start, clause_end, "targets.quantity")
    base_value, base_unit = _base(quantity.value, unit)
    return Target(
        text=span,
        indicator=_indicator(paragraph.text, clause, quantity) or span,
        value=quantity.value,
        value_max=quantity.value_max,
        unit=unit,
        comparator=comparator,
        deadline=paragraph.deadline(quantity.start),
        provenance=provenance,
        base_value=base_value,
        base_unit=base_unit,
    )


def _respective_names(scan: str, quantities: list[_Quantity]) -> dict[int, tuple[str, int]]:
    """A、B分别达到30%、50%: each quantity of the list after 分别 with the name it belongs to (and where the
    names' verb starts), when names and quantities are as many."""
    out: dict[int, tuple[str, int]] = {}
    for m in _RESPECTIVELY.finditer(scan):
        names = [n for n in _NAME_SPLIT.split(m.group("names")) if n]
        stop = _LIST_STOP.search(scan, m.end())
        listed = [i for i, q in enumerate(quantities) if m.end() <= q.start < (stop.start() if stop else len(scan))]
        if len(names) >= 2 and len(names) == len(listed):
            out.update({i: (name, m.start("word")) for i, name in zip(listed, names, strict=True)})
    return out


def _one_of_respective(paragraph: _Paragraph, quantity: _Quantity, target: Target, name: str, verb_at: int) -> Target:
    """The target of one name of a respective list: its own indicator, and a text that reads on its own."""
    after = _AFTER_UNIT.match(paragraph.scan, quantity.end)
    end = after.end() if after else quantity.end
    verb = _RESPECTIVE_VERB.match(paragraph.text, verb_at)
    said = verb.group(0).removeprefix("分别") if verb else ""
    bound = next((c for word, c in _BEFORE_WORDS if said.endswith(word)), None) if said else None
    if bound is not None and target.comparator == "=":
        target.comparator = bound  # 分别达到30%、50%: the verb binds every value of the list
    target.indicator = name
    target.text = f"{name}{said}{paragraph.text[quantity.start : end]}"
    return target


def _benchmark_target(paragraph: _Paragraph, match: re.Match[str]) -> Target:
    """不低于全国平均水平: the bound is a benchmark, so the value stays empty."""
    clause_start, clause_end = paragraph.clause(match.start(), match.end())
    span, provenance = paragraph.provenance(clause_start, clause_end, "targets.benchmark")
    indicator = _INDICATOR_HEAD.sub("", _SPACES.sub("", paragraph.text[clause_start : match.start()]))
    return Target(
        text=span,
        indicator=indicator or span,
        value=None,
        value_max=None,
        unit=None,
        comparator=_BENCHMARK_WORDS[match.group("word")],
        deadline=paragraph.deadline(match.start()),
        provenance=provenance,
    )


def _doubling_target(paragraph: _Paragraph, match: re.Match[str]) -> Target:
    """基金规模五年内翻一番: the indicator grows to 2ⁿ times its base (value in 倍)."""
    clause_start, _ = paragraph.clause(match.start(), match.end())
    span, provenance = paragraph.provenance(clause_start, match.end(), "targets.doubling")
    indicator = _INDICATOR_HEAD.sub("", _SPACES.sub("", paragraph.text[clause_start : match.start()]))
    times = 2.0 ** (_cn_value(match.group("n")) or int(match.group("n")))
    return Target(
        text=span,
        indicator=re.sub(r"[一二三四五六七八九十两\d]+年(?:内|间)?$", "", indicator) or span,
        value=times,
        value_max=None,
        unit="倍",
        comparator=">=",
        deadline=paragraph.deadline(match.start()),
        provenance=provenance,
        base_value=times,
        base_unit="ratio",
    )


def _is_commitment(scan: str, quantity: _Quantity, prefix: str, clause_end: int) -> bool:
    """False for numbers that name, count members of a set, or report the past."""
    start, end = quantity.start, quantity.end
    before = scan[start - 1] if start else ""
    if before and (before in "第届每" or (before.isascii() and (before.isalnum() or before in "@#+/_.-"))):
        return False
    if _UNIT_AS_WORD.match(scan, end - 1) or _UNIT_AS_WORD.match(scan, end):
        return False
    following = scan[end : end + 1]
    if following and following in _CN_NUMERAL_CHARS and scan[start] in _CN_NUMERAL_CHARS:
        return False  # 五位一体, 三个一
    if _PREPOSITION_TAIL.search(prefix) or _PAST_MARKERS.search(prefix):
        return False
    if _STOCK_MARKERS.search(prefix) and not _GROWTH_WORDS.search(prefix):
        return False
    if "之一" in scan[end:clause_end]:
        return False
    return not _in_quotes(scan, start, end) and not _in_report_cell(scan, start)


def _in_quotes(scan: str, start: int, end: int) -> bool:
    """Inside “…” or 《…》: a slogan, a programme or a title (“四个面向”, 《三年行动方案》)."""
    left = scan[max(0, start - _QUOTE_REACH) : start]
    opened = max(left.rfind(c) for c in _QUOTE_OPEN)
    if opened < 0 or max(left.rfind(c) for c in _QUOTE_CLOSE) > opened:
        return False
    right = scan[end : end + _QUOTE_REACH]
    closes = [i for i in (right.find(c) for c in _QUOTE_CLOSE) if i >= 0]
    opens = [i for i in (right.find(c) for c in _QUOTE_OPEN) if i >= 0]
    return bool(closes) and (not opens or min(closes) < min(opens))


def _in_report_cell(scan: str, start: int) -> bool:
    """Inside a 成效/进展情况 part of a table cell: what was done, not what is promised."""
    cell_start = max(scan.rfind("\t", 0, start), scan.rfind("\n", 0, start), start - _CELL_REACH) + 1
    label = None
    for m in _CELL_LABEL.finditer(scan, cell_start, start):
        label = m
    return label is not None and label.group("done") is not None


def _comparator(prefix: str, quantity: _Quantity, after_word: str | None) -> Comparator:
    if quantity.value_max is not None:
        return "range"
    if after_word is not None:
        return _AFTER_WORDS[after_word]
    tail = _FILLER_TAIL.sub("", prefix)
    for word, comparator in _BEFORE_WORDS:
        if not tail.endswith(word):
            continue
        previous = tail[-len(word) - 1 : -len(word)]
        if previous and previous in _COMPARATOR_FALSE_FRIENDS.get(word, ""):
            continue
        if word == "前" and quantity.unit not in ("名", "位"):
            continue  # 前3季度 is a time, 前10位 a rank
        if word == "近" and quantity.unit.endswith("年"):
            continue  # 近3年 means "the last three years"
        return comparator
    if quantity.more:
        return ">"
    if _CLAUSE_WIDE_GE.search(prefix):
        return ">="
    return "="


def _with_period(prefix: str, unit: str) -> str:
    """每月报送至少2条 → 条/月; an inline /2月 is already part of the unit."""
    if "/" in unit:
        return unit
    periods = _PERIOD.findall(prefix)
    if not periods:
        return unit
    count, name = periods[-1]
    name = _PERIOD_NAMES.get(name, name)
    return f"{unit}/{_PERIOD_COUNTS.get(count, '')}{name}"


def _trimmed(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The span without surrounding blanks and an unbalanced closing bracket."""
    while start < end and text[start] in " \u3000\xa0\t":
        start += 1
    while end > start and text[end - 1] in " \u3000\xa0\t":
        end -= 1
    span = text[start:end]
    while span and span[-1] in ")）" and span.count(span[-1]) > span.count("(" if span[-1] == ")" else "（"):
        end -= 1
        span = text[start:end]
    return span, start, end


def _indicator(text: str, clause: tuple[int, int], quantity: _Quantity) -> str:
    """The noun phrase the number measures: 高新技术企业数量 / 新建 + 广西创新型县区."""
    before = _INDICATOR_HEAD.sub("", _SPACES.sub("", text[clause[0] : quantity.start]))
    after = _AFTER_TRIM.sub("", _SPACES.sub("", text[quantity.end : clause[1]]))
    if len(after) >= 2:
        verb = _FILLER_TAIL.sub("", before)
        return (verb if len(verb) <= 4 else "") + after
    return _INDICATOR_TAIL.sub("", before)


def _base(value: float, unit: str) -> tuple[float | None, str | None]:
    """The value in base units: 100亿元 → 1e10 元, 40% → 0.4 ratio, counts unchanged."""
    if unit == "%":
        return round(value / 100, 12), "ratio"
    if unit == "‰":
        return round(value / 1000, 12), "ratio"
    if unit == "ratio":
        return value, "ratio"
    if "/" in unit:
        return value, unit
    for prefix, factor in _MULTIPLIERS.items():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return value * factor, unit[len(prefix) :]
    return value, unit
