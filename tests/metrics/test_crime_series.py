"""Monthly series, release choice and windows on tiny hand-made crime tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.metrics.crime_series import (
    CrimeTables,
    borough_category_counts,
    indicator_series,
    month_sources,
    rolling_12_series,
    window_totals,
)
from lib.periods import month_range
from lib.reference.boroughs import LONDON_CODE

A, B = ("E09000010", "Enfield"), ("E09000002", "Barking and Dagenham")
CATS = pd.DataFrame(
    [
        ("pre2018", "Burglary", "Burglary in a Dwelling", "Burglary (Total)"),
        ("pre2018", "Burglary", "Burglary in a Dwelling", "MOPAC 7"),
        ("pre2018", "Robbery", "Personal Property", "MOPAC 7"),
        ("current", "BURGLARY", "RES BURGLARY OF A HOME", "Burglary (Total)"),
        ("current", "BURGLARY", "RES BURGLARY OF A HOME", "MOPAC 7"),
    ],
    columns=["scheme", "major", "minor", "indicator"],
    dtype="string",
)


def rows(release, scheme, months, area, major, minor, count):
    return [
        {"release": release, "scheme": scheme, "month": m, "borough_code": area[0], "borough_name": area[1],
         "major": major, "minor": minor, "count": count}
        for m in months
    ]


def borough_table() -> pd.DataFrame:
    # Release 2016-12 (pre2018 scheme): 2014-01..2016-12, burglary 10/month, robbery 1/month in A;
    # burglary 5/month in B. Release 2025-12 (current): 2016-01..2017-12, burglary 20/month in A.
    old = month_range("2014-01", "2016-12")
    new = month_range("2016-01", "2017-12")
    r = (
        rows("2016-12", "pre2018", old, A, "Burglary", "Burglary in a Dwelling", 10)
        + rows("2016-12", "pre2018", old, A, "Robbery", "Personal Property", 1)
        + rows("2016-12", "pre2018", old, B, "Burglary", "Burglary in a Dwelling", 5)
        + rows("2025-12", "current", new, A, "BURGLARY", "RES BURGLARY OF A HOME", 20)
        + rows("2025-12", "current", new, B, "BURGLARY", "RES BURGLARY OF A HOME", 0)
    )
    return pd.DataFrame(r).astype({"count": "int64"})


def other_table() -> pd.DataFrame:
    return pd.DataFrame([
        {"release": "2025-12", "scheme": "current", "level": "borough", "month": "2017-01",
         "area_name": "Unknown", "area_kind": "unknown", "ward_code": None,
         "major": "BURGLARY", "minor": "RES BURGLARY OF A HOME", "count": 7},
    ])


@pytest.fixture
def tables() -> CrimeTables:
    return CrimeTables(borough=borough_table(), other=other_table(), categories=CATS)


def test_month_sources_newest_release_wins_by_default(tables):
    src = month_sources(tables.borough).set_index("month")["release"]
    assert src["2015-12"] == "2016-12"
    assert src["2016-06"] == "2025-12"  # in both releases: the newer one
    assert src["2017-12"] == "2025-12"


def test_month_sources_pinned_release_and_unknown_release(tables):
    src = month_sources(tables.borough, "2016-12")
    assert set(src["release"]) == {"2016-12"}
    assert src["month"].max() == "2016-12"
    with pytest.raises(UsageError, match="no release"):
        month_sources(tables.borough, "2099-01")


def test_london_is_boroughs_plus_non_borough_rows(tables):
    c = borough_category_counts(tables)
    lon = c[(c["area_code"] == LONDON_CODE) & (c["month"] == "2017-01")]
    assert int(lon["count"].sum()) == 20 + 0 + 7
    lon15 = c[(c["area_code"] == LONDON_CODE) & (c["month"] == "2015-01")]
    assert int(lon15["count"].sum()) == 10 + 1 + 5


def test_indicator_series_maps_both_schemes(tables):
    s = indicator_series(borough_category_counts(tables), CATS)
    m7 = s[(s["area_code"] == A[0]) & (s["indicator"] == "MOPAC 7") & (s["kind"] == "indicator")]
    got = dict(zip(m7["month"], m7["count"], strict=True))
    assert got["2015-06"] == 11  # burglary 10 + robbery 1 (pre2018)
    assert got["2016-06"] == 20  # newer release, current scheme
    assert set(m7.set_index("month").loc[["2015-06", "2016-06"], "release"]) == {"2016-12", "2025-12"}


def test_major_and_minor_categories_only_in_their_own_months(tables):
    s = indicator_series(borough_category_counts(tables), CATS)
    maj = s[(s["area_code"] == A[0]) & (s["kind"] == "major") & (s["indicator"] == "Burglary")]
    assert maj["month"].max() == "2015-12"  # from 2016-01 the months come from the current-scheme release
    w = window_totals(maj, "2015-07", "2016-06")
    assert math.isnan(w["count"].iloc[0])
    assert int(w["missing_months"].iloc[0]) == 6


def test_window_totals_across_year_end(tables):
    s = indicator_series(borough_category_counts(tables, "2016-12"), CATS)
    b = s[(s["indicator"] == "Burglary (Total)") & (s["kind"] == "indicator")]
    w = window_totals(b, "2014-10", "2015-09").set_index("area_code")
    assert w.loc[A[0], "count"] == 120.0
    assert w.loc[B[0], "count"] == 60.0
    assert w.loc[LONDON_CODE, "count"] == 180.0
    assert int(w.loc[A[0], "missing_months"]) == 0
    assert w.loc[A[0], "releases"] == "2016-12"


def test_window_totals_missing_months_are_not_summed(tables):
    s = indicator_series(borough_category_counts(tables, "2016-12"), CATS)
    b = s[(s["indicator"] == "Burglary (Total)") & (s["kind"] == "indicator") & (s["area_code"] == A[0])]
    w = window_totals(b, "2016-06", "2017-05")  # release 2016-12 ends in 2016-12
    assert math.isnan(w["count"].iloc[0])
    assert int(w["missing_months"].iloc[0]) == 5


def test_window_totals_mixing_releases_names_both(tables):
    s = indicator_series(borough_category_counts(tables), CATS)
    b = s[(s["indicator"] == "Burglary (Total)") & (s["kind"] == "indicator") & (s["area_code"] == A[0])]
    w = window_totals(b, "2015-07", "2016-06")
    assert w["count"].iloc[0] == 6 * 10 + 6 * 20
    assert w["releases"].iloc[0] == "2016-12+2025-12"


def test_rolling_12_series_needs_twelve_months_and_flags_gaps():
    m = pd.DataFrame({"month": month_range("2014-06", "2015-07"), "count": range(1, 15)})
    m = m[m["month"] != "2015-03"]  # a gap
    r = rolling_12_series(m).set_index("month")
    assert math.isnan(r.loc["2015-04", "rolling_12"])  # window contains the gap
    assert r.loc["2015-03", "count"] != r.loc["2015-03", "count"]  # NaN: the missing month is shown missing
    full = pd.DataFrame({"month": month_range("2014-01", "2015-01"), "count": [1] * 13})
    rf = rolling_12_series(full).set_index("month")
    assert math.isnan(rf.loc["2014-11", "rolling_12"])
    assert rf.loc["2014-12", "rolling_12"] == 12.0
    assert rf.loc["2015-01", "rolling_12"] == 12.0
