"""Word's automatic list numbering (自动编号) rendered as the text it shows: 一、 （一） 1. ①."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
"""The WordprocessingML namespace, as lxml spells it in tag and attribute names."""

_CHINESE_DIGITS = "零一二三四五六七八九"
_CHINESE_FINANCIAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEVEL_PLACEHOLDER = re.compile(r"%([1-9])")
_LABEL_ENDS_IN_PUNCTUATION = re.compile(r"[、.．:：)）\]】〕]$")


@dataclass(frozen=True, slots=True)
class _ListLevel:
    format: str  # w:numFmt: decimal, chineseCounting, bullet, ...
    text: str  # w:lvlText: "%1、", "（%2）"
    start: int
    suffix: str  # w:suff: tab, space, nothing


class ListNumbering:
    """Word's automatic numbering (自动编号): without it 一、/（一）/1. vanish from the text."""

    def __init__(
        self,
        levels: dict[str, dict[int, _ListLevel]],
        instances: dict[str, tuple[str, dict[int, int]]],
        styles: dict[str, tuple[str | None, str | None, int]],
    ) -> None:
        self.levels = levels  # abstractNumId → level → definition
        self.instances = instances  # numId → (abstractNumId, start overrides)
        self.styles = styles  # styleId → (basedOn, numId, ilvl)
        self.counters: dict[str, list[int]] = {}
        self.overridden: set[str] = set()

    @classmethod
    def of(cls, document: Any) -> ListNumbering:
        from docx.opc.constants import RELATIONSHIP_TYPE

        levels: dict[str, dict[int, _ListLevel]] = {}
        instances: dict[str, tuple[str, dict[int, int]]] = {}
        styles: dict[str, tuple[str | None, str | None, int]] = {}
        try:
            root = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except (KeyError, AttributeError):
            root = None
        if root is not None:
            for abstract in root.iter(W + "abstractNum"):
                levels[abstract.get(W + "abstractNumId", "")] = {
                    _int_attr(level, "ilvl", 0): _list_level(level) for level in abstract.iter(W + "lvl")
                }
            for num in root.iter(W + "num"):
                abstract_id = num.find(W + "abstractNumId")
                if abstract_id is None:
                    continue
                starts = {
                    _int_attr(override, "ilvl", 0): _int_attr(start, "val", 1)
                    for override in num.iter(W + "lvlOverride")
                    for start in override.iter(W + "startOverride")
                }
                instances[num.get(W + "numId", "")] = (abstract_id.get(W + "val", ""), starts)
        try:
            style_root = document.styles.element
        except (KeyError, AttributeError):
            style_root = None
        if style_root is not None:
            for style in style_root.iter(W + "style"):
                based_on = style.find(W + "basedOn")
                num_id, level = _numbering_properties(style.find(W + "pPr"))
                styles[style.get(W + "styleId", "")] = (
                    based_on.get(W + "val") if based_on is not None else None,
                    num_id,
                    level or 0,
                )
        return cls(levels, instances, styles)

    def label(self, paragraph: Any) -> str:
        """The rendered number of a list paragraph (with its separator), or ""."""
        if not self.instances:
            return ""
        properties = paragraph.find(W + "pPr")
        num_id, level = _numbering_properties(properties)
        if num_id is None:
            style = properties.find(W + "pStyle") if properties is not None else None
            num_id, style_level = self._style_numbering(style.get(W + "val") if style is not None else None)
            level = style_level if level is None else level
        if num_id is None or num_id not in self.instances:
            return ""
        abstract_id, starts = self.instances[num_id]
        definitions = self.levels.get(abstract_id, {})
        level = level or 0
        if level not in definitions:
            return ""
        counters = self.counters.setdefault(abstract_id, [0] * 9)
        if num_id not in self.overridden and starts:
            self.overridden.add(num_id)
            for overridden_level, start in starts.items():
                if 0 <= overridden_level < 9:
                    counters[overridden_level] = start - 1
        if not 0 <= level < 9:
            return ""
        definition = definitions[level]
        counters[level] = max(counters[level], definition.start - 1) + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if definition.format in ("bullet", "none"):
            return ""

        def number(match: re.Match[str]) -> str:
            referenced = int(match.group(1)) - 1
            shown = definitions.get(referenced)
            value = max(counters[referenced], shown.start if shown else 1)
            return _format_list_number(value, shown.format if shown else "decimal")

        text = _LEVEL_PLACEHOLDER.sub(number, definition.text)
        if not text or definition.suffix == "nothing" or _LABEL_ENDS_IN_PUNCTUATION.search(text):
            return text
        return text + " "

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int]:
        for _ in range(16):  # basedOn chains are short; a loop in a damaged file must end
            if style_id is None or style_id not in self.styles:
                return None, 0
            based_on, num_id, level = self.styles[style_id]
            if num_id is not None:
                return (None if num_id == "0" else num_id), level
            style_id = based_on
        return None, 0


