"""``fengong serve`` as a user runs it: an empty embedded store gets the bundled corpus, then answers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from support.live import closed_port

from fengong.data import BUNDLED_CORPUS

FENGONG = Path(sys.executable).with_name("fengong")
REPO = Path(__file__).resolve().parents[2]


def _dump(db: Path, fmt: str) -> bytes:
    done = subprocess.run([str(FENGONG), "export", "--format", fmt, "--db", str(db)], capture_output=True, check=True)
    return done.stdout


@pytest.mark.heavy  # a real `fengong serve` loading the corpus (scripts/check_wheel.py does the same in CI)
def test_serve_loads_the_bundled_corpus_into_an_empty_store_and_answers(tmp_path, extractions):
    """… and what it loaded dumps to the same bytes as the same documents loaded by ``fengong load``."""
    loaded = tmp_path / "loaded.lbug"
    subprocess.run(
        [str(FENGONG), "load", str(BUNDLED_CORPUS), "--db", str(loaded)], cwd=REPO, capture_output=True, check=True
    )
    port = closed_port()
    db = tmp_path / "fresh.lbug"
    process = subprocess.Popen(
        [str(FENGONG), "serve", "--port", str(port), "--db", str(db), "--store", "embedded"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        deadline = time.monotonic() + 90
        while body is None and time.monotonic() < deadline and process.poll() is None:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/plans", timeout=5).json()
            except httpx.TransportError:
                time.sleep(0.2)
        assert body is not None, f"the server did not answer: {process.poll()}"
        assert {p["id"] for p in body["data"]} == {x.plan.id for x in extractions.values()}
        assert httpx.get(f"http://127.0.0.1:{port}/docs", timeout=5).status_code == 200
        assert all(p["source"] == Path(p["source"]).name for p in body["data"])  # a file name, no path
        served = {fmt: httpx.get(f"http://127.0.0.1:{port}/export.{fmt}", timeout=60).content for fmt in ("nt", "ttl")}
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "empty" in output and "loaded" in output and "/docs" in output
    for fmt, dump in served.items():
        assert dump == _dump(loaded, fmt), f"{fmt}: the two loads dump differently"
    assert str(tmp_path) not in served["nt"].decode() and str(BUNDLED_CORPUS) not in served["nt"].decode()


def _started(port: int, process: subprocess.Popen[str], deadline_s: float = 90) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(f"http://127.0.0.1:{port}/plans", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer: {process.poll()}")


@pytest.mark.heavy  # waits out the 5 s grace of a stop
def test_serve_refuses_foreign_host_names_and_stops_within_seconds_of_sigterm(tmp_path):
    port = closed_port()
    env = {**os.environ, "FENGONG_CYPHER_TIMEOUT_S": "120"}  # a console query that would run for two minutes
    process = subprocess.Popen(
        [str(FENGONG), "serve", "--port", str(port), "--db", str(tmp_path / "s.lbug"), "--store", "embedded"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _started(port, process)
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/plans", headers={"Host": "evil.example"}, timeout=5).status_code == 400  # DNS rebinding
        assert httpx.get(f"{base}/plans", headers={"Host": f"localhost:{port}"}, timeout=5).status_code == 200
        slow = "MATCH (a), (b), (c), (d) RETURN count(DISTINCT a.id + b.id + c.id + d.id) AS n"
        runner = threading.Thread(target=lambda: httpx.post(f"{base}/cypher", json={"query": slow}, timeout=180), daemon=True)
        runner.start()
        time.sleep(1.0)  # the query is running
        stopped_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
        assert time.monotonic() - stopped_at <= 7  # 5 s of grace, then out
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serve_with_an_impossible_port_says_so_in_one_line():
    done = subprocess.run([str(FENGONG), "serve", "--port", "99999"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "65535" in done.stderr
