"""The drivers answer on hand-made counts and wards: the sentence's rule, wards, breaks, suppression."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.metrics.ward_months import ward_month_check
from lib.periods import month_range
from lib.reference.boroughs import LONDON_CODE
from lib.reference.categories import TNO
from lib.views.crime import WardDataset
from lib.views.drivers import DriverCounts, drivers_view, plain_name, signed

ENFIELD = "E09000010"
MAJOR = {"ROBBERY OF PERSONAL PROPERTY": "ROBBERY", "ROBBERY OF BUSINESS PROPERTY": "ROBBERY",
         "SHOPLIFTING": "THEFT", "OTHER THEFT": "THEFT"}
MONTHS = month_range("2023-01", "2024-12")  # the 12 months to 2024-12 and the 12 before


def _counts(cats: dict[str, tuple[int, int]]) -> DriverCounts:
    """Enfield and London (the same rows) with a fixed monthly count per category: (2023, 2024)."""
    rows = [{"area_code": code, "area_name": name, "month": m, "release": "2025-11", "scheme": "current",
             "major": MAJOR[minor], "minor": minor, "count": then if m < "2024-01" else now}
            for code, name in [(ENFIELD, "Enfield"), (LONDON_CODE, "London")]
            for minor, (then, now) in cats.items() for m in MONTHS]
    return DriverCounts(None, pd.DataFrame(rows).astype({c: "string" for c in rows[0] if c != "count"}),
                        tuple(MONTHS))


def _wards(indicator: str, wards: dict[str, tuple[int, int]], first: str = "2023-01") -> WardDataset:
    """Enfield's wards: the indicator's monthly counts (then, now), and the same as their TNO."""
    rows = [{"area_code": f"W{i}", "area_name": name, "borough_code": ENFIELD, "borough_name": "Enfield",
             "kind": "indicator", "indicator": ind, "major": "", "month": m, "release": "2026-03",
             "scheme": "current", "count": then if m < "2024-01" else now}
            for i, (name, (then, now)) in enumerate(wards.items())
            for ind in dict.fromkeys([indicator, TNO]) for m in MONTHS]
    return WardDataset(None, pd.DataFrame(rows), None, first, "2024-12", None)


def test_most_of_the_rise_and_the_ward_it_was_in():
    counts = _counts({"ROBBERY OF PERSONAL PROPERTY": (10, 20), "ROBBERY OF BUSINESS PROPERTY": (5, 6)})
    wards = _wards("Robbery (Total)", {"Alpha": (8, 17), "Beta": (7, 9)})
    v = drivers_view(counts, wards, ENFIELD, "Robbery (Total)", "2024-12")
    assert (v.previous, v.current, v.change) == (180, 312, 132)
    assert list(v.categories["contribution"]) == [120, 12]
    assert v.wards_change == 132 and list(v.wards["contribution"]) == [108, 24]
    assert v.sentence == "Most of the rise came from robbery of personal property (+120), above all in Alpha (+108)."
    assert v.notes == ()


def test_a_rise_spread_across_crime_types():
    counts = _counts({"SHOPLIFTING": (10, 14), "OTHER THEFT": (10, 13), "ROBBERY OF PERSONAL PROPERTY": (10, 13)})
    v = drivers_view(counts, _wards(TNO, {"Alpha": (30, 40)}), ENFIELD, TNO, "2024-12")
    assert v.change == 120  # 48 + 36 + 36: the largest is 40% of the change, under MOST_SHARE
    assert v.sentence == ("The rise was spread across several crime types, the largest shoplifting (+48), "
                          "above all in Alpha (+120).")


def test_a_fall_that_one_crime_type_more_than_explains():
    counts = _counts({"SHOPLIFTING": (30, 20), "OTHER THEFT": (10, 15)})
    v = drivers_view(counts, _wards(TNO, {"Alpha": (40, 35)}), LONDON_CODE, TNO, "2024-12")
    assert v.change == -60 and list(v.categories["contribution"]) == [-120, 60]
    assert v.sentence == ("The fall came from shoplifting (\u2212120, more than the whole fall of 60), "
                          "above all in Alpha (Enfield) (\u221260).")
    shown = v.ward_table  # London's wards name their borough
    assert shown.to_dict("records") == [{"Ward": "Alpha", "Borough": "Enfield", "Previous 12 months": "480",
                                         "Latest 12 months": "420", "Change": -60}]


def test_no_ward_figures_for_the_period_are_said():
    counts = _counts({"SHOPLIFTING": (30, 20)})
    v = drivers_view(counts, _wards(TNO, {"Alpha": (30, 20)}, first="2023-06"), ENFIELD, TNO, "2024-12")
    assert v.wards.empty and v.wards_change is None
    assert v.sentence.startswith("Most of the fall came from shoplifting (\u2212120). No ward figures for January "
                                 "2024 to December 2024 compared with January 2023 to December 2023")


def test_an_incomplete_ward_month_gives_no_ward_split():
    counts = _counts({"SHOPLIFTING": (30, 20)})
    wards = _wards(TNO, {"Alpha": (30, 20)})
    s = wards.series
    s.loc[s["month"] == "2024-03", "count"] = 0  # a month the ward file left empty
    # the one definition (lib.metrics.ward_months) finds it against the borough files' Enfield, which is
    # all of "London" here; ward_dataset records it in the dataset the same way
    borough = s[s["indicator"] == TNO].assign(count=lambda d: d["month"].map(lambda m: 30 if m < "2024-01" else 20))
    check = ward_month_check(s, borough)
    assert list(check.loc[check["incomplete"], "month"]) == ["2024-03"]
    wards = replace(wards, incomplete={"2024-03": (0, 20)})
    v = drivers_view(counts, wards, ENFIELD, TNO, "2024-12")
    assert v.wards.empty and "the ward file is incomplete in March 2024" in v.sentence
    assert "London's wards hold 0 offences against 20 in the borough files" in v.sentence


def test_small_counts_are_not_named_but_their_counts_and_change_in_crimes_are_shown():
    # personal robbery rises most but from under 10 a month... counted over 12 months it is 12 -> 96
    counts = _counts({"ROBBERY OF PERSONAL PROPERTY": (1, 8), "ROBBERY OF BUSINESS PROPERTY": (0, 0)})
    v = drivers_view(counts, _wards("Robbery (Total)", {"Alpha": (1, 8)}), ENFIELD, "Robbery (Total)", "2024-12")
    assert v.sentence == "Most of the rise came from robbery of personal property (+84), above all in Alpha (+84)."
    tiny = _counts({"ROBBERY OF PERSONAL PROPERTY": (0, 0), "ROBBERY OF BUSINESS PROPERTY": (0, 0)})
    rows = tiny.counts
    rows.loc[(rows["minor"] == "ROBBERY OF PERSONAL PROPERTY") & (rows["month"] == "2024-05"), "count"] = 9
    v = drivers_view(tiny, _wards("Robbery (Total)", {"Alpha": (0, 0)}), ENFIELD, "Robbery (Total)", "2024-12")
    assert v.change == 9 and v.sentence.startswith("No crime type with 10 or more crimes had a rise")
    shown = v.category_table
    assert list(shown["Previous 12 months"]) == ["0"] and list(shown["Latest 12 months"]) == ["9"]  # as published
    assert list(shown["Change"]) == [9]  # 9 - 0: the published counts' difference, no % to withhold


def test_a_recode_counts_as_one_crime_type_in_the_sentence():
    months = month_range("2022-01", "2024-12")
    rows = [{"area_code": code, "area_name": "x", "month": m, "release": "2025-11", "scheme": "current",
             "major": "BURGLARY", "minor": minor, "count": n(m)}
            for code in (ENFIELD, LONDON_CODE)
            for minor, n in [("DOMESTIC BURGLARY", lambda m: 100 if m < "2023-04" else 0),
                             ("RES BURGLARY OF A HOME", lambda m: 0 if m < "2023-04" else 95),
                             ("BURGLARY BUSINESS AND COMMUNITY", lambda m: 20 if m < "2023-12" else 30)]
            for m in months]
    counts = DriverCounts(None, pd.DataFrame(rows), tuple(months))
    v = drivers_view(counts, _wards("Burglary (Total)", {"Alpha": (10, 10)}, first="2023-06"), ENFIELD,
                     "Burglary (Total)", "2023-12")
    assert [b.month for b in v.notes] == ["2023-04"]
    # home burglary +855 and domestic burglary -900 are one crime type: residential burglary -45; business +10
    assert v.change == -35
    assert v.sentence.startswith("The fall came from residential burglary (\u221245, more than the whole fall of 35)")


def test_across_the_2018_change_the_change_is_not_put_down_to_crime_types():
    months = month_range("2009-01", "2010-12")
    rows = [{"area_code": ENFIELD, "area_name": "Enfield", "month": m, "release": "x",
             "scheme": "pre2018" if m < "2010-04" else "current", "major": major, "minor": minor,
             "count": (10 if scheme == "pre2018" else 12) if (m < "2010-04") == (scheme == "pre2018") else 0}
            for scheme, major, minor in [("pre2018", "Theft and Handling", "Other Theft Person"),
                                         ("current", "THEFT", "THEFT FROM THE PERSON")] for m in months]
    counts = DriverCounts(None, pd.DataFrame(rows), tuple(months))
    wards = WardDataset(None, None, None, None, None, "This store has no ward figures.")
    v = drivers_view(counts, wards, ENFIELD, "Theft From Person", "2010-12")
    assert [b.kind for b in v.notes] == ["scheme"]
    assert v.sentence == ("The crime categories changed in April 2010, so the rise cannot be split by crime type. "
                          "This store has no ward figures.")


def test_bad_choices_are_usage_errors():
    counts = _counts({"SHOPLIFTING": (1, 1)})
    with pytest.raises(UsageError, match="not all in the data, which covers 2023-01 to 2024-12"):
        drivers_view(counts, _wards(TNO, {"A": (1, 1)}), ENFIELD, TNO, "2025-01")
    with pytest.raises(UsageError, match="unknown indicator 'Knitting'"):
        drivers_view(counts, _wards(TNO, {"A": (1, 1)}), ENFIELD, "Knitting", "2024-12")


def test_words():
    assert plain_name("THEFT OR UNAUTH TAKING OF A MOTOR VEH") == "theft or unauthorised taking of a motor vehicle"
    assert plain_name("Burglary in a Dwelling") == "burglary in a dwelling"
    assert (signed(1234), signed(-5), signed(0)) == ("+1,234", "\u22125", "0")


def test_the_real_ward_files_march_2024_in_the_previous_year_gives_no_ward_split(real_store):
    """The same incomplete month as the ward views (lib.metrics.ward_months): the 12 months to February 2026
    are compared with March 2024..February 2025, which holds the ward file's 47-offence March 2024, so no
    ward split; to February 2024 (the ward history) there is one."""
    from lib.store import Store
    from lib.views.drivers import drivers

    store = Store(real_store)
    late = drivers(store, ENFIELD, TNO, "2026-02")
    assert late.wards.empty and late.wards_change is None
    assert late.wards_words == ("No ward split: the ward file is incomplete in March 2024 (London's wards hold 47 "
                                "offences against 75,507 in the borough files).")
    early = drivers(store, ENFIELD, TNO, "2024-02")
    assert len(early.wards) == 25 and early.wards_change == int(early.wards["contribution"].sum())
