"""The population rule inside the crime rates (issue 13 parts 2-4) on tiny hand-made tables: the
period's ONS estimate by basis, one household series for residential burglary, the MET rate, and a
change test on every row."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.metrics.crime_performance import (
    add_rates,
    borough_report,
    compare_periods,
    period_denominators,
    rank_all_areas,
)
from lib.reference.boroughs import LONDON_CODE, mps_boroughs

MONTHS = [str(p) for p in pd.period_range("2013-10", "2015-09", freq="M")]
B = mps_boroughs()


def _estimates() -> pd.DataFrame:
    """Current series: every borough 200,000 at mid-2014, 210,000 at mid-2015; first published: 100,000 (2014)."""
    rows = []
    for b in B:
        rows += [("ons_current_series", 2014, b.code, b.name, 200_000.0),
                 ("ons_current_series", 2015, b.code, b.name, 210_000.0),
                 ("ons_mye_first_published", 2014, b.code, b.name, 100_000.0)]
    return pd.DataFrame(rows, columns=["vintage", "year", "area_code", "area_name", "population"]).assign(source="t")


def _gla(with_2017_households: bool = True) -> pd.DataFrame:
    """GLA table: Census 2011 households 50,000 (2011) and a 2017 household estimate 80,000."""
    rows = [(b.code, b.name, 2011, 190_000, 50_000.0, "ONS Census 2011 (sum of LSOA households)") for b in B]
    if with_2017_households:
        rows += [(b.code, b.name, 2017, 220_000, 80_000.0, "GLA household estimate 2017") for b in B]
    return pd.DataFrame(rows, columns=["borough_code", "borough_name", "year", "population", "households",
                                       "households_source"])


def _series(indicator: str, per_month: int) -> pd.DataFrame:
    rows = [(b.code, b.name, "indicator", indicator, "", m, "r", per_month) for b in B for m in MONTHS]
    rows += [(LONDON_CODE, "London", "indicator", indicator, "", m, "r", per_month * 32) for m in MONTHS]
    return pd.DataFrame(rows, columns=["area_code", "area_name", "kind", "indicator", "major", "month", "release",
                                       "count"])


def test_current_and_as_published_bases():
    cur = period_denominators(_gla(), _estimates(), "2014-10", "2015-09", "current").set_index("area_code")
    assert cur.loc[B[0].code, "population"] == 210_000  # mid-2015: nearest the middle of Oct 2014-Sep 2015
    assert cur.loc[LONDON_CODE, "population"] == 32 * 210_000  # MET = the 32 boroughs
    pub = period_denominators(_gla(), _estimates(), "2014-10", "2015-09", "as_published").set_index("area_code")
    assert pub.loc[B[0].code, "population"] == 100_000  # mid-2014, published June 2015
    assert "mid-2014" in pub.loc[B[0].code, "population_basis"]
    assert period_denominators(_gla(), None, "2014-10", "2015-09") is None


def test_residential_burglary_one_household_series_every_period():
    """Census 2011 households in 2015 and in 2017 alike, though the GLA table has a 2017 estimate."""
    s = _series("Burglary (Residential)", 10)
    for first, last in (("2014-10", "2015-09"), ("2016-10", "2017-09")):
        den = period_denominators(_gla(), _estimates(), first, last)
        t = add_rates(compare_periods(s, "r12", "2015-09"), _gla(), "2015-09", den).set_index("area_code")
        assert t.loc[B[0].code, "rate_basis"] == "households"
        assert t.loc[B[0].code, "rate_per_1000"] == pytest.approx(120 / 50_000 * 1000)
        assert "Census 2011" in t.loc[B[0].code, "denominator_basis"]


def test_report_has_met_rate_and_a_change_test_on_every_row():
    s = _series("Total Notifiable Offences", 100)  # 1,200 both years: no change
    den = period_denominators(_gla(), _estimates(), "2014-10", "2015-09")
    r = borough_report(rank_all_areas(s, _gla(), "2015-09", denominator=den), B[0].code, []).iloc[0]
    assert r["rate_per_1000"] == pytest.approx(1200 / 210_000 * 1000)
    assert r["mps_rate_per_1000"] == pytest.approx(32 * 1200 / (32 * 210_000) * 1000)
    assert r["change_words"] == "within normal variation" and r["change_method"] == "poisson_sqrt"
    assert r["denominator"] == 210_000


def test_london_counts_the_mps_total_but_rates_the_32_boroughs():
    """lib/reference/london.py: London's count and change are the MPS total (here 40 crimes a month outside any
    borough, e.g. at the airports), its rate the 32 boroughs' crimes per 1,000 of their residents."""
    s = _series("Total Notifiable Offences", 100)
    s.loc[s["area_code"] == LONDON_CODE, "count"] += 40
    den = period_denominators(_gla(), _estimates(), "2014-10", "2015-09")
    r = borough_report(rank_all_areas(s, _gla(), "2015-09", denominator=den), B[0].code, []).iloc[0]
    assert r["mps_current"] == 32 * 1200 + 12 * 40
    assert r["mps_rate_per_1000"] == pytest.approx(32 * 1200 / (32 * 210_000) * 1000)  # 5.714, not 5.786
    short = s[s["area_code"] != B[5].code]  # a borough without figures: no London rate rather than a wrong one
    t = add_rates(compare_periods(short, "r12", "2015-09"), _gla(), "2015-09", den).set_index("area_code")
    assert t.loc[LONDON_CODE, "current"] == 12 * (32 * 100 + 40) and pd.isna(t.loc[LONDON_CODE, "rate_per_1000"])


def test_denominators_of_another_period_are_refused():
    """Rates of Oct 2014-Sep 2015 divided by the figures worked out for the year before were a plausible wrong
    rate; the table carries its period and the ranking refuses another's."""
    s = _series("Total Notifiable Offences", 100)
    own = period_denominators(_gla(), _estimates(), "2014-10", "2015-09")
    assert rank_all_areas(s, _gla(), "2015-09", "r12", own).set_index("area_code").loc[
        B[0].code, "rate_per_1000"] == pytest.approx(1200 / 210_000 * 1000)
    with pytest.raises(ValueError, match="not for 2014-10..2015-09"):
        rank_all_areas(s, _gla(), "2015-09", "r12", period_denominators(_gla(), _estimates(), "2013-10", "2014-09"))
