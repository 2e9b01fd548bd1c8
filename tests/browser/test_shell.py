"""The app shell in a real browser: every page loads, deep links, navigation, the borough picker."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Server, choose, no_exception, selected, shot, wait_ready

pytestmark = pytest.mark.browser

PAGES = {
    "": "London Policing Performance",
    "Crime": "Crime",
    "Confidence": "Confidence",
    "Neighbourhood_comparator": "Neighbourhood",
    "Stop_and_search": "Stop and search",
    "Complaints": "Complaints",
    "About_the_data": "About the data",
}


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_without_exception(page, demo_server, path):
    page.goto(demo_server.url(path))
    wait_ready(page)
    no_exception(page)
    assert PAGES[path].lower() in page.locator("h1").first.inner_text().lower()
    assert page.get_by_text("Demonstration data").first.is_visible()
    shot(page, f"page-{path or 'home'}")


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


def test_choosing_a_borough_updates_the_link(page, demo_server):
    page.goto(demo_server.url(""))
    wait_ready(page)
    choose(page, "Area", "Lambeth")
    page.wait_for_function("() => location.search.includes('borough=Lambeth')")
    assert page.get_by_text("Showing: Lambeth").first.is_visible()


def test_bad_link_value_shows_a_message_not_a_traceback(page, demo_server):
    page.goto(demo_server.url("", borough="Atlantis"))
    wait_ready(page)
    no_exception(page)
    assert page.get_by_text("isn't available").first.is_visible()
    assert page.get_by_text("Showing: London").first.is_visible()
