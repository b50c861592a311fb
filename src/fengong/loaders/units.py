"""Responsible units (责任单位): one canonical unit per mention, scoped by the plan's area.

市财政局 in a 柳州 plan is 柳州市财政局, in a 广元 plan 广元市财政局: the level word
(省/自治区/市/州/盟/县/区/旗) is replaced by the area of that level, the short form
by the full department name from ``data/unit_aliases.tsv``. Collectives (各部门,
有关县区人民政府) are scoped to the area too; internal divisions (科室) of a bureau
that issues the plan become sub-units of that bureau, their abbreviations
(规配科) expanded from the full names the document itself prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fengong.data import UNIT_ALIASES
from fengong.errors import FengongError
from fengong.loaders import places
from fengong.loaders.vocabulary import AREA_LEVELS, collective_pattern, endings, kind_of, one_of, post_words
from fengong.ontology.ids import stable_id
from fengong.ontology.model import Jurisdiction, Unit

ALIAS_TABLE = UNIT_ALIASES

LEVEL_WORDS = ("自治区", "自治州", "省", "市", "州", "盟", "县", "区", "旗")
_NOT_LEVEL = ("区域", "市场", "县域", "市民", "区块", "州府")
"""Words that begin with a level character without being one (区域创新处 is not 区 + 域创新处)."""


def starts_with_level_word(text: str) -> bool:
    """True for 市财政局, 区直部门; false for 区域创新处, 市场监管局."""
    return text.startswith(LEVEL_WORDS) and not text.startswith(_NOT_LEVEL)


_LEVEL_CODES = {"p": "province", "c": "city", "k": "county"}
_LEVEL_RANK = {"national": -1, "province": 0, "city": 1, "county": 2}
_PLACE = "{X}"

_BRACKETS = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "［": "[", "］": "]", "【": "[", "】": "]"})
_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[等。，,；;：:、.\s]+$")
_LEAGUE = re.compile(r"^(?:共青团|团)(.*?)(?:委员会|委)$")
_AREA_COLLECTIVE = re.compile(rf"^(?:{collective_pattern('area')}){AREA_LEVELS}+(?:\([^()]*\))?$")
"""各街镇, 各乡镇, 有关县区, 各街镇(园区): the local governments of every area of a level, as one collective."""
_COLLECTIVE_HEAD = re.compile(f"^(?:{collective_pattern('head')})")
_COLLECTIVE_TAIL = re.compile(f"(?:{collective_pattern('tail')})$")
_COLLECTIVE_INNER = re.compile(collective_pattern("inner"))
_NUMBERED_GROUP = re.compile(r"^[一二三四五六七八九十两]+[科处室股]$")
_CITY_COLLECTIVE = re.compile(r"设区市|各市|市\(州\)")
_DIVISION_SUFFIX = ("科", "处", "室", "股")
_DIVISION_BEFORE_POST = re.compile(
    r"(?:^|(?<=[\s，,。；;：:、（(“]))([\u4e00-\u9fff]{2,14}?[科处室股])"
    rf"(?=副?(?:{one_of(post_words('division'))}))",
    re.MULTILINE,
)
_DIVISION_AFTER_LABEL = re.compile(
    r"(?:科室|处室|牵头单位|责任单位|配合单位)[：:]\s*([\u4e00-\u9fff]{2,14}?[科处室股])(?=[\s，,。；;、）)]|$)",
    re.MULTILINE,
)
_NOT_DIVISION_TAIL = ("实验室", "研究室", "工作室", "会议室", "阅览室", "展览室")
_NOT_DIVISION = re.compile(r"^(?:各|有关|相关|责任|牵头|合办|协办|配合|其他|科室|本|该|此|局属)|科室$|之处$|办公室$")
_BUREAU_SELF = re.compile(r"^(?:本局|局机关|局(?!属))(?=.)")
_BUREAU_MEMBERS = re.compile(r"科室|二层|局属|下属|直属单位|^机关")
_NATIONAL = re.compile(r"^(?:中共中央|中央|国务院|国家|全国|中国)")

UNIT_SUFFIXES = endings("name")
"""Endings that mark a phrase as the name of a body (``data/unit_endings.tsv``)."""
_SCOPED_KINDS = frozenset({"department", "leading_group", "party_organ", "government", "division"})


@dataclass(frozen=True, slots=True)
class Department:
    """One row of the alias table: a department's canonical name, kind, levels and name template."""

    canonical: str
    kind: str
    levels: frozenset[str]
    template: str


