"""The evaluation's dev set, scored end to end by its own scorer, with a floor per set and metric.

The dev set is ``../shared/eval/``: the five seed documents (``gold/``) and twelve real documents of other kinds
(``corpus2/``). Each set is scored alone and the seventeen together (entities are counted across documents, so the
merged figure is not an average of the two). The floors are the figures the extraction reached when they were last
raised: a change that loses a fact fails here. Raise a floor when a change lifts its figure, and the table in
``docs/extraction.md`` with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.scoring import METRICS, SHARED, below, extract, needs_scorer, score

EVAL = SHARED / "eval"
SETS = {"seeds": (SHARED / "seeds", EVAL / "gold"), "corpus2": (EVAL / "corpus2" / "docs", EVAL / "corpus2" / "gold")}

FLOORS: dict[str, dict[str, float]] = {
    "seeds": {
        "plan": 1.0,
        "tasks": 1.0,
        "responsible": 1.0,
        "roles": 1.0,
        "targets": 1.0,
        "target_fields": 1.0,
        "mechanisms": 0.878,
        "citations": 1.0,
        "persons": 1.0,
        "entities": 1.0,
    },
    "corpus2": {
        "plan": 1.0,
        "tasks": 1.0,
        "responsible": 0.995,
        "roles": 0.993,
        "targets": 0.949,
        "target_fields": 0.943,
        "mechanisms": 0.768,
        "citations": 0.962,
        "persons": 1.0,
        "entities": 0.879,
    },
    "all": {
        "plan": 1.0,
        "tasks": 1.0,
        "responsible": 0.997,
        "roles": 0.994,
        "targets": 0.967,
        "target_fields": 0.963,
        "mechanisms": 0.828,
        "citations": 0.975,
        "persons": 1.0,
        "entities": 0.952,
    },
}


def annotations(name: str) -> list[Path]:
    """The gold files of one set, or of every set for ``all``."""
    if name == "all":
        return [a for each in SETS for a in annotations(each)]
    return sorted(SETS[name][1].glob("*.json"))


@pytest.fixture(scope="module")
def predictions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every dev-set document extracted once, by one run of ``fengong extract … --out``."""
    documents = [SETS[name][0] / f"{a.stem}.txt" for name in SETS for a in annotations(name)]
    return extract(documents, tmp_path_factory.mktemp("dev-set") / "pred")


@needs_scorer
@pytest.mark.parametrize("name", FLOORS)
def test_the_dev_set_scores_at_least_its_floors(name: str, predictions: Path, tmp_path: Path) -> None:
    summary, report = score(annotations(name), predictions, tmp_path)
    assert not below(summary, FLOORS[name]), f"{name} below its floors: {below(summary, FLOORS[name])}\n{report}"


def test_every_set_has_a_floor_for_every_metric() -> None:
    assert all(set(floors) == set(METRICS) for floors in FLOORS.values())


def test_the_table_in_docs_extraction_md_shows_the_floors() -> None:
    """The figures a reader sees are the floors the suite holds (raised together, never apart)."""
    text = (Path(__file__).parents[2] / "docs" / "extraction.md").read_text(encoding="utf-8")
    shown = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in METRICS:
            shown[cells[0]] = dict(zip(FLOORS, map(float, cells[1:]), strict=True))
    assert shown == {m: {name: FLOORS[name][m] for name in FLOORS} for m in METRICS}
