"""Every page, run as the server runs it, on the demonstration store and on the real store."""

from __future__ import annotations

import calendar
import json

import pytest

from lib.ui.crime_blocks import SECTIONS
from tests.pages.test_tables_display import table_problems

# the crime page with every part a reader opens open: their tables are checked too
OPEN = {"pages/1_Crime.py": dict.fromkeys(SECTIONS, "true")}
PAGES = {
    "app.py": "London Policing Performance",
    "pages/1_Crime.py": "Crime",
    "pages/2_Confidence.py": "Confidence",
    "pages/3_Neighbourhood_comparator.py": "Neighbourhood",
    "pages/4_Stop_and_search.py": "Stop and search",
    "pages/5_Complaints.py": "Complaints",
    "pages/6_About_the_data.py": "About the data",
}


def _check(at, title: str) -> None:
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert not at.error, [e.value for e in at.error]
    assert any(title.lower() in t.value.lower() for t in at.title)
    assert table_problems(at) == []  # every table with screen names and no raw missing values


@pytest.mark.parametrize("page", list(PAGES))
def test_page_on_demo_store(open_page, page):
    at = open_page(page, **OPEN.get(page, {}))
    _check(at, PAGES[page])
    assert any("Demonstration data" in w.value for w in at.warning)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_on_real_store(open_page, real_store, page):
    at = open_page(page, store=real_store, **OPEN.get(page, {}))
    _check(at, PAGES[page])
    assert not any("Demonstration data — not official" in w.value for w in at.warning)


@pytest.mark.parametrize("page", list(PAGES)[1:])
def test_page_for_a_borough_on_real_store(open_page, real_store, page):
    at = open_page(page, store=real_store, borough="Enfield", **OPEN.get(page, {}))
    _check(at, PAGES[page])
    assert at.selectbox(key="w_borough").value == "Enfield"


def test_about_page_says_what_the_store_holds_in_words(open_page, real_store):
    """The ingest's notes read as sentences (months by name, releases by month); its bookkeeping keys
    (mapping versions, file names) only inside the analysts' expander."""
    manifest = json.loads((real_store / "manifest.json").read_text())
    first_range, first_release = next(iter(manifest["notes"]["crime_default_release_borough"].items()))
    year, month = first_release.split("-")
    release_words = f"release of {calendar.month_name[int(month)]} {year}"

    at = open_page("pages/6_About_the_data.py", store=real_store)
    technical = [m.value for e in at.expander if e.label.startswith("Technical notes") for m in e.markdown]
    outside = [m.value for m in at.markdown if m.value not in technical]
    assert any(m.startswith("- **Recorded crime by borough") and release_words in m for m in outside)
    assert not any("crime_series_rule" in m or first_range.split("..")[0] in m for m in outside)
    assert any("crime_series_rule" in m for m in technical)
