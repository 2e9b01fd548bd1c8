"""False-alarm rate of the unusual-months check (lib/metrics/unusual.py): measured on simulated series
whose truth is known (every month in control, so every flag is a false alarm), and the share of months
flagged on the real series (where some flags are real events).

    python benchmarks/false_alarms.py --simulate [--series 400]
    python benchmarks/false_alarms.py --store /tmp/real/store [--from 2011-01 --to 2026-02]

Simulated: series of 96 months with a falling trend (−0.4% a month) and a seasonal swing of about ±17%,
with Poisson or negative-binomial noise at several levels; the last 60 months of each are judged.
Real: London and the 32 boroughs, the nine indicators of the pack's Figure 1 (the newest release for
each month), every month from --from to --to, with and without the pandemic months (March 2020 to
June 2021) and the year after them (whose 36-month histories hold them). Takes a few minutes (not in CI).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.metrics import crime_series as cs  # noqa: E402
from lib.metrics.unusual import FALSE_ALARM_RATE, unusual_months  # noqa: E402
from lib.periods import month_range  # noqa: E402
from lib.store import Store  # noqa: E402
from lib.views.crime import crime_dataset  # noqa: E402

MONTHS = month_range("2010-01", "2017-12")
PANDEMIC_AND_AFTER = ("2020-03", "2022-06")
# (label, mean count a month, negative-binomial size or None for Poisson)
SIMULATIONS = [
    ("Poisson, 10 a month", 10.0, None),
    ("Poisson, 50 a month", 50.0, None),
    ("Poisson, 500 a month", 500.0, None),
    ("negative binomial, 500 a month, size 50 (variance ~11x mean)", 500.0, 50.0),
    ("negative binomial, 2,000 a month, size 100 (variance ~21x mean)", 2000.0, 100.0),
]


def simulate(n_series: int) -> pd.DataFrame:
    t = np.arange(len(MONTHS))
    cal = np.array([int(m[5:]) for m in MONTHS])
    shape = np.exp(-0.004 * t + 0.15 * np.sin(2 * np.pi * cal / 12) + 0.08 * np.cos(2 * np.pi * cal / 12))
    out = []
    for i, (label, level, size) in enumerate(SIMULATIONS):
        rng = np.random.default_rng([24, i])
        flags = []
        for _ in range(n_series):
            mu = level * shape
            y = rng.poisson(mu) if size is None else rng.negative_binomial(size, size / (size + mu))
            flags.append(unusual_months(pd.DataFrame({"month": MONTHS, "count": y}), "2013-01", "2017-12")["flag"])
        f = pd.concat(flags, ignore_index=True)
        n = len(f)
        out.append({"series": label, "months": n, "high": float((f == "high").mean()),
                    "low": float((f == "low").mean()), "flagged": float(f.notna().mean()),
                    "binomial_sd": math.sqrt(FALSE_ALARM_RATE * (1 - FALSE_ALARM_RATE) / n)})
    return pd.DataFrame(out)


def real(store: Path, first: str, last: str) -> pd.DataFrame:
    data = crime_dataset(Store(store))
    s = data.series[(data.series["kind"] == cs.KIND_INDICATOR) & data.series["indicator"].isin(cs.INDICATOR_ORDER[:9])]
    rows = []
    for (code, ind), g in s.groupby(["area_code", "indicator"], observed=True, sort=True):
        u = unusual_months(g[["month", "count"]], first, last)
        rows.append(u.assign(area_code=str(code), indicator=str(ind)))
    r = pd.concat(rows, ignore_index=True)
    r = r[r["expected"].notna()]
    calm = ~r["month"].between(*PANDEMIC_AND_AFTER)
    out = []
    for name, sub in (("all months", r), (f"outside {PANDEMIC_AND_AFTER[0]}..{PANDEMIC_AND_AFTER[1]}", r[calm])):
        out.append({"months": name, "judged": len(sub), "high": float((sub["flag"] == "high").mean()),
                    "low": float((sub["flag"] == "low").mean()), "flagged": float(sub["flag"].notna().mean())})
    return pd.DataFrame(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--simulate", action="store_true")
    ap.add_argument("--series", type=int, default=400, help="simulated series per kind (60 months judged each)")
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--from", dest="first", default="2011-01")
    ap.add_argument("--to", dest="last", default="2026-02")
    args = ap.parse_args()
    start = time.perf_counter()
    with pd.option_context("display.width", 160, "display.float_format", "{:.4f}".format,
                           "display.max_colwidth", 80):
        if args.simulate:
            print(f"stated two-sided false-alarm rate {FALSE_ALARM_RATE}")
            print(simulate(args.series).to_string(index=False))
        if args.store:
            print(real(args.store, args.first, args.last).to_string(index=False))
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
