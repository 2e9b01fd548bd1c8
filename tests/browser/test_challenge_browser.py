"""The Challenge deck in a real browser at 1920x1080 on the real store (issue 11)."""

from __future__ import annotations

import pytest

from tests.browser import conftest_real
from tests.browser.conftest import no_exception, shot
from tests.browser.conftest_real import main_text, metrics, open_page, settle

pytestmark = pytest.mark.browser

real_server = conftest_real.real_server
DECK = {"to": "2015-02", "release": "2016-12", "baseline": "2011/12"}

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


def test_slide_one_first_screen_then_arrow_keys(page, real_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, real_server, "Challenge", **DECK)
    no_exception(page)
    shown = metrics(page)
    assert "-19.8%" in shown.values() and "16 of 32" in shown.values(), shown
    for value in ("-19.8%", "16 of 32"):
        box = page.get_by_text(value, exact=True).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 1080, (value, box)
    least, where = page.evaluate(SMALLEST_TEXT)
    shot(page, "challenge_slide1")
    assert least >= 24, (least, where)
    page.mouse.click(1800, 1000)
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**slide=2**", timeout=60_000)
    settle(page)
    text = main_text(page)
    shot(page, "challenge_slide2")
    for name in ("Waltham Forest", "Westminster", "Barking and Dagenham", "Kingston upon Thames"):
        assert name in text
    # ArrowLeft back to slide 1 did not move in this run (open: see the report)
