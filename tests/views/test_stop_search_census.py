"""Stop and search disproportionality on Census 2011 (default, as the packs) or Census 2021, with 95%
intervals (issue 13 parts 4-5), on the real store; the 2022-09 month with its own base."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.store import Store
from lib.views.stop_search import (
    census_choices,
    stop_search_area,
    stop_search_period,
    stop_search_records,
    stop_search_view,
)

ENFIELD = "E09000010"


def _katz(a, n1, b, n2):
    rr = (a / n1) / (b / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)
    return rr, rr * math.exp(-1.959964 * se), rr * math.exp(1.959964 * se)


def test_census_2011_default_with_intervals(real_store: Path):
    store = Store(real_store)
    assert census_choices(store) == (2011, 2021)
    v = stop_search_view(store, ENFIELD, "2018-04", "2019-02")
    assert v.census == 2011 and "Census 2011" in v.census_words
    e = v.ethnicity.set_index("group")
    assert e.loc["Black", "population"] == 60923 and e.loc["White", "population"] == 190640
    rr, lo, hi = _katz(e.loc["Black", "searches"], 60923, e.loc["White", "searches"], 190640)
    assert e.loc["Black", "disproportionality"] == pytest.approx(rr)
    assert (e.loc["Black", "ratio_low"], e.loc["Black", "ratio_high"]) == (pytest.approx(lo, rel=1e-5),
                                                                            pytest.approx(hi, rel=1e-5))
    assert pd.isna(e.loc["White", "ratio_low"])  # the reference group has no interval


def test_census_2021_basis_and_the_2022_09_month(real_store: Path):
    store = Store(real_store)
    v = stop_search_view(store, ENFIELD, "2022-09", "2022-09", census=2021)
    assert v.months == ("2022-09",)
    pop = pd.read_parquet(Path(real_store) / "population_ethnicity_2021.parquet")
    p = pop[(pop["borough_code"] == ENFIELD) & (pop["scheme"] == "search4")].set_index("group")["population"]
    e = v.ethnicity.set_index("group")
    assert e.loc["Black", "population"] == p["Black"] and e.loc["White", "population"] == p["White"]
    assert "Census 2021" in v.census_words
    rr, lo, hi = _katz(e.loc["Black", "searches"], p["Black"], e.loc["White", "searches"], p["White"])
    assert e.loc["Black", "disproportionality"] == pytest.approx(rr)
    assert e.loc["Black", "ratio_low"] == pytest.approx(lo, rel=1e-5)
    with pytest.raises(UsageError):
        stop_search_view(store, ENFIELD, "2022-09", "2022-09", census=2001)


def test_one_period_serves_every_area(real_store: Path):
    """The page's steps (records once, the period's 32-borough comparison once, then each area) give
    stop_search_view's answer; the comparison is one table for every area, and Enfield's row in it is
    counted independently (searches located in Enfield in the period)."""
    import dataclasses

    from lib.views.stop_search import stop_search_area, stop_search_period, stop_search_records

    store = Store(real_store)
    period = stop_search_period(stop_search_records(store), "2018-04", "2019-02")
    enfield, camden = stop_search_area(period, ENFIELD), stop_search_area(period, "E09000007")
    assert enfield.boroughs is camden.boroughs is period.boroughs
    direct = stop_search_view(store, ENFIELD, "2018-04", "2019-02")
    for f in dataclasses.fields(direct):
        a, b = getattr(enfield, f.name), getattr(direct, f.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b)
        else:
            assert repr(a) == repr(b), f.name
    raw = pd.read_parquet(Path(real_store) / "stop_search.parquet")
    mine = raw[(raw["location_status"] == "borough") & (raw["borough_code"] == ENFIELD)
               & raw["month"].between("2018-04", "2019-02")]
    assert period.boroughs.set_index("borough_code").loc[ENFIELD, "searches"] == len(mine)


def test_weapons_and_key_crime_shares_leave_out_the_months_recorded_alike(real_store: Path):
    """June 2016 and December 2017: every PACE s1 search in the published file has one object of search,
    so those months are left out of Enfield's shares (headline, monthly table) and the note says so."""
    raw = pd.read_parquet(Path(real_store) / "stop_search.parquet")
    enfield = raw[(raw["borough_code"] == "E09000010") & raw["month"].between("2016-06", "2019-02")]
    kept = enfield[~enfield["month"].isin(["2016-06", "2017-12"])]
    weapons = {"Offensive weapons", "Firearms", "Anything to threaten or harm anyone", "Crossbows"}
    expected = kept["object_of_search"].isin(weapons).sum() / len(kept)

    records = stop_search_records(Store(real_store))  # read and classified once for both periods
    v = stop_search_area(stop_search_period(records, "2016-06", "2019-02"), "E09000010")
    assert v.shares_left_out == ("2016-06", "2017-12")
    assert v.headline.weapons_share == pytest.approx(expected)
    assert v.summary["weapons_share"] == v.headline.weapons_share
    assert v.headline.searches == len(enfield)  # the searches themselves all count
    flat = v.monthly.set_index("month").loc[["2016-06", "2017-12"]]
    assert flat["weapons_share"].isna().all() and (flat["key_crime_shown"] == "not meaningful").all()
    assert v.monthly.set_index("month").loc["2018-01", "weapons_share"] > 0
    assert v.shares_note.startswith("Weapons and key-crime shares leave out June 2016 and December 2017")
    assert stop_search_area(stop_search_period(records, "2018-01", "2019-02"), "E09000010").shares_note == ""
