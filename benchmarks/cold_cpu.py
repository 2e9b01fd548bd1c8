"""CPU-seconds of a cold first run: a fresh Python process runs one page once with AppTest (every import and
every answer from an empty cache, as a cold server's first deep link does), against the reference page the same
way; then the median CPU-seconds of a warm rerun (``--reruns``, nothing changed). CPU-seconds of the process,
not wall seconds, so the ratio holds on a machine shared with other work; the browser's own drawing is not in it
(``benchmarks/pages.py --browser`` times that too).

Usage: ``python benchmarks/cold_cpu.py --store STORE [--runs N] [--reruns N] [--pages crime,...]``. Each run starts
new processes, reference and pages alternately; prints every run and the medians. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pages import PAGES  # noqa: E402

CHILD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=600)
for k, v in json.loads(sys.argv[2]).items():
    at.query_params[k] = v
at.run()
assert not at.exception, [e.message for e in at.exception]
cold = {"cpu": time.process_time() - c0, "wall": time.perf_counter() - t0}
warm = []
for _ in range(int(sys.argv[3])):
    c = time.process_time()
    at.run()
    warm.append(time.process_time() - c)
warm.sort()
print(json.dumps(cold | {"warm": warm[len(warm) // 2]}))
"""


def cold_run(path: Path, params: dict[str, str], store: Path, reruns: int) -> dict[str, float]:
    env = dict(os.environ, POLICING_STORE=str(store), POLICING_BASEMAP="none", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), json.dumps(params), str(reruns)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pages", default="crime,stop_search")
    ap.add_argument("--reruns", type=int, default=9, help="warm reruns after the cold run (median CPU-s of one)")
    args = ap.parse_args()
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    names = ["reference", *args.pages.split(",")]
    seen: dict[str, list[dict[str, float]]] = {n: [] for n in names}
    for i in range(args.runs):
        for name in names:
            rel, params = ("benchmarks/reference_page.py", {}) if name == "reference" else PAGES[name]
            r = cold_run(ROOT / rel, params, args.store, args.reruns)
            seen[name].append(r)
            print(f"run {i + 1} {name:12} cpu {r['cpu']:.2f} s wall {r['wall']:.2f} s warm rerun cpu {r['warm']:.3f} s")
    ref = statistics.median(r["cpu"] for r in seen["reference"])
    ref_warm = statistics.median(r["warm"] for r in seen["reference"])
    for name in names:
        cpu = statistics.median(r["cpu"] for r in seen[name])
        wall = statistics.median(r["wall"] for r in seen[name])
        warm = statistics.median(r["warm"] for r in seen[name])
        print(f"median {name:12} cold cpu {cpu:.2f} s ({cpu / ref:.2f}x reference) wall {wall:.2f} s; "
              f"warm rerun cpu {warm:.3f} s ({warm / ref_warm:.2f}x reference)")


if __name__ == "__main__":
    main()
