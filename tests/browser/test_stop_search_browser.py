"""The stop and search page in a real browser on the real store (police.uk records).

Expected counts are made here with pandas straight from the store's ``stop_search`` table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.browser import conftest_real
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import assert_public_grade, choose, new_page, no_exception, selected
from tests.browser.conftest_real import deck_map_colours, full_shot, main_text, metrics, open_page, settle

pytestmark = pytest.mark.browser

real_server = conftest_real.real_server


@pytest.fixture(scope="module")
def searches(real_store: Path) -> pd.DataFrame:
    return pd.read_parquet(real_store / "stop_search.parquet",
                           columns=["month", "borough_name", "location_status"])


def label(month: str) -> str:
    return pd.Period(month, freq="M").strftime("%B %Y")


def runs(months: list[str]) -> list[tuple[str, str]]:
    """Consecutive stretches of months: [(first, last), ...]."""
    out: list[tuple[str, str]] = []
    for m in sorted(months):
        if out and pd.Period(out[-1][1], freq="M") + 1 == pd.Period(m, freq="M"):
            out[-1] = (out[-1][0], m)
        else:
            out.append((m, m))
    return out


@pytest.fixture(scope="module")
def enfield(browser, real_server):
    """One load of Enfield's page (the latest 12 months): the read-only tests read it first, then the
    visit below changes its period."""
    page = new_page(browser)
    open_page(page, real_server, "Stop_and_search", borough="Enfield")
    yield page
    page.context.close()


def test_months_covered_are_stated(enfield, searches):
    no_exception(enfield)
    coverage = enfield.locator('[data-testid="stAlertContentInfo"]').first.inner_text()
    stretches = runs(list(searches["month"].unique()))
    assert len(stretches) >= 2  # the shared files have a gap: say it
    for first, last in stretches:
        assert label(first) in coverage and label(last) in coverage, (first, last, coverage)


def test_public_grade(enfield):
    """On the real store at 1920 px (the 390 px pass, every page: tests/browser/test_shell.py)."""
    assert_public_grade(enfield)
    full_shot(enfield, "real-stop-and-search-enfield")  # to look at, when POLICING_SHOTS asks


def test_accessible(enfield):
    """axe-core, WCAG 2 A/AA: no serious or critical finding (tests/browser/a11y.py)."""
    assert_accessible(enfield, "Stop and search")


def test_a_chosen_period_matches_the_records_and_is_mapped(enfield, searches):
    """From and To changed as a person would; the count is the records', and the search map shades
    the borough's squares (April to September 2018: located records in every month)."""
    page = enfield
    choose(page, "From", "April 2018")
    settle(page)
    choose(page, "To", "September 2018")
    settle(page)
    page.wait_for_function("() => location.search.includes('from=2018-04') && location.search.includes('to=2018-09')")
    assert selected(page, "From") == "April 2018"
    in_period = searches["month"].between("2018-04", "2018-09")
    expected = int((in_period & (searches["borough_name"] == "Enfield")).sum())
    assert expected > 1000
    assert metrics(page)["Searches"] == f"{expected:,}"
    assert "Enfield (searches located in the borough), April 2018 to September 2018" in main_text(page)
    assert page.locator('[data-testid="stDeckGlJsonChart"] canvas').count() >= 1
    # the squares' own colours (not greys: the background, the outlines and their anti-aliasing): the
    # squares are small in a borough-wide map, so a colour counts from 0.1% of the map's pixels
    shades = {c for c in deck_map_colours(page, 0, min_share=0.001) if len({c[1:3], c[3:5], c[5:7]}) > 1}
    assert len(shades) >= 4, f"the search map shows {len(shades)} colours of squares: {sorted(shades)}"


def test_unlocated_searches_are_counted_in_words(page, real_server, searches):
    open_page(page, real_server, "Stop_and_search", **{"from": "2018-01", "to": "2018-04"})
    in_period = searches["month"].between("2018-01", "2018-04")
    unlocated = int((in_period & (searches["location_status"] == "unlocated")).sum())
    total = int(in_period.sum())
    assert unlocated > 20_000  # February and March 2018 lack locations
    text = main_text(page)
    assert f"{unlocated:,} of these searches have no location" in text
    assert metrics(page)["Searches"] == f"{total:,}"
