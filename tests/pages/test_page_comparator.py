"""AppTest of pages/3_Neighbourhood_comparator.py on the real comparator file and on the demo store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import checked, table_with

PAGE = "pages/3_Neighbourhood_comparator.py"


def test_real_side_by_side(open_page, pas_store: Path) -> None:
    """The transcript's pair on the 2016 file: Waltham Forest - Central against Newham - East, linked with the
    transcript's own spelling ('Waltham Forest Central', 'Newham East'), which the link understands."""
    at = checked(open_page(PAGE, store=pas_store, neighbourhood="Waltham Forest Central", compare="newham east"))
    assert not any("isn't available" in w.value for w in at.warning)
    assert (at.query_params["neighbourhood"], at.query_params["compare"]) == ("Waltham Forest - Central",
                                                                              "Newham - East")
    heads = [h.value for h in at.header]
    assert heads[0] == "Waltham Forest - Central is in Group 7 (deprived multi-ethnic)"
    assert "Side by side: Waltham Forest - Central and Newham - East" in heads
    side = table_with(at, "Gap (points)").set_index("Measure")
    assert len(side) == 18
    assert side.at["Good job locally", "Gap (points)"] == pytest.approx(-1.0)
    assert side.at["Well informed", "Gap (points)"] == pytest.approx(-15.0)
    assert side.at["Well informed", "Verdict"] == "really lower"
    real = [t.value for t in [*at.dataframe, *at.table]
            if list(t.value.columns) == ["Measure", "Gap (points)", "Verdict"]]
    assert list(real[0]["Measure"]) == ["Well informed"]
    rank = table_with(at, "Rank in group").set_index("Measure")
    assert (rank.at["Good job locally", "Rank in group"], rank.at["Good job locally", "Of"]) == (5, 13)
    assert "13 neighbourhoods" in " ".join(m.value for m in at.markdown)


def test_real_spread_and_labels(open_page, pas_store: Path) -> None:
    at = checked(open_page(PAGE, store=pas_store, neighbourhood="Newham - East", list="nearest on drivers"))
    spread = table_with(at, "Highest value")
    assert spread.iloc[0]["Group"] == "Group 5 (stressed urban)" and spread.iloc[0]["Gap (points)"] == 24.0
    labels = table_with(at, "Evidence")
    assert set(labels.loc[labels["Status"] == "shown", "Name in the transcript"]) >= {"deprived multi-ethnic"}
    nearest = table_with(at, "Distance")
    assert len(nearest) == 10 and "Same group" in nearest.columns
    captions = " ".join(c.value for c in at.caption)
    assert "No neighbourhood boundaries are published" in captions


def test_demo_store_and_bad_parameters(open_page) -> None:
    at = checked(open_page(PAGE, neighbourhood="bogus", compare="nowhere", sample="1", list="x"))
    warnings = " ".join(w.value for w in at.warning)
    assert "Demonstration data" in warnings
    assert "This link's neighbourhood isn't available: neighbourhood\\: 'bogus' is not a" in warnings
    assert "Showing 120 instead" in warnings
    assert at.header[0].value.endswith("(demo) is in Group " + at.header[0].value.rsplit("Group ", 1)[1])
    assert "(" not in at.header[0].value.rsplit("Group ", 1)[1]  # no transcript name for invented groups


def test_demo_store_borough_default(open_page) -> None:
    at = checked(open_page(PAGE, borough="Newham"))
    assert at.header[0].value.startswith("Newham - ")


def test_same_neighbourhood_twice_picks_another_and_says_so(open_page, pas_store: Path) -> None:
    """Choosing one neighbourhood twice used to crash with 'Duplicate column names'."""
    at = checked(open_page(PAGE, store=pas_store, neighbourhood="Newham - East", compare="Newham - East"))
    warnings = " ".join(w.value for w in at.warning)
    assert "Newham - East was chosen twice" in warnings
    side_head = next(h.value for h in at.header if h.value.startswith("Side by side: "))
    other = side_head.removeprefix("Side by side: Newham - East and ")
    assert other != "Newham - East" and other in warnings
    assert len(table_with(at, "Gap (points)")) == 18
