"""Administrative divisions (行政区划) and the area a plan governs.

The division tree is the GB/T 2260 list that jionlp ships as
``dictionary/china_location.txt`` (``name<TAB>code<TAB>alias``, one tab of
indentation per level). It is read directly, never through ``import jionlp``,
which prints a banner and takes seconds; only provinces, cities and counties
are kept (towns and villages sit deeper and are skipped).
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fengong.errors import FengongError
from fengong.ontology.model import Jurisdiction

LEVELS = ("province", "city", "county")
_DEPTH_LINE = re.compile(r"^(\t{0,2})([^\t\r\n]+)\t(\d{6})(?:\t([^\t\r\n]*))?", re.MULTILINE)
_NOT_AREAS = {"省直辖行政区划", "自治区直辖县级行政区划", "市辖区", "县"}

PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "京": "北京市",
    "津": "天津市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "沪": "上海市",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "渝": "重庆市",
    "川": "四川省",
    "蜀": "四川省",
    "贵": "贵州省",
    "黔": "贵州省",
    "云": "云南省",
    "滇": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "秦": "陕西省",
    "甘": "甘肃省",
    "陇": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}
"""简称: each province's one-character abbreviation, as in 文号 (桂改革发) and slogans (科技强桂)."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The loaded tree: every area by full name and by unique short name (简称)."""

    by_name: dict[str, tuple[Jurisdiction, ...]]
    by_alias: dict[str, Jurisdiction]
    by_prefix: dict[str, tuple[str, ...]]  # scan index: first two characters → surface forms, longest first
    starts: re.Pattern[str]  # any character that can open a place name: lets the scan skip the rest


def location_file() -> Path:
    """Where the installed jionlp keeps its division data: china_location.txt, or the .zip it
    ships and unpacks on first use (we read the zip ourselves and never write into site-packages)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise FengongError("找不到 jionlp 包: 行政区划数据 (china_location.txt) 无法加载")
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionary"
    for name in ("china_location.txt", "china_location.zip"):
        if (folder / name).is_file():
            return folder / name
    raise FengongError(f"jionlp 的行政区划数据缺失: {folder / 'china_location.zip'}")


def _location_text() -> str:
    path = location_file()
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return archive.read("china_location.txt").decode("utf-8")
    return path.read_text(encoding="utf-8")


def _short_form(name: str, alias: str | None) -> str | None:
    """A usable short name: the file's alias unless it is generic (新区, 高新区, 城区)."""
    if not alias or alias == name or len(alias) < 2 or alias.endswith(("新区", "高新区", "经开区", "开发区")):
        return None
    return alias


def parse_locations(text: str) -> list[Jurisdiction]:
    """Provinces, cities and counties of the tab-indented tree, parents resolved."""
    areas: list[Jurisdiction] = []
    parents: list[str | None] = [None, None, None]
    for match in _DEPTH_LINE.finditer(text):
        depth = len(match.group(1))
        name, code, alias = match.group(2).strip(), match.group(3), match.group(4)
        if depth == 1 and name == parents[0]:
            parents[1] = name  # 直辖市: 上海市 repeats itself as its own city level
            continue
        if name in _NOT_AREAS:
            parents[depth] = parents[depth - 1] if depth else None
            continue
        parent = parents[depth - 1] if depth else None
        parents[depth] = name
        level = LEVELS[depth]
        areas.append(Jurisdiction(name, level, code, parent, _short_form(name, alias)))  # type: ignore[arg-type]
    return areas


@cache
def gazetteer() -> Gazetteer:
    """The division tree, read once per process (about 0.2 s)."""
    raw = _location_text()
    areas = parse_locations(raw)
    by_name: dict[str, list[Jurisdiction]] = {}
    aliases: dict[str, list[Jurisdiction]] = {}
    for area in areas:
        by_name.setdefault(area.name, []).append(area)
        if area.short:
            aliases.setdefault(area.short, []).append(area)
    by_alias: dict[str, Jurisdiction] = {}
    for alias, found in aliases.items():
        if alias in by_name:
            continue
        ranked = sorted(found, key=lambda a: LEVELS.index(a.level))
        # a short name shared by areas of the same level (two 东区) names neither
        if len(ranked) == 1 or ranked[0].level != ranked[1].level:
            by_alias[alias] = ranked[0]
    scannable = [a.name for a in areas if a.level != "county"]
    scannable += [alias for alias, area in by_alias.items() if area.level != "county"]
    scannable += [a.name for a in areas if a.level == "county" and len(a.name) >= 3]
    prefixes: dict[str, list[str]] = {}
    for form in set(scannable):
        if len(form) >= 2:
            prefixes.setdefault(form[:2], []).append(form)
    return Gazetteer(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_alias=by_alias,
        by_prefix={k: tuple(sorted(v, key=len, reverse=True)) for k, v in prefixes.items()},
        starts=re.compile("[" + "".join(sorted({p[0] for p in prefixes})) + "]"),
    )


