"""The neighbourhood comparator in a real browser on the real store: pick two, read the gaps.

Expected gaps are computed here with pandas straight from the store's ``pas_neighbourhood`` table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.browser import conftest_real
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import assert_public_grade, new_page, no_exception, open_controls
from tests.browser.conftest_real import full_shot, main_text, numbers_grid, open_page, settle

pytestmark = pytest.mark.browser

real_server = conftest_real.real_server
FIRST, SECOND = "Newham - East", "Waltham Forest - Central"


@pytest.fixture(scope="module")
def pas(real_store: Path) -> pd.DataFrame:
    return pd.read_parquet(real_store / "pas_neighbourhood.parquet")


def pick(page, label: str, option: str) -> None:
    """Type into the selectbox and take the first match with Enter (the list is long and virtualised), unfolding
    "Change what is shown" first as a reader would."""
    box = page.get_by_role("combobox", name=label, exact=True)
    if not box.is_visible():
        open_controls(page)
    box.click()
    box.fill(option)
    page.keyboard.press("Enter")
    settle(page)


@pytest.fixture(scope="module")
def visit(browser, real_server):
    """One page for the module: the first test picks the two neighbourhoods on it, the screenshot and
    the public-grade check then read what it shows, and the last test follows a link on it."""
    page = new_page(browser)
    open_page(page, real_server, "Neighbourhood_comparator")
    yield page
    page.context.close()


def test_two_neighbourhoods_side_by_side(visit, pas):
    page = visit
    no_exception(page)
    pick(page, "Neighbourhood", FIRST)
    pick(page, "Compare with", SECOND)
    shown = [page.get_by_role("combobox", name=n, exact=True).input_value() for n in ("Neighbourhood", "Compare with")]
    assert shown == [FIRST, SECOND]
    page.wait_for_function("() => decodeURIComponent(location.search.replace(/\\+/g, ' '))"
                           f".includes('compare={SECOND}')")
    rows = {r["Measure"]: r for r in numbers_grid(page, f"Side by side: {FIRST} and {SECOND}")}
    values = pas[pas["neighbourhood"].isin([FIRST, SECOND])].pivot_table(
        index="measure_label", columns="neighbourhood", values="value")
    assert len(rows) == len(values) == 18
    for measure, v in values.iterrows():
        gap = round((v[FIRST] - v[SECOND]) * 100)
        shown = rows[measure]
        assert shown[FIRST] == f"{v[FIRST]:.0%}", measure
        assert shown[SECOND] == f"{v[SECOND]:.0%}", measure
        assert shown["Gap (points)"] == (f"{gap:+d}" if gap else "0"), (measure, shown)  # no sign on nought
        assert shown["Verdict"] in ("within the margin of error", "really higher", "really lower")
        if gap == 0:
            assert shown["Verdict"] == "within the margin of error"
        elif shown["Verdict"] != "within the margin of error":
            assert shown["Verdict"] == ("really higher" if gap > 0 else "really lower"), (measure, shown)
    # The two are in the same comparator group, which the page names.
    group = pas.loc[pas["neighbourhood"] == FIRST, "group"].iloc[0]
    assert pas.loc[pas["neighbourhood"] == SECOND, "group"].iloc[0] == group
    assert f"{FIRST} is in Group {group}" in main_text(page)


def test_the_link_holds_both_neighbourhoods(visit):
    no_exception(visit)
    assert "neighbourhood=" in visit.url and "compare=" in visit.url
    full_shot(visit, "real-comparator")  # to look at, when POLICING_SHOTS asks


def test_accessible(visit):
    """axe-core, WCAG 2 A/AA: no serious or critical finding (tests/browser/a11y.py)."""
    assert_accessible(visit, "Neighbourhood comparator")


def test_public_grade(visit):
    """On the real store at 1920 px (the 390 px pass, every page: tests/browser/test_shell.py)."""
    assert_public_grade(visit)


def test_gaps_beyond_survey_error_show_their_size(visit, real_server):
    page = visit
    open_page(page, real_server, "Neighbourhood_comparator", neighbourhood="Enfield - Edmonton and South",
              compare="Barking and Dagenham - Barking")
    rows = numbers_grid(page, "Side by side")
    real = [r for r in rows if r["Verdict"] != "within the margin of error"]
    assert real, "expected some gaps beyond survey error for this pair"
    table = page.locator('[data-testid="stHeading"]', has_text="Gaps beyond survey error")
    assert table.count() == 1
    listed = main_text(page).split("Gaps beyond survey error", 1)[1].split("The spread within each group", 1)[0]
    for r in real:
        assert r["Gap (points)"] in listed, f"{r['Measure']}: gap {r['Gap (points)']} not shown in {listed!r}"
