"""AppTest of each Challenge slide's words on the real store for the February 2015 session (issue 23 item 6,
issue 24's deck parts): every slide names its true period, the new MOPAC 7 by crime type slide, and each
borough change says against what. Figures checked against independent pandas sums of the store's tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.reference.categories import MOPAC7_INDICATORS
from tests.helpers import release_2016_12_type_rows

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "7_Challenge.py")
SESSION = {"to": "2015-02", "release": "2016-12", "baseline": "2011/12"}


@pytest.fixture
def deck(real_store, monkeypatch):
    monkeypatch.setenv("POLICING_STORE", str(real_store))
    monkeypatch.setenv("POLICING_BASEMAP", "none")

    def run(slide: str, numbers: bool = False, **params: str) -> AppTest:
        at = AppTest.from_file(PAGE, default_timeout=240)
        for k, v in {**SESSION, "slide": slide, **params}.items():
            at.query_params[k] = v
        at.run()
        if numbers:
            at.toggle[0].set_value(True).run()
        assert not at.exception, at.exception
        return at
    return run


def _text(at: AppTest) -> str:
    return " ".join(str(m.value) for m in [*at.header, *at.markdown])


def _type_total(store_dir: Path, name: str, first: str, last: str, borough: str | None = None) -> int:
    cb = release_2016_12_type_rows(store_dir, name, first, last)
    if borough:
        cb = cb[cb["borough_name"] == borough]
    return int(cb["count"].sum())


def test_slide_1_names_its_period_and_the_forecast(deck):
    at = deck("1")
    text = _text(at)
    assert "12 months to February 2015 compared with April 2011 to March 2012" in text
    assert "London, 12 months to March 2015, forecast from figures to February 2015" in text
    assert "80% range" in text and "95% range" in text
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks.count("area") == 2 and "rule" in marks and "text" in marks  # the band; the target and its label
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"][2:] == ["Forecast 80% range",
                                                                            "Forecast 95% range"]


def test_slide_3_movers_on_last_year_with_drivers(deck):
    text = _text(deck("3"))
    assert "12 months to February 2015 against the 12 months to February 2014 (change on last year)" in text
    assert "**Lambeth** (-16.7%)" in text and "above all in Clapham Town" in text
    assert "**Hillingdon** (+5.2%): Most of the rise came from assault with injury" in text


def test_slide_4_names_the_survey_quarter_and_the_target(deck):
    at = deck("4")
    text = _text(at)
    assert "Public Attitude Survey, 12 months to December 2014" in text
    assert "Police and Crime Plan 2013-16" in text
    assert {m.label: m.value for m in at.metric}["MOPAC's target"] == "75%"
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert [layer["mark"]["type"] for layer in spec["layer"]][-2:] == ["rule", "text"]  # the target, labelled


def test_slide_5_names_the_survey_period(deck):
    text = _text(deck("5"))
    assert "Public Attitude Survey 2016 (the file's only year: none for the 12 months to February 2015)" in text


def test_slide_6_says_the_session_has_no_records_and_names_the_months_shown(deck, real_store):
    at = deck("6")
    text = _text(at)
    assert "there are no records for the 12 months to February 2015" in text
    assert at.header[0].value == "Stop and search in London, December 2017 to November 2018"
    ss = pd.read_parquet(real_store / "stop_search.parquet", columns=["month"])
    shown = ss[(ss["month"] >= "2017-12") & (ss["month"] <= "2018-11")]
    assert {m.label: m.value for m in at.metric}["Searches"] == f"{len(shown):,}"
    assert "October 2021" not in text


def test_slide_7_says_on_last_year(deck):
    at = deck("7")
    labels = [m.label for m in at.metric]
    assert "MOPAC 7 crimes, change on last year" in labels
    assert "12 months to February 2015 against the 12 months before (change on last year" in _text(at)


def test_slide_2_says_against_the_baseline(deck):
    at = deck("2")
    assert "Ranks 1 to 16: change against the baseline" in _text(at)
    bexley = pd.concat([t.value for t in at.table]).set_index("Borough").loc["Bexley", "Change"]
    assert bexley == "-3.8%"


def test_slide_8_seven_types_against_the_baseline(deck, real_store):
    at = deck("8", borough="Bexley")
    assert at.header[0].value == "MOPAC 7 by crime type against the baseline"
    assert "12 months to February 2015 against the baseline, April 2011 to March 2012" in _text(at)
    london, bexley = (t.value for t in at.table)
    assert list(london.index) == list(MOPAC7_INDICATORS) == list(bexley.index)
    for name in MOPAC7_INDICATORS:
        base, now = _type_total(real_store, name, "2011-04", "2012-03"), _type_total(real_store, name, "2014-03",
                                                                                      "2015-02")
        assert (london.loc[name, "Baseline"], london.loc[name, "Now"]) == (f"{base:,}", f"{now:,}")
        assert london.loc[name, "Against the baseline"] == f"{(now / base - 1) * 100:+.1f}%"
        assert london.loc[name, "At target?"] == ("✔ yes" if now / base - 1 <= -0.2 else "✖ no")
        b_base = _type_total(real_store, name, "2011-04", "2012-03", "Bexley")
        b_now = _type_total(real_store, name, "2014-03", "2015-02", "Bexley")
        assert bexley.loc[name, "Against the baseline"] == f"{(b_now / b_base - 1) * 100:+.1f}%"


def test_slides_by_name_include_crime_types(deck):
    at = deck("1", slides="crime-types,target")
    assert at.header[0].value == "MOPAC 7 by crime type against the baseline"


def test_numbers_are_plain_tables_in_halves_when_long(deck):
    at = deck("3", numbers=True)
    assert len(at.dataframe) == 0 and len(at.table) == 2
    assert [len(t.value) for t in at.table] == [16, 16]
    assert not at.metric  # a long Numbers table has the slide to itself
