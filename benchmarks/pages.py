"""Every page against the reference page, in one run: warm rerun, a new session's first page, and a cold
server's first deep link.

Usage: ``python benchmarks/pages.py --store /tmp/realstore [--runs N] [--browser] [--pages crime,...]``.
Prints the figures and their ratio to the reference page measured in the same run; asserts nothing.

- warm rerun (AppTest): median of ``--runs`` reruns of a page with nothing changed. Goal: within 2x.
- new session (AppTest): a fresh AppTest of the page in a process whose caches are already warm
  (another session has drawn it). Goal: within 1.5x the reference page's new session.
- cold deep link (``--browser``; chromium): a fresh server, idle a second after its health check, then the first
  navigation to ``/Crime?borough=Enfield`` until the script has finished running; ``--cold-runs`` servers each,
  in turn with the reference page's; the medians' ratio. Goal: within 1.5x the reference page's cold start. The
  server is started as deployed, ``streamlit run serve.py`` (it imports the pages' modules before it answers,
  ``lib.ui.startup``); ``streamlit run app.py`` (imports during the first run) is timed beside it for the record.
  The project is byte-compiled first, as the deploy recipe leaves it (``deploy/README.md``).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.crime_page import _serve, _time_navigation, time_page  # noqa: E402
from benchmarks.stored import require_stored_answers  # noqa: E402
from lib.ui.crime_blocks import SECTIONS  # noqa: E402

PAGES = {
    "crime": ("pages/1_Crime.py", {"borough": "Enfield"}),
    "confidence": ("pages/2_Confidence.py", {"borough": "Enfield"}),
    "comparator": ("pages/3_Neighbourhood_comparator.py", {"borough": "Enfield"}),
    "stop_search": ("pages/4_Stop_and_search.py", {"borough": "Enfield"}),
    "complaints": ("pages/5_Complaints.py", {"borough": "Enfield"}),
    "about": ("pages/6_About_the_data.py", {}),
    "home": ("app.py", {"borough": "Enfield"}),
    "challenge": ("pages/7_Challenge.py", {}),
    # the crime page with every part a reader opens open (lib.ui.crime_blocks.SECTIONS)
    "crime_open": ("pages/1_Crime.py", {"borough": "Enfield", **dict.fromkeys(SECTIONS, "true")}),
}


def new_session(path: Path, params: dict[str, str]) -> float:
    """First run of a new AppTest session once the process's caches are warm."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(path), default_timeout=600)
    at.query_params.update(params)
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0


def cold_deep_links(store: Path, runs: int) -> dict[str, list[float]]:
    """``runs`` fresh servers each for the reference page and the crime deep link on each entry, in turn; each
    server idles a second after it answers its health check (as a deployed server would), then one navigation is
    timed."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    targets = {"reference": (ROOT / "benchmarks" / "reference_page.py", ""),
               "crime deep link": (ROOT / "serve.py", "Crime?borough=Enfield"),
               "the same on app.py": (ROOT / "app.py", "Crime?borough=Enfield")}
    out: dict[str, list[float]] = {name: [] for name in targets}
    for name in ("app.py", "serve.py", "pages", "lib", "benchmarks"):  # bytecode ready, as the deploy recipe leaves it
        (compileall.compile_file if name.endswith(".py") else compileall.compile_dir)(ROOT / name, quiet=1)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(runs):
                for name, (script, path) in targets.items():
                    proc, base = _serve(script, store)
                    try:
                        time.sleep(1.0)
                        out[name].append(_time_navigation(browser, base + path)[0])
                    finally:
                        proc.terminate()
                        proc.wait(timeout=10)
        finally:
            browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--browser", action="store_true")
    ap.add_argument("--cold-runs", type=int, default=5, help="fresh servers per page for the cold deep link")
    ap.add_argument("--pages", default=",".join(PAGES))
    args = ap.parse_args()
    if "crime" in args.pages.split(",") or args.browser:  # the crime page opens on a stored answer
        require_stored_answers(args.store)
    os.environ["POLICING_BASEMAP"] = "none"
    os.environ["POLICING_STORE"] = str(args.store)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    ref_path = ROOT / "benchmarks" / "reference_page.py"
    _, ref = time_page(ref_path, args.runs, {})
    r = statistics.median(ref)
    r_new = new_session(ref_path, {})
    print(f"reference page: warm rerun {r:.3f} s, new session {r_new:.3f} s")
    print(f"{'page':12} {'first run':>9} {'warm':>7} {'x ref':>6} {'new sess':>8} {'x ref':>6}")
    for name in args.pages.split(","):
        rel, params = PAGES[name]
        try:
            first, warm = time_page(ROOT / rel, args.runs, params)
        except SystemExit as e:
            print(f"{name:12} failed: {e}")
            continue
        w = statistics.median(warm)
        n = new_session(ROOT / rel, params)
        print(f"{name:12} {first:9.2f} {w:7.3f} {w / r:5.2f}x {n:8.3f} {n / r_new:5.2f}x")
    if args.browser:
        cold = cold_deep_links(args.store, args.cold_runs)
        ref = statistics.median(cold["reference"])
        print(f"cold server, finished running (median of {args.cold_runs}): reference {ref:.2f} s")
        for name, entry in (("crime deep link", "serve.py, as deployed; goal 1.5x"), ("the same on app.py", "app.py")):
            crime = statistics.median(cold[name])
            each = ", ".join(f"{c / r:.2f}" for r, c in zip(cold["reference"], cold[name], strict=True))
            print(f"  /Crime?borough=Enfield ({entry}): {crime:.2f} s = {crime / ref:.2f}x; run by run: {each}")


if __name__ == "__main__":
    main()