def unit_id(name: str) -> str:
    """Stable id of a canonical name written in full: equal names give equal ids in every document and run."""
    return stable_id("u", name)


def clean_mention(mention: str) -> str:
    """The mention as a key: brackets half-width, no spaces, no trailing 等 or punctuation."""
    text = _SPACE.sub("", mention.translate(_BRACKETS))
    return _TRAILING.sub("", text)


def parse_alias_table(text: str, source: str = "unit_aliases.tsv") -> dict[str, tuple[Department, ...]]:
    """Alias → departments (one per level set) from the TSV text; ``#`` lines are comments."""
    table: dict[str, list[Department]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [*line.rstrip("\r").split("\t"), "", "", "", ""]
        canonical, kind, level_codes, alias_text, template = (c.strip() for c in cols[:5])
        if not canonical or not kind:
            raise FengongError(f"{source} 第{number}行: 缺少规范名称或类型")
        levels = frozenset(_expand_levels(level_codes))
        if not levels:
            raise FengongError(f"{source} 第{number}行: 层级列无效: {level_codes!r}")
        dept = Department(canonical, kind, levels, template or "{J}{C}")
        aliases = [a for a in alias_text.split("|") if a]
        if kind != "party_organ":
            aliases.insert(0, canonical)
        for alias in dict.fromkeys(aliases):
            rows = table.setdefault(clean_mention(alias), [])
            clash = next((r for r in rows if r.levels & dept.levels), None)
            if clash is not None:
                raise FengongError(f"{source} 第{number}行: 简称“{alias}”已属于“{clash.canonical}”(同一层级)")
            rows.append(dept)
    return {k: tuple(v) for k, v in table.items()}


def _expand_levels(codes: str) -> list[str]:
    if codes.strip() == "*":
        return list(_LEVEL_CODES.values())
    return [_LEVEL_CODES[c] for c in codes.strip() if c in _LEVEL_CODES]


@cache
def alias_table() -> dict[str, tuple[Department, ...]]:
    """The curated table, read once."""
    try:
        text = ALIAS_TABLE.read_text(encoding="utf-8")
    except OSError as exc:
        raise FengongError(f"无法读取单位别名表 {ALIAS_TABLE}: {exc}") from exc
    return parse_alias_table(text, str(ALIAS_TABLE))


def name_forms(word: str) -> tuple[str, ...]:
    """The word and the full department names it is short for, as the extraction resolves them, with
    its level word kept: 市科技局 → 市科学技术局, 科技局 → 科学技术局, 自治区科技厅 → 自治区科学技术厅. A
    search for units by what people call them (a unit is stored under its full name, 柳州市科学技术局)
    matches any of these."""
    key = clean_mention(word)
    levels = [w for w in LEVEL_WORDS if starts_with_level_word(key) and key.startswith(w)]
    level = max(levels, key=len, default="")
    forms = [word, *(level + dept.canonical for dept in alias_table().get(key[len(level) :], ()))]
    return tuple(dict.fromkeys(f for f in forms if f))


def looks_like_unit(phrase: str) -> bool:
    """Cheap test: does the phrase end like the name of a body (局, 委员会, 成员单位, 各县(区) …)?"""
    text = clean_mention(phrase)
    if len(text) < 2:
        return False
    return (
        text.endswith(UNIT_SUFFIXES)
        or text in alias_table()
        or bool(_LEAGUE.match(text))
        or bool(_AREA_COLLECTIVE.match(text))
    )


def is_subsequence(short: str, full: str) -> bool:
    """Whether the characters of ``short`` appear in ``full`` in order (规配 in 发展规划与资源配置)."""
    it = iter(full)
    return all(ch in it for ch in short)


def is_division_name(name: str) -> bool:
    """Ends like an internal division (科, 处, 室, 股) and not like a laboratory (实验室)."""
    return name.endswith(_DIVISION_SUFFIX) and not name.endswith(_NOT_DIVISION_TAIL)


def division_names(text: str) -> list[str]:
    """Full names of internal divisions (科室) the document prints where a reader sees them as names:
    before a post (发展规划与资源配置科科长) or after a label (牵头科室：重大专项科).

    A candidate that merely ends with another candidate (办公室设在法规与监督诚信科) is a phrase, not a name.
    """
    found: dict[str, None] = {}
    for pattern in (_DIVISION_BEFORE_POST, _DIVISION_AFTER_LABEL):
        for m in pattern.finditer(text):
            name = m.group(1)
            if name.startswith("局") and len(name) > 3:
                name = name[1:]
            if len(name) >= 4 and is_division_name(name) and not _NOT_DIVISION.search(name):
                found.setdefault(name, None)
    names = list(found)
    return [n for n in names if not any(o != n and n.endswith(o) for o in names)]


@dataclass(frozen=True, slots=True)
class _Scope:
    """The area a mention is placed in, as the template placeholders need it."""

    area: Jurisdiction | None
    written: str  # what stands for the area when it is unknown or not one area (市, 广西壮族自治区各市)
    collective: bool = False

    @property
    def full(self) -> str:
        if self.area and not self.collective:
            return "" if self.area.level == "national" else self.area.name  # 科技部, not 中华人民共和国科技部
        return self.written

    @property
    def short(self) -> str:
        if self.area and not self.collective:
            return self.area.short or self.area.name
        return self.written

    @property
    def party(self) -> str:
        if self.area and not self.collective and self.area.level == "national":
            return "中共中央"
        full = self.full
        if self.area and not self.collective and self.area.level == "province" and full.endswith("自治区"):
            return f"中共{full}委员会"
        return f"中共{full}委"

    @property
    def jurisdiction(self) -> str | None:
        return self.area.name if self.area else None


class UnitResolver:
    """Resolves the unit mentions of one plan, memoised; built from the plan's area, issuers and text."""

    def __init__(self, jurisdiction: Jurisdiction | None, issuers: list[str] | None = None, text: str = ""):
        self.jurisdiction = jurisdiction
        self._text = text
        self._memo: dict[str, Unit] = {}
        self._divisions: list[str] | None = None
        self.bureau: Unit | None = None
        for issuer in issuers or []:
            bureau = self._bureau_of(issuer)
            if bureau is not None:
                self.bureau = bureau
                break

    # -- public -------------------------------------------------------------------------------

    def resolve(self, mention: str) -> Unit:
        """The one unit a mention names in this plan."""
        key = clean_mention(mention)
        unit = self._memo.get(key)
        if unit is None:
            unit = self._resolve(key) if key else self._make(mention.strip() or "?", "organization", None)
            self._memo[key] = unit
        return unit

    @property
    def divisions(self) -> list[str]:
        """Full division names found in the document text (scanned once, lazily)."""
        if self._divisions is None:
            self._divisions = division_names(self._text) if self.bureau is not None else []
        return self._divisions

    # -- building blocks ----------------------------------------------------------------------

    def _bureau_of(self, issuer: str) -> Unit | None:
        name = clean_mention(issuer)
        for candidate in (name, name.removesuffix("办公室")):
            if not candidate:
                continue
            unit = self._resolve(candidate)
            if unit.kind == "department" and not unit.collective:
                return unit
        return None

    def _make(
        self,
        name: str,
        kind: str,
        jurisdiction: str | None,
        *,
        parent: str | None = None,
        collective: bool = False,
        known: bool = False,
    ) -> Unit:
        """A unit; ``known`` when its name comes from reference data rather than as written."""
        return Unit(self._id(name, jurisdiction), name, kind, jurisdiction, parent, collective, known or collective)

    def _id(self, name: str, jurisdiction: str | None) -> str:
        """The id of the name written in full: a county's units with their city (湖州市安吉县科学技术局).

        Counties share names (鼓楼区 in 南京 and in 福州; 城关区 …) and their units are named without the
        city, as their own documents write them: hashing the name alone would make the 财政局 of every
        鼓楼区 one unit.
        """
        own = self.jurisdiction
        area = own if own is not None and jurisdiction == own.name else places.lookup(jurisdiction or "", own)
        if area is not None and area.level == "county" and area.parent and not name.startswith(area.parent):
            return unit_id(f"{area.parent}{name}")
        return unit_id(name)

    def _scope_for_level(self, word: str, levels: frozenset[str] | None = None) -> _Scope:
        """The area a level word (市, 自治区) stands for in this plan.

        区 is the autonomous region itself (区直部门, 区科技厅) in plans of 自治区 cities when the
        department exists at province level; a 自治区 or 省 that the plan's province is not stays a word.
        """
        own = self.jurisdiction
        if own is None:
            return _Scope(None, word)
        level = places.LEVEL_OF_WORD[word]
        province = places.ancestor_at(own, "province")
        regional = province is not None and province.name.endswith("自治区")
        if word == "区" and own.level != "county" and regional and (levels is None or "province" in levels):
            return _Scope(province, word)
        if (word == "自治区" and not regional) or (word == "省" and regional):
            return _Scope(None, word)
        if _LEVEL_RANK[level] < _LEVEL_RANK[own.level]:
            area = places.ancestor_at(own, level)
            return _Scope(area, word) if area is not None else _Scope(None, word)
        if level == own.level:
            return _Scope(own, word)
        return _Scope(own, f"{own.name}各{word}", collective=True)

    def _default_scope(self, levels: frozenset[str] | None = None) -> _Scope:
        """The plan's own area, or the nearest enclosing one where a department of ``levels`` exists."""
        area = self.jurisdiction
        if area is None:
            return _Scope(None, "")
        while levels is not None and area is not None and area.level not in levels:
            area = places.parent_of(area)
        return _Scope(area or self.jurisdiction, "")

    def _place_at_start(self, text: str) -> tuple[Jurisdiction, str, str] | None:
        """A place name opening the mention: (area, written form, rest)."""
        found = places.find_places(text[:12], self.jurisdiction)
        if found and found[0][0] == 0:
            start, end, area = found[0]
            return area, text[start:end], text[end:]
        return None

    def _place_inside(self, text: str) -> tuple[Jurisdiction, str] | None:
        """A place name inside the mention, as (area, mention with the place replaced by {X})."""
        for start, end, area in places.find_places(text, self.jurisdiction):
            if start > 0:
                return area, text[:start] + _PLACE + text[end:]
        return None

    @staticmethod
    def _pick(rows: tuple[Department, ...], level: str | None) -> Department:
        if level is not None:
            for row in rows:
                if level in row.levels:
                    return row
        return rows[0]

    def _department(self, dept: Department, scope: _Scope) -> Unit:
        name = dept.template.format(J=scope.full, S=scope.short, P=scope.party, C=dept.canonical)
        return self._make(name, dept.kind, scope.jurisdiction, collective=scope.collective, known=True)

    def _table_unit(self, rest: str, scope: _Scope | None) -> Unit | None:
        """A table department for ``rest``; ``scope`` None means: no place or level word was written."""
        rows = alias_table().get(rest)
        if not rows:
            return None
        if scope is None:
            own_level = self.jurisdiction.level if self.jurisdiction else None
            dept = self._pick(rows, own_level)
            return self._department(dept, self._default_scope(dept.levels))
        level = scope.area.level if scope.area is not None and not scope.collective else None
        return self._department(self._pick(rows, level), scope)

    def _prefixed(self, rest: str, scope: _Scope, written: str, party: bool) -> Unit:
        """What follows a place or level word: a table department, party organ, division, or as written."""
        unit = self._table_unit(rest, scope)
        if unit is not None:
            return unit
        for mark in ("党委", "委"):
            if rest.startswith(mark) and len(rest) > len(mark):
                inner = rest[len(mark) :]
                unit = self._table_unit(inner, scope)
                if unit is not None:
                    return unit
                name = f"{scope.party}{inner}"
                kind = "leading_group" if kind_of(inner) == "leading_group" else "party_organ"
                return self._make(name, kind, scope.jurisdiction)
        division = self._department_division(rest, scope)
        if division is not None:
            return division
        if not rest:
            return self._make(scope.full, "area", scope.jurisdiction, known=True)
        if scope.area is not None and not scope.collective:
            named = places.lookup(rest, scope.area)
            if named is not None and places.is_within(named, scope.area):
                return self._area_unit(named)  # 柳州市柳北区
        name = f"中共{written}" if party else written
        return self._make(name, kind_of(rest), scope.jurisdiction, collective=scope.collective)

    def _department_division(self, rest: str, scope: _Scope) -> Unit | None:
        """科技局高新处: a table department followed by one of its divisions."""
        if not is_division_name(rest):
            return None
        for cut in range(len(rest) - 2, 1, -1):
            head = self._table_unit(rest[:cut], scope)
            if head is not None:
                name = head.name + rest[cut:]
                return self._make(name, "division", head.jurisdiction, parent=head.id)
        return None

    # -- the rules ----------------------------------------------------------------------------

    def _resolve(self, text: str) -> Unit:
        if self.bureau is not None:
            internal = self._bureau_internal(text)
            if internal is not None:
                return internal
        league = _LEAGUE.match(text)
        if league is not None:
            return self._league(league.group(1))
        if self._is_collective(text):
            return self._collective(text)
        if _NATIONAL.match(text):
            return self._national(text)
        party = text.startswith("中共")
        body = text[2:] if party else text
        if not body:
            return self._make(text, "organization", None)
        unit = self._table_unit(body, None)
        if unit is not None and not party:
            return unit
        placed = self._place_at_start(body)
        if placed is not None:
            area, written_place, rest = placed
            scope = _Scope(area, written_place)
            if rest:
                unit = self._prefixed(rest, scope, body, party)
                # a name the table does not know keeps its own wording (广元经济技术开发区)
                return unit
            return self._area_unit(area)
        for word in LEVEL_WORDS if starts_with_level_word(body) else ():
            if body.startswith(word) and len(body) > len(word):
                rest = body[len(word) :]
                rows = alias_table().get(rest)
                levels = frozenset().union(*(r.levels for r in rows)) if rows else None
                scope = self._scope_for_level(word, levels)
                return self._prefixed(rest, scope, f"{scope.full}{rest}", party)
        placed_inside = self._placed_inside(body)
        if placed_inside is not None:
            return placed_inside
        if party:
            return self._prefixed(body, self._default_scope(), body, True)
        return self._unprefixed(body)

    def _unprefixed(self, text: str) -> Unit:
        """A name with no place or level word: scoped when it is an office of this area, else as written."""
        kind = kind_of(text)
        if kind == "leading_group":
            owner = self.bureau.name if self.bureau is not None else self._default_scope().full
            return self._make(f"{owner}{text}", kind, self._jurisdiction_name(), parent=None)
        if kind in _SCOPED_KINDS:
            scope = self._default_scope()
            return self._make(f"{scope.full}{text}", kind, scope.jurisdiction)
        return self._make(text, kind, self._jurisdiction_name() if kind == "division" else None)

    def _area_unit(self, area: Jurisdiction) -> Unit:
        """An area named as a responsible body (柳州市, 鹿寨县); a county carries its city: names repeat."""
        name = f"{area.parent}{area.name}" if area.level == "county" and area.parent else area.name
        return self._make(name, "area", area.name, known=True)

    def _placed_inside(self, text: str) -> Unit | None:
        """人行广元中心支行, 国家税务总局柳州税务局: a table pattern around a place name."""
        inside = self._place_inside(text)
        if inside is None:
            return None
        area, pattern = inside
        rows = alias_table().get(pattern)
        if not rows:
            return None
        return self._department(self._pick(rows, area.level), _Scope(area, area.short or area.name))

    def _national(self, text: str) -> Unit:
        """中央改革办, 国务院办公厅, 中国科学院: central bodies keep their own name, never an area."""
        local = self._placed_inside(text)
        if local is not None:
            return local
        body = text.removeprefix("中央")
        if len(body) < len(text):
            rows = alias_table().get(body) or alias_table().get(f"委{body}")
            party_rows = [r for r in rows or () if r.kind == "party_organ" and "{C}" in r.template]
            if party_rows:
                return self._make(f"中央{party_rows[0].canonical}", "party_organ", None, known=True)
        return self._make(text, kind_of(text), None)

    def _jurisdiction_name(self) -> str | None:
        return self.jurisdiction.name if self.jurisdiction else None

    def _league(self, between: str) -> Unit:
        """团市委, 共青团广元市委 → 共青团{area}委员会."""
        if between in LEVEL_WORDS:
            scope = self._scope_for_level(between)
        else:
            area = places.lookup(between, self.jurisdiction) if between else None
            scope = _Scope(area, between) if area is not None else self._default_scope()
        return self._make(f"共青团{scope.full}委员会", "people_group", scope.jurisdiction, known=True)

    def _is_collective(self, text: str) -> bool:
        return bool(
            _COLLECTIVE_HEAD.match(text)
            or _COLLECTIVE_TAIL.search(text)
            or _NUMBERED_GROUP.match(text)
            or (len(text) <= 12 and _COLLECTIVE_INNER.search(text) and not text.endswith(("局", "委", "厅")))
        )

    def _collective(self, text: str) -> Unit:
        """各部门, 有关县区人民政府, 市科技领导小组成员单位: one collective unit of the area."""
        body = text
        scope: _Scope
        if _CITY_COLLECTIVE.search(text) and self.jurisdiction is not None:
            province = places.ancestor_at(self.jurisdiction, "province")
            scope = _Scope(province, "") if province is not None else self._default_scope()
        else:
            scope = self._default_scope()
            placed = self._place_at_start(text)
            if placed is not None:
                scope, body = _Scope(placed[0], placed[1]), placed[2]
            else:
                for word in LEVEL_WORDS:
                    if text.startswith(word):
                        scope, body = self._scope_for_level(word), text[len(word) :]
                        if body.startswith(("直", "级")):
                            body = text  # 市直部门, 区直各部门: the level word is part of the name
                            if scope.area is None:
                                scope = _Scope(None, "")
                        elif body.startswith("委") and _COLLECTIVE_HEAD.match(body[1:]):
                            return self._make(
                                f"{scope.party}{body[1:]}", "collective", scope.jurisdiction, collective=True
                            )
                        break
        kind = "collective"
        if self.bureau is not None and _NUMBERED_GROUP.match(body):
            return self._make(
                f"{self.bureau.name}{body}", kind, self.bureau.jurisdiction, parent=self.bureau.id, collective=True
            )
        name = f"{scope.full}{body}"
        return self._make(name, kind, scope.jurisdiction, collective=True)

    def _bureau_internal(self, text: str) -> Unit | None:
        """局办公室, 各科室, 二层单位, 规配科, 重大: divisions and groups inside the issuing bureau."""
        bureau = self.bureau
        assert bureau is not None
        own = _BUREAU_SELF.match(text)
        body = text[own.end() :] if own else text
        if own is None:
            if text in alias_table() or starts_with_level_word(text):
                return None
            if self._place_at_start(text) is not None:
                return None
            if not (
                is_division_name(text)
                or _BUREAU_MEMBERS.search(text)
                or _NUMBERED_GROUP.match(text)
                or self._division_by_stem(text) is not None
            ):
                return None
        if _BUREAU_MEMBERS.search(body) and not body.startswith("机关"):
            return self._make(
                f"{bureau.name}{body}", "collective", bureau.jurisdiction, parent=bureau.id, collective=True
            )
        if self._is_collective(body) or _NUMBERED_GROUP.match(body):
            return self._make(
                f"{bureau.name}{body}", "collective", bureau.jurisdiction, parent=bureau.id, collective=True
            )
        if is_division_name(body):
            full = self._division_full_name(body)
            printed = full in self.divisions  # the document prints this division's full name
            return self._make(f"{bureau.name}{full}", "division", bureau.jurisdiction, parent=bureau.id, known=printed)
        stem = self._division_by_stem(body)
        if stem is not None:
            return self._make(f"{bureau.name}{stem}", "division", bureau.jurisdiction, parent=bureau.id, known=True)
        return self._make(f"{bureau.name}{body}", kind_of(body), bureau.jurisdiction, parent=bureau.id)

    def _division_full_name(self, name: str) -> str:
        """规配科 → 发展规划与资源配置科 when exactly one printed division fits; else the name itself."""
        known = self.divisions
        if name in known:
            return name
        suffix, stem = name[-1], name[:-1]
        fits = [full for full in known if full[-1] == suffix and is_subsequence(stem, full[:-1])]
        return fits[0] if len(fits) == 1 else name

    def _division_by_stem(self, stem: str) -> str | None:
        """A bare stem from an elliptical list (协同规配、重大、人才科): the one division it abbreviates."""
        if not 2 <= len(stem) <= 6 or stem.endswith(_DIVISION_SUFFIX) or self.bureau is None:
            return None
        fits = [full for full in self.divisions if is_subsequence(stem, full[:-1])]
        return fits[0] if len(fits) == 1 else None