def _list_level(level: Any) -> _ListLevel:
    def value(tag: str, default: str) -> str:
        element = level.find(W + tag)
        return default if element is None else element.get(W + "val", default)

    try:
        start = int(value("start", "1"))
    except ValueError:
        start = 1
    return _ListLevel(value("numFmt", "decimal"), value("lvlText", ""), start, value("suff", "tab"))


def _numbering_properties(properties: Any) -> tuple[str | None, int | None]:
    numbering = properties.find(W + "numPr") if properties is not None else None
    if numbering is None:
        return None, None
    num_id = numbering.find(W + "numId")
    level = numbering.find(W + "ilvl")
    return (
        num_id.get(W + "val") if num_id is not None else None,
        _int_attr(level, "val", 0) if level is not None else None,
    )


def _int_attr(element: Any, attribute: str, default: int) -> int:
    try:
        return int(element.get(W + attribute, default))
    except (TypeError, ValueError):
        return default


def _format_list_number(value: int, number_format: str) -> str:
    """One counter value in a w:numFmt style; unknown styles fall back to Arabic digits."""
    if number_format in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
    ):
        return _chinese_number(value, _CHINESE_DIGITS)
    if number_format in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese_number(value, _CHINESE_FINANCIAL_DIGITS).replace("十", "拾")
    if number_format == "ideographTraditional" and 1 <= value <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[value - 1]
    if number_format == "ideographZodiac" and 1 <= value <= len(_EARTHLY_BRANCHES):
        return _EARTHLY_BRANCHES[value - 1]
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if number_format == "decimalEnclosedParen" and 1 <= value <= 20:
        return chr(0x2474 + value - 1)
    if number_format == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return chr(0x2488 + value - 1)
    if number_format in ("decimalFullWidth", "decimalFullWidth2"):
        return str(value).translate(_FULL_WIDTH_DIGITS)
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format in ("lowerLetter", "upperLetter") and value >= 1:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if number_format == "lowerLetter" else letter.upper()
    if number_format in ("lowerRoman", "upperRoman") and 1 <= value < 4000:
        roman = _roman(value)
        return roman.lower() if number_format == "lowerRoman" else roman
    return str(value)


_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN_VALUES = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _roman(value: int) -> str:
    parts: list[str] = []
    for amount, numeral in _ROMAN_VALUES:
        count, value = divmod(value, amount)
        parts.append(numeral * count)
    return "".join(parts)


def _chinese_number(value: int, digits: str) -> str:
    """一 … 十 … 十一 … 二十 … 九十九 … 一百零五; beyond 999 Arabic digits (lists never get there)."""
    if not 0 <= value <= 999:
        return str(value)
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value % 10] if value % 10 else "")
    if value < 100:
        return digits[value // 10] + "十" + (digits[value % 10] if value % 10 else "")
    rest = value % 100
    hundreds = digits[value // 100] + "百"
    if rest == 0:
        return hundreds
    if rest < 10:
        return hundreds + digits[0] + digits[rest]
    return hundreds + digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")
