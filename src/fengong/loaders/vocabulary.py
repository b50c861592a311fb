"""Vocabularies kept as data: each read once from its file in :mod:`fengong.data`, typed, in one place.

The labels of responsibility (``role_labels.tsv``) serve the clause reader (:mod:`loaders.responsibility`) and
the table reader (:mod:`loaders.columns`) alike, so that 主办单位 cannot lead in one and not in the other. The
endings of unit names (``unit_endings.tsv``) serve the unit resolver, the clause reader and the issuer reader of
:mod:`loaders.metadata`, so that 支队 cannot end a unit in one and not in another. Posts (``posts.tsv``), the
words of collectives (``collective_words.tsv``) and the web page around a document (``boilerplate.tsv``) are
read the same way: a file per vocabulary, a typed reader per file, one row reader for all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal, TypeVar, cast

from fengong.data import BOILERPLATE, COLLECTIVE_WORDS, POSTS, ROLE_LABELS, ROLE_VERBS, UNIT_ENDINGS, UNIT_KINDS
from fengong.errors import FengongError

AREA_LEVELS = r"(?:县级市|县市区|县区|区县|乡镇|镇街|街镇|街道|园区|开发区|社区|乡|镇|区|县|市|村)"
"""The words for the areas of a level (乡, 街道, 县级市 …) that 各/有关 make a collective: 各街镇, 各乡、镇人民政府."""

def _rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, ``columns`` tab-separated cells, missing ones empty) of a vocabulary file; ``#`` lines are notes."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, [c.strip() for c in [*line.rstrip("\r").split("\t"), *[""] * columns][:columns]]


U = TypeVar("U", bound=str)


def _words(cells: str, allowed: tuple[str, ...]) -> frozenset[str] | None:
    """The space-separated words of a cell, or None when one is not among ``allowed``."""
    words = frozenset(cells.split())
    return words if words <= set(allowed) else None


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """Words longest first, so that a regex alternation tries 牵头单位 before 牵头."""
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def one_of(words: Iterable[str]) -> str:
    """Literal words as one regex alternation, longest first."""
    return "|".join(map(re.escape, longest_first(words)))


def _word_uses(path: Path, allowed: tuple[U, ...], what: str) -> dict[str, frozenset[U]]:
    """word<TAB>uses rows: each word once, with the places (among ``allowed``) where it counts."""
    out: dict[str, frozenset[U]] = {}
    for number, (word, uses) in _rows(path, 2):
        used = _words(uses, allowed)
        if not word or word in out or not used:
            raise FengongError(f"{path.name}, line {number}: expected a new {what}, a tab and uses among {allowed}")
        out[word] = cast(frozenset[U], used)
    return out


LabelRole = Literal["lead", "support", "responsible", "person"]
LABEL_ROLES: tuple[LabelRole, ...] = ("lead", "support", "responsible", "person")


@cache
def role_labels() -> dict[str, LabelRole]:
    """Every responsibility label and the role it gives (``person`` labels name people, not units)."""
    out: dict[str, LabelRole] = {}
    for number, (label, role) in _rows(ROLE_LABELS, 2):
        if role not in LABEL_ROLES or not label or label in out:
            raise FengongError(f"{ROLE_LABELS.name}, line {number}: expected a new label, a tab and one of {LABEL_ROLES}")
        out[label] = cast(LabelRole, role)
    return out


@cache
def labels(*roles: LabelRole) -> tuple[str, ...]:
    """The labels of these roles, longest first (so that a regex alternation tries 牵头单位 before 牵头)."""
    return longest_first(label for label, role in role_labels().items() if role in roles)


def alternation(*roles: LabelRole) -> str:
    """The labels of these roles as one regex alternation, longest first."""
    return one_of(labels(*roles))


@lru_cache(maxsize=1024)  # bounded: headers of thousands of documents pass through
def role_of_header(header: str) -> LabelRole | None:
    """The role a table header gives its column: that of the longest label it contains."""
    found = [label for label in labels(*LABEL_ROLES) if label in header]
    return role_labels()[found[0]] if found else None


VerbRole = Literal["lead", "support", "responsible", "each"]
VERB_ROLES: tuple[VerbRole, ...] = ("lead", "support", "responsible", "each")
VerbUse = Literal["before", "after", "end"]
VERB_USES: tuple[VerbUse, ...] = ("before", "after", "end")


@cache
def role_verbs() -> dict[str, tuple[VerbRole, frozenset[VerbUse]]]:
    """Every verb of responsibility in running text, with the role it gives and where it stands."""
    out: dict[str, tuple[VerbRole, frozenset[VerbUse]]] = {}
    for number, (verb, role, uses) in _rows(ROLE_VERBS, 3):
        used = _words(uses, VERB_USES)
        if not verb or verb in out or role not in VERB_ROLES or not used:
            raise FengongError(
                f"{ROLE_VERBS.name}, line {number}: expected a new verb, a role among {VERB_ROLES}, uses among {VERB_USES}"
            )
        out[verb] = (cast(VerbRole, role), cast(frozenset[VerbUse], used))
    return out


@cache
def verb_pattern(use: VerbUse, *roles: VerbRole) -> str:
    """The verbs of this use (and of these roles, or of any) as one regex alternation, longest first."""
    return one_of(v for v, (role, uses) in role_verbs().items() if use in uses and (not roles or role in roles))


EndingUse = Literal["name", "head", "more", "issuer"]
ENDING_USES: tuple[EndingUse, ...] = ("name", "head", "more", "issuer")


@dataclass(frozen=True, slots=True)
class UnitEnding:
    """One row of ``unit_endings.tsv``: an ending of unit names, the kind it gives, where it counts."""

    ending: str
    kind: str | None
    """None when the ending says no kind of its own (部门, 有关单位)."""
    uses: frozenset[EndingUse]
    not_before: str
    """Characters that, right after the ending, show it is inside a word (科 before 技 in 科技)."""


@cache
def unit_endings() -> tuple[UnitEnding, ...]:
    """Every ending of unit names, longest first (the longest ending a name has decides its kind)."""
    rows: dict[str, UnitEnding] = {}
    for number, (ending, kind, uses, not_before) in _rows(UNIT_ENDINGS, 4):
        used = _words(uses, ENDING_USES)
        if not ending or not kind or ending in rows or used is None:
            raise FengongError(
                f"{UNIT_ENDINGS.name}, line {number}: expected a new ending, a kind (or -), uses among {ENDING_USES}"
            )
        rows[ending] = UnitEnding(ending, None if kind == "-" else kind, cast(frozenset[EndingUse], used), not_before)
    return tuple(rows[e] for e in longest_first(rows))


@cache
def endings(use: EndingUse) -> tuple[str, ...]:
    """The endings that count in this use, longest first."""
    return tuple(r.ending for r in unit_endings() if use in r.uses)


@cache
def ending_pattern(use: EndingUse) -> str:
    """The endings of this use as one regex alternation, longest first, each guarded by its ``not_before``."""
    return "|".join(
        re.escape(r.ending) + (f"(?![{re.escape(r.not_before)}])" if r.not_before else "")
        for r in unit_endings()
        if use in r.uses
    )


def kind_of(name: str) -> str:
    """The kind a name's longest known ending gives (大学 → university, 监管分局 → regulator), else organization."""
    return next((r.kind for r in unit_endings() if r.kind and name.endswith(r.ending)), "organization")


