"""Traditional script (繁體字): read through its simplified form, reported in the document's own characters.

The rules and vocabularies are written in simplified characters. A page in traditional script (號, 億, 萬, 牽頭,
負責, 辦公室) is converted with OpenCC (``t2s``) character for character, so every offset — and so every
provenance span — is the same in both texts. What the document prints (titles, 文号, issuers, mentions, source
sentences, figures' measure words) is turned back into its own characters; canonical names (a unit's name and
the id built from it, a concept's label) stay simplified, so that a unit is one unit whichever script names it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import opencc

from fengong.ontology.model import Extraction, Provenance

_CJK = re.compile(r"[\u4e00-\u9fff]")
_MIN_CHANGED = 10  # characters …
_MIN_SHARE = 0.01  # … and share of the Chinese characters that t2s changes before a text counts as traditional


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@dataclass(frozen=True, slots=True)
class Script:
    """A document's text in simplified characters, and the way back to the characters it prints."""

    text: str
    back: dict[str, str] = field(default_factory=dict)  # simplified character → the document's own

    @property
    def traditional(self) -> bool:
        return bool(self.back)

    def printed(self, s: str) -> str:
        """``s`` (read from the simplified text) in the document's own characters."""
        return "".join(self.back.get(c, c) for c in s) if self.back else s


def read_script(text: str) -> Script:
    """The text to read: simplified when the document is in traditional script, else the text itself."""
    simple = _t2s().convert(text)
    if len(simple) != len(text):  # a phrase rule changed the length: convert character by character
        simple = "".join(_t2s().convert(c) if len(_t2s().convert(c)) == 1 else c for c in text)
    pairs = Counter(_differences(simple, text))
    changed = sum(pairs.values())
    if changed < _MIN_CHANGED or changed < _MIN_SHARE * len(_CJK.findall(text)):
        return Script(text)
    native = Counter(c for c in text if c in {s for s, _ in pairs})  # the simplified form printed as such
    back: dict[str, str] = {}
    for (s, o), n in pairs.most_common():
        if s not in back and n > native[s]:
            back[s] = o
    return Script(simple, back)


def _differences(simple: str, text: str, chunk: int = 512) -> Iterator[tuple[str, str]]:
    """The (simplified, printed) pairs where the texts differ, skipping equal chunks at C speed."""
    for i in range(0, len(text), chunk):
        a, b = simple[i : i + chunk], text[i : i + chunk]
        if a != b:
            yield from ((s, o) for s, o in zip(a, b, strict=True) if s != o)


def as_printed(x: Extraction, script: Script) -> Extraction:
    """The extraction with what the document prints back in its own script (unchanged for simplified text)."""
    if not script.traditional:
        return x
    p = script.printed

    def prov(v: Provenance) -> Provenance:
        return replace(v, text=p(v.text))

    def opt(v: str | None) -> str | None:
        return p(v) if v is not None else None

    def each(items: list[Any], **fields: Any) -> list[Any]:
        return [replace(item, **{name: f(getattr(item, name)) for name, f in fields.items()}) for item in items]

    plan = replace(
        x.plan,
        title=opt(x.plan.title),
        doc_number=opt(x.plan.doc_number),
        issuers=[p(i) for i in x.plan.issuers],
        provenance=prov(x.plan.provenance) if x.plan.provenance else None,
    )
    tasks = [
        replace(
            t,
            title=p(t.title),
            text=p(t.text),
            provenance=prov(t.provenance),
            assignments=each(t.assignments, mention=p, provenance=prov),
        )
        for t in x.tasks
    ]
    return replace(
        x,
        plan=plan,
        sections=each(x.sections, title=p, provenance=prov),
        tasks=tasks,
        targets=each(x.targets, text=p, indicator=p, unit=opt, provenance=prov),
        mechanisms=each(x.mechanisms, surface=p, provenance=prov),
        citations=each(x.citations, title=opt, doc_number=opt, provenance=prov),
        persons=each(x.persons, name=p, post=opt, provenance=prov),
        repairs=each(x.repairs, before=p, after=p),
    )
