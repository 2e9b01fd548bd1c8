"""Every page on a phone (390 x 844 CSS pixels) on the demonstration store, on one server.

The 390 px pass of the public-grade checks (``assert_public_grade``). A page passes when nothing on it
scrolls sideways (the document and Streamlit's main block are no
wider than the screen, give or take a pixel of rounding), no exception or error box is drawn, and the
area picker is on screen without opening the sidebar. Each page's first screen is written to
``screenshots/phone-<page>.png`` to be looked at; with POLICING_SHOTS=full the whole page (slower:
the window is grown to the page's height, which redraws every chart).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_public_grade, new_page, shot, wait_ready

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ["", "Crime", "Confidence", "Neighbourhood_comparator", "Stop_and_search", "Complaints", "About_the_data",
         "Challenge"]
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


@pytest.mark.parametrize("path", PAGES, ids=[p or "Home" for p in PAGES])
def test_page_fits_a_phone(phone, demo_server, path: str) -> None:
    phone.goto(demo_server.url(path, borough="Enfield"))
    wait_ready(phone)
    assert_public_grade(phone)  # no error box, script error, snake_case header or sideways scroll
    shot(phone, f"phone-{path or 'Home'}")  # the first screen; POLICING_SHOTS=full for the whole page
    sizes = phone.evaluate(OVERFLOW_JS)
    scroll, client = sizes["doc"]
    assert scroll <= client + 1, f"the page scrolls sideways: {sizes}"
    if sizes["main"]:
        scroll, client = sizes["main"]
        assert scroll <= client + 1, f"the main block scrolls sideways: {sizes}"
    if path != "Challenge":  # the deck keeps the area in its (folded) sidebar: its slides are London-wide
        area = phone.get_by_role("combobox", name="Area", exact=True).first
        assert area.is_visible(), "the area picker is not on screen"
        box = area.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
