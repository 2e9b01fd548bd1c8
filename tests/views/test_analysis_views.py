"""The unusual-months and forecast views on the real store: what a page would show (public figures,
the answer in one sentence), and the same answer as the command."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.reference.boroughs import LONDON_CODE, LONDON_NAME
from lib.store import Store
from lib.views.crime import crime_dataset
from lib.views.forecast import forecast_view
from lib.views.unusual import unusual_view


@pytest.fixture(scope="module")
def dataset(real_store):
    return crime_dataset(Store(real_store))


def test_small_counts_are_shown_and_their_flags_withheld_for_the_public(dataset):
    # Arson in Islington (a published minor category) is 1-9 a month from March 2021 to February 2025:
    # every month is modelled; the public sees each count as published but no limits or flag (issue 23).
    v = unusual_view(dataset, "E09000019", "Islington", "arson", "2024-03", "2025-02")
    assert v.indicator == "ARSON" and v.kind == "minor"
    assert len(v.table) == 12 and v.table["count"].between(1, 9).all()
    assert v.table["expected"].notna().all()
    assert v.public["count"].tolist() == v.table["count"].tolist()
    assert v.public["flag"].isna().all() and v.public["expected"].isna().all()
    assert (v.public["reason"] == "under 10 crimes: too few to judge").all()
    assert v.flagged.empty and "are under 10, too few to judge" in v.words


def test_a_series_that_cannot_be_fitted_says_why(dataset):
    # Homicide in Enfield is 0-3 a month: some calendar month had none in all of the three years before.
    v = unusual_view(dataset, "E09000010", "Enfield", "Homicide", "2024-03", "2025-02")
    assert v.table["expected"].isna().all() and v.table["reason"].str.contains("no crimes recorded").all()
    assert "could be judged (no crimes recorded in some calendar month" in v.words


def test_the_sentence_names_each_flagged_month(dataset):
    v = unusual_view(dataset, LONDON_CODE, LONDON_NAME, "mopac 7", "2020-01", "2020-12")
    assert v.indicator == "MOPAC 7" and v.kind == "indicator"
    low = v.table[v.table["flag"] == "low"]
    assert "2020-04" in set(low["month"])  # the first lockdown: far below any ordinary April
    assert "April 2020 lower than expected" in v.words
    assert f"{len(v.flagged)} of the 12 months judged" in v.words


def test_an_area_forecast_alone_is_its_row_of_every_areas_forecast(dataset):
    """The deck's slide 1 asks for London's forecast alone: each area reads its own series and its own random
    stream, so London's row, and any borough's, is the same asked alone or with every area, to the last digit."""
    args = (dataset, "2015-02", None, ("2011-04", "2012-03"), 20.0, "MOPAC 7")
    whole = forecast_view(*args, draws=2000)
    every = whole.table.set_index("area_code")
    for areas in ((LONDON_CODE,), ("E09000010", "E09000033")):
        alone = forecast_view(*args, draws=2000, areas=areas)
        got = alone.table.set_index("area_code")
        assert sorted(got.index) == sorted(areas)
        pd.testing.assert_frame_equal(got.sort_index(), every.loc[sorted(areas)])
        if areas == (LONDON_CODE,):
            assert alone.words == whole.words


def test_forecast_view_orders_london_first_and_boroughs_by_central_forecast(dataset):
    v = forecast_view(dataset, "2015-02", None, ("2011-04", "2012-03"), 20.0, "MOPAC 7", draws=2000)
    assert v.forecast_to == "2015-03"
    assert v.table["area_code"].iloc[0] == LONDON_CODE and len(v.table) == 33
    boroughs = v.table.iloc[1:]
    assert list(boroughs["central"]) == sorted(boroughs["central"])
    assert (v.table["observed_months"] == 11).all()
    assert (v.table["low_95"] <= v.table["low_80"]).all() and (v.table["high_80"] <= v.table["high_95"]).all()
    assert v.words.startswith("London, 12 months to March 2015, forecast from figures to February 2015:")
