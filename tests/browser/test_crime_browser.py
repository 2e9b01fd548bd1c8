"""The crime page in a real browser on the real store, used as a person would use it.

Expected figures come from the Enfield Safer Neighbourhood Board pack (2015), the March 2015
Challenge transcript, or are counted here with pandas straight from the store's ``crime_borough``
table (never through lib's functions).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import conftest_real
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import assert_public_grade, choose, no_exception, open_section, selected, shot
from tests.browser.conftest_real import (
    chart_colours,
    deck_map_colours,
    full_shot,
    main_text,
    metric_card,
    metrics,
    open_page,
    read_table,
    section,
    settle,
)
from tests.helpers import challenge_target_count

real_server = conftest_real.real_server

pytestmark = pytest.mark.browser

PACK = {"borough": "Enfield", "to": "2015-09", "release": "2016-12"}
INDICATOR_TABLE = "Every crime type"
FULL_TABLE = "Every column and published category (the full table)"
# Pre-2018 scheme: these two MOPAC 7 crimes are whole published major categories.
MAJOR_FOR = {"Burglary (Total)": "Burglary", "Robbery (Total)": "Robbery"}


@pytest.fixture(scope="module")
def crime(real_store: Path) -> pd.DataFrame:
    return pd.read_parquet(real_store / "crime_borough.parquet")


@pytest.fixture(scope="module")
def pack_page(browser, real_server):
    """One load of the Enfield pack's view, shared by the tests that only read it."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    open_page(page, real_server, "Crime", **PACK)
    yield page
    context.close()


def months(first: str, last: str) -> list[str]:
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def count(crime: pd.DataFrame, borough: str, indicator: str, first: str, last: str, release: str = "2016-12") -> int:
    """Crimes of a whole major category in a borough over [first, last], as published in ``release``."""
    rows = crime[(crime["release"] == release) & (crime["borough_name"] == borough)
                 & (crime["major"] == MAJOR_FOR[indicator]) & crime["month"].isin(months(first, last))]
    assert rows["month"].nunique() == len(months(first, last)), "months missing from the store"
    return int(rows["count"].sum())


def indicator_rows(page) -> dict[str, dict[str, str]]:
    """The full indicator table's rows, unfolded as a reader would (the phone-sized table comes first, issue 23)."""
    open_section(page, FULL_TABLE)  # worked out when opened: the page reruns and draws it
    grid = section(page, INDICATOR_TABLE).locator('[data-testid="stDataFrame"] table[role="grid"]').first
    grid.wait_for(state="attached")
    page.wait_for_timeout(300)  # the grid fills its accessible rows after the first paint
    return {r["Crime"]: r for r in read_table(grid)}


def test_enfield_pack_figures_on_screen(pack_page, crime):
    page = pack_page
    no_exception(page)
    assert page.locator("h2").first.inner_text() == "The seven priority crimes (MOPAC 7) in Enfield"
    rows = indicator_rows(page)
    burglary, robbery = rows["Burglary (Total)"], rows["Robbery (Total)"]
    # The Enfield SNB pack, recorded crime, 12 months to September 2015 against the 12 months before.
    assert (burglary["Previous 12 months"], burglary["Latest 12 months"], burglary["% change"]) == \
        ("3,210", "2,830", "-11.8")
    assert (robbery["Previous 12 months"], robbery["Latest 12 months"]) == ("811", "883")
    # The same figures counted independently from the store.
    assert f"{count(crime, 'Enfield', 'Burglary (Total)', '2014-10', '2015-09'):,}" == "2,830"
    assert f"{count(crime, 'Enfield', 'Robbery (Total)', '2013-10', '2014-09'):,}" == "811"
    text = main_text(page)
    assert "October 2014 to September 2015 compared with October 2013 to September 2014" in text


def test_map_and_charts_are_drawn(pack_page):
    """AppTest cannot see these: the pydeck map must shade boroughs and Vega must draw the charts."""
    page = pack_page
    assert page.locator('[data-testid="stDeckGlJsonChart"] canvas').count() >= 1
    vega = page.locator('[data-testid="stVegaLiteChart"]')
    assert vega.count() >= 2  # the trend and the map's key, before any part is opened
    open_section(page, "Against the boroughs most like it")
    open_section(page, "The target for the seven priority crimes")
    assert vega.count() >= 5  # and the similar group, the tracker and the trajectory once opened
    # The target tracker shows both statuses in their colours (blue meets, orange short of target).
    tracker = chart_colours(page, "The target for the seven priority crimes")
    assert {"#0072b2", "#e69f00"} <= tracker, tracker
    # The borough map is shaded in several bands of the viridis ramp, not one flat colour.
    shades = deck_map_colours(page, 0)
    assert len(shades) >= 4, f"the borough map shows {len(shades)} shades: {sorted(shades)}"


def test_public_grade(pack_page):
    assert_public_grade(pack_page)
    full_shot(pack_page, "real-crime-enfield-2015-09")  # to look at, when POLICING_SHOTS asks


def test_accessible(pack_page):
    """axe-core, WCAG 2 A/AA: no serious or critical finding (tests/browser/a11y.py)."""
    assert_accessible(pack_page, "Crime")


