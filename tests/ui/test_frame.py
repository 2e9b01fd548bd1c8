"""The shared frame on every page: notice, borough from the URL, bad values."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(demo_store: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("POLICING_STORE", str(demo_store))
    monkeypatch.setenv("POLICING_BASEMAP", "none")

    def make(page: str = "app.py") -> AppTest:
        return AppTest.from_file(str(ROOT / page), default_timeout=60)

    return make


def test_home_shows_demo_notice_and_london_by_default(app):
    at = app().run()
    assert not at.exception
    assert any("Demonstration data" in w.value for w in at.warning)
    assert at.selectbox(key="w_borough").value == "London"
    assert any("Showing: London" in h.value for h in at.header)
    # In the main column, first, so that a phone shows it without opening the sidebar.
    assert at.main.selectbox[0].label == "Area" and len(at.sidebar.selectbox) == 0


def test_borough_from_url_by_name_or_code(app):
    at = app()
    at.query_params["borough"] = "E09000010"
    at.run()
    assert at.selectbox(key="w_borough").value == "Enfield"
    assert at.query_params["borough"] == "Enfield"


def test_alternative_spellings_are_understood(app):
    at = app()
    at.query_params["borough"] = "City of Westminster"
    at.run()
    assert at.selectbox(key="w_borough").value == "Westminster"


def test_bad_borough_gives_message_and_london(app):
    at = app()
    at.query_params["borough"] = "Gotham<script>"
    at.run()
    assert not at.exception
    assert at.selectbox(key="w_borough").value == "London"
    msg = " ".join(w.value for w in at.warning)
    assert "Gotham" in msg and "<script>" not in msg and "Showing London" in msg


def test_city_of_london_is_explained(app):
    at = app()
    at.query_params["borough"] = "City of London"
    at.run()
    assert any("City of London Police" in i.value for i in at.info)
    assert at.selectbox(key="w_borough").value == "London"


def test_choosing_a_borough_writes_the_url(app):
    at = app().run()
    at.selectbox(key="w_borough").set_value("Newham").run()
    assert at.query_params["borough"] == "Newham"
    assert any("Showing: Newham" in h.value for h in at.header)


def test_about_page_lists_definitions(open_page):
    at = open_page("pages/6_About_the_data.py")
    assert not at.exception
    assert any("Definitions" in h.value for h in at.header)
    text = " ".join(str(t.value.to_string()) for t in [*at.table, *at.dataframe])
    assert "MOPAC 7" in text and "Disproportionality ratio" in text and "Failures in Duty" in text


def test_a_hand_typed_borough_differing_in_case_and_punctuation_is_understood(app):
    at = app()
    at.query_params["borough"] = "tower-hamlets"
    at.run()
    assert at.selectbox(key="w_borough").value == "Tower Hamlets"
    assert not any("isn't available" in w.value for w in at.warning)
    assert at.query_params["borough"] == "Tower Hamlets"  # the link now names the option


def test_loose_match_takes_only_one_option_by_value_or_label():
    from lib.periods import month_label
    from lib.ui.params import loose_match

    names = ["Newham - East", "Newham - West", "Waltham Forest - Central"]
    assert loose_match("Newham East", names) == "Newham - East"  # as the March 2015 Challenge names it
    assert loose_match("waltham forest central", names) == "Waltham Forest - Central"
    assert loose_match("Newham", names) is None and loose_match("!!!", names) is None  # not guessed
    assert loose_match("December 2025", ["2025-12", "2025-11"], month_label) == "2025-12"
    assert loose_match("NewhamEast", ["Newham - East", "Newham East"]) is None  # ambiguous
