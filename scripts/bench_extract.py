#!/usr/bin/env python3
"""Extraction throughput over the bundled corpus, repeated, on one core.

    .venv/bin/python scripts/bench_extract.py [--rounds 20]

Reports MB/s (UTF-8 bytes of the input) and documents/s for the full pipeline,
and, as the baseline measured in the same process, for reading alone (decode
and normalise), so the figures can be compared across machines as a ratio.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from fengong.data import BUNDLED_CORPUS
from fengong.loaders.pipeline import extract_document
from fengong.loaders.read import read_path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="times the corpus is processed")
    parser.add_argument("--corpus", type=Path, default=BUNDLED_CORPUS)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.txt"))
    size = sum(p.stat().st_size for p in files)
    extract_document(read_path(files[0]))  # warm up: load the alias table, gazetteer and scheme once

    start = time.perf_counter()
    for _ in range(args.rounds):
        raws = [read_path(p) for p in files]
    read_s = time.perf_counter() - start

    start = time.perf_counter()
    for _ in range(args.rounds):
        for raw in raws:
            extract_document(raw)
    extract_s = time.perf_counter() - start + read_s

    total_mb = size * args.rounds / 1e6
    docs = len(files) * args.rounds
    print(f"python {platform.python_version()} on {platform.machine()}, one process, one core")
    print(
        f"corpus: {len(files)} documents, {size / 1e3:.1f} kB; rounds: {args.rounds} ({total_mb:.2f} MB, {docs} documents)"
    )
    print(f"baseline (read + normalise): {total_mb / read_s:8.2f} MB/s  {docs / read_s:8.1f} docs/s")
    print(f"full extraction:             {total_mb / extract_s:8.2f} MB/s  {docs / extract_s:8.1f} docs/s")
    print(f"full extraction takes {extract_s / read_s:.1f}x the time of the baseline")


if __name__ == "__main__":
    main()
