"""Benchmark: the whole ingest of the published files, wall time and peak memory.

Usage: ``python benchmarks/ingest.py [SOURCE_DIR]`` (default ``../shared/data``). Prints figures;
the goal (issue 2) is under 30 s and under 1 GB on a 2-core machine. Runs the real command in a
child process so that its peak resident memory is measured on its own.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 30
GOAL_MB = 1024


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "lib.cli", "ingest", str(source), "--store", str(Path(tmp) / "store")],
            cwd=ROOT, capture_output=True, text=True,
        )
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = sum(p.stat().st_size for p in (Path(tmp) / "store").glob("*")) / 1e6 if proc.returncode == 0 else 0
    if proc.returncode != 0:
        print(proc.stderr.strip())
        return proc.returncode
    print(f"source: {source}")
    print(f"cores: {os.cpu_count()}")
    print(f"wall time: {elapsed:.1f} s (goal < {GOAL_SECONDS} s)")
    print(f"peak memory: {peak_mb:.0f} MB (goal < {GOAL_MB} MB)")
    print(f"store size: {size_mb:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
