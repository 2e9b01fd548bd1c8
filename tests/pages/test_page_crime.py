"""AppTest of the crime page on the run's real store (every published file, ingested once for the run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from lib.ui.crime_blocks import SECTIONS

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "1_Crime.py")


@pytest.fixture(scope="module")
def crime_page_store(real_store: Path) -> Path:
    """The run's real store: every file the crime page reads (crime, boundaries, census), ingested once for the
    whole run rather than again for this module."""
    return real_store


@pytest.fixture
def page(crime_page_store, monkeypatch):
    """The page with every part a reader opens open (``?drivers=true&...``), as a reader who opened them all."""
    monkeypatch.setenv("POLICING_STORE", str(crime_page_store))
    monkeypatch.setenv("POLICING_BASEMAP", "none")
    at = AppTest.from_file(PAGE, default_timeout=180)
    for key in SECTIONS:
        at.query_params[key] = "true"
    return at


@pytest.fixture
def closed_page(crime_page_store, monkeypatch):
    """The page as a first visit opens it: every part a reader opens closed."""
    monkeypatch.setenv("POLICING_STORE", str(crime_page_store))
    monkeypatch.setenv("POLICING_BASEMAP", "none")
    return AppTest.from_file(PAGE, default_timeout=180)


def opened(at) -> list[str]:
    """The labels of the parts a reader opens (and of the page's other folds), in page order."""
    return [e.label for e in at.expander]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_view_london_newest(page):
    page.run()
    assert not page.exception
    headers = [h.value for h in page.header]
    assert headers[0] == "The seven priority crimes (MOPAC 7) in London"
    m = metrics(page)
    # the newest borough month: the release to February 2026 (crime/borough/..._2024-03_to_2026-02.csv)
    assert any(k.startswith("Rolling 12 months: March 2025 to February 2026") for k in m)
    assert m["Boroughs at a 20% reduction or more"].endswith("of 32")


def test_pinned_release_reproduces_the_transcript_and_enfield_pack(page):
    page.query_params.update({"borough": "Enfield", "release": "2016-12", "to": "2015-02"})
    page.run()
    assert not page.exception
    m = metrics(page)
    assert m["London, 12 months to February 2015"] == "-19.8%"
    assert m["Boroughs at a 20% reduction or more"] == "16 of 32"
    page.query_params.update({"to": "2015-09", "indicator": "Burglary (Total)"})
    page.run()
    m = metrics(page)
    assert m["Rolling 12 months: October 2014 to September 2015"] == "2,830"
    # Enfield pack: 3,210 -> 2,830; 2(sqrt 2830 - sqrt 3210) = -6.9, beyond +-3: a real fall, green (fewer is better)
    rolling = next(x for x in page.metric if x.label.startswith("Rolling 12 months"))
    assert rolling.delta == "-11.8% on the same period last year: a real fall"
    assert rolling.proto.color == Metric.MetricColor.GREEN
    assert [h.value for h in page.header][0] == "Burglary (Total) in Enfield"


def test_newest_release_shows_the_revision(page):
    page.query_params.update({"to": "2015-02"})
    page.run()
    m = metrics(page)
    assert m["London, 12 months to February 2015"] == "-19.4%"
    assert m["Revised since first published"] == "-19.8% then, -19.4% now"


def test_widget_changes_update_view_and_url(page):
    page.query_params.update({"borough": "Enfield"})
    page.run()
    page.selectbox(key="w_indicator").select("Robbery (Total)").run()
    assert not page.exception
    assert [h.value for h in page.header][0] == "Robbery (Total) in Enfield"
    assert page.query_params["indicator"] in ("Robbery (Total)", ["Robbery (Total)"])
    page.selectbox(key="w_borough").select("Hackney").run()
    assert [h.value for h in page.header][0] == "Robbery (Total) in Hackney"
    assert any("Hackney" in h for h in [h.value for h in page.header])


def test_bad_parameters_warn_and_fall_back(page):
    page.query_params.update({"to": "bogus", "indicator": "Nonsense", "release": "1999-01", "reduction": "500"})
    page.run()
    assert not page.exception
    warnings = " ".join(w.value for w in page.warning)
    assert "bogus" in warnings and "Nonsense" in warnings
    assert [h.value for h in page.header][0] == "The seven priority crimes (MOPAC 7) in London"
    assert "Boroughs at a 20% reduction or more" in metrics(page)


def test_demo_store_shows_crime_figures(demo_store, monkeypatch):
    monkeypatch.setenv("POLICING_STORE", str(demo_store))
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.query_params["target"] = "true"
    at.run()
    assert not at.exception
    assert [h.value for h in at.header][0] == "The seven priority crimes (MOPAC 7) in London"
    assert not any("recorded-crime" in i.value for i in at.info)
    assert "Boroughs at a 20% reduction or more" in metrics(at)


def test_ward_section_follows_release_and_period(page):
    page.query_params.update({"borough": "Enfield", "release": "2016-12", "to": "2015-09",
                              "indicator": "Burglary (Total)"})
    page.run()
    assert not page.exception
    # the ward history (from April 2010) has wards for this period, from the ward file's own release
    infos = " ".join(i.value for i in page.info)
    assert "No ward figures" not in infos
    captions = " ".join(c.value for c in page.caption)
    assert ("October 2014 to September 2015: ward figures from the ward file's own release (the release to "
            "March 2026); the ward file has no release to December 2016") in captions
    wards = next(t.value for t in page.table if "Ward" in t.value.columns)
    arnos = wards[wards["Ward"] == "Arnos Grove"].iloc[0]  # 108: summed from the ward history CSV
    assert len(wards) == 25 and str(arnos["Latest 12 months"]).replace(",", "") == "108"
    page.query_params.update({"to": "2010-12"})  # the ward history starts in April 2010
    page.run()
    assert "No ward figures for January 2010 to December 2010" in " ".join(i.value for i in page.info)


# --- issue 24's answers on the page --------------------------------------------------------------------

ENFIELD = "E09000010"


def _drawn(at, first_column: str) -> list:
    """Every drawn table (st.table or st.dataframe) whose first column is ``first_column``."""
    return [t.value for t in [*at.table, *at.dataframe] if len(t.value.columns) and t.value.columns[0] == first_column]


def _same(shown, expected) -> None:
    """A drawn table holds the view's public table: the same columns and, as text, the same cells."""
    assert list(shown.columns) == list(expected.columns)
    assert shown.astype(str).reset_index(drop=True).equals(expected.astype(str).reset_index(drop=True))


def test_what_drove_the_change_is_the_drivers_view(page, crime_page_store):
    from lib.store import Store
    from lib.views.drivers import drivers

    page.query_params.update({"borough": "Enfield", "to": "2023-12"})
    page.run()
    assert not page.exception
    dv = drivers(Store(crime_page_store), ENFIELD, "MOPAC 7", "2023-12")
    # the page's own words and the view's answer on the same files (the rise of 219 split by crime type and ward)
    assert dv.sentence == ("Most of the rise came from theft or unauthorised taking of a motor vehicle (+180), "
                           "above all in Enfield Lock (+141).")
    assert dv.sentence in [m.value for m in page.markdown]
    assert "What drove the change: the crime types and wards behind it" in opened(page)
    _same(_drawn(page, "Crime type")[0], dv.category_table)
    wards = [t for t in _drawn(page, "Ward") if "Change" in t.columns]
    assert len(wards) == 1 and len(wards[0]) == 25
    _same(wards[0], dv.ward_table)
    captions = [c.value for c in page.caption]
    assert all(n in captions for n in dv.note_words) and dv.note_words  # the April 2023 burglary recode
    assert "13,431 crimes then, 13,650 now" in " ".join(captions)
    # the same 12 months before as the headline figures' comparison above it
    assert "Against January 2022 to December 2022 (13,431). London: +7.6%." in captions


def test_what_drove_the_change_says_why_there_are_no_ward_figures(page, crime_page_store):
    from lib.store import Store
    from lib.views.drivers import drivers

    page.query_params.update({"borough": "Enfield", "release": "2016-12", "to": "2010-12"})
    page.run()
    assert not page.exception
    dv = drivers(Store(crime_page_store), ENFIELD, "MOPAC 7", "2010-12", "2016-12")
    assert dv.wards.empty and dv.wards_words.startswith("No ward figures for January 2010 to December 2010")
    assert dv.sentence in [m.value for m in page.markdown]
    assert dv.wards_words in [i.value for i in page.info]
    assert not [t for t in _drawn(page, "Ward") if "Change" in t.columns]


def test_unusual_months_are_the_unusual_view(page, crime_page_store):
    from lib.store import Store
    from lib.views.crime import crime_dataset
    from lib.views.unusual import unusual_view

    page.query_params.update({"borough": "Enfield", "to": "2020-12"})
    page.run()
    assert not page.exception
    uv = unusual_view(crime_dataset(Store(crime_page_store), None), ENFIELD, "Enfield", "MOPAC 7", "2019-01",
                      "2020-12")
    assert uv.words.startswith("Enfield, MOPAC 7: 2 of the 24 months judged from January 2019 to December 2020 "
                               "were unusual for their time of year: March 2020 lower than expected (1,035 against")
    assert uv.words in [m.value for m in page.markdown]
    assert "Was any month unusual?" in opened(page)
    shown = next(t for t in _drawn(page, "Month") if "Unusual?" in t.columns).set_index("Month")
    assert len(shown) == 24
    flagged = shown[shown["Unusual?"] != "No"]
    assert list(flagged.index) == ["March 2020", "April 2020"]
    assert set(flagged["Unusual?"]) == {"Yes: lower than expected"}
    april = uv.table.set_index("month").loc["2020-04"]
    assert flagged.loc["April 2020", "Crimes"] == f"{april['count']:,.0f}" == "708"
    assert flagged.loc["April 2020", "Expected"] == f"{april['expected']:,.0f}"
    assert flagged.loc["April 2020", "Upper limit"] == f"{april['upper']:,.0f}"
    assert any(c.value.startswith("How a month is judged: Each month is compared with what the 36 months before it")
               for c in page.caption)


def test_demo_store_shows_the_new_blocks(demo_store, monkeypatch):
    monkeypatch.setenv("POLICING_STORE", str(demo_store))
    at = AppTest.from_file(PAGE, default_timeout=180)
    for key in SECTIONS:
        at.query_params[key] = "true"
    at.run()
    assert not at.exception
    assert {"What drove the change: the crime types and wards behind it", "Was any month unusual?"} <= set(opened(at))


def test_tracker_forecast_is_the_forecast_view(page, crime_page_store):
    from lib.periods import financial_year
    from lib.reference.boroughs import LONDON_CODE
    from lib.store import Store
    from lib.views.crime import crime_dataset
    from lib.views.forecast import forecast_view

    page.query_params.update({"borough": "Enfield", "release": "2016-12", "to": "2015-02"})
    page.run()
    assert not page.exception
    # the forecast is worked out when the reader asks for it
    assert not any(m.value.startswith("**Will London meet it?**") for m in page.markdown)
    page.toggle(key="forecast_on").set_value(True).run()
    assert not page.exception
    fv = forecast_view(crime_dataset(Store(crime_page_store), "2016-12"), "2015-02", None,
                       financial_year("2011/12"), 20.0, "MOPAC 7")
    # standing at February 2015 (London -19.8% on the release to December 2016), to the March that ends the year
    assert fv.words.startswith("London, 12 months to March 2015, forecast from figures to February 2015: ")
    assert f"**Will London meet it?** {fv.words}" in [m.value for m in page.markdown]
    shown = next(t for t in _drawn(page, "Area") if "Chance of meeting the target" in t.columns).set_index("Area")
    london, enfield = fv.row(LONDON_CODE), fv.row(ENFIELD)
    for name, row in (("London", london), ("Enfield", enfield)):
        assert shown.loc[name, "Chance of meeting the target"] == pytest.approx(row["probability_of_target"])
        assert shown.loc[name, "80% range from"] == pytest.approx(row["low_80"])
        assert shown.loc[name, "95% range to"] == pytest.approx(row["high_95"])
        assert shown.loc[name, "Forecast % change"] == pytest.approx(row["central"])
    assert london["low_95"] <= london["low_80"] <= london["central"] <= london["high_80"] <= london["high_95"]


def test_newest_figures_say_what_the_newest_release_revised_for_the_area(page, crime_page_store):
    """Issue 24 item 5: with each month's newest figures the page lists what the newest release revised for the
    chosen area; pinned to one release it does not. The count of revised figures is checked against a pandas
    comparison of the two releases' rows in the store (same month, category, area; count differs)."""
    import pandas as pd

    page.query_params.update({"borough": "Enfield"})
    page.run()
    assert not page.exception
    assert "What the newest release revised in Enfield" in opened(page)
    t = pd.read_parquet(crime_page_store / "crime_borough.parquet")
    t = t[t["borough_code"] == "E09000010"]
    keys = ["month", "major", "minor"]
    a, b = (t[t["release"] == r].set_index(keys)["count"] for r in ("2025-12", "2026-02"))
    shared = a.index.intersection(b.index)
    changed = int((a.loc[shared] != b.loc[shared]).sum())
    sentence = next(m.value for m in page.markdown if m.value.startswith("The release to February 2026 revised"))
    assert f"revised {changed:,} of the {len(shared):,} figures" in sentence
    page.query_params.update({"release": "2016-12", "to": "2015-09"})
    page.run()
    assert not any(label.startswith("What the newest release revised") for label in opened(page))


def test_positive_outcomes_are_the_outcomes_view(page, crime_page_store):
    """Hate crime, domestic abuse, knife and gun crime: the page prints the outcomes view's sentence and table
    inside the file's months, and one line naming them outside."""
    from lib.store import Store
    from lib.views.outcomes import outcomes_view

    page.query_params.update({"borough": "Enfield", "to": "2024-12"})
    page.run()
    assert not page.exception
    want = outcomes_view(Store(crime_page_store), "E09000010", "2024-12")
    assert want.sentence in [m.value for m in page.markdown]
    page.query_params.update({"to": "2015-09", "release": "2016-12"})
    page.run()
    assert any(c.value.startswith("Positive outcomes: positive outcomes are published for August 2021 to July 2025")
               for c in page.caption)


def test_a_first_visit_opens_the_answer_and_works_out_no_closed_part(closed_page):
    """The parts a reader opens are closed on a first visit and none of them is worked out (issue 22, item 6: a
    cold first link draws the answer, the table, the trend and the map); each opens from its URL key, and a key
    with any other value than 'true' is read as closed, with no error."""
    closed_page.query_params.update({"borough": "Enfield", "to": "2023-12", "drivers": "<b>yes</b>",
                                     "wards": "x" * 300})
    closed_page.run()
    assert not closed_page.exception
    labels = opened(closed_page)
    assert {"What drove the change: the crime types and wards behind it", "Was any month unusual?",
            "Against the boroughs most like it", "Wards in Enfield",
            "What the newest release revised in Enfield"} <= set(labels)
    words = [m.value for m in closed_page.markdown]
    assert not any(w.startswith("Most of the rise") for w in words)  # the drivers' sentence is not worked out
    assert "Boroughs at a 20% reduction or more" not in metrics(closed_page)  # nor the tracker
    assert closed_page.query_params.get("drivers") is None  # the bad value is dropped from the URL
    closed_page.query_params["drivers"] = "true"
    closed_page.run()
    assert not closed_page.exception
    assert any(m.value == "Most of the rise came from theft or unauthorised taking of a motor vehicle (+180), "
               "above all in Enfield Lock (+141)." for m in closed_page.markdown)



def test_a_refused_part_says_why_in_one_line_and_is_not_worked_out_again(page, crime_page_store):
    """The 12 months to December 2008 in the release to December 2016: the year before starts in 2007, before the
    file's first month, so what drove the change and the unusual months are refused, each in one line naming the
    months the release covers (the views' own refusals, checked against them). A rerun answers from the cache:
    the refusals are cached like answers (``lib.ui.cache.Refused``)."""
    from lib.errors import UsageError
    from lib.periods import period_for
    from lib.store import Store
    from lib.ui import cache
    from lib.views import drivers as drivers_views
    from lib.views import unusual as unusual_views
    from lib.views.crime import crime_dataset, ward_dataset

    store = Store(crime_page_store)
    with pytest.raises(UsageError) as d:
        drivers_views.drivers_view(drivers_views.driver_counts(store, "2016-12"),
                                   ward_dataset(store, drivers_views.ward_release_for(store, "2016-12")), ENFIELD,
                                   "MOPAC 7", "2008-12")
    with pytest.raises(UsageError) as u:
        unusual_views.unusual_view(crime_dataset(store, "2016-12"), ENFIELD, "Enfield", "MOPAC 7",
                                   period_for("r12", "2008-12").prev_first, "2008-12")
    page.query_params.update({"borough": "Enfield", "release": "2016-12", "to": "2008-12"})
    page.run()
    assert not page.exception
    infos = [i.value for i in page.info]
    assert f"The change cannot be split for these choices: {d.value}" in infos
    assert f"The months cannot be judged for these choices: {u.value}" in infos
    assert "2008-01 to 2016-12" in str(d.value)
    page.run()  # a rerun: the same lines, from the cache
    assert [i.value for i in page.info] == infos
    assert isinstance(cache.drivers_view(cache.current_store(), "2016-12", ENFIELD, "MOPAC 7", "2008-12"),
                      cache.Refused)


def test_the_parts_a_reader_opens_are_the_listed_sections(closed_page):
    """Every fold the page binds to the URL is one of ``SECTIONS`` and each of them is on the page (Enfield, the
    newest figures: every part shows), so the tests and benchmarks that open ``SECTIONS`` open every part."""
    closed_page.query_params["borough"] = "Enfield"
    closed_page.run()
    assert not closed_page.exception
    bound = [e.proto.query_param_key for e in closed_page.expander if e.proto.query_param_key]
    assert sorted(bound) == sorted(SECTIONS)

