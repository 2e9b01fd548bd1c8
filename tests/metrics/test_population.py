"""The denominator rule (lib/metrics/population.py): hand-made vintages, then the partnership one-pagers (seed 002)."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.metrics.population import (
    AS_PUBLISHED,
    CURRENT,
    as_published_population,
    household_denominator,
    period_year,
    population_for_period,
    published_year_at,
    rate_per_1000,
)
from lib.periods import month_range
from lib.reference.boroughs import LONDON_CODE, all_boroughs, mps_boroughs
from tests.metrics.crime_helpers import indicator_totals

BD = "E09000002"


def _estimates() -> pd.DataFrame:
    """Every borough 1,000 people, B&D different by vintage: first published 100,000 (2013), 110,000 (2014)..."""
    rows = []
    spec = {
        "ons_mye_first_published": {2013: 100_000, 2014: 110_000, 2015: 120_000},
        "ons_mye_mid2020_release": {2014: 111_000, 2015: 121_000, 2020: 150_000},
        "ons_current_series": {2014: 112_000, 2015: 122_000, 2023: 180_000},
    }
    for vintage, years in spec.items():
        for year, bd in years.items():
            for b in all_boroughs():
                rows.append((vintage, year, b.code, b.name, float(bd if b.code == BD else 1000), "hand-made"))
            rows.append((vintage, year, LONDON_CODE, "London", 999.0, "hand-made"))
    return pd.DataFrame(rows, columns=["vintage", "year", "area_code", "area_name", "population", "source"])


def test_period_year_is_the_mid_year_nearest_the_middle():
    assert period_year("2015-04", "2016-03") == 2015  # financial year: middle 1 October 2015
    assert period_year("2014-10", "2015-09") == 2015  # rolling 12 months: middle 1 April 2015
    assert period_year("2015-01", "2015-12") == 2015
    assert period_year("2015-12", "2015-12") == 2015  # one December: nearer mid-2015 than mid-2016


def test_published_year_june_rule_and_mid2021_delay():
    assert published_year_at("2016-03") == 2014  # mid-2015 not out until June 2016
    assert published_year_at("2016-06") == 2015
    assert published_year_at("2022-09") == 2020  # mid-2021 published December 2022
    assert published_year_at("2022-12") == 2021


def test_current_takes_the_census2021_series_for_the_period_year():
    t = population_for_period(_estimates(), "2015-04", "2016-03", CURRENT).set_index("area_code")
    assert t.loc[BD, "population"] == 122_000
    assert t.loc[BD, "vintage"] == "ons_current_series"
    assert "current series" in t.loc[BD, "basis"]
    # London is the 32 MPS boroughs, not the published London row (999) and not the City
    assert t.loc[LONDON_CODE, "population"] == 122_000 + 31 * 1000
    assert "32 MPS boroughs" in t.loc[LONDON_CODE, "basis"]


def test_current_beyond_the_newest_year_says_so():
    t = population_for_period(_estimates(), "2025-01", "2025-12", CURRENT).set_index("area_code")
    assert t.loc[BD, "population"] == 180_000 and t.loc[BD, "year"] == 2023
    assert "not yet held" in t.loc[BD, "basis"]


def test_current_with_no_estimate_for_the_year_is_no_population_in_words():
    # The hand-made current series holds mid-2014, mid-2015 and mid-2023: mid-2016 is a gap and mid-2010
    # is before it starts. Each was "max() arg is an empty sequence"; now: no figure, no rate, and why.
    from lib.metrics.crime_performance import period_denominators
    from lib.metrics.population import current_population

    gap = current_population(_estimates(), 2016)
    assert list(gap["area_code"]) == [LONDON_CODE] and gap["population"].isna().all()
    assert gap["basis"].iloc[0].startswith("no population: the current ONS series held has no mid-2016 estimate, "
                                           "so rates are not shown")
    before = population_for_period(_estimates(), "2010-01", "2010-12", CURRENT)
    assert before["population"].isna().all()
    assert "starts at mid-2014, so rates are not shown" in before["basis"].iloc[0]
    den = period_denominators(None, _estimates(), "2016-01", "2016-12", CURRENT).set_index("area_code")
    assert pd.isna(den.loc[LONDON_CODE, "population"]) and BD not in den.index
    assert rate_per_1000(pd.Series([50.0]), pd.Series([den.loc[LONDON_CODE, "population"]])).isna().all()


def test_as_published_takes_the_figure_of_the_day():
    t = population_for_period(_estimates(), "2015-04", "2016-03", AS_PUBLISHED).set_index("area_code")
    assert t.loc[BD, "population"] == 110_000  # mid-2014 as first published (June 2015)
    assert t.loc[BD, "year"] == 2014
    t2 = population_for_period(_estimates(), "2014-04", "2015-03", AS_PUBLISHED).set_index("area_code")
    assert t2.loc[BD, "population"] == 100_000  # mid-2013
    # 2019/20: ONS had published mid-2018, which this table does not hold: mid-2015 as first published, labelled
    t3 = population_for_period(_estimates(), "2019-04", "2020-03", AS_PUBLISHED).set_index("area_code")
    assert t3.loc[BD, "population"] == 120_000
    assert "mid-2018" in t3.loc[BD, "basis"] and "do not hold" in t3.loc[BD, "basis"]
    # after June 2021 the mid-2020 release is out
    t4 = population_for_period(_estimates(), "2020-07", "2021-06", AS_PUBLISHED).set_index("area_code")
    assert t4.loc[BD, "population"] == 150_000


def test_explicit_vintage():
    t = population_for_period(_estimates(), "2015-04", "2016-03", "ons_mye_mid2020_release").set_index("area_code")
    assert t.loc[BD, "population"] == 121_000
    with pytest.raises(KeyError):
        population_for_period(_estimates(), "2015-04", "2016-03", "no_such_vintage")


def test_households_one_series_for_every_period():
    pop = pd.DataFrame(
        {
            "borough_code": [b.code for b in all_boroughs()] * 2,
            "borough_name": [b.name for b in all_boroughs()] * 2,
            "year": [2011] * 33 + [2017] * 33,
            "households": [100.0] * 33 + [200.0] * 33,
            "households_source": ["ONS Census 2011 (sum of LSOA households)"] * 33
            + ["GLA household estimate 2017 (Borough Profiles)"] * 33,
        }
    )
    for end in ("2012-03", "2017-12", "2019-03"):
        h = household_denominator(pop, end).set_index("area_code")
        assert h.loc[BD, "households"] == 100.0
        assert h.loc[BD, "basis"] == "households, ONS Census 2011 (27 March 2011)"
        assert h.loc[LONDON_CODE, "households"] == 100.0 * len(mps_boroughs())


def test_rate_per_1000():
    assert rate_per_1000(17428, 198300) == pytest.approx(87.887, abs=1e-3)
    assert pd.isna(rate_per_1000(5, 0))


# --------------------------------------------------------------------------------------------------
# Against the partnership one-pagers (seed 002, Barking and Dagenham, December 2016)


@pytest.fixture(scope="module")
def real(real_store):
    read = lambda name: pd.read_parquet(real_store / f"{name}.parquet")  # noqa: E731
    crime = read("crime_borough")
    return crime[crime["release"] == "2016-12"], read("population_estimates"), read("population")


def _rates(real, first, last, basis=AS_PUBLISHED):
    crime, est, _ = real
    t = indicator_totals(crime[crime["month"].isin(month_range(first, last))], ["borough_code"])
    den = population_for_period(est, first, last, basis).set_index("area_code")["population"]
    t["rate"] = rate_per_1000(t["count"], t["borough_code"].map(den))
    t["rank"] = t.groupby("indicator")["rate"].rank(method="min").astype("int64")
    met = t.groupby("indicator")["count"].sum() / den[LONDON_CODE] * 1000
    return t[t["borough_code"] == BD].set_index("indicator"), met


def test_seed002_published_counts_on_mid2014_first_published(real):
    """2015/16 rates in the packs divide the pack's own count by mid-2014 as first published (198,300)."""
    _, est, _ = real
    den = population_for_period(est, "2015-04", "2016-03", AS_PUBLISHED).set_index("area_code")
    assert den.loc[BD, "population"] == 198_300
    for count, published in ((17_428, 87.89), (587, 2.96), (533, 2.69), (981, 4.95), (774, 3.90)):
        assert round(rate_per_1000(count, 198_300), 2) == published


