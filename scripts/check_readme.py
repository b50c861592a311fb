#!/usr/bin/env python3
"""Run every command the README shows, in order, as a newcomer would: run by .ci/run.

    python3 scripts/check_readme.py

The commands run in a copy of the checkout (its `.venv` linked, `../shared` beside it), so
nothing they write lands in the working tree. ``python3 scripts/dev.py run`` is started as the
server the `curl` lines ask, and stopped at the end. Placeholders (``<unit_id>``, ``<id>``) become
柳州市财政局's id, read with the README's own unit-search. Commands that need what a CI machine
does not have (Docker, a Neo4j server) or that another step runs are listed with the reason, and
a command no rule below knows fails the check, so a new README command gets a rule.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8000  # the README's own
TIMEOUT_S = 300

# (pattern of a command, None to run it or the reason it is not run here); the first match decides.
RULES: list[tuple[str, str | None]] = [
    (r"^python3 scripts/dev\.py test\b", "the step that runs the test suite"),
    (r"^python3 scripts/dev\.py run\b", None),  # started as the server, see main()
    (r"--store neo4j|NEO4J|^docker ", "needs Docker or a Neo4j server; the suite tests the Neo4j store against a real one"),
    (r"^python3 -m venv /tmp/fg|^cd /tmp && /tmp/fg/", "a plain install away from the checkout: scripts/check_wheel.py"),
    (r"^\.venv/bin/python scripts/bench_extract\.py", None),
    (r"^\.venv/bin/fengong ", None),
    (r"^curl ", None),
    (r"^python3 \.\./shared/eval/score\.py ", None),
]


def commands(readme: str) -> list[str]:
    """The lines of the README's ``sh`` blocks, continuations joined, comments dropped."""
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        joined = re.sub(r"\\\n\s*", "", block)
        for line in joined.splitlines():
            command = re.sub(r"\s+#\s.*$", "", line).strip()
            if command:
                lines.append(command)
    return lines


def rule_for(command: str) -> tuple[bool, str | None]:
    for pattern, reason in RULES:
        if re.search(pattern, command):
            return True, reason
    return False, None


def run(command: str, cwd: Path) -> str:
    print(f"+ {command}", flush=True)
    done = subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    if done.returncode:
        sys.exit(f"README command failed ({done.returncode}): {command}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}")
    return done.stdout


def start_server(cwd: Path) -> subprocess.Popen[bytes]:
    print("+ python3 scripts/dev.py run   (in the background, for the curl lines)", flush=True)
    server = subprocess.Popen(
        [sys.executable, "scripts/dev.py", "run"], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/plans", timeout=5):
                return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"python3 scripts/dev.py run ended with {server.returncode} before serving")
            time.sleep(0.5)
    sys.exit("python3 scripts/dev.py run did not answer within 180 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def main() -> None:
    # The copy's `dev.py run` must find .venv set up for this checkout: a stale stamp would make it
    # reinstall the project from the copy, which is removed at the end.
    sys.path.insert(0, str(ROOT / "scripts"))
    import dev

    dev.setup()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    todo = commands(readme)
    unknown = [c for c in todo if not rule_for(c)[0]]
    if unknown:
        sys.exit("README commands no rule of scripts/check_readme.py knows (add one):\n  " + "\n  ".join(unknown))
    with tempfile.TemporaryDirectory(prefix="fengong-readme-") as tmp:
        work = Path(tmp) / "main"
        tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        for name in filter(None, tracked.decode().split("\0")):
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, work / name)
        (work / ".venv").symlink_to(ROOT / ".venv")
        if (ROOT.parent / "shared").exists():
            (Path(tmp) / "shared").symlink_to(ROOT.parent / "shared")
        (work / "my-plans").mkdir()
        shutil.copy2(sorted((work / "src/fengong/data/corpus").glob("*.txt"))[0], work / "my-plans")
        server: subprocess.Popen[bytes] | None = None
        unit: str | None = None
        skipped: list[tuple[str, str]] = []
        try:
            for command in todo:
                _, reason = rule_for(command)
                if reason is not None:
                    skipped.append((command, reason))
                    continue
                if command.startswith("python3 scripts/dev.py run"):
                    continue  # started with the first curl line
                if re.search(r"<unit[_ ]id>|<id>", command):
                    if unit is None:
                        unit = finance_bureau(work)
                    command = re.sub(r"<unit[_ ]id>|<id>", unit, command)
                if command.startswith("curl "):
                    if server is None:
                        server = start_server(work)
                    command = "curl --fail --silent --show-error " + command[len("curl ") :]
                run(command, work)
        finally:
            if server is not None:
                stop(server)
    for command, reason in skipped:
        print(f"  not run here: {command}\n      ({reason})")
    print(f"README check passed: {len(todo) - len(skipped)} commands run, {len(skipped)} covered elsewhere")


def finance_bureau(work: Path) -> str:
    """柳州市财政局's id, as the README finds it."""
    rows = json.loads(run(".venv/bin/fengong query unit-search --param name=市财政局 --format json", work))
    return str(next(r["unit_id"] for r in rows if r["jurisdiction"] == "柳州市"))


if __name__ == "__main__":
    main()
