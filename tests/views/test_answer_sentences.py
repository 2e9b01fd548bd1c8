"""The answer sentences of the views (issue 23) on small made-up inputs whose answer is known: counts under
10 are given, the % change and rates built on them are not; a period's months without records are named."""

from __future__ import annotations

import pandas as pd

from lib.metrics import stop_search as m
from lib.metrics.complaints import ComplaintsSummary
from lib.periods import period_for
from lib.views import complaints, stop_search

ENFIELD = "E09000010"


def _summary(allegations: int, previous: int | None, per_100: float | None = None) -> ComplaintsSummary:
    change = None if not previous else (allegations - previous) / previous * 100
    return ComplaintsSummary(ENFIELD, "Enfield", period_for("r12", "2025-12"), allegations, previous, change,
                             100.0 if per_100 is not None else None, per_100)


def test_complaints_under_ten_give_the_counts_and_no_change() -> None:
    text = complaints.answer_sentence(_summary(7, 4, 7.0), {"per_100_workforce": 30.0})
    assert text == ("In Enfield, 7 complaint allegations were made against borough police officers and staff in the "
                    "12 months to December 2025, against 4 in the 12 months before (with fewer than 10, no percentage "
                    "change is given).")


def test_complaints_change_and_rate_against_london() -> None:
    text = complaints.answer_sentence(_summary(120, 100, 12.0), {"per_100_workforce": 9.5})
    assert text == ("In Enfield, 120 complaint allegations were made against borough police officers and staff in "
                    "the 12 months to December 2025, 20% more than the 100 in the 12 months before; 12.0 for every "
                    "100 officers and staff, against 9.5 across London.")


def test_complaints_change_text_is_withheld_under_ten() -> None:
    def view(summary):
        return complaints.ComplaintsView(summary, {}, *[pd.DataFrame()] * 4, 0, *[pd.DataFrame()] * 4)

    assert view(_summary(9, 20)).change_text is None
    assert view(_summary(30, 20)).change_text == "+50% on a year before"


def test_stop_search_under_ten_searches_withholds_the_arrest_share() -> None:
    text = stop_search.answer_sentence(ENFIELD, "2019-01", "2019-01", ["2019-01"], None,
                                       {"searches": 8, "arrest_rate": 0.25}, 0.15)
    assert text == ("In Enfield, police carried out 8 stop and searches in January 2019; with fewer than 10 searches, "
                    "the share leading to arrest is not given.")


def test_stop_search_names_the_months_that_have_records() -> None:
    text = stop_search.answer_sentence(ENFIELD, "2018-11", "2019-03", ["2018-11", "2018-12", "2019-03"], None,
                                       {"searches": 200, "arrest_rate": 0.2}, 0.15, ("2018-12",))
    assert text == ("In Enfield, police carried out 200 stop and searches from November 2018 to March 2019 (records "
                    "exist for November 2018 to December 2018 and March 2019 only); 20% led to an arrest, against "
                    "15% across London (December 2018 lacks a location for most searches, so the borough's count "
                    "is short).")


def _months(*months: str) -> pd.DataFrame:
    return pd.DataFrame({"month": list(months)})


def test_latest_full_window_skips_a_lone_month_after_a_gap() -> None:
    months = [str(p) for p in pd.period_range("2017-12", "2019-02", freq="M")] + ["2022-09"]
    assert m.latest_full_window(_months(*months)) == ("2018-03", "2019-02")
    assert m.default_period(_months(*months)) == ("2021-10", "2022-09")  # the calendar window: one month of records
    assert m.latest_full_window(_months("2016-06", "2018-01", "2018-02", "2022-09")) == ("2018-01", "2018-02")
    assert m.latest_full_window(_months("2016-06", "2022-09")) == ("2022-09", "2022-09")


def test_a_month_without_records_names_the_months_that_have_them() -> None:
    """The records have gaps of years: a month inside the first-to-last span but without records is refused with
    every run of months that has them (a contiguous list keeps the 'from A to B' wording)."""
    import pytest

    from lib import choices
    from lib.errors import UsageError

    months = ["2016-06", *[str(p) for p in pd.period_range("2017-12", "2019-02", freq="M")], "2022-09"]
    with pytest.raises(UsageError, match=r"^from: '2020-01' is outside the records: a month in 2016-06, 2017-12 to "
                                         r"2019-02 or 2022-09$"):
        choices.month("2020-01", "from", within=months, what="the records")
    with pytest.raises(UsageError, match=r"is outside the data: a month from 2018-01 to 2018-03$"):
        choices.month("2018-04", within=["2018-01", "2018-02", "2018-03"])