def newest_robbery(crime: pd.DataFrame, real_store: Path, borough: str, first: str, last: str) -> int:
    """Robbery in a borough over [first, last], each month from the release the store's manifest names as
    its newest ('crime_default_release_borough'); the major category is 'Robbery' before the 2018 scheme
    and 'ROBBERY' after."""
    rule = json.loads((real_store / "manifest.json").read_text())["notes"]["crime_default_release_borough"]
    total = 0
    for month in months(first, last):
        release = next(r for span, r in rule.items() if span[:7] <= month <= span[-7:])
        rows = crime[(crime["release"] == release) & (crime["borough_name"] == borough) & (crime["month"] == month)
                     & crime["major"].isin(["Robbery", "ROBBERY"])]
        assert len(rows), (month, release)
        total += int(rows["count"].sum())
    return total


def test_a_link_to_a_borough_and_crime_type_with_the_newest_figures(page, real_server, crime, real_store):
    """A link with a borough and a crime type and no release: each month from its newest release, and the
    tracker says how far the Challenge's -19.8% has been revised since first published."""
    open_page(page, real_server, "Crime", borough="Croydon", indicator="Robbery (Total)", to="2015-02")
    no_exception(page)
    assert selected(page, "Area") == "Croydon"
    assert page.locator("h2").first.inner_text() == "Robbery (Total) in Croydon"
    current = newest_robbery(crime, real_store, "Croydon", "2014-03", "2015-02")
    previous = newest_robbery(crime, real_store, "Croydon", "2013-03", "2014-02")
    card = metric_card(page, "Rolling 12 months: March 2014 to February 2015")
    assert f"{current:,}" in card
    assert f"{(current - previous) / previous * 100:+.1f}%" in card
    assert f"({previous:,})" in main_text(page)  # "Against March 2013 to February 2014 (n)"
    open_section(page, "The target for the seven priority crimes")
    revised = metric_card(page, "Revised since first published")
    assert "-19.8% then" in revised and "now" in revised  # first published in the release to December 2016


def mopac7(crime: pd.DataFrame, borough: str, first: str, last: str) -> int:
    """MOPAC 7 crimes (release 2016-12, pre-2018 scheme) in a borough over [first, last]."""
    from lib.reference.categories import MOPAC7, members

    keep = set(members("pre2018", MOPAC7))
    rows = crime[(crime["release"] == "2016-12") & (crime["borough_name"] == borough)
                 & crime["month"].isin(months(first, last))]
    rows = rows[[(a, b) in keep for a, b in zip(rows["major"], rows["minor"], strict=True)]]
    return int(rows["count"].sum())


def test_a_commander_changes_the_period_then_the_borough_then_reads_it_on_a_phone(pack_page, crime, real_store):
    """One visit, as a commander would make it, after the read-only tests above: the period widget to
    February 2015 (the Challenge's month), then the Area picker to Hackney, then the same page at 390 px."""
    page = pack_page
    choose(page, "12 months to", "February 2015")
    settle(page)
    page.wait_for_function("() => location.search.includes('to=2015-02')")
    m = metrics(page)
    label = "Rolling 12 months: March 2014 to February 2015"
    assert m.get(label) == f"{mopac7(crime, 'Enfield', '2014-03', '2015-02'):,}", (label, m)
    assert m["Month: February 2015"] == f"{mopac7(crime, 'Enfield', '2015-02', '2015-02'):,}"
    # The tracker reproduces the March 2015 Challenge transcript, and an independent count agrees.
    london, meeting = challenge_target_count(real_store)
    assert (m["London, 12 months to February 2015"], m["Boroughs at a 20% reduction or more"]) == \
        ("-19.8%", "16 of 32") == (f"{london:+.1f}%", f"{meeting} of 32")

    choose(page, "Area", "Hackney")
    settle(page)
    page.wait_for_function("() => location.search.includes('borough=Hackney')")
    assert page.locator("h2").first.inner_text() == "The seven priority crimes (MOPAC 7) in Hackney"
    row = indicator_rows(page)["Burglary (Total)"]
    assert row["Latest 12 months"] == f"{count(crime, 'Hackney', 'Burglary (Total)', '2014-03', '2015-02'):,}"
    assert row["Previous 12 months"] == f"{count(crime, 'Hackney', 'Burglary (Total)', '2013-03', '2014-02'):,}"

    # The same page on a phone: no sideways scroll, the headline card whole on screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1] + 1, f"page is {width[0]} px wide on a {width[1]} px screen"
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    card.scroll_into_view_if_needed()
    value = card.locator('[data-testid="stMetricValue"]').inner_text()
    assert value == f"{mopac7(crime, 'Hackney', '2014-03', '2015-02'):,}"
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 391
    # Its change and verdict wrap on the narrow card rather than end in "…" (nothing inside is clipped).
    delta = card.locator('[data-testid="stMetricDelta"]')
    assert "on the same period last year: " in delta.inner_text()
    assert delta.evaluate("d => [d, ...d.querySelectorAll('*')].every(e => e.scrollWidth <= e.clientWidth + 1)")
    shot(page, "real-crime-phone")
