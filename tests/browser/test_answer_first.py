"""The answer first, in a real browser on the real store (issue 23): the first screen holds the page's answer with its
headline figure above the pickers, nothing scrolls sideways, and no chart draws text over other text. With
``POLICING_SHOTS=1`` screenshots of each page go to ``screenshots/``.

Each page is loaded once, at the size it is paired with as in test_answers_browser.py: a resident with a borough on a
390x844 phone (Enfield, with the whole 390 px pass), and London on the 1920x1080 big screen (each combination
loaded anew took twice the time). Parametrised over the pages that have an answer here (the crime page and the home
page); other pages join by adding a row to ``PAGES``.
"""

from __future__ import annotations

import pytest

from tests.browser import conftest_real
from tests.browser.conftest import assert_fits_a_phone, shot
from tests.browser.layout import chart_text_overlaps, clipped_chart_text, draw_every_chart, first_screen, sideways

real_server = conftest_real.real_server

pytestmark = pytest.mark.browser

PHONE, WIDE = (390, 844), (1920, 1080)
# (name, path, link parameters, size, what the answer's sentence must say): Enfield as the SNB pack shows it on a
# phone, and London on the big screen.
PAGES = [
    ("crime_enfield", "Crime", {"borough": "Enfield", "to": "2015-09", "release": "2016-12"}, PHONE,
     "Enfield recorded 11,413 of the seven priority crimes (MOPAC 7) in the 12 months to September 2015, 4.9% fewer "
     "than a year before; London fell 1.0%."),
    ("crime_london", "Crime", {"to": "2015-09", "release": "2016-12"}, WIDE,
     "London recorded 333,389 of the seven priority crimes (MOPAC 7) in the 12 months to September 2015, 1.0% "
     "fewer than a year before."),
    ("home_enfield", "", {"borough": "Enfield"}, PHONE, "Enfield recorded "),
    ("home_london", "", {}, WIDE, "London recorded "),
]
IDS = [f"{p[0]}_{p[3][0]}" for p in PAGES]


def _page(loaded, server, name: str):
    """The page ``name`` of :data:`PAGES`, loaded once for the module at its size (tests.browser.conftest's
    ``loaded``). The tests that only read a page come first in this file; the chart test, which opens every fold
    to draw every chart, comes last."""
    _, path, params, size, _ = next(p for p in PAGES if p[0] == name)
    return loaded.get(server, path, size[0], **params)


@pytest.mark.parametrize(("name", "path", "params", "size", "sentence"), PAGES, ids=IDS)
def test_first_screen_holds_the_answer_and_its_figure_above_the_pickers(loaded, real_server, name, path, params, size,
                                                                        sentence):
    page = _page(loaded, real_server, name)
    shot(page, f"answer_first_{name}_{size[0]}")
    at = first_screen(page)
    assert at["answer"] and at["controls"] and at["figure"], at
    assert at["sentence"].startswith(sentence), at["sentence"]
    assert at["answer"]["top"] < at["controls"]["top"], at  # the answer before the pickers
    assert at["figure"]["bottom"] <= at["controls"]["top"], at  # its figure too
    assert at["figure"]["bottom"] <= size[1], at  # and within the first screen, no scrolling
    assert at["figure_text"] and any(c.isdigit() for c in at["figure_text"]), at
    if size == PHONE:
        assert_fits_a_phone(page, path)  # nothing sideways, and the rest of the 390 px pass (home and crime pages)


def test_phone_crime_table_shows_count_change_and_verdict_without_scrolling(loaded, real_server):
    """At 390 px each crime's latest count, change and verdict are on screen in the first table (the full table is
    folded under it): Homicide as the Enfield SNB pack printed it, 7, with its change withheld and why."""
    page = _page(loaded, real_server, "crime_enfield")
    table = page.locator('[data-testid="stTable"] table').filter(has_text="Verdict").first
    table.scroll_into_view_if_needed()
    heads = table.locator("thead th").all_inner_texts()
    assert [h.strip() for h in heads if h.strip()] == ["Crime", "Latest 12 months", "Change", "Verdict"]
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]  # all four columns inside the screen
    rows = {r.locator("td, th").first.inner_text().strip(): r.inner_text() for r in table.locator("tbody tr").all()}
    assert "11,413" in rows["The seven priority crimes (MOPAC 7)"]
    assert "-4.9%" in rows["The seven priority crimes (MOPAC 7)"]
    homicide = rows["Homicide"]
    assert "7" in homicide and "not shown: under 10" in homicide and "Not rated" in homicide
    shot(page, "answer_first_crime_table_390")


@pytest.mark.parametrize(("name", "path", "params", "size", "sentence"), PAGES, ids=IDS)
def test_no_chart_draws_text_over_text_and_titles_and_legends_are_whole(loaded, real_server, name, path, params, size,
                                                                          sentence):
    """Bounding boxes of every text a chart draws (labels, values, titles, legends: SVG in Streamlit 1.67) do not
    intersect; no axis title or legend entry is cut short."""
    page = _page(loaded, real_server, name)
    draw_every_chart(page)
    shot(page, f"answer_first_{name}_{size[0]}_charts", full=True)
    assert chart_text_overlaps(page) == []
    assert clipped_chart_text(page) == []
    width = sideways(page)
    assert width["scroll"] <= width["width"], width
