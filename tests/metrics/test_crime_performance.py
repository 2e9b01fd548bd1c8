"""Period comparisons, % change, rates and ranks on tiny hand-made series."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.metrics.change import pct_change
from lib.metrics.crime_performance import (
    add_ranks,
    add_rates,
    area_table,
    area_table_from,
    borough_report,
    compare_periods,
    denominators,
    population_year_for,
    rank_all_areas,
    summary_table,
)
from lib.periods import month_range, period_for
from lib.reference.boroughs import LONDON_CODE, mps_boroughs

A = "E09000010"


def series(values: dict[str, list[int]], months: list[str], indicator="Burglary (Total)",
           area_codes=(A,)) -> pd.DataFrame:
    """One indicator, monthly, for the given areas: values[area] lists counts month by month."""
    out = []
    for code in area_codes:
        for m, c in zip(months, values[code], strict=True):
            out.append({"area_code": code, "area_name": code, "kind": "indicator", "indicator": indicator,
                        "major": "", "month": m, "release": "2016-12", "scheme": "pre2018", "count": c})
    return pd.DataFrame(out).astype({"count": "int64"})


def test_pct_change_definition_and_zero_baseline():
    assert pct_change(2830, 3210) == pytest.approx(-11.838, abs=1e-3)
    assert pct_change(5, 0) is None
    assert pct_change(None, 3) is None
    assert pct_change(float("nan"), 3) is None
    assert pct_change(0, 4) == -100.0


def test_period_for_each_kind():
    p = period_for("r12", "2015-09")
    assert (p.first, p.last, p.prev_first, p.prev_last) == ("2014-10", "2015-09", "2013-10", "2014-09")
    assert p.words == "October 2014 to September 2015 compared with October 2013 to September 2014"
    f = period_for("fytd", "2016-03")  # last month of the financial year
    assert (f.first, f.last) == ("2015-04", "2016-03")
    f = period_for("fytd", "2016-04")  # first month of the next one
    assert (f.first, f.last, f.prev_first) == ("2016-04", "2016-04", "2015-04")
    m = period_for("month", "2015-01")
    assert (m.first, m.prev_first) == ("2015-01", "2014-01")
    with pytest.raises(UsageError):
        period_for("week", "2015-01")


def test_compare_periods_r12_fytd_month():
    months = month_range("2013-10", "2015-09")
    s = series({A: [1] * 12 + [2] * 12}, months)
    r = compare_periods(s, "r12", "2015-09").iloc[0]
    assert (r["current"], r["previous"], r["pct_change"]) == (24.0, 12.0, 100.0)
    f = compare_periods(s, "fytd", "2015-09").iloc[0]  # April..September: 6 months each
    assert (f["current"], f["previous"]) == (12.0, 6.0)
    m = compare_periods(s, "month", "2015-09").iloc[0]
    assert (m["current"], m["previous"]) == (2.0, 1.0)


def test_compare_periods_missing_previous_year_is_missing_not_partial():
    months = month_range("2014-04", "2015-09")  # previous r12 window lacks Oct 2013..Mar 2014
    s = series({A: [1] * len(months)}, months)
    r = compare_periods(s, "r12", "2015-09").iloc[0]
    assert r["current"] == 12.0
    assert math.isnan(r["previous"])
    assert int(r["missing_previous"]) == 6
    assert math.isnan(r["pct_change"])


def test_compare_periods_zero_baseline_is_undefined_not_infinite():
    months = month_range("2013-10", "2015-09")
    s = series({A: [0] * 12 + [3] * 12}, months)
    r = compare_periods(s, "r12", "2015-09").iloc[0]
    assert r["previous"] == 0.0 and r["current"] == 36.0
    assert math.isnan(r["pct_change"])


def population_table(year=2015, hh=True) -> pd.DataFrame:
    rows = []
    for i, b in enumerate(mps_boroughs()):
        rows.append({"borough_code": b.code, "borough_name": b.name, "year": year,
                     "population": 100_000 + i * 1000, "households": (40_000 + i * 100) if hh else None})
    return pd.DataFrame(rows)


def test_population_year_and_denominators():
    pop = pd.concat([population_table(2013), population_table(2015)])
    assert population_year_for(pop, "2015-09") == 2015
    assert population_year_for(pop, "2014-09") in (2013, 2015)
    assert population_year_for(pop, "2020-01") == 2015
    d = denominators(pop, 2015).set_index("area_code")
    assert d.loc[LONDON_CODE, "population"] == sum(100_000 + i * 1000 for i in range(32))


def test_rates_per_1000_residents_and_households_and_rank():
    codes = [b.code for b in mps_boroughs()]
    months = month_range("2014-10", "2015-09")
    # Every borough 10 a month (120 a year); borough i has population 100,000 + 1000 i: rate falls with i.
    s = series({c: [10] * 12 for c in codes}, months, area_codes=codes)
    pop = population_table(2015)
    t = add_ranks(add_rates(compare_periods(s, "r12", "2015-09"), pop, "2015-09")).set_index("area_code")
    first = codes[0]
    assert t.loc[first, "rate_per_1000"] == pytest.approx(120 / 100_000 * 1000)
    assert t.loc[first, "rate_basis"] == "residents"
    assert int(t.loc[first, "rank"]) == 32  # smallest population: highest rate
    assert int(t.loc[codes[-1], "rank"]) == 1  # 1 = lowest rate
    assert int(t.loc[first, "rank_of"]) == 32
    hh = series({c: [10] * 12 for c in codes}, months, indicator="Burglary (Residential)", area_codes=codes)
    th = add_rates(compare_periods(hh, "r12", "2015-09"), pop, "2015-09").set_index("area_code")
    assert th.loc[first, "rate_basis"] == "households"
    assert th.loc[first, "rate_per_1000"] == pytest.approx(120 / 40_000 * 1000)
    th2 = add_rates(compare_periods(hh, "r12", "2015-09"), population_table(2015, hh=False), "2015-09")
    assert set(th2["rate_basis"]) == {"residents"}


def test_area_table_and_summary_table_with_london_beside():
    months = month_range("2013-10", "2015-09")
    s = pd.concat([
        series({A: [1] * 12 + [2] * 12, LONDON_CODE: [10] * 12 + [11] * 12}, months, area_codes=(A, LONDON_CODE)),
        series({A: [3] * 24, LONDON_CODE: [30] * 24}, months, indicator="Total Notifiable Offences",
               area_codes=(A, LONDON_CODE)),
    ], ignore_index=True)
    t = area_table(s, None, "Burglary (Total)", "2015-09").set_index("area_code")
    assert t.loc[A, "london_pct_change"] == pytest.approx(10.0)
    summ = summary_table(s, None, A, "2015-09")
    assert list(summ["indicator"]) == ["Total Notifiable Offences", "Burglary (Total)"]  # pack order
    b = summ.set_index("indicator").loc["Burglary (Total)"]
    assert (b["current"], b["previous"], b["pct_change"], b["mps_pct_change"]) == (24.0, 12.0, 100.0, 10.0)
    with pytest.raises(UsageError):
        area_table(s, None, "Nonsense", "2015-09")


def test_every_area_ranked_once_gives_each_boroughs_report_and_area_table():
    """rank_all_areas is what every borough's report and the area table select from: a borough's report
    and the 32 boroughs' table from it are those worked out from the series directly (borough i has
    10 + i burglaries a month and 3 TNO a month; Enfield, the ninth, 12 x 18 = 216 in the year)."""
    codes = [b.code for b in mps_boroughs()]
    months = month_range("2013-10", "2015-09")
    s = pd.concat([
        series({c: [10 + i] * 24 for i, c in enumerate(codes)}, months, area_codes=codes),
        series({c: [3] * 24 for c in codes}, months, indicator="Total Notifiable Offences", area_codes=codes),
    ], ignore_index=True)
    pop = population_table(2015)
    ranked = rank_all_areas(s, pop, "2015-09")
    for code in (A, codes[0]):
        report, summary = borough_report(ranked, code, []), summary_table(s, pop, code, "2015-09")
        pd.testing.assert_frame_equal(report[summary.columns], summary)
    assert borough_report(ranked, A, []).set_index("indicator").loc["Burglary (Total)", "current"] == 216
    direct = area_table(s, pop, "Burglary (Total)", "2015-09")
    pd.testing.assert_frame_equal(area_table_from(ranked, "Burglary (Total)"), direct)
    assert direct.set_index("area_code").loc[A, "current"] == 12 * (10 + codes.index(A))
    with pytest.raises(UsageError):
        area_table_from(ranked, "Nonsense")
