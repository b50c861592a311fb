"""``fengong serve`` as a user runs it: an empty embedded store gets the bundled corpus, then answers at once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from support.live import closed_port

FENGONG = Path(sys.executable).with_name("fengong")
REPO = Path(__file__).resolve().parents[2]


def test_serve_loads_the_bundled_corpus_into_an_empty_store_and_answers(tmp_path, extractions):
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
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "empty" in output and "loaded" in output and "/docs" in output
