"""Warm rerun time of the crime page as a ratio to a reference page, both run with AppTest; and,
with ``--browser``, the first render of both in a real browser.

Usage: ``python benchmarks/crime_page.py [--store DIR] [--runs N] [--browser] [--sessions N]``.
Without ``--store`` it ingests ``../shared/data`` into a temporary store; if the whole ingest fails
(an adapter not finished), it falls back to the files the crime page needs (crime, borough
boundaries, borough census files) and says so. Prints the figures; asserts nothing.

AppTest figures: "first run" is the page's first run in this process (after the reference page, so
Python imports are already done) with empty caches; "warm rerun" is the median of ``--runs`` reruns
with nothing changed. Goal: crime page warm rerun under 3× the reference page.

Browser figures (``--browser``; Playwright driving /usr/bin/chromium, 1920×1080): a fresh
``streamlit run`` server per page; "cold" is the first navigation after the server starts (empty
caches, nothing imported), "new session" a later navigation in a new browser context. Each is timed
from navigation until the script has finished running (title drawn, no 'Running' status, no stale
elements) and until everything is drawn (no loading placeholders either). Goal: cold under 3 s.
The machine's load average is printed with the figures: on a shared machine they vary a lot, so
compare the crime page with the reference page measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("POLICING_SHARED_DATA", ROOT.parent / "shared" / "data"))
PAGE_FILES = ("crime", "boundaries/london_boroughs_simplified_wgs84.geojson",
              "census/gla_housing_density_borough_population_1999-2050.csv",
              "census/gla_london_borough_profiles_2017.csv", "census/ons_ashe_earnings_by_borough_2002-2024.csv")


def build_store(tmp: Path) -> tuple[Path, str]:
    from lib.ingest import run_ingest

    dest = tmp / "store"
    try:
        run_ingest(SHARED, dest)
        return dest, "full ingest of " + str(SHARED)
    except Exception as e:  # noqa: BLE001 - report and fall back
        src = tmp / "src"
        for rel in PAGE_FILES:
            target = SHARED / rel
            files = [f for f in target.rglob("*") if f.is_file()] if target.is_dir() else [target]
            for f in files:
                link = src / rel / f.relative_to(target) if target.is_dir() else src / rel
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(f)
        run_ingest(src, dest)
        return dest, f"crime-page files only (full ingest failed: {type(e).__name__}: {str(e)[:120]})"


def time_page(path: Path, runs: int, params: dict[str, str]) -> tuple[float, list[float]]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(path), default_timeout=600)
    at.query_params.update(params)
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    if at.exception:
        raise SystemExit(f"{path.name} raised: {at.exception[0].message}")
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t0)
    return cold, warm


# The page is busy while the title is missing, Streamlit shows its running icon, or elements from a
# previous run are still marked stale; it is not fully drawn while loading placeholders remain.
_STATE_JS = """() => [!!document.querySelector('h1'),
    !!document.querySelector('[data-testid="stStatusWidgetRunningIcon"]'),
    !!document.querySelector('[data-stale="true"]'),
    !!document.querySelector('[data-testid="stSkeleton"]')]"""


def _serve(script: Path, store: Path, root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """``streamlit run script`` on a free loopback port, from ``root`` (the project, or a copy of it), with the
    replicas' environment (``deploy/policing.env``); returns the process and its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    from benchmarks.load import deploy_env

    env = {**os.environ, **deploy_env(), "POLICING_STORE": str(store), "POLICING_BASEMAP": "none",
           "PYTHONPATH": str(root)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "_stcore/health", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"streamlit did not start for {script}")


def _time_navigation(browser, url: str, quiet: float = 1.0, limit: float = 180.0) -> tuple[float, float]:
    """Seconds from navigation to 'finished running' and to 'fully drawn' (each must then hold for
    ``quiet`` seconds)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    ran = drawn = None
    while time.perf_counter() - t0 < limit:
        title, running, stale, loading = page.evaluate(_STATE_JS)
        now = time.perf_counter() - t0
        if title and not running and not stale:
            ran = ran if ran is not None else now
            drawn = drawn if drawn is not None or loading else now
            if drawn is not None and now - drawn >= quiet:
                break
        else:
            ran = drawn = None
        page.wait_for_timeout(25)
    context.close()
    if ran is None or drawn is None:
        raise SystemExit(f"{url} did not finish within {limit:.0f} s")
    return ran, drawn


def browser_figures(store: Path, sessions: int) -> dict[str, list[tuple[float, float]]]:
    """Cold and new-session navigation times of the reference page and the crime page."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    pages = {"reference": (ROOT / "benchmarks" / "reference_page.py", ""),
             "crime": (ROOT / "serve.py", "Crime?borough=Enfield")}
    out: dict[str, list[tuple[float, float]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for name, (script, path) in pages.items():
                proc, base = _serve(script, store)
                try:
                    out[name] = [_time_navigation(browser, base + path) for _ in range(1 + sessions)]
                finally:
                    proc.terminate()
                    proc.wait(timeout=10)
        finally:
            browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--browser", action="store_true", help="also time the first render in chromium")
    ap.add_argument("--sessions", type=int, default=2, help="new-session navigations after the cold one")
    args = ap.parse_args()
    os.environ["POLICING_BASEMAP"] = "none"
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store, how = args.store, f"given store {args.store}"
        else:
            t0 = time.perf_counter()
            store, how = build_store(Path(tmp))
            print(f"store: {how} ({time.perf_counter() - t0:.1f} s)")
        os.environ["POLICING_STORE"] = str(store)
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
        ref_cold, ref = time_page(ROOT / "benchmarks" / "reference_page.py", args.runs, {})
        crime_cold, crime = time_page(ROOT / "pages" / "1_Crime.py", args.runs, {"borough": "Enfield"})
        r, c = statistics.median(ref), statistics.median(crime)
        print("AppTest:")
        print(f"  reference page: first run {ref_cold:.2f} s, warm rerun median {r:.3f} s over {args.runs}")
        print(f"  crime page:     first run {crime_cold:.2f} s, warm rerun median {c:.3f} s over {args.runs}")
        print(f"  ratio (crime / reference, warm median): {c / r:.2f}x (goal under 3x)")
        if args.browser:
            figures = browser_figures(Path(store), args.sessions)
            print(f"browser (load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}):")
            for name, times in figures.items():
                (ran, drawn), rest = times[0], times[1:]
                line = f"  {name + ' page:':16}cold: finished running {ran:.2f} s, drawn {drawn:.2f} s"
                if rest:
                    line += (f"; new session (median of {len(rest)}): finished running "
                             f"{statistics.median(t[0] for t in rest):.2f} s, "
                             f"drawn {statistics.median(t[1] for t in rest):.2f} s")
                print(line)
            cold_ratio = figures["crime"][0][0] / figures["reference"][0][0]
            print(f"  crime page cold, finished running: {figures['crime'][0][0]:.2f} s (goal under 3 s), "
                  f"{cold_ratio:.2f}x the reference page")


if __name__ == "__main__":
    main()
