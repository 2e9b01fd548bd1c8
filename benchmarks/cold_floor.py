"""Where a cold first deep link's time goes: the crime page cut short at each step, against the reference page.

Usage: ``python benchmarks/cold_floor.py --store STORE [--runs N]``. For each variant, a fresh ``streamlit run
app.py`` server (from a copy of the project whose crime page is cut short; the working tree is not touched),
first navigation to ``/Crime?borough=Enfield`` in chromium until the script has finished running (as
``benchmarks/pages.py --browser``), and the server process's CPU-seconds over that navigation. Variants, each
the page up to a point and then ``st.stop()``:

- ``bare``: a title only (Streamlit's own multipage app: the floor no page can go under);
- ``imports``: the crime page's imports, then a title;
- ``frame``: and the shared frame (``page_frame``: page config, navigation, area picker, the store);
- ``dataset``: and the release picker and the crime dataset;
- ``answer``: and the other pickers and the area's view, up to the answer sentence and its figure;
- ``cards``, ``table``, ``trend``, ``map``: and the headline cards, the table of every crime type (and the pack's
  buttons), the month-by-month chart, the borough map;
- ``page``: the whole page as shipped (its parts a reader opens closed).

Runs alternate the reference page and the variants; prints the median of each. Asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.crime_page import _serve, _time_navigation  # noqa: E402

PAGE = "pages/1_Crime.py"
CUTS = {  # variant: the line of the crime page before which it stops (None: the whole page)
    "imports": "frame = page_frame(",
    "frame": 'if not frame.store.has("crime_borough")',
    "dataset": "to = url_month(",
    "answer": 'st.header(f"{answers.plain_name(indicator)} in {area}")',
    "cards": 'st.header("Every crime type: latest 12 months',
    "table": "# --- trend",
    "trend": "# --- borough map",
    "map": "# --- the parts a reader opens",
    "page": None,
}


def variant(source: str, name: str) -> str:
    if name == "bare":
        return "import streamlit as st\n\nst.title('Crime')\n"
    cut = CUTS[name]
    if cut is None:
        return source
    head = source[: source.index(cut)]
    return head + ("st.title('Crime')\n" if name == "imports" else "") + "st.stop()\n"


def copy_project(dest: Path) -> None:
    """What ``streamlit run app.py`` reads: the app, its pages, lib, config and static files."""
    dest.mkdir(parents=True)
    for name in ("app.py", "pages", "lib", ".streamlit", "static"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    source = (ROOT / PAGE).read_text(encoding="utf-8")
    names = ["bare", *CUTS]
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        projects = {}
        for name in names:
            projects[name] = Path(tmp) / name
            copy_project(projects[name])
            (projects[name] / PAGE).write_text(variant(source, name), encoding="utf-8")
            compileall.compile_dir(projects[name], quiet=1)  # bytecode ready, as a deployed app's second start
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(args.runs):
                for name in ["reference", *names]:
                    if name == "reference":
                        proc, base = _serve(ROOT / "benchmarks" / "reference_page.py", args.store)
                        path = ""
                    else:
                        proc, base = _serve(projects[name] / "app.py", args.store, root=projects[name])
                        path = "Crime?borough=Enfield"
                    try:
                        time.sleep(1.0)  # the server idle before the first visit
                        before = server_cpu(proc.pid)
                        ran, _ = _time_navigation(browser, base + path)
                        results.setdefault(name, []).append((ran, server_cpu(proc.pid) - before))
                    finally:
                        proc.terminate()
                        proc.wait(timeout=10)
        finally:
            browser.close()
    ref = statistics.median(r for r, _ in results["reference"])
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; medians of {args.runs} runs")
    print(f"{'variant':10s} {'finished s':>10s} {'x ref':>6s} {'server CPU s':>12s}")
    for name, runs in results.items():
        ran = statistics.median(r for r, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{name:10s} {ran:10.2f} {ran / ref:5.2f}x {cpu:12.2f}")


if __name__ == "__main__":
    main()
