#!/usr/bin/env python3
"""Check that a plain (not editable) install of fengong works away from the checkout.

    python3 scripts/check_wheel.py        # run by .ci/run after the test suite

Builds the wheel, installs it into a fresh virtualenv in a temporary folder and, from another
folder, runs what a new user runs first: ``fengong extract`` on a bundled document, ``fengong
load`` of the bundled corpus (no paths given), ``fengong query unit-search`` and ``fengong
serve``, whose ``/units?name=市财政局`` must list the bureaus of the corpus. Everything the
package reads (alias table, corpus, ontology, queries, templates) must therefore ship inside it.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUREAU = "市财政局"


def step(cmd: list[str], cwd: Path) -> str:
    print("+", " ".join(cmd), flush=True)
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def served_units(port: int, timeout: float = 60.0) -> list[dict[str, object]]:
    url = f"http://127.0.0.1:{port}/units?" + urllib.parse.urlencode({"name": BUREAU})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return list(json.load(answer)["data"])
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="fengong-wheel-") as tmp:
        work = Path(tmp)
        wheels, env, elsewhere = work / "wheels", work / "venv", work / "elsewhere"
        elsewhere.mkdir()
        step([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)], ROOT)
        wheel = next(wheels.glob("fengong-*.whl"))
        venv.create(env, with_pip=True)
        python, fengong = env / "bin" / "python", env / "bin" / "fengong"
        step([str(python), "-m", "pip", "install", "--quiet", str(wheel)], elsewhere)
        corpus = Path(step([str(python), "-c", "from fengong.data import BUNDLED_CORPUS; print(BUNDLED_CORPUS)"], elsewhere).strip())
        if ROOT in corpus.parents:
            sys.exit(f"the installed package reads its corpus from the checkout: {corpus}")
        document = sorted(corpus.glob("*.txt"))[0]
        extraction = json.loads(step([str(fengong), "extract", str(document), "--format", "json"], elsewhere))
        if not extraction["tasks"] or not extraction["units"]:
            sys.exit(f"the installed package extracted no tasks or no units from {document.name}")
        step([str(fengong), "load"], elsewhere)  # its table and summary go to the terminal (stderr)
        found = step([str(fengong), "query", "unit-search", "--param", f"name={BUREAU}", "--format", "json"], elsewhere)
        if len(json.loads(found)) < 2:
            sys.exit(f"unit-search {BUREAU}: expected the bureaus of two cities, got {found}")
        port = free_port()
        server = subprocess.Popen([str(fengong), "serve", "--port", str(port)], cwd=elsewhere)
        try:
            units = served_units(port)
        finally:
            server.terminate()
            server.wait(timeout=30)
        if len(units) < 2:
            sys.exit(f"/units?name={BUREAU}: expected the bureaus of two cities, got {units}")
        print(f"wheel check passed: {wheel.name} extracts, loads, queries and serves from {elsewhere}")


if __name__ == "__main__":
    main()
