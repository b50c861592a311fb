"""Policy mechanisms (政策机制 / 制度工具) named in plan text.

Two sources of mentions:

- scheme labels: every prefLabel/altLabel of the SKOS scheme in
  ontology/mechanisms.ttl (揭榜挂帅 → 揭榜制), matched longest-first by one
  compiled trie regex, ignoring quotes and full-width forms;
- pattern rules: the noun phrase Chinese policy text uses to name an instrument
  not (yet) in the scheme — a head word such as 机制/制度/试点/计划/工程 after a
  verb such as 建立/完善/推行 or in quotes — kept as a candidate whose id comes from its wording
  (:func:`candidate_id`).

A concept of the scheme is known by its slug, the last segment of its IRI under mech:
(``open-call-for-solutions`` for 揭榜制), so the id stays when labels change.

Adding a concept or a label to the .ttl is enough to have it matched.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fengong.errors import FengongError
from fengong.loaders.vocabulary import one_of
from fengong.ontology import MECHANISM_NS, MECHANISM_SCHEME, MECHANISMS_IRI
from fengong.ontology.ids import stable_id
from fengong.ontology.model import MechanismMention, Provenance

DEFAULT_SCHEME_PATH = MECHANISM_SCHEME
SCHEME_IRI = MECHANISMS_IRI
"""The IRI of the scheme of instruments (fg:mechanisms); the file holds other schemes beside it."""
SKOS = "http://www.w3.org/2004/02/skos/core#"

RULE_SCHEME = "mechanism.scheme_label"
RULE_PATTERN = "mechanism.pattern"
RULE_SLOGAN = "mechanism.slogan"

# Full-width ASCII → half-width, ideographic space → space: length-preserving, so
# offsets in the folded text are offsets in the original.
_WIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_QUOTES = "“”\"'‘’「」『』"
_QUOTE_RE = re.compile(f"[{_QUOTES}]")


def fold(text: str) -> str:
    """Fold full-width characters to half-width without changing the length."""
    return text.translate(_WIDTH_FOLD)


def normalise_label(label: str) -> str:
    """The form labels are compared in: NFKC, no quotes, no spaces."""
    return _QUOTE_RE.sub("", unicodedata.normalize("NFKC", label)).replace(" ", "").replace("\u3000", "")


# ---------------------------------------------------------------- the scheme


@dataclass(frozen=True, slots=True)
class Concept:
    """One instrument of the scheme (skos:Concept) with its labels."""

    iri: str
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    definition: str | None = None

    @property
    def id(self) -> str:
        """The slug under mech: (``horse-race``); a concept of another namespace is known by its IRI."""
        return self.iri.removeprefix(MECHANISM_NS) if self.iri.startswith(MECHANISM_NS) else self.iri


def candidate_id(label: str) -> str:
    """A candidate's id: from its wording as normalised (quotes and widths folded), the same in every run."""
    return stable_id("mc", normalise_label(label))