def lookup(name: str, within: Jurisdiction | None = None) -> Jurisdiction | None:
    """An area by full name or short name (柳州, 柳州市, 广西, 广西壮族自治区).

    A name shared by several areas (朝阳区) is resolved only with ``within``
    (an area that contains it); a bare level word (自治区, 市) is no area.
    """
    name = name.strip()
    if not name:
        return None
    g = gazetteer()
    found = g.by_name.get(name)
    if found:
        if len(found) == 1:
            return found[0]
        ranked = sorted(found, key=lambda a: LEVELS.index(a.level))
        if ranked[0].level != ranked[1].level:
            return ranked[0]
        if within is not None:
            inside = [a for a in found if is_within(a, within)]
            if len(inside) == 1:
                return inside[0]
        return None
    return g.by_alias.get(name)


def parent_of(area: Jurisdiction) -> Jurisdiction | None:
    """The area one level up (柳州市 → 广西壮族自治区)."""
    if area.parent is None:
        return None
    depth = LEVELS.index(area.level) if area.level in LEVELS else len(LEVELS)
    found = [a for a in gazetteer().by_name.get(area.parent, ()) if LEVELS.index(a.level) < depth]
    return max(found, key=lambda a: LEVELS.index(a.level)) if found else None


def with_ancestors(area: Jurisdiction) -> tuple[Jurisdiction, ...]:
    """The area, its parent, its parent's parent … (柳州市, 广西壮族自治区)."""
    chain = [area]
    while (parent := parent_of(chain[-1])) is not None:
        chain.append(parent)
    return tuple(chain)


def resolve_areas(names: Iterable[str], within: Jurisdiction | None) -> dict[str, tuple[Jurisdiction, ...]]:
    """Each name that is an area, resolved inside ``within`` (the plan's area), with its ancestors.

    ``within`` itself is kept under its own name, whatever a bare look-up of that name would find.
    """
    areas = {name: with_ancestors(found) for name in dict.fromkeys(names) if (found := lookup(name, within)) is not None}
    if within is not None:
        areas[within.name] = with_ancestors(within)
    return areas


def ancestor_at(area: Jurisdiction, level: str) -> Jurisdiction | None:
    """The area itself or its ancestor at ``level`` (a county's province)."""
    current: Jurisdiction | None = area
    while current is not None and current.level != level:
        current = parent_of(current)
    return current


def is_within(area: Jurisdiction, container: Jurisdiction) -> bool:
    """Whether ``area`` is ``container`` or lies inside it."""
    current: Jurisdiction | None = area
    while current is not None:
        if current.name == container.name and current.level == container.level:
            return True
        current = parent_of(current)
    return False


def find_places(
    text: str, within: Jurisdiction | None = None, *, any_county: bool = False
) -> list[tuple[int, int, Jurisdiction]]:
    """Place names in ``text``, longest match first: provinces and cities by full or short name,
    counties by full name only when they lie ``within`` the given area (会同县 is also a verb
    phrase), or anywhere with ``any_county`` (for issuer names and titles, where a place is expected).

    One left-to-right pass: a character-class regex jumps to possible openings, a two-character
    index gives the candidate names there. Linear in the text.
    """
    g = gazetteer()
    out: list[tuple[int, int, Jurisdiction]] = []
    pos = 0
    while True:
        m = g.starts.search(text, pos)
        if m is None:
            break
        i = m.start()
        pos = i + 1
        for form in g.by_prefix.get(text[i : i + 2], ()):
            if not text.startswith(form, i):
                continue
            area = lookup(form, within)
            if area is None and out and out[-1][1] == i:  # 上海市宝山区: a place written right after its parent
                area = lookup(form, out[-1][2])
            if area is None:
                continue
            if area.level == "county" and not any_county and (within is None or not is_within(area, within)):
                continue
            out.append((i, i + len(form), area))
            pos = i + len(form)
            break
    return out


NATIONAL = Jurisdiction("中华人民共和国", "national", "100000", None, "全国")
"""The whole country: plans issued by 国务院, 中共中央 or a 国家/部 body."""
_NATIONAL_ISSUER = re.compile(
    r"^(?:国务院|中共中央|中央|国家|全国|中华人民共和国|科学技术部|科技部|教育部|财政部|工业和信息化部)"
)

_QUOTED = re.compile(r"《[^》]*》|<[^>]*>|〈[^〉]*〉")
_LEVEL_ONLY_ISSUER = re.compile(r"^(?:中共)?(自治区|省|市|县|区|州|盟|旗)")
_LOCAL_PHRASE = re.compile(r"结合([\u4e00-\u9fff]{2,8}?)(?:实际|市情|省情|区情|县情)")
_OWN_AREA = re.compile(r"(?:我|全)(省|区|市|州|县)")
_OWN_AREA_LEVELS = {
    "省": ("province",),
    "区": ("province", "county"),
    "市": ("city",),
    "州": ("city",),
    "县": ("county",),
}
LEVEL_OF_WORD = {
    "自治区": "province",
    "省": "province",
    "自治州": "city",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
    "区": "county",
    "旗": "county",
}
"""The administrative level a level word (市财政局's 市) stands for."""


