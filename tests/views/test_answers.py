"""The answer first (issue 23): each screen's sentence carries the view's own figures, in words residents know.

On the real files pinned to the release to December 2016 the crime answer reproduces the Enfield Safer
Neighbourhood Board pack (seed 000): MOPAC 7 12,005 -> 11,413 (-4.9%), London -1.0%, Homicide 4 -> 7.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from lib.reference.boroughs import LONDON_CODE
from lib.store import Store
from lib.views import answers
from lib.views import crime as views

ENFIELD = "E09000010"


@pytest.fixture(scope="module")
def pinned(real_store: Path):
    return views.crime_dataset(Store(real_store), "2016-12")


def test_enfield_answer_is_the_packs_headline_in_one_sentence(pinned):
    a = answers.crime_answer(views.crime_view(pinned, ENFIELD, "Enfield", "2015-09"))
    assert a.sentence == ("Enfield recorded 11,413 of the seven priority crimes (MOPAC 7) in the 12 months to "
                          "September 2015, 4.9% fewer than a year before; London fell 1.0%.")
    assert a.figure == "11,413" and a.label == "The seven priority crimes (MOPAC 7), 12 months to September 2015"
    # 2(sqrt(11413) - sqrt(12005)) = -5.47: beyond 3, a real fall
    assert a.change == "-4.9% on a year before: a real fall" and a.real is True
    assert "(12,005)" in a.comparison and a.source == "as published in the release to December 2016"


def test_london_chosen_the_sentence_is_about_london_without_comparing_it_with_itself(pinned):
    a = answers.crime_answer(views.crime_view(pinned, LONDON_CODE, "London", "2015-09"))
    assert a.sentence.startswith("London recorded ") and a.sentence.endswith(" fewer than a year before.")
    assert "London fell" not in a.sentence and "1.0% fewer" in a.sentence
    assert a.comparison == "Against October 2013 to September 2014 (336,599)."  # not London beside itself


def test_homicide_under_ten_gives_both_published_counts_and_says_why_there_is_no_change(pinned):
    """The Enfield SNB pack printed Homicide 4 -> 7 (+75.0%): the counts are published; the % change of so few
    is withheld and the sentence says why."""
    a = answers.crime_answer(views.crime_view(pinned, ENFIELD, "Enfield", "2015-09", "Homicide"))
    assert a.sentence == ("Enfield recorded 7 homicides in the 12 months to September 2015 (4 a year before); "
                          "the change is not shown because fewer than 10 crimes are too few for a reliable "
                          "percentage.")
    assert a.figure == "7" and a.change is None and a.real is None and a.withheld.startswith("the change is not")
    assert "%" not in a.sentence


def test_all_recorded_crime_has_its_plain_name_first_and_no_negative_zero(pinned):
    """Enfield TNO 22,524 -> 22,517 (-0.03%): 'about the same', and never '-0.0%'."""
    a = answers.crime_answer(views.crime_view(pinned, ENFIELD, "Enfield", "2015-09", "Total Notifiable Offences"))
    assert a.label.startswith("All recorded crime (Total Notifiable Offences)")
    assert "22,517 crimes in all (Total Notifiable Offences)" in a.sentence
    assert "about the same number as a year before; London rose 4.4%" in a.sentence
    assert a.change == "0.0% on a year before: within normal variation"


def test_change_words_follow_the_views_rounded_change():
    v = _fake_view(current=1100.0, previous=1000.0, pct=10.0, london=-2.04)
    a = answers.crime_answer(v)
    assert a.sentence == ("Barnet recorded 1,100 burglaries in the 12 months to March 2024, "
                          "10.0% more than a year before; London fell 2.0%.")
    assert a.change == "+10.0% on a year before: a real rise"  # 2(sqrt(1100) - sqrt(1000)) = 3.09


def test_no_count_a_year_before_says_so():
    a = answers.crime_answer(_fake_view(current=1100.0, previous=None, pct=None, london=None))
    assert a.sentence.endswith("; there is no figure for a year before.") and a.change is None


def test_plain_names_put_the_official_term_beside_the_plain_one():
    assert answers.plain_name("MOPAC 7") == "The seven priority crimes (MOPAC 7)"
    assert answers.plain_name("Total Notifiable Offences") == "All recorded crime (Total Notifiable Offences)"
    assert answers.plain_name("Burglary (Total)") == "Burglary (Total)"  # already plain: no repeat
    assert answers.plain_name("Something new") == "Something new"


def test_compact_table_fits_a_phone_with_count_change_and_verdict(pinned):
    view = views.crime_view(pinned, ENFIELD, "Enfield", "2015-09")
    t = answers.crime_compact_table(view).set_index("Crime")
    assert list(t.columns) == ["Latest 12 months", "Change", "Verdict"]
    assert len(t) == (view.report["kind"] != "minor").sum()  # every crime; the sub-categories in the full table
    mopac = t.loc["The seven priority crimes (MOPAC 7)"]
    assert (mopac["Latest 12 months"], mopac["Change"]) == ("11,413", "-4.9%")
    assert mopac["Verdict"] == "▼ Green — better; a real fall"
    burglary = t.loc["Burglary (Total)"]  # the Enfield pack: 3,210 -> 2,830, -11.8%
    assert (burglary["Latest 12 months"], burglary["Change"]) == ("2,830", "-11.8%")
    hom = t.loc["Homicide"]
    assert (hom["Latest 12 months"], hom["Change"], hom["Verdict"]) == ("7", "not shown: under 10", "– Not rated")


def test_stop_search_answer_names_the_months_the_records_cover(real_store: Path):
    from lib.views.stop_search import stop_search_view

    v = stop_search_view(Store(real_store), LONDON_CODE, "2021-10", "2022-09", boroughs=False)
    a = answers.stop_search_answer(v)
    assert a.figure == "12,447"
    assert a.sentence == ("The Met recorded 12,447 stops and searches in London from October 2021 to September 2022 "
                          "(records exist for September 2022 only); 15% ended in arrest.")


def _fake_view(current, previous, pct, london):
    """A crime view's headline fields, hand-made: Barnet, burglary, 12 months to March 2024."""
    h = views.Headline("r12", "Rolling 12 months", "April 2023 to March 2024", "April 2022 to March 2023",
                       current, previous, pct, london)
    return _View(area_code="E09000003", area_name="Barnet", indicator="Burglary (Total)", to="2024-03",
                 headlines=(replace(h, kind="month"), h), release_words="from the newest release for each month")


class _View:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def test_compact_change_text_has_no_negative_zero():
    assert [answers.signed(p) for p in (-0.03, 0.04, -4.93, 11.2)] == ["0.0%", "0.0%", "-4.9%", "+11.2%"]
