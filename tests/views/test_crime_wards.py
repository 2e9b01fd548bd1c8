"""Ward figures: populations from ward_features, rates per 1,000 and rank within the borough."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.metrics.ward_performance import WARD_POPULATION_FEATURE, ward_populations
from lib.store import Store
from lib.views.crime import ward_view


def test_ward_populations_use_the_census_feature_only():
    features = pd.DataFrame({
        "ward_code": ["W1", "W1", "W2"],
        "feature": [WARD_POPULATION_FEATURE, "imd2025_mean_rank", WARD_POPULATION_FEATURE],
        "value": [8000.0, 1234.0, 12000.0],
    })
    assert ward_populations(features).to_dict() == {"W1": 8000.0, "W2": 12000.0}
    assert ward_populations(None).empty


def test_enfield_wards_on_the_real_store_have_rates(real_store: Path):
    store = Store(real_store)
    table = ward_view(store, "E09000010", "Burglary (Total)", "2025-12").table
    assert len(table) > 15 and set(table["borough_name"]) == {"Enfield"}
    assert (table["rank_basis"] == "rate per 1,000 residents (Census 2011)").all()
    pops = ward_populations(store.table("ward_features"))
    first = table.iloc[0]
    assert first["rate_per_1000"] == first["current"] / pops[first["ward_code"]] * 1000
    assert sorted(table["rank_in_borough"].tolist()) == sorted(
        table["rate_per_1000"].rank(method="min").astype(int).tolist())


def test_ward_section_follows_the_release_pin_and_the_period(real_store: Path):
    """/Crime?borough=Enfield&release=2016-12&to=2015-09 used to show 2026 ward figures: now it says why not."""
    store = Store(real_store)
    pinned = ward_view(store, "E09000010", "Burglary (Total)", "2015-09", "2016-12")
    assert pinned.table.empty and "release to December 2016" in pinned.message
    old = ward_view(store, "E09000010", "Burglary (Total)", "2015-09")
    assert old.table.empty and "No ward figures for October 2014 to September 2015" in old.message
    w = store.table("crime_ward")
    newest = sorted(w["release"].unique())[-1]
    v = ward_view(store, "E09000010", "Burglary (Total)", "2025-12", newest)
    assert v.message is None and len(v.table) > 15
    # independently: the ward file's rows for the 12 months to 2025-12, Enfield, burglary majors
    rows = w[(w["release"] == newest) & (w["borough_code"] == "E09000010") & (w["month"] >= "2025-01")
             & (w["month"] <= "2025-12") & w["major"].str.upper().str.contains("BURGLARY")]
    assert v.table["current"].sum() == rows["count"].sum()


def test_one_ward_dataset_serves_every_borough(real_store: Path):
    """The whole file's ward series worked out once (``ward_dataset``) gives each borough exactly the
    counts of its own wards in the file (newest release per month), summed here with pandas."""
    from lib.views.crime import ward_area_view, ward_dataset

    store = Store(real_store)
    data = ward_dataset(store)
    raw = store.table("crime_ward")
    newest = raw.sort_values("release").drop_duplicates(["month"], keep="last")[["month", "release"]]
    rows = raw.merge(newest, on=["month", "release"])
    for code in ("E09000010", "E09000007"):
        t = ward_area_view(data, code, "Burglary (Total)", "2025-12").table.set_index("ward_code")
        assert set(t["borough_code"]) == {code}
        mine = rows[(rows["borough_code"] == code) & rows["month"].between("2025-01", "2025-12")
                    & (rows["major"] == "BURGLARY")]
        assert t["current"].astype(float).sum() == mine["count"].sum()
        assert t["current"].astype(float).to_dict() == mine.groupby("ward_code")["count"].sum().astype(float).to_dict()
