"""The complaints view: what the public sees (counts as published, shares of small counts withheld) and what
the page reads."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.metrics import complaints as c
from lib.views.complaints import for_public
from tests.metrics.test_complaints import ENFIELD, _workforce, tiny_tables


@pytest.fixture()
def tiny() -> tuple[pd.DataFrame, pd.DataFrame]:
    return tiny_tables()


def test_for_public_shows_small_counts_and_withholds_their_shares(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, _ = tiny
    t = c.by_allegation_type(a, ENFIELD, "2015-06")  # incivility 12, failures in duty 6
    shown = for_public(t).set_index("name")
    assert shown.loc["Incivility", "count"] == "12"
    assert shown.loc["Incivility", "share"] == pytest.approx(66.6667, abs=1e-3)
    assert shown.loc["Incivility", "chart_value"] == 12.0
    assert shown.loc["Incivility", "previous"] == "–"  # the year before is outside the data
    assert shown.loc["Failures in Duty", "count"] == "6"  # as published
    assert pd.isna(shown.loc["Failures in Duty", "share"])  # a share of 6: withheld
    assert shown.loc["Failures in Duty", "chart_value"] == 6.0
    assert shown.loc["Malpractice", "count"] == "0"
    boroughs = for_public(c.by_borough(a, _workforce([]), "2015-06"))
    assert list(boroughs["allegations"]) == ["36", "18"]
    # arithmetic tables keep the real counts
    assert t.set_index("name").loc["Failures in Duty", "count"] == 6


def test_for_public_blanks_change_when_the_previous_count_is_small() -> None:
    t = pd.DataFrame({"name": ["x", "y"], "count": [2000, 20], "share": [99.0, 1.0], "previous": [1000, 5],
                      "pct_change": [100.0, 300.0]})
    shown = for_public(t)
    assert list(shown["count"]) == ["2,000", "20"]
    assert list(shown["previous"]) == ["1,000", "5"]
    assert shown.loc[0, "pct_change"] == 100.0
    assert pd.isna(shown.loc[1, "pct_change"])


def test_for_public_trend(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, _ = tiny
    shown = for_public(c.monthly_trend(a, ENFIELD, "2015-12")).set_index("month")
    assert shown.loc["2014-01", "allegations"] == str(
        int(a[(a["borough_code"] == ENFIELD) & (a["month"] == "2014-01")]["allegations"].sum()))
    assert shown.loc["2014-01", "rolling_12_months"] == "–"
    assert shown.loc["2015-12", "rolling_12_months"] == "24"


def test_the_pages_tables_come_with_screen_names(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """The page used to rename the columns itself: the view now gives each table as the page shows it."""
    from lib.views.complaints import ComplaintsView

    a, _ = tiny
    boroughs = for_public(c.by_borough(a, _workforce([]), "2015-06"))
    none = boroughs.iloc[0:0]
    v = ComplaintsView(summary=None, london={}, boroughs=boroughs, types=none, outcomes=none, finalised=0,
                       trend=none, glossary=pd.DataFrame(), types_raw=pd.DataFrame(),
                       outcomes_raw=pd.DataFrame())
    assert list(v.borough_table.columns) == ["Rank", "borough_code", "Borough", "Allegations", "Year before",
                                             "Change (%)", "Workforce (average)", "Per 100 workforce"]
    assert list(v.change_table.columns) == ["Borough", "Allegations", "Year before", "Change (%)"]
    assert v.borough_table["Borough"].tolist() == boroughs["borough_name"].tolist()
