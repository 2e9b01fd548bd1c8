"""Counts as published, however small; what a count under 10 makes unreliable is withheld: % change, RAG,
ranks, rate (hand-made tables; issue 23)."""

import pandas as pd

from lib.views.crime import Headline, display_table, public_numbers, public_trend


def _report() -> pd.DataFrame:
    return pd.DataFrame({
        "kind": ["indicator", "indicator", "minor"],
        "indicator": ["Homicide", "Burglary", "Other Drugs"],
        "previous": [4.0, 1200.0, 9.0], "current": [6.0, 1100.0, 10.0],
        "pct_change": [50.0, -8.333333, 11.111111], "mps_pct_change": [-11.2, -5.0, 2.0],
        "rate_per_1000": [0.0168, 3.08123, 0.028], "rate_basis": ["residents"] * 3,
        "rank": [30.0, 12.0, 5.0], "msg_rank": [14.0, 3.0, 2.0], "msg_average": [0.01, 3.5, 0.03],
        "rag": ["red", "green", "red"],
    })


def test_homicide_under_ten_shows_its_counts_but_is_not_rated_unranked_and_has_no_change():
    t = display_table(_report()).set_index("Crime")
    hom = t.loc["Homicide"]
    assert (hom["Previous 12 months"], hom["Latest 12 months"]) == ("4", "6")
    assert pd.isna(hom["% change"]) and pd.isna(hom["Rate per 1,000"])
    assert pd.isna(hom["Rank of 32 (1 = lowest rate)"]) and pd.isna(hom["Rank in similar group"])
    assert hom["RAG"] == "– Not rated" and hom["Is the change real?"] == "change not shown: under 10"


def test_previous_under_ten_withholds_the_change_but_keeps_the_rate():
    drugs = display_table(_report()).set_index("Crime").loc["  · Other Drugs"]
    assert (drugs["Previous 12 months"], drugs["Latest 12 months"]) == ("9", "10")
    assert pd.isna(drugs["% change"]) and drugs["RAG"] == "– Not rated"  # +11.1% would reveal 9
    assert drugs["Rate per 1,000"] == 0.03  # from the latest count (10) alone


def test_a_large_row_keeps_typed_numbers_and_rag_in_words():
    t = display_table(_report())
    burglary = t.set_index("Crime").loc["Burglary"]
    assert burglary["Latest 12 months"] == "1,100" and burglary["% change"] == -8.3
    assert burglary["Rank of 32 (1 = lowest rate)"] == 12 and burglary["RAG"] == "▼ Green — better"
    assert str(t["% change"].dtype) == "float64" and str(t["Rank of 32 (1 = lowest rate)"].dtype) == "Int64"


def test_london_own_table_has_no_columns_beside_london_or_ranks():
    full, own = display_table(_report()), display_table(_report(), london=True)
    assert set(full.columns) - set(own.columns) == {
        "London % change", "London (MET) rate", "Rank of 32 (1 = lowest rate)", "Rank in similar group",
        "Similar group average rate"}
    assert own.set_index("Crime").loc["Burglary", "% change"] == -8.3  # the rest as before


def test_area_numbers_withhold_rank_and_change_with_screen_names():
    t = pd.DataFrame({"area_name": ["A", "B"], "current": [8.0, 500.0], "previous": [12.0, 450.0],
                      "pct_change": [-33.3, 11.1], "rate_per_1000": [0.04, 2.5], "rank": [1, 2]})
    out = public_numbers(t, {"area_name": "Borough", "current": "Latest", "pct_change": "% change",
                             "rate_per_1000": "Rate", "rank": "Rank"})
    assert list(out.columns) == ["Borough", "Latest", "% change", "Rate", "Rank"]
    assert out["Latest"].tolist() == ["8", "500"]
    assert pd.isna(out.loc[0, "% change"]) and pd.isna(out.loc[0, "Rate"]) and pd.isna(out.loc[0, "Rank"])
    assert out.loc[1, "Rank"] == 2 and out.loc[1, "% change"] == 11.1


def test_headline_of_a_small_count_shows_it_and_says_why_there_is_no_change():
    h = Headline("r12", "Homicide", "12 months to Dec 2025", "the 12 months before", 6.0, 4.0, 50.0, -11.2)
    assert h.value_text == "6" and h.change_text is None
    assert "(4). Change not shown: under 10 crimes." in h.comparison_text


def test_trend_shows_every_month_as_published():
    """Homicide in a borough (0-3 a month): the chart and its numbers show each monthly count as published."""
    tr = pd.DataFrame({"month": ["2015-01", "2015-02", "2015-03"], "count": [3, 12, 0],
                       "rolling_12": [9, 21, 21], "year": ["y"] * 3, "month_of_year": ["01", "02", "03"]})
    out = public_trend(tr)
    assert out["count"].tolist() == [3, 12, 0] and out["rolling_12"].tolist() == [9, 21, 21]
    assert out is not tr


def test_headline_change_says_whether_it_is_beyond_normal_variation():
    """2(√944 − √994) = −1.61: within ±3, so not real; 2(√800 − √1000) = −6.68: a real fall."""
    small = Headline("month", "Month", "December 2025", "December 2024", 944.0, 994.0, -5.03, -12.7)
    big = Headline("month", "Month", "December 2025", "December 2024", 800.0, 1000.0, -20.0, -12.7)
    assert small.change_text == "-5.0% on the same period last year: within normal variation" and not small.real
    assert big.change_text == "-20.0% on the same period last year: a real fall" and big.real
