"""Every page, run as the server runs it, on the demonstration store and on the real store."""

from __future__ import annotations

import pytest

from tests.pages.test_tables_display import table_problems

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
    at = open_page(page)
    _check(at, PAGES[page])
    assert any("Demonstration data" in w.value for w in at.warning)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_on_real_store(open_page, real_store, page):
    at = open_page(page, store=real_store)
    _check(at, PAGES[page])
    assert not any("Demonstration data — not official" in w.value for w in at.warning)


@pytest.mark.parametrize("page", list(PAGES)[1:])
def test_page_for_a_borough_on_real_store(open_page, real_store, page):
    at = open_page(page, store=real_store, borough="Enfield")
    _check(at, PAGES[page])
    assert at.selectbox(key="w_borough").value == "Enfield"
