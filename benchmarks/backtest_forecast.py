"""Backtest of the target forecast (lib/metrics/forecast.py): how often the real outcome fell inside the
80% and 95% prediction intervals.

For London and every borough, for every forecast origin (default each month April 2013 to March 2024)
and horizon (default 6 and 12 months), the 12 months to origin + horizon are forecast from the figures
up to the origin only, exactly as ``target --forecast-to`` does, and compared with the published
12-month total (the newest release for each month, or ``--release``). Coverage of the total is the
coverage of the % change against any baseline (the change is an increasing function of the total).

    python benchmarks/backtest_forecast.py --store /tmp/real/store [--category "MOPAC 7"] [--draws 2000]
    python benchmarks/backtest_forecast.py --simulate   # the same on simulated series with known truth

Prints coverage by horizon for London, the boroughs and all, and for origins whose forecast window
touches the pandemic months (March 2020 to June 2021) and the rest. About 15 minutes on two shared cores
(902 s for the default run), so not in CI.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.metrics.forecast import area_seed, coverage, forecast_total  # noqa: E402
from lib.periods import add_months, month_range  # noqa: E402
from lib.reference.boroughs import LONDON_CODE  # noqa: E402
from lib.store import Store  # noqa: E402
from lib.views.crime import crime_dataset  # noqa: E402
from lib.views.unusual import series_kind  # noqa: E402

PANDEMIC = ("2020-03", "2021-06")  # lockdowns and their aftermath: the series' own history does not foresee them


def backtest(series: pd.DataFrame, origins: list[str], horizons: list[int], draws: int) -> pd.DataFrame:
    """One row per area, origin and horizon: the outcome and the 80% and 95% intervals of the 12-month total."""
    rows = []
    for code, g in series.groupby("area_code", observed=True, sort=True):
        monthly = g[["month", "count"]].sort_values("month")
        counts = monthly.set_index(monthly["month"].astype(str))["count"].astype("float64")
        for origin in origins:
            for h in horizons:
                to = add_months(origin, h)
                window = month_range(add_months(to, -11), to)
                if any(m not in counts.index for m in window):
                    continue
                f = forecast_total(monthly[monthly["month"] <= origin], origin, to, draws, area_seed(str(code)))
                if f.draws is None:
                    continue
                lo80, hi80, lo95, hi95 = np.percentile(f.draws, [10, 90, 2.5, 97.5])
                rows.append({"area_code": str(code), "origin": origin, "horizon": h, "to": to,
                             "outcome": float(counts[window].sum()), "low_80": lo80, "high_80": hi80,
                             "low_95": lo95, "high_95": hi95})
    return pd.DataFrame(rows)


def summarise(results: pd.DataFrame) -> pd.DataFrame:
    """Coverage of the 80% and 95% intervals by horizon and group (London, boroughs, all; pandemic or not)."""
    r = results.assign(
        group=np.where(results["area_code"] == LONDON_CODE, "London", "boroughs"),
        pandemic=[add_months(t, -11) <= PANDEMIC[1] and t >= PANDEMIC[0] for t in results["to"]],
    )
    out = []
    subsets = [("all", r), ("London", r[r["group"] == "London"]), ("boroughs", r[r["group"] == "boroughs"]),
               ("windows clear of 2020-03..2021-06", r[~r["pandemic"]]),
               ("windows touching 2020-03..2021-06", r[r["pandemic"]])]
    for name, sub in subsets:
        for h, s in sub.groupby("horizon"):
            out.append({"subset": name, "horizon": h, "forecasts": len(s),
                        "inside_80": coverage(s["outcome"], s["low_80"], s["high_80"]),
                        "inside_95": coverage(s["outcome"], s["low_95"], s["high_95"]),
                        "median_width_95_pct_of_outcome": float(np.median((s["high_95"] - s["low_95"]) / s["outcome"]))
                        * 100})
    return pd.DataFrame(out)


def simulated(reps: int, draws: int) -> pd.DataFrame:
    """The backtest on simulated negative-binomial series with a known trend and season (the unit test's
    process, more repetitions)."""
    rng = np.random.default_rng(2024)
    months = month_range("2006-01", "2014-12")
    t = np.arange(len(months))
    cal = np.array([int(m[5:]) for m in months])
    mu = 300.0 * np.exp(-0.004 * t + 0.15 * np.sin(2 * np.pi * cal / 12))
    rows = []
    for i in range(reps):
        y = rng.negative_binomial(50, 50 / (50 + mu))
        s = pd.DataFrame({"month": months, "count": y, "area_code": f"sim{i}"})
        rows.append(s)
    series = pd.concat(rows, ignore_index=True)
    return backtest(series, ["2012-12"], [6, 12], draws)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, default=Path("/tmp/real/store"))
    ap.add_argument("--category", default="MOPAC 7")
    ap.add_argument("--release", default=None)
    ap.add_argument("--first-origin", default="2013-04")
    ap.add_argument("--last-origin", default="2024-03")
    ap.add_argument("--horizons", type=int, nargs="+", default=[6, 12])
    ap.add_argument("--draws", type=int, default=2000)
    ap.add_argument("--simulate", type=int, nargs="?", const=1000, default=None, metavar="REPS",
                    help="backtest simulated series instead (default 1000 repetitions)")
    ap.add_argument("--output", type=Path, default=None, help="write every forecast's row as CSV")
    args = ap.parse_args()
    start = time.perf_counter()
    if args.simulate:
        results = simulated(args.simulate, args.draws)
    else:
        data = crime_dataset(Store(args.store), args.release)
        name, kind = series_kind(data, args.category)
        series = data.series[(data.series["indicator"] == name) & (data.series["kind"] == kind)]
        results = backtest(series, month_range(args.first_origin, args.last_origin), args.horizons, args.draws)
        print(f"{name}: {results['area_code'].nunique()} areas, origins {args.first_origin}..{args.last_origin}, "
              f"horizons {args.horizons}, {args.draws} draws each, {data.release_words}")
    if args.output:
        results.to_csv(args.output, index=False)
    with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
        print(summarise(results).to_string(index=False))
    print(f"{len(results)} forecasts in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
