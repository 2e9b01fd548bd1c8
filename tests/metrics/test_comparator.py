"""Neighbourhood comparator: group, rank within group, spread, side by side, nearest on drivers, labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.ingest.base import IngestContext
from lib.ingest.pas import PasNeighbourhoodAdapter, PasNeighbourhoodEthnicityAdapter
from lib.metrics import comparator as c

FIX = Path(__file__).parents[1] / "fixtures" / "pas"


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    """Group 7: Newham - East 50, Waltham Forest - Central 75, Hackney - Homerton 60, Haringey - East 60;
    Group 2: Kensington 85, Westminster - Central 74. Every measure = that number, fair treatment 10 lower."""
    return PasNeighbourhoodAdapter().read([FIX / "neighbourhood_small.csv"], IngestContext(FIX))["pas_neighbourhood"]


def test_group_and_members(small: pd.DataFrame) -> None:
    r = c.rank_in_group(small, "Newham - East")
    assert r.group == 7
    assert r.members == ["Hackney - Homerton", "Haringey - East", "Newham - East", "Waltham Forest - Central"]
    g = r.measures.set_index("measure").loc["good_job"]
    assert (g["value"], g["rank"], g["group_size"]) == (0.50, 4, 4)
    assert (g["group_best"], g["group_worst"], g["group_median"]) == (0.75, 0.50, pytest.approx(0.60))
    assert g["best_neighbourhood"] == "Waltham Forest - Central"
    f = r.measures.set_index("measure").loc["fair_treatment"]
    assert (f["value"], f["group_best"]) == (pytest.approx(0.40), pytest.approx(0.65))
    # ties share the better rank
    h = c.rank_in_group(small, "Hackney - Homerton").measures.set_index("measure").loc["good_job"]
    assert h["rank"] == 2


def test_find_neighbourhood(small: pd.DataFrame) -> None:
    assert c.find_neighbourhood(small, "newham  - east") == "Newham - East"
    assert c.find_neighbourhood(small, "KF-KE") == "Newham - East"
    with pytest.raises(UsageError, match="did you mean Newham - East"):
        c.find_neighbourhood(small, "Newham")
    with pytest.raises(UsageError, match="unknown neighbourhood"):
        c.find_neighbourhood(small, "Gotham")


def test_labels_shown_only_when_membership_supports_them(small: pd.DataFrame) -> None:
    labels = c.group_labels(small).set_index("label")
    assert labels.at["deprived multi-ethnic", "status"] == "shown"
    assert labels.at["deprived multi-ethnic", "group"] == 7
    assert labels.at["central affluence", "group"] == 2
    assert labels.at["suburban villages", "status"] == "named member not in data"
    assert c.group_name(c.group_labels(small), 7) == "Group 7 (deprived multi-ethnic)"
    assert c.group_name(c.group_labels(small), 2) == "Group 2 (central affluence)"


def test_label_withheld_when_named_members_split(small: pd.DataFrame) -> None:
    moved = small.copy()
    moved.loc[moved.neighbourhood == "Waltham Forest - Central", "group"] = 2
    labels = c.group_labels(moved).set_index("label")
    assert labels.at["deprived multi-ethnic", "status"] == "members not in one group"
    assert c.group_name(c.group_labels(moved), 7) == "Group 7"


def test_label_clash_shows_neither(small: pd.DataFrame) -> None:
    merged = small.copy()
    merged["group"] = 7
    labels = c.group_labels(merged).set_index("label")
    assert labels.at["deprived multi-ethnic", "status"] == "clash"
    assert labels.at["central affluence", "status"] == "clash"
    assert c.group_name(c.group_labels(merged), 7) == "Group 7"


def test_spread_biggest_gap_first(small: pd.DataFrame) -> None:
    s = c.group_spread(small)
    assert list(s["group"]) == [7, 2]
    top = s.iloc[0]
    assert (top["highest"], top["lowest"], top["gap_points"]) == ("Waltham Forest - Central", "Newham - East", 25.0)
    assert top["size"] == 4 and top["group_name"] == "Group 7 (deprived multi-ethnic)"
    assert s.iloc[1]["gap_points"] == pytest.approx(11.0)


def test_side_by_side(small: pd.DataFrame) -> None:
    s = c.side_by_side(small, "Waltham Forest - Central", "Newham - East").set_index("measure")
    assert len(s) == 18
    assert s.at["good_job", "gap_points"] == pytest.approx(25.0)
    assert bool(s.at["good_job", "beyond_survey_error"]) is True
    assert s.at["good_job", "verdict"] == "really higher"
    t = c.side_by_side(small, "Hackney - Homerton", "Haringey - East")
    assert set(t["gap_points"]) == {0.0} and not t["beyond_survey_error"].any()
    # 74 vs 85: beyond survey error on 120 interviews each (interval about -21.0 to -0.8), not on 50 each
    w = c.side_by_side(small, "Westminster - Central", "Kensington and Chelsea - Kensington").set_index("measure")
    assert w.at["good_job", "verdict"] == "really lower"
    w2 = c.side_by_side(small, "Westminster - Central", "Kensington and Chelsea - Kensington", sample=50)
    assert w2.set_index("measure").at["good_job", "verdict"] == "within the margin of error"


def test_nearest_on_drivers(small: pd.DataFrame) -> None:
    n = c.nearest_on_drivers(small, "Hackney - Homerton", k=3)
    assert n.iloc[0]["neighbourhood"] == "Haringey - East" and n.iloc[0]["distance"] == pytest.approx(0.0)
    assert list(n["order"]) == [1, 2, 3]
    assert bool(n.iloc[0]["same_group"]) is True
    # Westminster - Central (74) is nearer Waltham Forest - Central (75) than any member of its own group
    m = c.nearest_on_drivers(small, "Westminster - Central", k=2)
    assert m.iloc[0]["neighbourhood"] == "Waltham Forest - Central" and not bool(m.iloc[0]["same_group"])


def test_boroughs_of_group(small: pd.DataFrame) -> None:
    b = c.boroughs_of_group(small, "Newham - East")
    assert b.iloc[0]["borough_name"] == "Newham" and b.iloc[0]["role"] == "this neighbourhood"
    assert set(b["borough_name"]) == {"Newham", "Waltham Forest", "Hackney", "Haringey"}


def test_ethnicity_view_matches_ampersand_names() -> None:
    nbe = PasNeighbourhoodEthnicityAdapter().read([FIX / "ethnicity_small.csv"], IngestContext(FIX))[
        "pas_neighbourhood_ethnicity"]
    v = c.ethnicity_view(nbe, "newham - east").set_index("measure")
    assert v.at["good_job", "Black"] == pytest.approx(0.55)
    assert c.ethnicity_view(nbe, "Gotham").empty


# ---------------------------------------------------------------- the real comparator file


@pytest.fixture(scope="module")
def real(shared_data: Path) -> pd.DataFrame:
    p = shared_data / "confidence" / "pas_neighbourhood_comparator_2016.csv"
    return PasNeighbourhoodAdapter().read([p], IngestContext(p.parent))["pas_neighbourhood"]


def test_real_newham_east(real: pd.DataFrame) -> None:
    """By hand from the file: Group 7 has 13 neighbourhoods; 'good job' values 71 (Barking), 70 (Plumstead,
    Newham East, Newham West), 69 (Newham South, Waltham Forest Central), 67 (Newham Central, Waltham
    Forest South), 62 (Harlsden, Hackney North-East), 60 (Edmonton and South, Haringey North), 55
    (Haringey East): Newham East ranks 2 (joint), best 71, worst 55, median (7th of 13) 67."""
    r = c.rank_in_group(real, "Newham - East")
    assert r.group == 7 and len(r.members) == 13
    assert "Waltham Forest - Central" in r.members and "Barking and Dagenham - Barking" in r.members
    m = r.measures.set_index("measure")
    assert (m.at["good_job", "rank"], m.at["good_job", "group_size"]) == (2, 13)
    assert (m.at["good_job", "group_best"], m.at["good_job", "group_worst"]) == (0.71, 0.55)
    assert m.at["good_job", "group_median"] == pytest.approx(0.67)
    # 'treat you with respect': Newham East 82 is 11th of 13 (only Newham South 80 and Harlsden 81 lower)
    assert (m.at["respect", "value"], m.at["respect", "rank"]) == (pytest.approx(0.82), 11)
    assert r.group_name == "Group 7 (deprived multi-ethnic)"  # transcript: 13 neighbourhoods, as here


def test_real_labels(real: pd.DataFrame) -> None:
    labels = c.group_labels(real).set_index("label")
    shown = labels[labels.status == "shown"]["group"].to_dict()
    assert shown == {"central affluence": 2, "suburban villages": 4, "stressed urban": 5,
                     "settled multi ethnic": 6, "deprived multi-ethnic": 7, "green city fringe": 9,
                     "crowded outer suburbia": 12}
    assert labels.at["aspirational bustle", "status"] == "not shown"
    assert c.group_name(c.group_labels(real), 8) == "Group 8"


def test_real_spread(real: pd.DataFrame) -> None:
    s = c.group_spread(real)
    assert len(s) == 11
    top = s.iloc[0]
    assert (top["group"], top["highest"], top["lowest"], top["gap_points"]) == (
        5, "Southwark - South-West", "Croydon - North-East", pytest.approx(24.0))
    g2 = s[s.group == 2].iloc[0]
    assert (g2["highest"], g2["highest_value"]) == ("Kensington and Chelsea - Kensington", 0.83)


def test_real_side_by_side(real: pd.DataFrame) -> None:
    """Waltham Forest - Central against Newham - East (the transcript's pair), 2016 file: 'well informed'
    36 vs 51 is the only gap beyond survey error on 120 interviews each."""
    s = c.side_by_side(real, "Waltham Forest - Central", "Newham - East").set_index("measure")
    assert s.at["good_job", "gap_points"] == pytest.approx(-1.0)
    assert s.at["informed", "gap_points"] == pytest.approx(-15.0)
    assert list(s.index[s["beyond_survey_error"]]) == ["informed"]


def test_pairs(small: pd.DataFrame) -> None:
    """Group 7 good job: Newham - East 50, Hackney - Homerton 60, Haringey - East 60, Waltham Forest - Central 75."""
    assert c.furthest_in_group(small, "Newham - East") == "Waltham Forest - Central"  # 25 points away
    assert c.furthest_in_group(small, "Hackney - Homerton") == "Waltham Forest - Central"  # 15 > 10
    assert c.furthest_in_group(small, "Kensington and Chelsea - Kensington") == "Westminster - Central"
    assert c.largest_gap_pair(small) == ("Waltham Forest - Central", "Newham - East")  # 25 > Group 2's 11


def test_furthest_in_group_of_every_neighbourhood_at_once(small: pd.DataFrame, real: pd.DataFrame) -> None:
    """The defaults worked out in one pass are furthest_in_group's, also for a neighbourhood alone in its
    group (the first other in London) and one without a 'good job' figure (its group's highest)."""
    alone = small[small["neighbourhood"] == "Westminster - Central"].assign(neighbourhood="Zz - Alone", group=99)
    no_headline = small[(small["neighbourhood"] == "Haringey - East") & (small["measure"] != "good_job")].assign(
        neighbourhood="Haringey - Quiet")
    edge = pd.concat([small, alone, no_headline], ignore_index=True)
    for nb in (small, edge, real):
        assert c.furthest_in_group_all(nb) == {n: c.furthest_in_group(nb, n) for n in c.neighbourhoods(nb)}
    got = c.furthest_in_group_all(edge)
    assert got["Newham - East"] == "Waltham Forest - Central" and got["Zz - Alone"] == "Hackney - Homerton"
    assert got["Haringey - Quiet"] == "Waltham Forest - Central"


def test_wide_is_pandas_pivot_table_with_gaps_and_repeats() -> None:
    """The first non-missing value of each neighbourhood and measure; neighbourhoods sorted, measures in
    the published order; a measure nobody has is left out."""
    nb = pd.DataFrame({
        "neighbourhood": ["Zed", "Alpha", "Alpha", "Zed", "Mid", None],
        "measure": ["relied_on", "good_job", "good_job", "good_job", "relied_on", "good_job"],
        "value": [0.8, float("nan"), 0.6, 0.7, 0.5, 0.9],
    }).astype({"neighbourhood": "string", "measure": "string"})
    expected = nb.pivot_table(index="neighbourhood", columns="measure", values="value", aggfunc="first")
    expected = expected.reindex(columns=[m for m in c.measure_order() if m in expected.columns])
    got = c.wide(nb)
    pd.testing.assert_frame_equal(got, expected)
    assert list(got.index) == ["Alpha", "Mid", "Zed"] and got.at["Alpha", "good_job"] == 0.6