@cache
def unit_kind_labels() -> dict[str, str]:
    """Each kind of unit and what the pages call it (department → 政府部门), in the order they list kinds."""
    labels: dict[str, str] = {}
    for number, (kind, label) in _rows(UNIT_KINDS, 2):
        if not kind or not label or kind in labels:
            raise FengongError(f"{UNIT_KINDS.name}, line {number}: expected a new kind, a tab and its name on the pages")
        labels[kind] = label
    return labels


PostUse = Literal["post", "group", "division"]
POST_USES: tuple[PostUse, ...] = ("post", "group", "division")


@cache
def posts() -> dict[str, frozenset[PostUse]]:
    """Every post (局长, 科长, 组长 …) and where it counts: ``post`` after a person's name (王五副局长),
    ``group`` as a role in a leading group (组长：…, 任副组长), ``division`` after a division's name (综合科科长)."""
    return _word_uses(POSTS, POST_USES, "post")


def post_words(use: PostUse) -> tuple[str, ...]:
    """The posts of this use, longest first."""
    return longest_first(p for p, uses in posts().items() if use in uses)


CollectiveUse = Literal["head", "area", "tail", "inner"]
COLLECTIVE_USES: tuple[CollectiveUse, ...] = ("head", "area", "tail", "inner")


@cache
def collective_words() -> dict[str, frozenset[CollectiveUse]]:
    """The words that make a mention a collective (各部门, 有关县区, 成员单位) and where each stands:
    ``head`` opening it (各, 有关), ``area`` a quantifier over a list of areas (各乡、镇), ``tail`` closing it
    (成员单位, 有关部门), ``inner`` anywhere in a short mention (县(市、区))."""
    return _word_uses(COLLECTIVE_WORDS, COLLECTIVE_USES, "word")


def collective_pattern(use: CollectiveUse) -> str:
    """The collective words of this use as one regex alternation, longest first."""
    return one_of(w for w, uses in collective_words().items() if use in uses)


BoilerplateUse = Literal["header", "footer", "banner"]
BOILERPLATE_USES: tuple[BoilerplateUse, ...] = ("header", "footer", "banner")


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """One row of ``boilerplate.tsv``: how a line of the web page or sharing site around a document opens."""

    pattern: str
    """A regular expression matched at the start of a line."""
    uses: frozenset[BoilerplateUse]
    example: str
    """A line the entry removes."""


@cache
def boilerplate() -> tuple[Boilerplate, ...]:
    """Every boilerplate entry, in the file's order; a pattern that does not compile is refused."""
    out: dict[str, Boilerplate] = {}
    for number, (pattern, uses, example) in _rows(BOILERPLATE, 3):
        used = _words(uses, BOILERPLATE_USES)
        try:
            re.compile(pattern)
        except re.error as e:
            raise FengongError(f"{BOILERPLATE.name}, line {number}: the pattern does not compile: {e}") from e
        if not pattern or pattern in out or not used or not example:
            raise FengongError(
                f"{BOILERPLATE.name}, line {number}: expected a new pattern, uses among {BOILERPLATE_USES}, an example"
            )
        out[pattern] = Boilerplate(pattern, cast(frozenset[BoilerplateUse], used), example)
    return tuple(out.values())


def boilerplate_pattern(use: BoilerplateUse) -> str:
    """The boilerplate patterns of this use as one regex alternation."""
    return "|".join(f"(?:{b.pattern})" for b in boilerplate() if use in b.uses)
