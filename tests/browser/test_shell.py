"""The app shell in a real browser: every page loads, deep links, navigation, the borough picker, and
every page on a phone."""

from __future__ import annotations

import pytest

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import (
    Server,
    assert_public_grade,
    choose,
    new_page,
    no_exception,
    open_controls,
    selected,
    shot,
    wait_ready,
)

pytestmark = pytest.mark.browser

# At 1920 px on the demonstration store, the pages no other module loads at that width (the topic pages
# are loaded at 1920 px on the real store by their own modules, with these same checks and axe); every
# page is loaded at 390 px on the demonstration store below.
PAGES = {
    "": "London Policing Performance",
    "About_the_data": "About the data",
}
TITLES = {**PAGES, "Crime": "Crime", "Confidence": "Confidence", "Neighbourhood_comparator": "Neighbourhood",
          "Stop_and_search": "Stop and search", "Complaints": "Complaints", "Challenge": "Challenge"}


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


def test_sidebar_navigation_carries_the_borough(page, demo_server):
    page.goto(demo_server.url("", borough="Newham"))
    wait_ready(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("About the data").click()
    page.wait_for_url("**/About_the_data**")
    wait_ready(page)
    assert "borough=Newham" in page.url
    assert selected(page, "Area") == "Newham"
    assert_public_grade(page)


def test_choosing_a_borough_updates_the_link(page, demo_server):
    page.goto(demo_server.url(""))
    wait_ready(page)
    choose(page, "Area", "Lambeth")
    page.wait_for_function("() => location.search.includes('borough=Lambeth')")
    assert page.get_by_text("Showing: Lambeth").first.is_visible()
    assert_public_grade(page)


def test_bad_link_value_shows_a_message_not_a_traceback(page, demo_server):
    page.goto(demo_server.url("", borough="Atlantis"))
    wait_ready(page)
    no_exception(page)
    assert page.get_by_text("isn't available").first.is_visible()
    assert page.get_by_text("Showing: London").first.is_visible()
    assert_public_grade(page)  # a warning, not an error box


@pytest.mark.parametrize("path", list(PAGES))
def test_no_serious_accessibility_findings(loaded, demo_server, path):
    """axe-core on the page at 1920 px as first drawn (tests/browser/a11y.py; the other pages: their modules)."""
    assert_accessible(loaded.get(demo_server, path), path or "home")


# --- every page on a phone (390 x 844 CSS pixels), on the same demo server as the pages above (one
# module, so one worker: the server has already worked out what the pages share) -------------------
# The 390 px pass of the public-grade checks (``assert_public_grade``). A page passes when nothing on it
# scrolls sideways (the document and Streamlit's main block are no
# wider than the screen, give or take a pixel of rounding), no exception or error box is drawn, and the
# area picker is on screen without opening the sidebar. With POLICING_SHOTS=1 each page's first screen is written
# to ``screenshots/phone-<page>.png``; with POLICING_SHOTS=full the whole page (slower:
# the window is grown to the page's height, which redraws every chart).

PHONE = {"width": 390, "height": 844}
PHONE_PAGES = ["", "Crime", "Confidence", "Neighbourhood_comparator", "Stop_and_search", "Complaints",
               "About_the_data", "Challenge"]
# Widest element first: what sticks out past the right edge of the screen, to name in a failure.
OVERFLOW_JS = """() => {
  const doc = document.documentElement, main = document.querySelector('[data-testid="stMain"]');
  const wide = [...document.querySelectorAll('[data-testid="stMain"] *')]
    .map(e => [e.getBoundingClientRect().right, e]).filter(([r]) => r > doc.clientWidth + 1)
    .sort((a, b) => b[0] - a[0]).slice(0, 3)
    .map(([r, e]) => `${e.tagName.toLowerCase()}[${e.getAttribute('data-testid') || e.className}]`
                     + ` right=${Math.round(r)}`);
  return {doc: [doc.scrollWidth, doc.clientWidth], main: main ? [main.scrollWidth, main.clientWidth] : null, wide};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    page = new_page(browser, PHONE["width"], PHONE["height"])  # watched for script errors
    yield page
    page.context.close()


@pytest.mark.parametrize("path", PHONE_PAGES, ids=[p or "Home" for p in PHONE_PAGES])
def test_page_fits_a_phone(phone, demo_server, path: str) -> None:
    phone.goto(demo_server.url(path, borough="Enfield"))
    wait_ready(phone)
    assert_public_grade(phone)  # no error box, script error, snake_case header or sideways scroll
    assert TITLES[path].lower() in phone.locator("h1").first.inner_text().lower()
    assert phone.get_by_text("Demonstration data").first.is_visible()
    shot(phone, f"phone-{path or 'Home'}")  # POLICING_SHOTS=1: the first screen; =full: the whole page
    sizes = phone.evaluate(OVERFLOW_JS)
    scroll, client = sizes["doc"]
    assert scroll <= client + 1, f"the page scrolls sideways: {sizes}"
    if sizes["main"]:
        scroll, client = sizes["main"]
        assert scroll <= client + 1, f"the main block scrolls sideways: {sizes}"
    if path != "Challenge":  # the deck keeps the area in its (folded) sidebar: its slides are London-wide
        fold = phone.get_by_text("Change what is shown", exact=True).first
        assert fold.is_visible(), "the fold holding the pickers is not on screen"
        open_controls(phone)
        area = phone.get_by_role("combobox", name="Area", exact=True).first
        assert area.is_visible(), "the area picker is not on screen"
        box = area.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
