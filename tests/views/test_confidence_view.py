"""lib.views.confidence on the real PAS files and the demo store, against figures worked out here with pandas."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.errors import UsageError
from lib.store import Store
from lib.views.confidence import confidence_choices, confidence_view, satisfaction_view

ENF, LON = "E09000010", "E12000007"


def test_enfield_pack_figures(pas_store: Path) -> None:
    """Enfield SNB pack (Oct 2015): confidence 59% in the 12 months to September 2015, MPS 67%;
    Wilson 95% interval on 400 interviews: 54.1% to 63.7%."""
    v = confidence_view(Store(pas_store), ENF, "2015-09")
    assert (v.area_name, v.quarter_label, v.year_earlier) == ("Enfield", "September 2015", "2014-09")
    assert v.headline is not None and v.headline.value == "59%"
    assert v.headline.help == "95% interval 54% to 64%; London 67%."
    row = v.summary.set_index("measure").loc["good_job"]
    assert (row["value"], row["mps_value"]) == (pytest.approx(0.59), pytest.approx(0.67))
    assert (round(row["ci_low"] * 100, 1), round(row["ci_high"] * 100, 1)) == (54.1, 63.7)
    shown = v.summary_table.set_index("Measure")
    assert shown.at["Good job locally", "Against London"] == "really lower"
    assert v.report()[0]["measure"] == "good_job" and v.report()[0]["ci_low"] == row["ci_low"]
    assert "400 interviews per borough" in v.assumption and "12,800 for London" in v.assumption


def test_ranked_boroughs_london_and_extremes(pas_store: Path) -> None:
    """London 67% in the 12 months to December 2014; the boroughs furthest above and below it are the
    largest and smallest borough − London gaps, worked out here from the stored table."""
    store = Store(pas_store)
    v = confidence_view(store, LON, "2014-12")
    assert v.london_value == pytest.approx(0.67)
    lo, hi = v.london_ci
    assert lo < 0.67 < hi and hi - lo < 0.02  # 12,800 interviews: under a point either way
    pas = store.table("pas_borough")
    d = pas[(pas["quarter"] == "2014-12") & (pas["measure"] == "good_job") & (pas["area_code"] != LON)]
    gaps = (d.set_index("area_name")["proportion"] - 0.67).sort_values()
    assert len(v.ranked_table) == 32
    assert v.above_london["area_name"].iloc[0] in set(gaps[gaps == gaps.max()].index)
    assert v.below_london["area_name"].iloc[0] in set(gaps[gaps == gaps.min()].index)
    assert (v.above_london["vs_london_points"] > 0).all() and (v.below_london["vs_london_points"] < 0).all()
    assert {"ci_low", "ci_high", "vs_london"} <= set(v.above_london.columns)
    assert v.drivers_table.empty and v.similar_table is None and "Choose a borough" in v.similar_note


def test_bad_choices_raise_usage_errors(pas_store: Path) -> None:
    store = Store(pas_store)
    with pytest.raises(UsageError, match="no PAS figures for 2015-08"):
        confidence_view(store, ENF, "2015-08")
    with pytest.raises(UsageError, match="unknown PAS measure"):
        confidence_view(store, ENF, "2015-09", "bogus")
    with pytest.raises(UsageError, match="positive"):
        confidence_view(store, ENF, "2015-09", sample=0)
    with pytest.raises(UsageError, match="victim satisfaction"):
        satisfaction_view(store, ENF)
    c = confidence_choices(store)
    assert c.has_pas and not c.has_uss and "dashboard has none to show." in c.uss_notice
    assert "ingest" not in c.uss_notice and "lib.cli" not in c.uss_notice
    assert c.quarters[0] < c.quarters[-1] and list(c.measures)[0] == "good_job"


def test_satisfaction_view_on_demo_store(demo_store: Path) -> None:
    store = Store(demo_store)
    v = satisfaction_view(store, ENF)
    uss = store.table("uss")
    latest = sorted(uss["period"].unique())[-1]
    assert v.period == latest
    d = uss[(uss["period"] == latest) & (uss["measure"] == "overall") & (uss["borough_code"] == ENF)]
    p = d.set_index("ethnic_group")["proportion"]
    assert v.gap is not None
    assert v.gap["area"]["gap_points"] == pytest.approx((p["white"] - p["bme"]) * 100)
    assert v.london_gap_text.startswith("London's gap is **")
    assert len(v.by_borough_table) == 32 and "Victims interviewed" in v.by_borough_table.columns
    assert "demonstration data" in confidence_choices(store).uss_notice


def test_map_classes_follow_survey_error(pas_store: Path) -> None:
    """Enfield 59% against London 67% (Sept 2015, 400 and 12,800 interviews): the gap's interval is
    about −8 ± 4.9 points, all below zero, so Enfield is "Lower than London". Every borough's class
    agrees with its 'Against London' verdict (Newcombe interval, lib.metrics.survey), and a borough
    whose verdict is 'no real difference' is grey whatever its distance in points."""
    v = confidence_view(Store(pas_store), ENF, "2015-09")
    m = v.map_values.set_index("borough_code")
    assert m.at[ENF, "map_class"] == 0 and m.at[ENF, "tip"].endswith("; lower than London")
    verdicts = v.ranked.set_index("area_code")["vs_london"]
    expected = verdicts.map({"really higher": 2, "really lower": 0}).fillna(1).astype(int)
    assert m["map_class"].astype(int).sort_index().tolist() == expected.sort_index().tolist()
    assert "against London (67%)" in v.map_legend and "±5 points" in v.map_legend
