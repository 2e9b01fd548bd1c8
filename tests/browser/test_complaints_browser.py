"""The complaints page in a real browser on the demonstration store (no public extract exists; the real store's
page, which says so, is checked at 390 and 1920 px in test_answers_browser.py).

Expected counts are made here with pandas straight from the store's ``complaints_allegations``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import no_exception
from tests.browser.conftest_real import full_shot, metrics, numbers_grid

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def allegations(demo_store: Path) -> pd.DataFrame:
    return pd.read_parquet(demo_store / "complaints_allegations.parquet")


def last_12(table: pd.DataFrame) -> tuple[pd.DataFrame, str, str]:
    last = str(table["month"].max())
    first = str(pd.Period(last, freq="M") - 11)
    return table[table["month"].between(first, last)], first, last


@pytest.fixture(scope="module")
def enfield(loaded, demo_server):
    """One load of Enfield's page on the demonstration store, shared by the tests that only read it."""
    return loaded.get(demo_server, "Complaints", borough="Enfield")


def test_allegations_for_a_borough_match_the_store(enfield, allegations):
    page = enfield
    no_exception(page)
    period, first, last = last_12(allegations)
    enfield = period[period["borough_name"] == "Enfield"]
    assert metrics(page)["Allegations in 12 months"] == f"{int(enfield['allegations'].sum()):,}"
    assert "Demonstration data" in page.locator('[data-testid="stAlert"]').first.inner_text()
    # Small counts are shown as published; the share of a count under 10 is withheld.
    by_outcome = enfield.groupby("outcome")["allegations"].sum()
    small = by_outcome[by_outcome < 10]
    big = by_outcome[by_outcome >= 10]
    assert len(small) and len(big)
    rows = numbers_grid(page, "How allegations ended in Enfield")
    shown = {next(iter(r.values())): list(r.values()) for r in rows}
    for outcome, n in small.items():
        assert shown[outcome][1] == str(n), (outcome, n, shown[outcome])
        assert "<10" not in shown[outcome], (outcome, n, shown[outcome])
    for outcome, n in big.items():
        assert f"{n:,}" in shown[outcome], (outcome, n, shown[outcome])


def test_accessible(enfield):
    """axe-core, WCAG 2 A/AA, on the demonstration store (the real store has no complaints extract)."""
    assert_accessible(enfield, "Complaints")
    full_shot(enfield, "demo-complaints-enfield")  # to look at, when POLICING_SHOTS asks
