"""The Challenge deck in a real browser at 1920x1080 on the real store (issue 11).

One walk through the deck on the shared server (slide 1 figures in the first screen, every slide with
no text under 24 px and no scrolling, all 32 names on slide 2, ArrowRight and ArrowLeft rewriting the
URL, a 1920x1080 screenshot of each slide with POLICING_SHOTS=1), and one cold server whose first request is slide 5.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.browser import conftest_real
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import Server, no_exception, shot
from tests.browser.conftest_real import main_text, metrics, open_page, settle
from tests.helpers import challenge_target_count

pytestmark = pytest.mark.browser

real_server = conftest_real.real_server
DECK = {"to": "2015-02", "release": "2016-12", "baseline": "2011/12"}
SLIDES = 8

SMALLEST_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  let least = 1000, where = '';
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode, el = n.parentElement;
    if (!n.textContent.trim() || !el) continue;
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || cs.display === 'none') continue;
    const size = parseFloat(cs.fontSize);
    if (size < least) { least = size; where = n.textContent.trim().slice(0, 40); }
  }
  return [least, where];
}"""
OVERFLOW = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return m.scrollHeight - m.clientHeight; }"""
TABLE_TEXT = """() => { const cells = [...document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th')];
  return [cells.length, Math.min(...cells.map(c => parseFloat(getComputedStyle(c).fontSize))),
          [...new Set(cells.map(c => getComputedStyle(c).color))]]; }"""
TABLES_CUT = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"]')]
  .filter(t => { const box = t.getBoundingClientRect(), table = t.querySelector('table').getBoundingClientRect();
                 return table.right > box.right + 2 || t.scrollWidth > t.clientWidth + 2; }).length"""
CANVAS_TABLES = """() => document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]').length"""
DARK = 0.3  # the table text's relative luminance at most this (#262730 is 0.02; Streamlit's grey #808495 is 0.22+)


def _luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _room_ready(page, name: str) -> None:
    """No text under 24 px, nothing below the 1080 px screen, and a 1920x1080 screenshot to look at."""
    least, where = page.evaluate(SMALLEST_TEXT)
    assert least >= 24, (name, least, where)
    assert page.evaluate(OVERFLOW) <= 2, (name, "the slide scrolls")
    shot(page, f"challenge_{name}")


def test_walk_the_deck_with_the_arrow_keys(page, real_server, real_store):
    pct, n = challenge_target_count(real_store)
    london, meeting = f"{pct:+.1f}%", f"{n} of 32"  # as the slide shows them
    open_page(page, real_server, "Challenge", **DECK)
    no_exception(page)
    shown = metrics(page)
    assert london in shown.values() and meeting in shown.values(), shown
    for value in (london, meeting):
        box = page.get_by_text(value, exact=True).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 1080, (value, box)
    _room_ready(page, "slide1")
    assert_accessible(page, "Challenge slide 1")  # axe-core, WCAG 2 A/AA (tests/browser/a11y.py)
    page.mouse.click(1880, 1060)  # focus the page, on no control
    for n in range(2, SLIDES + 1):
        page.keyboard.press("ArrowRight")
        page.wait_for_url(f"**slide={n}**", timeout=60_000)
        settle(page)
        no_exception(page)
        _room_ready(page, f"slide{n}")
        if n == 2:
            text = main_text(page)
            names = pd.read_parquet(real_store / "crime_borough.parquet", columns=["borough_name"])
            names = set(names["borough_name"].dropna().astype(str)) - {"London"}
            assert len(names) == 32 and all(name in text for name in names)
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**slide={SLIDES - 1}**", timeout=60_000)
    settle(page)
    assert "the pack's headline rows" in main_text(page)  # slide 7, back from slide 8


def test_cold_server_first_request_is_slide_5(page, real_store):
    server = Server(real_store)  # a fresh server: nothing cached, no session
    try:
        open_page(page, server, "Challenge", slide="5", **DECK)
        no_exception(page)
        text = main_text(page)
        assert "Slide 5 of 8" in text and "The neighbourhood gap" in text
        assert "beyond survey error" in text
        assert str(page.url).endswith("slide=5") or "slide=5" in page.url
    finally:
        server.stop()


def test_numbers_on_every_slide_big_dark_and_no_scroll(page, real_server):
    """With 'Numbers' on, every slide's table is a plain table at 24 px or more in dark text (not the 14 px
    grey canvas grid) and the slide still does not scroll at 1920x1080 (issue 23)."""
    open_page(page, real_server, "Challenge", **DECK)
    page.get_by_text("Numbers", exact=True).click()
    settle(page)
    page.mouse.click(1880, 1060)  # off the toggle, so the arrow keys move the deck
    for n in range(1, SLIDES + 1):
        if n > 1:
            page.keyboard.press("ArrowRight")
            page.wait_for_url(f"**slide={n}**", timeout=60_000)
            settle(page)
        no_exception(page)
        count, least, colours = page.evaluate(TABLE_TEXT)
        assert count > 0 and page.evaluate(CANVAS_TABLES) == 0, n
        assert least >= 24, (n, least)
        assert all(_luminance(c) <= DARK for c in colours), (n, colours)
        assert page.evaluate(OVERFLOW) <= 2, (n, "the slide scrolls with Numbers on")
        assert page.evaluate(TABLES_CUT) == 0, (n, "a table is cut off at the side")
        shot(page, f"challenge_slide{n}_numbers")


def test_session_words_on_screen(page, real_server):
    """The February 2015 session: slide 6 says it has no records and names the months it shows; slide 8 has
    the seven types against the baseline."""
    open_page(page, real_server, "Challenge", slide="6", **DECK)
    text = main_text(page)
    assert "there are no records for the 12 months to February 2015" in text
    assert "December 2017 to November 2018" in text and "October 2021" not in text
    open_page(page, real_server, "Challenge", slide="8", borough="Bexley", **DECK)
    text = main_text(page)
    assert "MOPAC 7 by crime type against the baseline" in text and "Violence with Injury" in text
    assert "London and Bexley" in text
    assert page.evaluate(OVERFLOW) <= 2 and page.evaluate(TABLES_CUT) == 0  # two areas' tables, none cut off
