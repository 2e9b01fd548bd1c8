"""The test suite's time: where each worker's seconds go, and how busy the machine's cores are meanwhile.

    python benchmarks/suite.py [PYTEST ARGS]     # e.g. -m "not slow"; default: the whole suite

Runs ``python -m pytest`` (the README's command, with its ``-n 2``) with this module as a plugin
(``-p benchmarks.suite``): each xdist worker writes when each test starts and ends, and the controller reads
the machine's CPU counters (``/proc/stat``) every second. Then prints the wall time; test time by folder and
by module (seconds a worker spent in the module's tests, fixtures included); and the machine's busy cores by
minute with the modules the workers ran. A suite whose cores are busy all the run is bound by CPU: only
less work makes it faster, not more workers or fewer waits (docs/PERFORMANCE.md, sixth session).

Before and after the run it times a fixed pure-Python loop on the idle machine (the pace): the same machine's
pace moved from 1.0 to 1.8 within one evening (docs/PERFORMANCE.md, eleventh session), and the suite with it, so
compare two runs' times only beside their paces.

Linux only (``/proc/stat``). Busy = user, nice, system, irq and softirq time; idle and I/O wait are idle.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = os.environ.get("SUITE_TIMELINE")  # set by main() for the pytest run it starts
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "controller")


def _busy_jiffies() -> tuple[int, int]:
    """(busy, total) CPU jiffies of the whole machine, all cores."""
    with open("/proc/stat") as f:
        user, nice, system, idle, iowait, irq, softirq, *_ = map(int, f.readline().split()[1:])
    busy = user + nice + system + irq + softirq
    return busy, busy + idle + iowait


# --- the plugin (loaded in the controller and in every worker by ``-p benchmarks.suite``) ---------------------

def _write(kind: str, nodeid: str) -> None:
    with open(Path(FOLDER) / f"tests-{WORKER}.jsonl", "a") as f:
        f.write(json.dumps([kind, nodeid, time.time()]) + "\n")


def pytest_runtest_logstart(nodeid: str, location: object) -> None:
    if FOLDER and WORKER != "controller":
        _write("start", nodeid)


def pytest_runtest_logfinish(nodeid: str, location: object) -> None:
    if FOLDER and WORKER != "controller":
        _write("end", nodeid)


def pytest_configure(config: object) -> None:
    if not FOLDER or WORKER != "controller":
        return

    def sample() -> None:
        with open(Path(FOLDER) / "cpu.jsonl", "a") as out:
            while True:
                out.write(json.dumps([time.time(), *_busy_jiffies()]) + "\n")
                out.flush()
                time.sleep(1.0)

    threading.Thread(target=sample, daemon=True).start()


# --- the report -----------------------------------------------------------------------------------------------

def _spans(folder: Path) -> list[tuple[str, str, float, float]]:
    """(worker, test id, start, end) of every test that ended."""
    out = []
    for path in sorted(folder.glob("tests-*.jsonl")):
        started: dict[str, float] = {}
        for line in path.read_text().splitlines():
            kind, nodeid, t = json.loads(line)
            if kind == "start":
                started[nodeid] = t
            elif nodeid in started:
                out.append((path.stem.removeprefix("tests-"), nodeid, started.pop(nodeid), t))
    return out


def report(folder: Path, cores: int) -> str:
    spans = _spans(folder)
    samples = [json.loads(line) for line in (folder / "cpu.jsonl").read_text().splitlines()]
    if not spans or len(samples) < 2:
        return "no tests ran"
    t0, end = samples[0][0], max(s[3] for s in spans)
    slices = [(a[0], b[0], (b[1] - a[1]) / max(b[2] - a[2], 1)) for a, b in zip(samples, samples[1:], strict=False)]

    def busy_cores(first: float, last: float) -> float:
        """Mean busy cores over [first, last]."""
        seconds = sum(max(0.0, min(last, b) - max(first, a)) * share for a, b, share in slices)
        return cores * seconds / max(last - first, 1e-9)

    by_module: Counter[str] = Counter()
    for _, nodeid, a, b in spans:
        by_module[nodeid.split("::")[0]] += b - a
    by_folder: Counter[str] = Counter()
    for module, seconds in by_module.items():
        by_folder["/".join(module.split("/")[:2])] += seconds
    lines = [f"wall {end - t0:.0f} s; test time {sum(by_module.values()):.0f} worker-s over "
             f"{len({s[0] for s in spans})} workers; the machine's {cores} cores busy {busy_cores(t0, end):.2f} "
             "on average", "", "test time by folder (worker-s):"]
    lines += [f"  {s:7.1f}  {k}" for k, s in by_folder.most_common()]
    lines += ["", "test time by module, the 25 longest (worker-s):"]
    lines += [f"  {s:7.1f}  {k}" for k, s in by_module.most_common(25)]
    lines += ["", "busy cores by minute, and the two modules each worker spent most of that minute in:"]
    for first in range(int(t0), int(end) + 1, 60):
        running: dict[str, Counter[str]] = defaultdict(Counter)
        for worker, nodeid, a, b in spans:
            overlap = min(first + 60, b) - max(first, a)
            if overlap > 0:
                running[worker][nodeid.split("::")[0].removeprefix("tests/")] += overlap
        workers = " | ".join(", ".join(m for m, _ in running[w].most_common(2)) for w in sorted(running))
        lines.append(f"  {first - int(t0):4d} s  {busy_cores(first, min(first + 60, end)):.2f}  {workers}")
    return "\n".join(lines)


PACE_LOOPS = 5_000_000


def pace() -> float:
    """Seconds for a fixed pure-Python loop (``PACE_LOOPS`` additions), the fastest of three: the machine's speed
    for one thread now (lower is faster)."""
    best = float("inf")
    for _ in range(3):
        t, total = time.perf_counter(), 0
        for i in range(PACE_LOOPS):
            total += i
        best = min(best, time.perf_counter() - t)
    return best


def main(args: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SUITE_TIMELINE=tmp)
        before = pace()
        t = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "benchmarks.suite", *args], env=env,
                               cwd=ROOT)
        print(f"\npytest exit {code} after {time.perf_counter() - t:.0f} s")
        print(f"pace (a fixed loop on the idle machine, lower is faster): {before:.2f} s before, {pace():.2f} s "
              "after\n")
        print(report(Path(tmp), os.cpu_count() or 1))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
