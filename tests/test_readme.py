"""The README is what a newcomer follows: every repository path it names exists."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
# A path inside the repository, in backticks or in a command: starts at one of its top-level folders.
_PATH = re.compile(r"(?<![\w./-])((?:src|tests|scripts|docs|\.ci)/[\w./*-]*[\w/*])")


def test_readme_names_only_paths_that_exist():
    named = set(_PATH.findall(README))
    assert "src/fengong/data/corpus" in {p.rstrip("/") for p in named}
    missing = sorted(p for p in named if not any(REPO.glob(p.rstrip("/"))))
    assert not missing, missing


def test_the_path_pattern_sees_paths_and_only_paths():
    sample = "see `src/fengong/api/settings.py`, run scripts/dev.py; not var/x, not a/src/b"
    assert _PATH.findall(sample) == ["src/fengong/api/settings.py", "scripts/dev.py"]
