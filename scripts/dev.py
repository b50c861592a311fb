#!/usr/bin/env python3
"""One command to set up and run fengong, with only Python 3.11+ on the machine.

    python3 scripts/dev.py run     # set up .venv, load the bundled corpus, serve the API and pages on :8000
    python3 scripts/dev.py test    # set up .venv, then lint (ruff), type-check (mypy), check the floors (lint-imports), test (pytest)
    python3 scripts/dev.py test --quick   # the same without the Neo4j, browser and heavy tests (about a minute)

``test`` runs pytest twice: the suite, then the tests marked ``heavy`` (walks, fuzzing, corpora
of attacks). Extra arguments go to one pytest run instead (``dev.py test tests/loaders -x``).
The tests run on every core (pytest-xdist, one file per worker at a time, so a module's
fixtures are built once).

Setting up means: create .venv if missing and install this project with its
pinned dependencies (pip install -e '.[test]'); it is skipped when
pyproject.toml has not changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".fengong-installed"


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    if code:
        sys.exit(code)


def test_environment() -> dict[str, str]:
    """The environment for pytest: bytecode kept (in the usual ``__pycache__`` folders, git-ignored).

    With PYTHONDONTWRITEBYTECODE set (as on some machines), every test worker and every
    ``fengong`` process a test starts compiled fengong and rewrote the assertions of about
    340 modules afresh: seconds of CPU each. (A PYTHONPYCACHEPREFIX would also recompile
    every installed package once, which pip has already compiled in place.)
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script is what tells a newcomer
        sys.exit(f"fengong needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    if not (BIN / "python").exists():
        print("creating .venv", flush=True)
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(digest)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if command not in {"run", "test"}:
        sys.exit(__doc__)
    setup()
    if command == "run":
        # An empty store is filled with the bundled corpus (src/fengong/data/corpus) first; extra arguments go to `fengong serve` (--port 8080).
        run(BIN / "fengong", "serve", *sys.argv[2:])
    else:
        run(BIN / "ruff", "check", ".")
        run(BIN / "mypy")
        run(BIN / "lint-imports", "--no-cache")  # the floors of the README's "Layout" (pyproject's contracts)
        # A file per worker at a time, so a module's fixtures (a Neo4j loaded with the corpus) are built
        # once; without Neo4j, work stealing balances the two workers better (56 s instead of 59 s).
        args = sys.argv[2:]
        loadfile = ["-n", "auto", "--dist", "loadfile"]
        if "--quick" in args:
            rest = [a for a in args if a != "--quick"]
            # One worker more than cores: these tests wait on sockets, live servers and subprocesses part of the
            # time, and a third worker on 2 cores fills those waits (paired: 45.3–45.8 s instead of 48.4–49.1 s in a
            # quiet hour, about 2 % in a noisy one; docs/benchmarks.md).
            # Not for the full run: each worker there boots its own Neo4j, and a third made step 1 slower.
            workers = str((os.cpu_count() or 1) + 1)
            steps = [["-n", workers, "--dist", "worksteal", "-m", "not neo4j and not browser and not heavy and not soak", *rest]]
        elif args:
            steps = [[*loadfile, *args]]
        else:
            steps = [[*loadfile, "-m", "not heavy and not soak"], [*loadfile, "-m", "heavy and not soak"]]
        for step in steps:
            run(BIN / "python", "-m", "pytest", *step, env=test_environment())


if __name__ == "__main__":
    main()