def test_seed002_ranks_of_32_for_2015_16(real):
    bd, _ = _rates(real, "2015-04", "2016-03")
    # published (seed 002 "History with this indicator"): TNO 21of32, robbery 22, personal robbery 22, TFMV 10
    assert bd.loc["Total Notifiable Offences", "rank"] == 21
    assert bd.loc["Robbery (Total)", "rank"] == 22
    assert bd.loc["Robbery (Personal)", "rank"] == 22
    assert bd.loc["Theft From Motor Vehicle", "rank"] == 10
    assert round(bd.loc["Robbery (Personal)", "rate"], 2) == 2.69
    assert round(bd.loc["Theft From Motor Vehicle", "rate"], 2) == 4.95


def test_seed002_rolling_12_to_december_2016(real):
    """Rolling 12 months to Dec 2016 divide by mid-2015 as first published (201,979): rates, ranks, MET averages."""
    bd, met = _rates(real, "2016-01", "2016-12")
    assert round(bd.loc["Robbery (Total)", "rate"], 2) == 2.73  # published 2.73, 19 of 32
    assert bd.loc["Robbery (Total)", "rank"] == 19
    assert round(bd.loc["Robbery (Personal)", "rate"], 2) == 2.49  # published 2.49, 19 of 32
    assert bd.loc["Robbery (Personal)", "rank"] == 19
    assert round(bd.loc["Violence with Injury", "rate"], 2) == 10.49  # published 10.49, 29 of 32
    assert bd.loc["Violence with Injury", "rank"] == 29
    assert bd.loc["Total Notifiable Offences", "rank"] == 21  # published 87.07, 21 of 32 (ours 87.58: release)
    assert bd.loc["Burglary (Total)", "rank"] == 5  # published 6.39, 5 of 32 (ours 6.40)
    assert bd.loc["Theft/Taking Of Motor Vehicle", "rank"] == 30
    assert bd.loc["Theft From Person", "rank"] == 12
    assert round(met["Theft/Taking Of Motor Vehicle"], 2) == 3.05  # MET average published 3.05
    assert round(met["Theft From Person"], 2) == 4.10  # published 4.10


def test_seed002_residential_burglary_per_1000_households(real):
    """2015/16: 1,045 offences, 15.00 per 1,000 households on Census 2011 households (69,681)."""
    _, _, pop = real
    hh = household_denominator(pop, "2016-03").set_index("area_code")
    assert hh.loc[BD, "households"] == 69_681
    assert round(rate_per_1000(1045, hh.loc[BD, "households"]), 2) == 15.00
    assert round(rate_per_1000(1399, hh.loc[BD, "households"]), 2) == 20.08  # 2014/15 published 20.08


def test_as_published_words_name_the_end_month():
    """Two periods ending in June 2015 and May 2016 both divide by mid-2014 as first published (mid-2015 came
    out in June 2016): the same figures, each labelled with its own end month."""
    est = _estimates()
    june, may = as_published_population(est, "2015-06"), as_published_population(est, "2016-05")
    assert june["population"].equals(may["population"])
    words = may.set_index("area_code").loc[LONDON_CODE, "basis"]
    assert words.startswith("ONS mid-2014 estimate as published by 2016-05")
