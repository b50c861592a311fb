"""Vocabularies kept as data: each read once from its file in :mod:`fengong.data`, typed, in one place.

The labels of responsibility (``role_labels.tsv``) serve the clause reader (:mod:`loaders.responsibility`) and
the table reader (:mod:`loaders.columns`) alike, so that 主办单位 cannot lead in one and not in the other.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Literal, cast

from fengong.data import ROLE_LABELS
from fengong.errors import FengongError

AREA_LEVELS = r"(?:县级市|县市区|县区|区县|乡镇|镇街|街镇|街道|园区|开发区|社区|乡|镇|区|县|市|村)"
"""The words for the areas of a level (乡, 街道, 县级市 …) that 各/有关 make a collective: 各街镇, 各乡、镇人民政府."""

LabelRole = Literal["lead", "support", "responsible", "person"]
LABEL_ROLES: tuple[LabelRole, ...] = ("lead", "support", "responsible", "person")


@cache
def role_labels() -> dict[str, LabelRole]:
    """Every responsibility label and the role it gives (``person`` labels name people, not units)."""
    out: dict[str, LabelRole] = {}
    for number, line in enumerate(ROLE_LABELS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, _, role = line.partition("\t")
        if role not in LABEL_ROLES or not label or label in out:
            raise FengongError(f"{ROLE_LABELS.name}, line {number}: expected a new label, a tab and one of {LABEL_ROLES}")
        out[label] = cast(LabelRole, role)
    return out


@cache
def labels(*roles: LabelRole) -> tuple[str, ...]:
    """The labels of these roles, longest first (so that a regex alternation tries 牵头单位 before 牵头)."""
    return tuple(sorted((label for label, role in role_labels().items() if role in roles), key=lambda s: (-len(s), s)))


def alternation(*roles: LabelRole) -> str:
    """The labels of these roles as one regex alternation, longest first."""
    return "|".join(map(re.escape, labels(*roles)))


@lru_cache(maxsize=1024)  # bounded: headers of thousands of documents pass through
def role_of_header(header: str) -> LabelRole | None:
    """The role a table header gives its column: that of the longest label it contains."""
    found = [label for label in labels(*LABEL_ROLES) if label in header]
    return role_labels()[found[0]] if found else None
