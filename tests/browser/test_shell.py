"""The app shell in a real browser: every page loads, deep links, navigation, the borough picker, and
every page on a phone."""

from __future__ import annotations

import pytest

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import (
    PHONE,
    TITLES,
    Server,
    assert_fits_a_phone,
    assert_public_grade,
    choose,
    new_page,
    no_exception,
    selected,
    shot,
    wait_ready,
)

pytestmark = pytest.mark.browser

# At 1920 px on the demonstration store, the pages no other module loads at that width (the topic pages
# are loaded at 1920 px on the real store by their own modules, with these same checks and axe); every
# page is loaded at 390 px on the demonstration store below.
PAGES = {path: TITLES[path] for path in ("", "About_the_data")}


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_without_exception(loaded, demo_server, path):
    page = loaded.get(demo_server, path)
    no_exception(page)
    assert PAGES[path].lower() in page.locator("h1").first.inner_text().lower()
    assert page.get_by_text("Demonstration data").first.is_visible()
    shot(page, f"page-{path or 'home'}")


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_is_public_grade(loaded, demo_server, path):
    """No error box, no script error, no snake_case header, no sideways scroll on a 1920 screen (the 390 px
    pass is below)."""
    assert_public_grade(loaded.get(demo_server, path))


def test_cold_deep_link_draws_the_whole_frame(browser, demo_store):
    """The first request after the server starts is a deep link to a page with a borough."""
    server = Server(demo_store)
    try:
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(server.url("Crime", borough="Enfield"))
        wait_ready(page)
        no_exception(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert selected(page, "Area") == "Enfield"
        assert sidebar.get_by_text("Stop and search").first.is_visible()
        assert page.get_by_text("Demonstration data").first.is_visible()
        context.close()
    finally:
        server.stop()


def test_a_bad_link_then_a_chosen_borough_then_another_page(page, demo_server):
    """A reader follows a link naming no borough we know, picks a borough, then opens another page from the
    sidebar: a plain message (not a traceback) and London first, then the chosen borough in the link, and the
    link carries it to the next page. One page, as a person goes (it was three loads of the home page)."""
    page.goto(demo_server.url("", borough="Atlantis"))
    wait_ready(page)
    no_exception(page)
    assert page.get_by_text("isn't available").first.is_visible()
    assert page.get_by_text("Showing: London").first.is_visible()
    assert_public_grade(page)  # a warning, not an error box
    choose(page, "Area", "Lambeth")
    page.wait_for_function("() => location.search.includes('borough=Lambeth')")
    assert page.get_by_text("Showing: Lambeth").first.is_visible()
    assert_public_grade(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("About the data").click()
    page.wait_for_url("**/About_the_data**")
    wait_ready(page)
    assert "borough=Lambeth" in page.url
    assert selected(page, "Area") == "Lambeth"
    assert_public_grade(page)


@pytest.mark.parametrize("path", list(PAGES))
def test_no_serious_accessibility_findings(loaded, demo_server, path):
    """axe-core on the page at 1920 px as first drawn (tests/browser/a11y.py; the other pages: their modules)."""
    assert_accessible(loaded.get(demo_server, path), path or "home")


# --- pages on a phone (390 x 844 CSS pixels), on the demonstration store -----------------------------------
# The 390 px pass of the public-grade checks (``assert_fits_a_phone``) runs where each page is open at 390 px
# already, for Enfield: the real store's Confidence, Neighbourhood comparator, Stop and search, Complaints and
# About pages in test_answers_browser.py, its home and crime pages in test_answer_first.py (the public link
# serves the real store). Here, the two pages whose demonstration-store screen differs in kind: Complaints (the
# demonstration store has an extract; the real files hold none) and the Challenge deck. With POLICING_SHOTS=1 each
# page's first screen is written to ``screenshots/phone-<page>.png``; with POLICING_SHOTS=full the whole page
# (slower: the window is grown to the page's height, which redraws every chart).

PHONE_PAGES = ["Complaints", "Challenge"]


@pytest.fixture(scope="module")
def phone(browser):
    page = new_page(browser, PHONE["width"], PHONE["height"])  # watched for script errors
    yield page
    page.context.close()


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_page_fits_a_phone(phone, demo_server, path: str) -> None:
    phone.goto(demo_server.url(path, borough="Enfield"))
    wait_ready(phone)
    assert phone.get_by_text("Demonstration data").first.is_visible()
    shot(phone, f"phone-{path}")  # POLICING_SHOTS=1: the first screen; =full: the whole page
    assert_fits_a_phone(phone, path)
