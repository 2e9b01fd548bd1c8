"""lib.views.comparator on the real comparator file, against figures read from the stored table."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.store import Store
from lib.views.comparator import comparator_choices, comparator_view


def test_transcript_pair(pas_store: Path) -> None:
    """Waltham Forest - Central against Newham - East (MOPAC Challenge, March 2015), 2016 file:
    'well informed' 36 vs 51 is the only gap beyond survey error."""
    v = comparator_view(Store(pas_store), "Waltham Forest - Central", "Newham - East")
    assert v.group_name == "Group 7 (deprived multi-ethnic)" and v.compare_note == ""
    side = v.side_table.set_index("Measure")
    assert list(side.columns) == ["Waltham Forest - Central", "Newham - East", "Gap (points)", "Verdict"]
    assert side.at["Well informed", "Gap (points)"] == pytest.approx(-15.0)
    assert list(v.real_gaps_table["Measure"]) == ["Well informed"]
    assert v.largest_gaps["measure"].iloc[0] == "informed"
    assert "good_job" not in set(v.largest_gaps["measure"])


def test_never_compared_with_itself(pas_store: Path) -> None:
    store = Store(pas_store)
    v = comparator_view(store, "Newham - East", "newham - east")
    assert v.compare != v.neighbourhood
    assert "chosen twice" in v.compare_note and v.compare in v.compare_note
    nb = store.table("pas_neighbourhood")
    good = nb[nb["measure"] == "good_job"].set_index("neighbourhood")
    group = good.loc[good["group"] == good.at["Newham - East", "group"], "value"]
    far = (group - group["Newham - East"]).abs()
    assert far[v.compare] == far.max()
    assert len(v.side_table) == 18


def test_default_pair_is_largest_gap_in_a_group(pas_store: Path) -> None:
    """Without choices: the pair in one group with the largest 'good job' gap (Group 5: Southwark -
    South-West 24 points above Croydon - North-East in the 2016 file)."""
    store = Store(pas_store)
    v = comparator_view(store)
    nb = store.table("pas_neighbourhood")
    good = nb[nb["measure"] == "good_job"]
    spread = good.groupby("group")["value"].agg(lambda s: s.max() - s.min())
    assert v.group == int(spread.idxmax())
    assert (v.neighbourhood, v.compare) == ("Southwark - South-West", "Croydon - North-East")
    assert v.side.set_index("measure").at["good_job", "gap_points"] == pytest.approx(spread.max() * 100)


def test_choices(pas_store: Path) -> None:
    c = comparator_choices(Store(pas_store), "E09000025")  # Newham
    assert len(c.neighbourhoods) == 106 and c.default_neighbourhood.startswith("Newham - ")
    assert all(c.default_compare[n] != n for n in c.neighbourhoods)
