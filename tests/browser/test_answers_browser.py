"""Answer first in a real browser, on the real store (issue 23): on the Confidence, Neighbourhood comparator,
Stop and search, Complaints and About pages, for Enfield at 390 px (a phone) and London at 1920 px, the
answer (``.st-key-answer``) comes before the pickers (``.st-key-controls``), holds a figure, and starts on the
first screen; the charts print no text over a bar; nothing scrolls sideways. With ``POLICING_SHOTS=1`` each screen
is saved to ``screenshots/answer_<page>_<area>_<width>.png``."""

from __future__ import annotations

import re

import pytest

from tests.browser import conftest_real
from tests.browser.conftest import assert_fits_a_phone, assert_public_grade, shot
from tests.browser.conftest_real import main_text

pytestmark = pytest.mark.browser

real_server = conftest_real.real_server

PAGES = {"Confidence": "confidence", "Neighbourhood_comparator": "comparator", "Stop_and_search": "stop_search",
         "Complaints": "complaints", "About_the_data": "about"}
FIGURE = re.compile(r"\d")

# Where the answer and the fold sit in the page: document order, the answer's top and its text.
LAYOUT_JS = """() => {
    const answer = document.querySelector('.st-key-answer');
    const controls = document.querySelector('.st-key-controls');
    if (!answer || !controls) return null;
    const before = !!(answer.compareDocumentPosition(controls) & Node.DOCUMENT_POSITION_FOLLOWING);
    return {before, top: answer.getBoundingClientRect().top, text: answer.innerText,
            metrics: answer.querySelectorAll('[data-testid="stMetric"]').length};
}"""


# Each page at both widths and for both areas, paired as they are used: a resident with a borough on a phone, and
# London on the big screen (every combination took 100 s of the suite's 10 minutes; each pair loads the page anew).
@pytest.mark.parametrize(("area", "width"), [("Enfield", 390), ("London", 1920)])
@pytest.mark.parametrize("path", list(PAGES))
def test_answer_first(loaded, real_server, path: str, area: str, width: int) -> None:
    params = {} if area == "London" else {"borough": area}
    page = loaded.get(real_server, path, width, **params)
    layout = page.evaluate(LAYOUT_JS)
    shot(page, f"answer_{PAGES[path]}_{area.lower()}_{width}")
    assert layout is not None and layout["before"]
    height = (page.viewport_size or {"height": 1080})["height"]
    assert layout["top"] < height  # the answer starts on the first screen
    if path == "Complaints":  # no complaints by borough are published: the answer says so, in words for readers
        assert "No official complaints figures are published by borough" in layout["text"]
        assert "lib.cli" not in main_text(page)  # not the command an operator would run
    else:
        assert FIGURE.search(layout["text"]) and layout["metrics"] >= 1
    assert_public_grade(page)
    if width < 600:  # the 390 px pass of every page (test_shell.py has the demonstration store's two)
        assert_fits_a_phone(page, path)
    loaded.drop(page)
