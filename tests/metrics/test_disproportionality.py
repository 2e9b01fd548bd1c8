"""Disproportionality: the Enfield SNB pack (2015) Figure 12 ratios from the pack's own numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.metrics.disproportionality import (
    disproportionality,
    ethnicity_table,
    monthly_disproportionality,
    not_recorded_share,
    population_by_group,
    rate_per_1000,
    rates_per_1000,
)
from lib.reference.boroughs import LONDON_CODE

# Enfield SNB pack, Figure 12 population table (Census 2011).
ENFIELD_POPULATION = {"White": 190_640, "Black": 60_923, "Asian": 36_494, "Other": 24_409}
MONTHS = ["2014-09", "2014-10", "2014-11", "2014-12", "2015-01", "2015-02", "2015-03",
          "2015-04", "2015-05", "2015-06", "2015-07", "2015-08", "2015-09"]
# Figure 12: searches (in brackets) and the printed ratio, month by month.
COUNTS = {
    "White": [191, 296, 250, 178, 225, 201, 177, 172, 167, 202, 220, 171, 235],
    "Black": [148, 200, 194, 102, 146, 136, 102, 97, 107, 176, 190, 147, 164],
    "Asian": [29, 30, 24, 18, 20, 24, 22, 26, 10, 17, 27, 17, 26],
    "Other": [3, 5, 7, 5, 9, 9, 4, 4, 1, 3, 5, 7, 5],
}
PRINTED = {
    "Black": ["2.42", "2.11", "2.43", "1.79", "2.03", "2.12", "1.80", "1.76", "2.00", "2.73", "2.70", "2.69", "2.18"],
    "Asian": ["0.79", "0.53", "0.5", "0.53", "0.46", "0.62", "0.65", "0.79", "0.31", "0.44", "0.64", "0.52", "0.58"],
    "Other": ["0.12", "0.13", "0.22", "0.22", "0.31", "0.35", "0.18", "0.18", "0.05", "0.12", "0.18", "0.32", "0.17"],
}
NOT_RECORDED = [1, 4, 3, 1, 1, 3, 1, 2, 1, 3, 1, 0, 8]
NOT_RECORDED_PRINTED = ["0.3%", "0.7%", "0.6%", "0.3%", "0.2%", "0.8%", "0.3%", "0.7%", "0.3%", "0.7%",
                        "0.2%", "0%", "1.8%"]


@pytest.mark.parametrize("i", range(len(MONTHS)), ids=MONTHS)
@pytest.mark.parametrize("group", ["Black", "Asian", "Other"])
def test_enfield_figure_12_every_month(i, group):
    counts = {g: COUNTS[g][i] for g in COUNTS}
    ratios = disproportionality(counts, ENFIELD_POPULATION)
    assert ratios["White"] == 1.0
    # The pack prints two decimals ('0.5' for Asian, November 2014, is 0.50).
    assert round(float(ratios[group]), 2) == pytest.approx(float(PRINTED[group][i]), abs=1e-9)
    assert f"{ratios[group]:.2f}" == f"{float(PRINTED[group][i]):.2f}"


@pytest.mark.parametrize("i", range(len(MONTHS)), ids=MONTHS)
def test_enfield_figure_12_not_recorded_share(i):
    recorded = sum(COUNTS[g][i] for g in COUNTS)
    share = not_recorded_share(recorded, NOT_RECORDED[i])
    printed = NOT_RECORDED_PRINTED[i].rstrip("%")
    assert f"{share * 100:.{len(printed.split('.')[1]) if '.' in printed else 0}f}" == printed


def test_monthly_layout_reproduces_the_whole_figure():
    rows = [{"month": m, "group": g, "searches": COUNTS[g][i]} for i, m in enumerate(MONTHS) for g in COUNTS]
    rows += [{"month": m, "group": "Not recorded", "searches": NOT_RECORDED[i]} for i, m in enumerate(MONTHS)]
    out = monthly_disproportionality(pd.DataFrame(rows), ENFIELD_POPULATION)
    black = out[out["group"] == "Black"].set_index("month")["disproportionality"].round(2)
    assert black.tolist() == [float(x) for x in PRINTED["Black"]]
    sep = out[(out["month"] == "2015-09") & (out["group"] == "Not recorded")].iloc[0]
    assert sep["searches"] == 8 and round(sep["share_of_searches"] * 100, 1) == 1.8


def test_tiny_obvious_cases():
    assert rate_per_1000(5, 1000) == 5.0
    assert rate_per_1000(5, 0) is None
    r = disproportionality({"White": 10, "Black": 20}, {"White": 1000, "Black": 1000})
    assert r.to_dict() == {"White": 1.0, "Black": 2.0}
    # a group with no searches has ratio 0; no White searches makes every ratio undefined
    assert disproportionality({"White": 10}, {"White": 1000, "Asian": 500})["Asian"] == 0.0
    assert disproportionality({"White": 0, "Black": 3}, {"White": 1000, "Black": 10}).isna().all()
    rates = rates_per_1000(pd.Series({"Black": 3}), pd.Series({"White": 10, "Black": 0}))
    assert list(rates.index) == ["White", "Black"]
    assert rates["White"] == 0.0 and pd.isna(rates["Black"])
    with pytest.raises(ValueError):
        disproportionality({"Black": 1}, {"Black": 10})


def test_ethnicity_table_rows():
    counts = {"White": 191, "Black": 148, "Asian": 29, "Other": 3, "Not recorded": 1}
    t = ethnicity_table(counts, ENFIELD_POPULATION).set_index("group")
    assert list(t.index) == ["White", "Black", "Asian", "Other", "Not recorded"]
    assert t.loc["Black", "population"] == 60_923
    assert t.loc["White", "rate_per_1000"] == pytest.approx(191 / 190_640 * 1000)
    assert round(t.loc["Black", "disproportionality"], 2) == 2.42
    assert pd.isna(t.loc["Not recorded", "disproportionality"])
    assert t.loc["Not recorded", "share_of_searches"] == pytest.approx(1 / 372)


def test_population_by_group_borough_and_london():
    pop = pd.DataFrame({
        "borough_code": ["E09000010"] * 4 + ["E09000003"] * 4 + ["E09000001"] * 4,
        "borough_name": ["Enfield"] * 4 + ["Barnet"] * 4 + ["City of London"] * 4,
        "scheme": ["search4"] * 12,
        "group": ["White", "Black", "Asian", "Other"] * 3,
        "population": [190_640, 60_923, 36_494, 24_409, 100, 10, 20, 30, 5000, 5000, 5000, 5000],
    })
    assert population_by_group(pop, "E09000010").to_dict() == ENFIELD_POPULATION
    london = population_by_group(pop, LONDON_CODE)  # the 32 MPS boroughs: City left out
    assert london["White"] == 190_740 and london["Other"] == 24_439


def test_each_month_of_the_monthly_table_is_that_months_own_table():
    """The monthly layout is :func:`ethnicity_table` month by month, worked out in one step: equal row for row to
    each month asked alone, including a month without White searches (every ratio missing) and a month with no
    'Not recorded' row; the ratio column stays numeric (it held None among floats when built month by month)."""
    rows = [{"month": m, "group": g, "searches": COUNTS[g][i]} for i, m in enumerate(MONTHS[:3]) for g in COUNTS]
    rows += [{"month": "2015-10", "group": g, "searches": n} for g, n in (("Black", 4), ("Other", 1))]
    rows += [{"month": m, "group": "Not recorded", "searches": NOT_RECORDED[i]} for i, m in enumerate(MONTHS[:3])]
    counts = pd.DataFrame(rows)
    out = monthly_disproportionality(counts, ENFIELD_POPULATION)
    assert out["month"].tolist() == [m for m in [*MONTHS[:3], "2015-10"] for _ in range(5)]
    for month, part in out.groupby("month", sort=False):
        alone = ethnicity_table(counts[counts["month"] == month].set_index("group")["searches"], ENFIELD_POPULATION)
        assert _cells(part.drop(columns="month")) == _cells(alone), month
    october = out[out["month"] == "2015-10"].set_index("group")
    assert october["disproportionality"].isna().all() and out["disproportionality"].dtype == "float64"
    assert october.loc["Black", "searches"] == 4 and october.loc["Not recorded", "share_of_searches"] == 0.0


def _cells(table: pd.DataFrame) -> list[list[object]]:
    """A table's rows as plain values, any missing value as None (NaN in a float column, None in an object one)."""
    return table.astype(object).where(table.notna(), None).to_numpy().tolist()
