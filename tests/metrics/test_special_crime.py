"""Hate and special crime rows (issue 13 part 1) on a tiny hand-made table."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.metrics.crime_performance import NO_FIGURES, borough_report, rank_all_areas
from lib.metrics.special_crime import KIND_SPECIAL, coverage, special_series
from lib.reference.boroughs import LONDON_CODE, mps_boroughs
from lib.reference.special_crime import shown_special_rows, special_crime_rows

MONTHS = [str(p) for p in pd.period_range("2013-10", "2015-09", freq="M")]


def _special(months=MONTHS) -> pd.DataFrame:
    """Every borough: 2 racist offences a month in year one, 3 in year two; 1 homophobic a month;
    a dog-attack flag (not a pack row); an aviation row of 5 racist a month (London total only)."""
    rows = []
    for b in mps_boroughs():
        for i, m in enumerate(months):
            rows.append((m, b.code, b.name, b.name, "borough", "Hate", "Racist and Religious Hate Crime",
                         2 if i < 12 else 3))
            rows.append((m, b.code, b.name, b.name, "borough", "Hate", "Homophobic Hate Crime", 1))
            rows.append((m, b.code, b.name, b.name, "borough", "Special", "Dog Attacks", 50))
    for m in months:
        rows.append((m, None, None, "Aviation Security(SO18)", "aviation", "Hate",
                     "Racist and Religious Hate Crime", 5))
    return pd.DataFrame(rows, columns=["month", "borough_code", "borough_name", "area_name", "area_kind", "major",
                                       "minor", "count"])


def _main_series(months=MONTHS) -> pd.DataFrame:
    rows = []
    for b in [*mps_boroughs()]:
        for m in months:
            rows.append((b.code, b.name, "indicator", "Total Notifiable Offences", "", m, "2016-12", 100))
    for m in months:
        rows.append((LONDON_CODE, "London", "indicator", "Total Notifiable Offences", "", m, "2016-12", 3200))
    return pd.DataFrame(rows, columns=["area_code", "area_name", "kind", "indicator", "major", "month", "release",
                                       "count"])


def test_special_series_names_pack_rows_and_london_includes_non_borough_rows():
    s = special_series(_special())
    assert set(s["indicator"]) == {"Racist & Religious Hate Crime", "Homophobic Crime"}  # dog attacks dropped
    lon = s[(s["area_code"] == LONDON_CODE) & (s["indicator"] == "Racist & Religious Hate Crime")]
    assert set(lon.loc[lon["month"] == "2013-10", "count"]) == {32 * 2 + 5}
    assert coverage(s) == ("2013-10", "2015-09")


def test_special_rows_follow_the_main_rows_never_added_to_tno():
    code = mps_boroughs()[0].code
    r = borough_report(rank_all_areas(_main_series(), None, "2015-09", special=special_series(_special())), code, [],
                       special_rows=True)
    tno = r[r["indicator"] == "Total Notifiable Offences"].iloc[0]
    assert tno["current"] == 1200 and tno["previous"] == 1200  # the flags are not in TNO
    sp = r[r["kind"] == KIND_SPECIAL].set_index("indicator")
    assert list(sp.index) == [x.row for x in shown_special_rows()]  # every row shown, in the pack's order
    assert sp.loc["Racist & Religious Hate Crime", "current"] == 36
    assert sp.loc["Racist & Religious Hate Crime", "previous"] == 24
    assert sp.loc["Racist & Religious Hate Crime", "pct_change"] == 50.0
    # London: (32*3+5)*12 against (32*2+5)*12
    assert sp.loc["Racist & Religious Hate Crime", "mps_pct_change"] == pytest.approx((101 / 69 - 1) * 100)
    # 36 vs 24: total 60, z = 2(6 - 4.899) = 2.20, within +-3
    assert sp.loc["Racist & Religious Hate Crime", "change_words"] == "within normal variation"
    assert sp.loc["Racist & Religious Hate Crime", "change_method"] == "poisson_sqrt"
    # a flag with no figures in the file (gun crime) keeps its row and says so
    assert sp.loc["Gun Crime", "note"] == NO_FIGURES and pd.isna(sp.loc["Gun Crime", "current"])
    assert "Homicide" not in sp.index  # the main file's Homicide indicator is the one row (issue 22)


def test_special_rows_outside_the_file_say_no_figures_for_this_period():
    code = mps_boroughs()[0].code
    early = [str(p) for p in pd.period_range("2011-10", "2013-09", freq="M")]
    r = borough_report(rank_all_areas(_main_series(early), None, "2013-09", special=special_series(_special())), code,
                       [], special_rows=True)
    sp = r[r["kind"] == KIND_SPECIAL]
    assert len(sp) == len(special_crime_rows()) - 1  # all but Homicide (shown by its indicator)
    assert set(sp["note"]) == {NO_FIGURES}
    assert sp["current"].isna().all()


def test_homicide_is_one_row_from_the_main_file_said_in_the_reference_data():
    """Issue 22: two rows called 'Homicide' (main categories and the special flags) with two London changes.
    The reference data names the indicator shown instead of the flag; every other flag is its own row."""
    rows = {r.row: r for r in special_crime_rows()}
    assert rows["Homicide"].same_as_indicator == "Homicide" and "4 and 7 exactly" in rows["Homicide"].note
    assert [r.row for r in shown_special_rows()] == [r for r in rows if r != "Homicide"]
    flagged = pd.concat([_special(), _special().assign(major="Special", minor="Homicide")], ignore_index=True)
    assert set(special_series(flagged)["indicator"]) == {"Racist & Religious Hate Crime", "Homophobic Crime"}