def generic_unit_name(name: str, area: str | None) -> str:
    """A unit's name with its area written as the level word, as documents write their own units
    (柳州市财政局 → 市财政局, 中共广元市委组织部 → 中共市委组织部): the same post in two areas."""
    if not area or area not in name:
        return name
    word = max((w for w in LEVEL_OF_WORD if area.endswith(w)), key=len, default="")
    return name.replace(area, word, 1)


def _most_specific(areas: list[Jurisdiction]) -> Jurisdiction | None:
    """The deepest area that all others contain; None when two areas disagree."""
    if not areas:
        return None
    ranked = sorted(areas, key=lambda a: -LEVELS.index(a.level))
    best = ranked[0]
    for other in ranked[1:]:
        if not is_within(best, other):
            same_level = [a for a in ranked if a.level == best.level]
            if any(a.name != best.name for a in same_level):
                return None  # two cities named: no single area
            continue
    return best


def _areas_in(strings: list[str]) -> list[Jurisdiction]:
    found: list[Jurisdiction] = []
    for s in strings:
        found.extend(area for _, _, area in find_places(_QUOTED.sub("", s), any_county=True))
    return found


def _first_named(strings: list[str]) -> Jurisdiction | None:
    """The area named first across ``strings``, specialised when a deeper area inside it follows."""
    areas = _areas_in(strings)
    if not areas:
        return None
    chosen = _most_specific(areas)
    return chosen if chosen is not None else areas[0]


def plan_jurisdiction(title: str | None, issuers: list[str], doc_number: str | None, text: str) -> Jurisdiction | None:
    """The area a plan governs, from the strongest evidence that names it; None when nothing does.

    Order: place names in the issuers and the title; an issuer written with a
    bare level word (自治区科技厅) matched to the place of that level the text
    names most; the 文号's one-character abbreviation (柳办发, 桂改革发) when it
    agrees with a place the text names; the text itself (结合广元实际, or 我市
    with one city named repeatedly). The most specific level is preferred.
    """
    heads = [*issuers, *([title] if title else [])]
    named = _first_named(heads)
    if named is not None:
        return named
    if issuers and all(_NATIONAL_ISSUER.match(issuer) for issuer in issuers):
        return NATIONAL
    counts = Counter(area for _, _, area in find_places(text))
    return (
        _from_level_word_head(heads, doc_number, counts)
        or _from_doc_number(doc_number, counts)
        or _from_text(text, counts)
    )


def _from_level_word_head(
    heads: list[str], doc_number: str | None, counts: Counter[Jurisdiction]
) -> Jurisdiction | None:
    """自治区科技厅: the area of that level (and kind: 自治区, 省) the text names most, at least twice."""
    for head in heads:
        m = _LEVEL_ONLY_ISSUER.match(head)
        if m is None:
            continue
        word = m.group(1)
        level = LEVEL_OF_WORD[word]
        fits = {
            a: n
            for a, n in counts.items()
            if a.level == level and (word not in ("自治区", "省") or a.name.endswith(word))
        }
        abbreviated = PROVINCE_ABBREVIATIONS.get((doc_number or " ")[0])
        if level == "province" and abbreviated is not None:
            fits = {a: n + 1 for a, n in fits.items() if a.name == abbreviated} or fits
        ranked = sorted(fits.items(), key=lambda c: -c[1])
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
    return None


def _from_doc_number(doc_number: str | None, counts: Counter[Jurisdiction]) -> Jurisdiction | None:
    """柳办发: the one city (else province) the text names whose name or 简称 starts with 柳."""
    abbr = (doc_number or "").strip()[:1]
    if not abbr:
        return None
    agreeing = {a for a in counts if a.level == "city" and (a.short or a.name).startswith(abbr)}
    if not agreeing:
        agreeing = {a for a in counts if PROVINCE_ABBREVIATIONS.get(abbr) == a.name}
    return agreeing.pop() if len(agreeing) == 1 else None


def _from_text(text: str, counts: Counter[Jurisdiction]) -> Jurisdiction | None:
    """结合广元实际; or 我市/全市 with one city named at least three times and twice as often as any other."""
    local = [area for m in _LOCAL_PHRASE.finditer(text) if (area := lookup(m.group(1))) is not None]
    if local:
        return _most_specific(local) or local[0]
    own_levels = {level for m in _OWN_AREA.finditer(text) for level in _OWN_AREA_LEVELS[m.group(1)]}
    for level in ("county", "city", "province"):
        if level not in own_levels:
            continue
        ranked = sorted(((n, a) for a, n in counts.items() if a.level == level), key=lambda c: -c[0])
        if ranked and ranked[0][0] >= 3 and (len(ranked) == 1 or ranked[0][0] >= 2 * ranked[1][0]):
            return ranked[0][1]
    return None