@dataclass(slots=True)
class MechanismScheme:
    """The SKOS scheme loaded once, with one compiled matcher over all its labels."""

    concepts: dict[str, Concept]
    label_index: dict[str, str] = field(default_factory=dict)  # normalised label → concept iri
    matcher: re.Pattern[str] | None = None

    @classmethod
    def from_concepts(cls, concepts: Iterable[Concept]) -> MechanismScheme:
        """Index labels (first concept wins a shared label) and compile the trie matcher."""
        by_iri = {c.iri: c for c in concepts}
        index: dict[str, str] = {}
        for concept in by_iri.values():
            for label in (concept.pref_label, *concept.alt_labels):
                key = normalise_label(label)
                if len(key) >= 2:
                    index.setdefault(key, concept.iri)
        return cls(by_iri, index, _trie_regex(index) if index else None)

    @classmethod
    def from_turtle(cls, path: str | Path) -> MechanismScheme:
        """Parse a SKOS Turtle file; top concepts (families) are not matched."""
        from rdflib import Graph, Literal, Namespace, URIRef  # deferred: only needed once

        skos = Namespace(SKOS)
        graph = Graph()
        try:
            graph.parse(str(path), format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise FengongError(f"cannot read the mechanism scheme {path}: {exc}") from exc

        families = set(graph.subjects(skos.topConceptOf, None)) | set(graph.objects(None, skos.hasTopConcept))
        # Concepts of the file's other schemes (the instrument types 供给型/需求型/环境型) are no instruments.
        own = URIRef(SCHEME_IRI)
        elsewhere = {c for c in graph.subjects(skos.inScheme, None) if (c, skos.inScheme, own) not in graph}
        elsewhere |= set(graph.subjects(None, skos.ConceptScheme))

        def zh(values: Iterable[object]) -> list[str]:
            return sorted(str(v) for v in values if isinstance(v, Literal) and (v.language or "zh") == "zh")

        concepts = []
        for subject in sorted(set(graph.subjects(skos.prefLabel, None)), key=str):
            if not isinstance(subject, URIRef) or subject in families or subject in elsewhere:
                continue
            prefs = zh(graph.objects(subject, skos.prefLabel))
            if not prefs:
                continue
            definitions = zh(graph.objects(subject, skos.definition))
            concepts.append(
                Concept(
                    iri=str(subject),
                    pref_label=prefs[0],
                    alt_labels=tuple(zh(graph.objects(subject, skos.altLabel))),
                    broader=tuple(sorted(str(b) for b in graph.objects(subject, skos.broader))),
                    definition=definitions[0] if definitions else None,
                )
            )
        return cls.from_concepts(concepts)

    def concept_of(self, surface: str) -> Concept | None:
        """The concept a surface form names, if the scheme has it."""
        iri = self.label_index.get(normalise_label(surface))
        return self.concepts[iri] if iri else None


def _trie_regex(labels: Iterable[str]) -> re.Pattern[str]:
    """One regex whose alternation is a character trie: longest label wins at each position."""
    trie: dict[str, dict] = {}
    for label in labels:
        node = trie
        for char in label:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
        return body

    return re.compile(render(trie))


@functools.lru_cache(maxsize=8)
def load_scheme(path: str | Path = DEFAULT_SCHEME_PATH) -> MechanismScheme:
    """Load (once per path) the scheme from a Turtle file."""
    return MechanismScheme.from_turtle(Path(path).resolve())


# ---------------------------------------------------------------- scheme label matches


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # relative to the text passed in
    end: int
    concept: str
    name: str
    rule: str
    candidate: bool = False


def _scheme_span(match: re.Match[str], scheme: MechanismScheme, start: int, end: int) -> _Span:
    concept = scheme.concepts[scheme.label_index[match.group()]]
    return _Span(start, end, concept.id, concept.pref_label, RULE_SCHEME)


# A label whose last character begins a longer word with the next one is not the label:
# 科技贷 in 科技贷款, 技术合同登记 in 登记额.
_WORD_GOES_ON = ("贷款", "记额", "券商", "制造", "制定")


def _scheme_spans(folded: str, scheme: MechanismScheme) -> list[_Span]:
    """Scheme labels in the text, quotes ignored; spans in the text's own offsets."""
    return [s for s in _raw_scheme_spans(folded, scheme) if folded[s.end - 1 : s.end + 1] not in _WORD_GOES_ON]


def _raw_scheme_spans(folded: str, scheme: MechanismScheme) -> list[_Span]:
    if scheme.matcher is None:
        return []
    quote_positions = [m.start() for m in _QUOTE_RE.finditer(folded)]
    if not quote_positions:
        return [_scheme_span(m, scheme, m.start(), m.end()) for m in scheme.matcher.finditer(folded)]
    # The k-th quote sits before stripped index (position - k): bisect maps back in O(log n).
    stripped_at = [pos - k for k, pos in enumerate(quote_positions)]
    stripped = _QUOTE_RE.sub("", folded)
    spans = []
    for match in scheme.matcher.finditer(stripped):
        start = match.start() + bisect_right(stripped_at, match.start())
        last = match.end() - 1
        end = last + bisect_right(stripped_at, last) + 1
        opened = folded.count("“", start, end) - folded.count("”", start, end)
        if opened > 0 and folded.startswith("”", end):
            end += 1  # keep a quoted name whole: 科技“三评” not 科技“三评
        elif opened < 0 and start > 0 and folded[start - 1] == "“":
            start -= 1  # “飞地”引才 not 飞地”引才
        spans.append(_scheme_span(match, scheme, start, end))
    return spans


# ---------------------------------------------------------------- pattern rules


def _words(listing: str) -> tuple[str, ...]:
    """A word list written as whitespace-separated Chinese words."""
    return tuple(listing.split())


# Head words that make a noun phrase name an instrument. Strong heads stand on their
# own; weak heads (计划, 工程, 政策 …) also need a lead verb (实施X计划) or quotes;
# 体系 needs quotes ("100+N"体系), as unquoted it mostly describes a goal.
_WEAK_HEADS = frozenset(("计划", "工程", "行动", "专项", "清单", "政策", "办法", "改革", "培育库", "后备库"))
_QUOTED_ONLY_HEADS = frozenset(("体系",))
_HEAD_RE = re.compile(
    r"(?:(?:机制|制度)改革(?:试点)?|改革试点|试点(?:城市|县|区|园区|单位|企业)?"
    r"|机制|制度|模式|改革|计划|工程|行动|专项|清单|政策|办法|体系|培育库|后备库"
    r"|(?<![体机编建法控限管抑强专研规节复绘录印自压克遏宜改税学币统创定转])制"
    r"(?![度定造品约订作裁衡备剂药冷图式成胜止宜服高点]))"
)
# Words after a head that show it sits inside a longer noun (科技计划管理, 改革任务).
_NOUN_CONTINUATIONS = _words(
    """
    管理 项目 资金 经费 任务 事项 攻坚 举措 措施 成果 体系 框架 设计 安排 文件
    领域 单位 类 表 书 库 中心 平台 基地 人员 经验 方案 实施方案 要求 目标
    内容 情况 进展 执行 编制 申报 验收 评审 专家 资助 支持 机构 创新 发展 开放
    优势 红利 主体 环境 建设工程 办 委 领导 信息 新闻 落实 攻坚 精神 部署 动员
    行动 计划 工程 保障 常态化
    """
)
_STEM_CHARS = r"\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9+·、()“”\"‘’「」"
_WINDOW = 48
_STEM_TAIL_RE = re.compile(f"[{_STEM_CHARS}]{{1,{_WINDOW}}}$")
_MAX_STEM = 26

_LEAD_VERBS = _words(
    """
    建立健全 健全完善 建立完善 探索建立 研究制定 研究出台 加快建立 深入推进 建立
    健全 完善 推行 实施 实行 探索 开展 落实 推进 构建 深化 推广 执行 启动 设立
    制定 出台 优化 强化 加强 用好 打造 形成 推动 发挥 支持 鼓励 引导 组织 做好
    抓好 争取 申报 承担 参与 纳入 列入 入选 对接 提升 运用 利用 培育 创建 试行
    部署 采取 采用 完成 牵头 负责 建设 研究 启用 搞活 配合 共建 设置 开辟 改革
    启动实施 组织实施
    """
)
_LEAD_FILLERS = _words(
    """
    进一步 加快 一批 相关 有关 各类 各项 一系列 若干 全面 大力 积极 着力 持续
    不断 逐步 切实 努力 深入 认真 扎实 继续 同时 其中 以及 并且 依托 通过 按照
    根据 围绕 结合 和 与 及 并 的 在 对 把 将 从 由 等 为 是 好 全市 全区
    全省 全县 我市 我区 我省 本市 各地 、 ” ’ )
    一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 首先 其次 再次 最后
    """
)
_INNOVATE_AS_VERB = r"创新(?![型链能功驱发主平资人体券联成项中生活力])"
# A clause, not a name: the stem holds a predicate or preposition (各部门要抓改革, 向…报送).
_CLAUSE_MARKER_RE = re.compile(
    r"(?<![面导定双方走转流去意倾纵横])向|(?<![应面针相核绝])对(?![接外口])|要(?![素求])|抓(?!手)|把|将|作为|"
    r"列入|纳入|每月|定期|关于|主要在|甚至|(?<![所可])以(?![奖上下及])|一些|一部分"
)
_NUMBERING_RE = re.compile(r"\(?[一二三四五六七八九十\d]{1,3}[)、.]")
_LEAD_TOKEN_RE = re.compile(
    r"(?:\d{4}年(?:底|内|前)?|到\d{4}年|\d+(?:\.\d+)?(?:个|项|家|名|批|所|支)(?:以上|左右)?|"
    + one_of(_LEAD_VERBS + _LEAD_FILLERS)
    + "|"
    + _INNOVATE_AS_VERB
    + ")"
)
_VERB_RE = re.compile(one_of(_LEAD_VERBS))
# Verbs after which the rest of a clause is the instrument's name (…，建立X机制 → X机制).
_INNER_VERBS = _words(
    """
    建立健全 建立完善 建立 健全 完善 推行 实施 实行 探索 开展 落实 推进 构建 深化 推广
    设立 制定 出台 优化 强化 加强 用好 打造 试行 采取 采用 执行 启动 搞活 推动 纳入 列入
    """
)
_INNER_VERB_RE = re.compile(one_of(_INNER_VERBS))
# Words that name no particular instrument. A stem made of them alone, or of them and
# at most one domain word, is generic: 工作机制, 长效机制, 科研管理制度, 科技体制改革.
_EMPTY_WORDS = _words(
    """
    工作 体制 机制 长效 协调 领导 管理 保障 激励 竞争 考核 评价 监督 监管 运行
    联动 协同 合作 沟通 议事 决策 责任 推进 服务 政策 支持 扶持 配套 优惠 相关
    各项 这些 该 本 动态 调整 常态化 督查 督导 调度 通报 报告 信息 报送 制度
    法律 法规 规章 内部 组织 实施 配合 联系 联络 统筹 分工 目标 任务 考评 绩效
    评估 反馈 跟踪 奖惩 体系 改革 试点 示范 发展 建设 重大 重点 专项 国家
    自治区 省 市 县 区 州 乡 镇 村 级 全 新 好 各 多元 多元化 社会 化 有效
    治理 现代 规划 计划 年度 科学 政府 部门 单位 机构 其他 其它 系列 以 为 的
    和 与 及 等 、 加大 加强 完善 健全 建立 激发 活力 综合 整体 有关 文件
    措施 举措 行动 方案 办法 细则 支撑 引领 驱动 交流 投融资 固定 长期 领域
    主体 培育 引进 机制化 一体化 规范化 高效 普惠性 普惠 有利 更加 进一步 一批
    若干 一 二 三 四 五 六 七 八 九 十 大 小 强 中 高 质量 水平 能力 环境
    生态 工程 项目 具体
    """
)
_DOMAIN_WORDS = _words(
    """
    科技创新 科技 创新 科研 人才 技术 产业 企业 市场 财政 金融 经费 资金 研发 成果 转化
    转移 人员 队伍 平台 载体 基础 研究 应用 开放 共享 投资 融资 标准 安全 经济
    知识产权 创业 孵化 高校 院所 科研院所 人力资源 农业 工业 服务业 数字 信息化
    科普 监督
    """
)
_WORD_RE = re.compile(one_of(set(_EMPTY_WORDS) | set(_DOMAIN_WORDS)))
_DOMAIN_SET = frozenset(_DOMAIN_WORDS)
_GENERIC_TAIL_HEADS = frozenset(("机制", "模式"))
_GENERIC_TAIL = re.compile(f"(?:{one_of(_words('长效 工作 管理 治理 运营 宣传 服务 保障 激励 约束 创新 运行'))})$")
"""What a 机制 or 模式 is called when the plan names a quality rather than an instrument (X长效机制, Y管理模式)."""
_CONJUNCTION_RE = re.compile("[、和与及]")
_ITEM_END_RE = re.compile(r"[^\u4e00-\u9fff]|[、和与及等]")
_TITLE_RE = re.compile(r"《[^《》]{0,80}》")
_HAS_QUOTE_RE = re.compile(f"[{_QUOTES}]")


def _trim_lead(stem: str) -> int:
    """How many leading characters are verbs, adverbs, determiners or numbering."""
    cut = 0
    while cut < len(stem):
        match = _NUMBERING_RE.match(stem, cut) if cut == 0 else None
        match = match or _LEAD_TOKEN_RE.match(stem, cut)
        if match is None or match.end() == cut:
            break
        cut = match.end()
    return cut


_SLOGAN_ITEM = "(?:(?![的等和与及])[\u4e00-\u9fff]){2,6}"
_SLOGAN_BEFORE_DE_RE = re.compile(f"(?:“[^“”]{{2,24}}”|(?:{_SLOGAN_ITEM}、)+{_SLOGAN_ITEM})$")
"""What may name the instrument before its 的: a quoted slogan (“四位一体”的联动机制) or a parallel one
(区自查、市抽查的监管模式)."""


def _inner_cut(stem: str) -> int:
    """Offset after the last lead verb or 的 inside the stem that still leaves a name behind it;
    a slogan before the 的 stays in the name, and verbs inside quotes are part of it."""
    quoted = [m.span() for m in re.finditer("“[^“”]*”", stem)]
    cut = 0
    for match in _INNER_VERB_RE.finditer(stem):
        if len(stem) - match.end() >= 2 and not any(s < match.start() < e for s, e in quoted):
            cut = match.end()
    de = stem.rfind("的")
    if de >= cut and len(stem) - de - 1 >= 2:
        after = stem[de + 1 :]
        named_after = "“" in after or "、" in after or "等" in after  # the name follows the 的
        slogan = None if named_after else _SLOGAN_BEFORE_DE_RE.search(stem, cut, de)
        cut = slogan.start() if slogan and len(stem) - slogan.start() <= _MAX_STEM else de + 1
    return cut


def is_generic(stem: str) -> bool:
    """True when the words before the head name no instrument (工作, 体制, 长效, 科研管理 …)."""
    bare = _QUOTE_RE.sub("", stem)
    if len(bare) < 2 or bare.endswith("体制"):
        return True  # 体制改革, 体制机制: the system as a whole, not an instrument
    last = _CONJUNCTION_RE.split(bare)[-1]
    if last != bare and len(last) <= 3 and is_generic(last):
        return True  # 新产品、新(模式), 原创性研究和重大(工程): the last conjunct carries the head
    pos, domain = 0, 0
    while pos < len(bare):
        match = _WORD_RE.match(bare, pos)
        if match is None:
            return False
        domain += match.group() in _DOMAIN_SET
        pos = match.end()
    return domain <= 1


def _pattern_spans(folded: str, blocked: list[tuple[int, int]]) -> Iterator[_Span]:
    """Instrument noun phrases ending in a head word; ``blocked`` spans (titles) are skipped."""
    last_end = 0  # a phrase never reaches back over the previous phrase or list item
    for head in _HEAD_RE.finditer(folded):
        h_start, h_end = head.span()
        if folded.startswith(_NOUN_CONTINUATIONS, h_end):
            continue
        window_start = max(last_end, h_start - _WINDOW)
        reached_back = window_start > last_end  # the window, not a boundary, limits the stem
        if h_end == len(folded) or _ITEM_END_RE.match(folded, h_end):
            last_end = h_end  # A清单、B清单: the next item starts here whatever becomes of this one
        tail = _STEM_TAIL_RE.search(folded, window_start, h_start)
        if tail is None:
            continue
        start = tail.start()
        stem = folded[start:h_start]
        led = _trim_lead(stem)
        heading = _NUMBERING_RE.match(stem) is not None
        verb_led = _VERB_RE.search(stem, 0, led) is not None
        inner = _inner_cut(stem[led:])
        if inner:
            verb_led = verb_led or _VERB_RE.search(stem, led, led + inner) is not None
            led += inner
            led += _trim_lead(stem[led:])
        elif reached_back and start == window_start:
            continue  # no clause boundary and no verb in reach: not a name
        start += led
        stem = folded[start:h_start]
        if stem.endswith("的") or len(stem) > _MAX_STEM or _CLAUSE_MARKER_RE.search(stem):
            continue  # X的政策: the head word alone is the noun; a long stem is a clause
        if _unbalanced(stem) or is_generic(stem):
            continue
        quoted = _HAS_QUOTE_RE.search(stem) is not None
        quote_at_head = _HAS_QUOTE_RE.search(stem, len(stem) - 3) is not None  # “X”专项工程, not “X”活动清单
        word = head.group()
        if word in _GENERIC_TAIL_HEADS and _GENERIC_TAIL.search(stem) and not quoted:
            continue  # 燃气安全长效机制, 线下服务模式: a quality of any scheme, not a named instrument
        if any(b_start <= start < b_end for b_start, b_end in blocked):
            continue
        if word in _QUOTED_ONLY_HEADS and not quoted:
            continue
        if word in _WEAK_HEADS and (heading or not (quote_at_head or verb_led)):
            continue  # (三)实施X工程 titles a work stream of the plan itself
        end = h_end + 1 if stem.count("“") > stem.count("”") and folded.startswith("”", h_end) else h_end
        # a 的 left in the stem follows a slogan (“四位一体”的联动机制): the name is without it
        label = normalise_label(_family_label(folded[start:end])).replace("的", "", 1)
        last_end = end
        yield _Span(start, end, candidate_id(label), label, RULE_PATTERN, candidate=True)


_PLUS_FAMILY_RE = re.compile(r"^“([\u4e00-\u9fff]{1,8})\+[^“”+]{1,12}”")


def _family_label(label: str) -> str:
    """“光伏+校园”专项工程 and “光伏+园区”专项工程 are one programme of the plan, 光伏+专项工程."""
    return _PLUS_FAMILY_RE.sub(r"\1+", label, count=1)


_PRACTICE_VERBS = _words("实行 推行 实施")
_SLOGAN_WORD = "“?(?:(?![的等])[\u4e00-\u9fff]){4,6}”?"
_SLOGAN_RE = re.compile(f"(?:{one_of(_PRACTICE_VERBS)})((?:{_SLOGAN_WORD}、){{1,3}}{_SLOGAN_WORD})(?=[,;。，；])")
"""A parallel slogan put into practice (实行统一招标、整体运营; 推行人车对应、固定配送范围): two to four
phrases of four to six characters, the whole clause after the verb, is how plans name a working method."""


def _slogan_spans(folded: str) -> Iterator[_Span]:
    for match in _SLOGAN_RE.finditer(folded):
        start, end = match.span(1)
        label = normalise_label(match.group(1))
        yield _Span(start, end, candidate_id(label), label, RULE_SLOGAN, candidate=True)


def _overlaps(spans: list[_Span], ends: list[int], span: _Span) -> bool:
    """Whether ``span`` overlaps one of ``spans`` (sorted and disjoint, ``ends`` theirs): a bisection, not a scan."""
    first = bisect_right(ends, span.start)
    return first < len(spans) and spans[first].start < span.end


def _unbalanced(stem: str) -> bool:
    return stem.count("(") != stem.count(")") or stem.count("“") < stem.count("”")


# ---------------------------------------------------------------- public interface


def find_mechanisms(
    text: str, *, doc: str, offset: int = 0, scheme: MechanismScheme | str | Path | None = None
) -> list[MechanismMention]:
    """Mechanisms named in ``text`` (a paragraph or task body starting at ``offset`` in ``doc``).

    ``scheme`` is a loaded MechanismScheme or the path of another Turtle scheme;
    by default the project's ontology/mechanisms.ttl.
    """
    if not isinstance(scheme, MechanismScheme):
        scheme = load_scheme(scheme or DEFAULT_SCHEME_PATH)
    folded = fold(text)
    spans = _scheme_spans(folded, scheme)
    titles = [m.span() for m in _TITLE_RE.finditer(folded)]
    found: list[_Span] = list(spans)
    scheme_ends = [s.end for s in spans]  # scheme spans are sorted and disjoint
    phrases = list(_pattern_spans(folded, titles))  # sorted and disjoint, as the scheme's spans
    phrase_ends = [p.end for p in phrases]
    phrases += [s for s in _slogan_spans(folded) if not _overlaps(phrases, phrase_ends, s)]
    for span in phrases:
        if _overlaps(spans, scheme_ends, span):
            continue  # a phrase around a known label (扩大经费"包干制"试点, "揭榜挂帅"攻关机制) names that label
        known = scheme.concept_of(span.name)
        if known is not None:
            span = _Span(span.start, span.end, known.id, known.pref_label, span.rule)
        found.append(span)
    found.sort(key=lambda s: s.start)
    return [
        MechanismMention(
            concept=s.concept,
            candidate=s.candidate,
            name=s.name,
            surface=text[s.start : s.end],
            provenance=Provenance(doc, offset + s.start, offset + s.end, s.rule, text[s.start : s.end]),
        )
        for s in found
    ]


def group_mechanisms(mentions: list[MechanismMention]) -> list[tuple[str, str, list[MechanismMention]]]:
    """One (concept, name, mentions) per concept, in first-seen order."""
    groups: dict[str, tuple[str, str, list[MechanismMention]]] = {}
    for mention in mentions:
        if mention.concept not in groups:
            groups[mention.concept] = (mention.concept, mention.name, [])
        groups[mention.concept][2].append(mention)
    return list(groups.values())
