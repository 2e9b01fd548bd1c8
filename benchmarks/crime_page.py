"""Warm rerun time of the crime page as a ratio to a reference page, both run with AppTest.

Usage: ``python benchmarks/crime_page.py [--store DIR] [--runs N]``. Without ``--store`` it ingests
``../shared/data`` into a temporary store; if the whole ingest fails (an adapter not finished), it
falls back to the files the crime page needs (crime, borough boundaries, borough census files) and
says so. Prints the figures; asserts nothing. Goal: crime page under 3× the reference page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
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
        ref_cold, ref = time_page(ROOT / "benchmarks" / "reference_page.py", args.runs, {})
        crime_cold, crime = time_page(ROOT / "pages" / "1_Crime.py", args.runs, {"borough": "Enfield"})
    r, c = statistics.median(ref), statistics.median(crime)
    print(f"reference page: first run {ref_cold:.2f} s, warm rerun median {r:.3f} s over {args.runs}")
    print(f"crime page:     first run {crime_cold:.2f} s, warm rerun median {c:.3f} s over {args.runs}")
    print(f"ratio (crime / reference, warm median): {c / r:.2f}x (goal under 3x)")


if __name__ == "__main__":
    main()
