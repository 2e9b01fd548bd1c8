"""Time per borough pack: both layouts (snb, indicators) for every MPS borough, PDF.

    python benchmarks/pack.py --store /tmp/realstore [--all | --boroughs N] [--format html]

Prints one line per pack (wall seconds and CPU seconds of this process: on a shared machine the CPU time is
the steadier figure) and a summary (min / median / max) against the 5 s target; by default
the first 3 boroughs, with --all every one of the 32 (both layouts: about 64 packs). The load average is
printed first: on a shared machine the times scale with it. The crime dataset is read
once per run (as the page's cache would hold it) and the chart and PDF engines are warmed up once (as
a running server has them); the first pack of the process, cold, is timed and printed on its own first.
Each pack then composes its views and renders.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.pack import pack_document  # noqa: E402
from lib.reference.boroughs import all_boroughs  # noqa: E402
from lib.report import render  # noqa: E402
from lib.store import Store  # noqa: E402
from lib.views.pack import LAYOUTS, pack_sources, pack_view  # noqa: E402

TARGET = 5.0


def page_count(pdf: bytes) -> str:
    """The PDF's page count by poppler's pdfinfo, after the timing (the layout check: one page per
    indicator); blank when poppler is not installed."""
    if shutil.which("pdfinfo") is None:
        return ""
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False).stdout.decode()
    found = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return f"{found.group(1):>3s} pages" if found else ""


def warm_up(fmt: str) -> None:
    """What a long-lived process pays once and a pack never again: vl-convert's first chart starts its
    JavaScript engine (~1.5 s), WeasyPrint's import parses its C declarations and its first page loads
    the fonts (~1-2 s)."""
    import altair as alt
    import pandas as pd

    from lib.report import Document, Figure, Section, chart_png

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_line().encode(x="x:Q", y="x:Q")
    chart_png(chart, width=100)
    if fmt == "pdf":
        render(Document(title="warm-up", sections=[Section("warm-up", blocks=[Figure(chart, alt_text="a line")])]),
               "pdf")


def make(sources, borough: str, args, layout: str) -> bytes:
    """One pack: its views (on the pack sources, the crime dataset and stop-and-search records read once, as a
    running server holds them), its document and the file's bytes."""
    return render(pack_document(pack_view(sources, borough, args.to, layout), layout), args.format)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="/tmp/realstore")
    ap.add_argument("--to", default="2016-12")
    ap.add_argument("--release", default="2016-12")
    ap.add_argument("--format", default="pdf", choices=("html", "pdf"))
    ap.add_argument("--boroughs", type=int, default=3, help="only the first N boroughs (default 3)")
    ap.add_argument("--all", action="store_true", help="every one of the 32 boroughs")
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    store = Store(args.store)
    sources = pack_sources(store, args.release)
    boroughs = [b for b in all_boroughs() if b.policed_by_mps][: None if args.all else args.boroughs]
    first = boroughs[0]
    layouts = args.layouts.split(",")
    t0, c0 = time.perf_counter(), time.process_time()
    make(sources, first.name, args, layouts[0])
    print(f"first pack in this process ({layouts[0]}, {first.name}; cold: Vega's JavaScript engine, WeasyPrint's "
          f"import and first fonts): {time.perf_counter() - t0:.2f} s, CPU {time.process_time() - c0:.2f} s",
          flush=True)
    t0 = time.perf_counter()
    warm_up(args.format)
    print(f"warm-up (once per process, as a running server pays it once): {time.perf_counter() - t0:.2f} s",
          flush=True)
    times: dict[str, list[tuple[float, float]]] = {}
    for layout in layouts:
        for b in boroughs:
            t0, c0 = time.perf_counter(), time.process_time()
            data_bytes = make(sources, b.name, args, layout)
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            times.setdefault(layout, []).append((dt, cpu))
            pages = page_count(data_bytes) if args.format == "pdf" else ""
            print(f"{layout:10s} {b.name:28s} {dt:6.2f} s  CPU {cpu:5.2f} s  {len(data_bytes) / 1024:7.0f} KiB {pages}"
                  f"  load {os.getloadavg()[0]:.1f}", flush=True)
    for layout, both in times.items():
        ts, cs = [t for t, _ in both], [c for _, c in both]
        print(f"{layout}: {len(ts)} packs, min {min(ts):.2f} s, median {statistics.median(ts):.2f} s, "
              f"mean {sum(ts) / len(ts):.2f} s, max {max(ts):.2f} s; CPU min {min(cs):.2f} s, "
              f"median {statistics.median(cs):.2f} s, max {max(cs):.2f} s "
              f"(target {TARGET:.0f} s: {'met' if max(ts) < TARGET else 'NOT met'})")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
