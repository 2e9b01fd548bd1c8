"""Month axes of the crime charts (lib/ui/charts.py): level labels that name the latest month."""

import pandas as pd

from lib.periods import add_months
from lib.ui.charts import MONTH_OF_YEAR_AXIS, crime_trajectory_chart, month_axis


def months(first: str, n: int) -> pd.Series:
    return pd.Series([add_months(first, i) for i in range(n)])


def test_long_series_labels_every_year_back_from_the_latest_month() -> None:
    axis = month_axis(months("2013-03", 154)).to_dict()  # March 2013 to December 2025, as slide 1 on the real store
    assert axis["values"] == [f"{y}-12" for y in range(2013, 2026)]
    # level unless narrow; upright on a phone (slanted labels' boxes overlapped their neighbours', issue 23)
    assert axis["labelAngle"]["expr"].endswith("? -90 : 0") and "'%b %Y'" in axis["labelExpr"]


def test_short_series_labels_every_month_or_quarter() -> None:
    assert month_axis(months("2025-01", 12)).to_dict()["values"] == list(months("2025-01", 12))
    assert month_axis(months("2024-01", 24)).to_dict()["values"] == [
        "2024-03", "2024-06", "2024-09", "2024-12", "2025-03", "2025-06", "2025-09", "2025-12"]


def test_trajectory_chart_uses_the_month_axis_and_month_names_for_month_of_year() -> None:
    traj = pd.DataFrame({"month": list(months("2023-01", 36)), "pct_change": range(36), "target_pct": -20.0})
    spec = crime_trajectory_chart(traj).to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["values"][-1] == "2025-12" and len(x["axis"]["values"]) == 12
    assert MONTH_OF_YEAR_AXIS.to_dict()["labelExpr"].startswith("['Jan', 'Feb'")


def test_category_lines_over_months_use_the_month_axis() -> None:
    from lib.ui.charts import category_lines

    data = pd.DataFrame({"month": ["2016-06", "2017-12", "2018-01", "2018-02"], "n": [1, 2, 3, 4], "kind": "s1"})
    x = category_lines(data, "n", "kind", "Searches").to_dict()["layer"][0]["encoding"]["x"]
    assert x["axis"]["values"] == ["2016-06", "2017-12", "2018-01", "2018-02"] and "expr" in x["axis"]["labelAngle"]
    by_year = category_lines(data.assign(year=["a", "b", "c", "d"]), "n", "kind", "Searches", x="year").to_dict()
    assert by_year["layer"][0]["encoding"]["x"]["axis"]["labelAngle"] == -45


def test_month_by_month_axis_ends_at_the_chosen_month() -> None:
    """Twelve months to September 2015 against the twelve before: the axis runs October to September (issue 23:
    it ran January to December, so its right-hand end was not the latest month)."""
    from lib.ui import charts

    tr = pd.DataFrame({"month": [add_months("2013-10", i) for i in range(24)]})
    tr = tr.assign(month_of_year=tr["month"].str[5:7], count=100.0, rolling_12=1200.0, release="2016-12",
                   year=["12 months to Sep 2014"] * 12 + ["12 months to Sep 2015"] * 12)
    assert charts.months_ending(tr) == ["10", "11", "12", "01", "02", "03", "04", "05", "06", "07", "08", "09"]
    spec = charts.crime_trend_chart(tr).to_dict()
    assert spec["vconcat"][0]["encoding"]["x"]["sort"][-1] == "09"
    assert charts.months_ending(tr.iloc[:12]) == ["10", "11", "12", "01", "02", "03", "04", "05", "06", "07", "08",
                                                  "09"]
