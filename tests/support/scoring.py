"""Scoring documents with the evaluation's own scorer (``../shared/eval/score.py``), as CI and the stop hook do.

The documents are extracted by one run of the installed ``fengong extract … --out`` (one process, not one per
document, as the scorer's ``--cmd`` would start), and the scorer reads those files (``--pred``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[2].parent / "shared"  # ../shared beside the repository
SCORER = SHARED / "eval" / "score.py"
FENGONG = Path(sys.executable).parent / "fengong"
METRICS = (
    "plan",
    "tasks",
    "responsible",
    "roles",
    "targets",
    "target_fields",
    "mechanisms",
    "citations",
    "persons",
    "entities",
)

_SUMMARY = re.compile(r"^SUMMARY (.*)$", re.MULTILINE)

needs_scorer = pytest.mark.skipif(
    (not SCORER.exists() or not FENGONG.exists()) and os.environ.get("CI") != "true",
    reason="needs ../shared/eval/score.py beside the repository and the installed fengong command",
)


def extract(documents: list[Path], out: Path) -> Path:
    """``out``, holding ``<stem>.json`` for each document as ``fengong extract`` writes it."""
    run = subprocess.run(
        [str(FENGONG), "extract", *map(str, documents), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert {p.stem for p in out.glob("*.json")} == {d.stem for d in documents}
    return out


def score(annotations: list[Path], predictions: Path, work: Path) -> tuple[dict[str, float], str]:
    """The scorer's summary (F1; accuracy for plan and target_fields) over these gold files, and its report."""
    assert SCORER.exists(), f"the scorer is expected at {SCORER} (shared/ beside the repository)"
    assert annotations, "no gold files"
    gold = work / "gold"
    gold.mkdir()
    for annotation in annotations:
        assert (predictions / annotation.name).exists(), f"{annotation.stem} was not extracted"
        shutil.copy(annotation, gold / annotation.name)
    run = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(predictions), "-v"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    m = _SUMMARY.search(run.stdout)
    assert m, run.stdout[-2000:]
    return {k: float(v) for k, v in (item.split("=") for item in m.group(1).split() if "=" in item)}, run.stdout


def below(summary: dict[str, float], floors: dict[str, float]) -> dict[str, str]:
    """The metrics under their floor, each as 'got < floor'."""
    return {k: f"{summary.get(k, 0.0):.3f} < {f}" for k, f in floors.items() if summary.get(k, 0.0) < f}
