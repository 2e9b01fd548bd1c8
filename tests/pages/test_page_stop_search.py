"""AppTest of the stop and search page on the demonstration store."""

from __future__ import annotations

from pathlib import Path

from lib import stop_search as ss
from lib.reference.boroughs import LONDON_CODE
from lib.store import Store
from tests.helpers import checked, page_text

PAGE = "pages/4_Stop_and_search.py"


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_london_default(open_page, demo_store: Path) -> None:
    at = checked(open_page(PAGE))
    t = page_text(at)
    assert "Record-level searches (police.uk) cover" in t
    assert "Demonstration data" in t
    table = Store(demo_store).table("stop_search")
    start, end = ss.default_period(table)
    expected = ss.summary(table, None, LONDON_CODE, start, end)
    assert metric(at, "Searches") == f"{expected['searches']:,}"
    assert metric(at, "Arrest rate") == f"{expected['arrest_rate']:.1%}"
    assert f"{expected['unlocated']:,}" in t and "have no location" in t
    assert "Who was searched: disproportionality by ethnic appearance" in t
    assert "squares with fewer than 10 searches are not drawn" in t


def test_borough_and_period_from_url(open_page, demo_store: Path) -> None:
    table = Store(demo_store).table("stop_search")
    months = ss.months_covered(table)
    at = checked(open_page(PAGE, borough="Enfield", **{"from": months[-3], "to": months[-1]}))
    expected = ss.summary(table, None, "E09000010", months[-3], months[-1])
    assert metric(at, "Searches") == f"{expected['searches']:,}"
    assert "Enfield (searches located in the borough)" in page_text(at)
    assert "have no location, so they count for London" not in page_text(at)


def test_bad_url_values_fall_back(open_page) -> None:
    t = page_text(checked(open_page(PAGE, **{"from": "bogus", "to": "2099-99"})))
    assert "isn't available" in t
    assert "Record-level searches" in t


def test_reversed_period_is_swapped(open_page, demo_store: Path) -> None:
    months = ss.months_covered(Store(demo_store).table("stop_search"))
    at = checked(open_page(PAGE, **{"from": months[-1], "to": months[-4]}))
    assert "showing the two months swapped" in page_text(at)
