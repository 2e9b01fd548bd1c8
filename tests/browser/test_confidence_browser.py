"""The confidence page in a real browser on the real store: a borough's figure, its interval, the verdict.

The interval and the verdict are recomputed here from the store's ``pas_borough`` table with the
assumption the page states (interviews per borough a year), by the textbook formulas.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import conftest_real
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import SNAKE_CASE, assert_public_grade, no_exception, public_grade_problems, table_headers
from tests.browser.conftest_real import full_shot, main_text, metric_card, numbers_grid

pytestmark = pytest.mark.browser

real_server = conftest_real.real_server
Z = 1.959963984540054


@pytest.fixture(scope="module")
def pas(real_store: Path) -> pd.DataFrame:
    return pd.read_parquet(real_store / "pas_borough.parquet")


def wilson(p: float, n: float) -> tuple[float, float]:
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


@pytest.fixture(scope="module")
def enfield(loaded, real_server):
    """One load of Enfield's page, shared by the tests that only read it."""
    return loaded.get(real_server, "Confidence", borough="Enfield")


def test_good_job_with_interval_and_verdict(enfield, pas):
    page = enfield
    no_exception(page)
    text = main_text(page)
    n = int(re.search(r"intervals assume\s+([\d,]+) interviews per borough", text).group(1).replace(",", ""))
    good = pas[(pas["area_name"] == "Enfield") & (pas["measure"] == "good_job")].set_index("quarter")["proportion"]
    latest = good.index.max()
    earlier = str(pd.Period(latest, freq="M") - 12)
    p, q = float(good[latest]), float(good[earlier])
    card = metric_card(page, "Police do a good job in the local area")
    assert f"{p:.0%}" in card
    change = round((p - q) * 100)
    # Newcombe's interval for a difference of two independent proportions.
    (l1, u1), (l2, u2) = wilson(p, n), wilson(q, n)
    low = (p - q) - math.sqrt((p - l1) ** 2 + (u2 - q) ** 2)
    high = (p - q) + math.sqrt((u1 - p) ** 2 + (q - l2) ** 2)
    verdict = "a real rise" if low > 0 else "a real fall" if high < 0 else "within the margin of error"
    assert f"{change:+d} points on a year earlier: {verdict}" in card
    row = {r["Measure"]: r for r in numbers_grid(page, "Enfield: every measure")}["Good job locally"]
    lo, hi = wilson(p, n)
    assert (row["Value"], row["95% interval from"], row["95% interval to"]) == (f"{p:.0%}", f"{lo:.0%}", f"{hi:.0%}")
    assert row["Change: verdict"] == verdict


def test_public_grade(enfield):
    """On the real store at 1920 px (the 390 px pass, every page: tests/browser/test_shell.py)."""
    assert_public_grade(enfield)
    full_shot(enfield, "real-confidence-enfield")  # to look at, when POLICING_SHOTS asks


def test_accessible(enfield):
    """axe-core, WCAG 2 A/AA: no serious or critical finding (tests/browser/a11y.py)."""
    assert_accessible(enfield, "Confidence")


def test_the_header_check_sees_the_grid_headers(enfield):
    """The snake_case check reads real headers: the page's grid shows these display names, and the same
    check turned on a header it shows reports it (a deliberately bad rule)."""
    headers = table_headers(enfield)
    assert {"Measure", "95% interval from", "Change: verdict"} <= set(headers), headers
    assert SNAKE_CASE.match("area_name") and not SNAKE_CASE.match("Area") and not SNAKE_CASE.match("rows")
    assert not [p for p in public_grade_problems(enfield) if "snake_case" in p]
    bad = [h for h in headers if h.lower().replace(" ", "_") == "change:_verdict"]
    assert bad == ["Change: verdict"]
