"""The complaints charts (issue 23): boroughs ranked highest first with London as a bar of its own and every value
clear of every bar, and allegation types as labelled rows; checked on vl-convert's scenegraph at 350 and 1880 px."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.ui.charts_other import category_rows, ranked_with_london
from tests.ui.test_charts_survey import _boxes, _overlap

BOROUGHS = pd.DataFrame({"borough_name": ["Camden", "Enfield", "Merton", "Sutton"],
                         "pct_change": [-8.7, -1.0, -19.0, float("nan")],
                         "chart_value": [305.0, 511.0, 430.0, float("nan")],
                         "allegations": ["305", "511", "430", "<10"]})
TYPES = pd.DataFrame({"name": ["Oppressive Behaviour", "Failures in Duty", "Traffic Irregularity"],
                      "count": ["127", "236", "<10"], "share": [24.9, 46.2, float("nan")],
                      "pct_change": [21.0, -13.0, float("nan")], "chart_value": [127.0, 236.0, float("nan")]})


def test_boroughs_ranked_with_london_in_its_place() -> None:
    spec = ranked_with_london(BOROUGHS, "chart_value", "Allegations", 481.0, "London average (per borough)",
                              "Enfield", "{:,.0f}", shown="allegations").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [(r["area"], r["text"]) for r in rows] == [
        ("▶ Enfield", "511"), ("London average (per borough)", "481"), ("Merton", "430"), ("Camden", "305"),
        ("Sutton", "<10")]


@pytest.mark.parametrize("width", [350, 1880])
@pytest.mark.parametrize("chart", [
    lambda: ranked_with_london(BOROUGHS, "pct_change", "% change", -0.5, "London", "Enfield", "{:+.1f}%"),
    lambda: ranked_with_london(BOROUGHS, "chart_value", "Allegations", 481.0, "London", "Enfield", "{:,.0f}",
                               shown="allegations"),
    lambda: category_rows(TYPES, "Allegations", with_change=True)])
def test_no_value_over_a_bar(chart, width: int) -> None:
    bars, texts = _boxes(chart().to_dict(), width)
    assert bars and texts
    assert [(t, b) for t in texts for b in bars if _overlap(t, b)] == []
    assert [(a, b) for i, a in enumerate(texts) for b in texts[i + 1:] if _overlap(a, b)] == []


def test_category_rows_say_count_share_and_change() -> None:
    rows = next(iter(category_rows(TYPES, "Allegations", with_change=True).to_dict()["datasets"].values()))
    assert [r["words"] for r in rows] == ["127 (24.9%) · change +21% on a year before",
                                         "236 (46.2%) · change -13% on a year before", "<10"]
