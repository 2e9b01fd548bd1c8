"""Many periods of the borough report in one pass (lib/metrics/period_reports.py), on a hand-made series."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.metrics.period_reports import period_reports, window_table
from lib.periods import month_range, period_for
from lib.reference.boroughs import LONDON_CODE

A, B = "E09000002", "E09000003"  # Barking and Dagenham, Barnet


def _series() -> pd.DataFrame:
    rows = []
    for m in month_range("2015-01", "2016-12"):
        for code, name, n in ((A, "A", 10), (B, "B", 20), (LONDON_CODE, "London", 30)):
            if code == B and m == "2016-05":
                continue  # a month Barnet's figures lack: its periods through May 2016 are not computed
            rows.append({"area_code": code, "area_name": name, "kind": "indicator", "indicator": "Robbery (Total)",
                         "major": pd.NA, "month": m, "release": "2016-12", "scheme": "pre2018", "count": n})
    return pd.DataFrame(rows).astype({"area_code": "string", "area_name": "string", "kind": "string",
                                      "indicator": "string", "major": "string", "month": "string"})


def test_window_sums_and_missing_months() -> None:
    periods = [period_for("r12", "2016-12"), period_for("fytd", "2016-04"), period_for("month", "2016-06")]
    t = window_table(_series(), periods).set_index(["period", "area_code"])
    assert t.loc[(0, A), "current"] == 120 and t.loc[(0, A), "previous"] == 120 and t.loc[(0, A), "pct_change"] == 0
    assert np.isnan(t.loc[(0, B), "current"]) and t.loc[(0, B), "missing_current"] == 1
    assert t.loc[(1, A), "current"] == 10 and t.loc[(1, A), "previous"] == 10  # April 2016 against April 2015
    assert t.loc[(2, B), "current"] == 20 and t.loc[(2, B), "previous"] == 20


def test_rates_ranks_and_london_beside_each_period() -> None:
    population = pd.DataFrame({"borough_code": [A, B], "borough_name": ["A", "B"], "year": [2016, 2016],
                               "population": [1000.0, 4000.0], "households": [np.nan, np.nan]})
    periods = [period_for("r12", "2016-12"), period_for("month", "2016-06")]
    out = period_reports(_series(), population, None, B, periods, [None, None])
    # Barnet's rolling year lacks May 2016, so only the June month is reported for it.
    assert list(out["period"]) == [1]
    row = out.iloc[0]
    assert row["current"] == 20 and row["rate_per_1000"] == 20 / 4000 * 1000
    assert row["rank"] == 1  # 5.0 per 1,000 against Barking and Dagenham's 10.0 (1 = lowest rate)
    assert row["mps_pct_change"] == 0 and row["change_words"]
