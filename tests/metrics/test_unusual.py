"""Unusual months (lib/metrics/unusual.py) on simulated series whose truth is known: the false-alarm rate
measured against the stated one, a spike flagged, no look-ahead, the minimum history."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lib.metrics.unusual import (
    FALSE_ALARM_RATE,
    HISTORY_MONTHS,
    design,
    fit_quasi_poisson,
    t_quantile,
    unusual_months,
)
from lib.periods import add_months, month_range

MONTHS = month_range("2010-01", "2017-12")  # 96 months: 36 of history, then 60 judged
JUDGED = ("2013-01", "2017-12")
T = np.arange(len(MONTHS))
CALENDAR = np.array([int(m[5:]) for m in MONTHS])


def true_mean(level: float) -> np.ndarray:
    """A falling trend (−0.4% a month) and a seasonal swing of about ±17%: what the model is meant to capture."""
    season = 0.15 * np.sin(2 * np.pi * CALENDAR / 12) + 0.08 * np.cos(2 * np.pi * CALENDAR / 12)
    return level * np.exp(-0.004 * T + season)


def simulate(rng: np.random.Generator, level: float, size: float | None = None) -> pd.DataFrame:
    """Poisson counts (``size`` None) or negative-binomial counts with variance μ + μ²/size."""
    mu = true_mean(level)
    y = rng.poisson(mu) if size is None else rng.negative_binomial(size, size / (size + mu))
    return pd.DataFrame({"month": MONTHS, "count": y})


def test_t_quantile_matches_the_tables():
    # Student's t tables (e.g. Abramowitz and Stegun table 26.10): t(0.995; 23) = 2.807,
    # t(0.975; 10) = 2.228, t(0.9; 5) = 1.476, and the normal limit z(0.995) = 2.576.
    assert t_quantile(0.995, 23) == pytest.approx(2.807, abs=5e-4)
    assert t_quantile(0.975, 10) == pytest.approx(2.228, abs=5e-4)
    assert t_quantile(0.9, 5) == pytest.approx(1.476, abs=5e-4)
    assert t_quantile(0.995, 1e9) == pytest.approx(2.5758, abs=1e-4)


def test_fit_recovers_known_coefficients_and_dispersion():
    x = design(np.arange(36), CALENDAR[:36])
    beta = np.array([np.log(200.0), -0.01, 0.1, 0.2, 0.0, -0.1, -0.2, 0.05, 0.3, 0.1, -0.05, 0.0, 0.15])
    mu = np.exp(x @ beta)
    exact = fit_quasi_poisson(mu, x)  # counts equal to their means: the estimate is the truth, φ = 0
    assert exact.beta == pytest.approx(beta, abs=1e-8)
    assert exact.dispersion == pytest.approx(0.0, abs=1e-12)
    # Poisson counts: the Pearson dispersion averages 1 over many fits (its standard error over 300 fits of
    # 23 degrees of freedom is about 0.017).
    rng = np.random.default_rng(1)
    poisson = [fit_quasi_poisson(rng.poisson(mu).astype(float), x).dispersion for _ in range(300)]
    assert np.mean(poisson) == pytest.approx(1.0, abs=0.06)
    # Negative-binomial counts with size 50 around 200 a month: variance μ + μ²/50, dispersion about 1 + μ/50 = 5.
    nb = [fit_quasi_poisson(rng.negative_binomial(50, 50 / (50 + mu)).astype(float), x).dispersion for _ in range(300)]
    assert np.mean(nb) == pytest.approx(np.mean(1 + mu / 50), rel=0.06)


@pytest.mark.slow  # a simulation: thousands of simulated months per case
@pytest.mark.parametrize(("label", "level", "size"), [
    ("Poisson, about 50 a month", 50.0, None),
    ("negative binomial, about 500 a month, overdispersed (variance about 11 times the mean)", 500.0, 50.0),
])
def test_false_alarm_rate_is_the_stated_rate(label, level, size):
    """Over 80 simulated series × 60 months judged (4,800 in-control months), the share flagged is within
    3.5 binomial standard deviations of FALSE_ALARM_RATE (1%: 48 expected, ±24)."""
    rng = np.random.default_rng(20240 + int(level))
    flags = []
    for _ in range(80):
        flags.append(unusual_months(simulate(rng, level, size), *JUDGED)["flag"])
    flags = pd.concat(flags, ignore_index=True)
    n = len(flags)
    rate = float(flags.notna().mean())
    tolerance = 3.5 * math.sqrt(FALSE_ALARM_RATE * (1 - FALSE_ALARM_RATE) / n)
    assert n == 80 * 60
    assert abs(rate - FALSE_ALARM_RATE) <= tolerance, f"{label}: {rate:.4f} flagged"
    assert (flags == "high").sum() > 0 and (flags == "low").sum() > 0  # both tails are live


def test_a_spike_is_flagged_high_and_a_drop_low():
    rng = np.random.default_rng(7)
    s = simulate(rng, 200.0)
    spike, drop = "2015-06", "2016-02"
    s.loc[s["month"] == spike, "count"] = int(s.loc[s["month"] == spike, "count"].iloc[0] * 1.6)
    s.loc[s["month"] == drop, "count"] = int(s.loc[s["month"] == drop, "count"].iloc[0] * 0.5)
    u = unusual_months(s, *JUDGED).set_index("month")
    assert u.loc[spike, "flag"] == "high"
    assert u.loc[spike, "count"] > u.loc[spike, "upper"]
    assert u.loc[drop, "flag"] == "low"
    assert u.loc[drop, "count"] < u.loc[drop, "lower"]
    # The truth lies inside the limits where nothing was injected.
    truth = pd.Series(true_mean(200.0), index=MONTHS)
    ok = u.drop(index=[spike, drop])
    assert ((ok["lower"] < truth[ok.index]) & (truth[ok.index] < ok["upper"])).all()


def test_a_month_is_judged_on_earlier_months_only():
    rng = np.random.default_rng(11)
    s = simulate(rng, 120.0)
    before = unusual_months(s, *JUDGED).set_index("month")
    cut = "2015-03"
    later = s.copy()
    later.loc[later["month"] >= cut, "count"] = later.loc[later["month"] >= cut, "count"] * 3 + 17
    after = unusual_months(later, *JUDGED).set_index("month")
    cols = ["expected", "lower", "upper"]
    # Every month up to the cut (the cut included: its own count is not in its history) is unchanged...
    same = [m for m in before.index if m <= cut]
    pd.testing.assert_frame_equal(before.loc[same, cols], after.loc[same, cols])
    # ... and the months after it did change (their histories did).
    assert (before.loc[add_months(cut, 1), "expected"] != after.loc[add_months(cut, 1), "expected"])


def test_months_without_enough_history_have_no_expectation_and_say_why():
    rng = np.random.default_rng(3)
    s = simulate(rng, 80.0)
    u = unusual_months(s, "2012-11", "2013-02").set_index("month")
    # 2012-11 and 2012-12 have 34 and 35 months before them in a series starting 2010-01.
    for m in ("2012-11", "2012-12"):
        assert math.isnan(u.loc[m, "expected"]) and u.loc[m, "flag"] is None
        assert f"needs the {HISTORY_MONTHS} months" in u.loc[m, "reason"]
    assert "the series has 34 of them" in u.loc["2012-11", "reason"]
    for m in ("2013-01", "2013-02"):
        assert not math.isnan(u.loc[m, "expected"]) and u.loc[m, "reason"] is None
    # A gap in the history: the months whose 36 include it cannot be judged.
    gappy = s[s["month"] != "2012-06"]
    g = unusual_months(gappy, "2015-06", "2015-07").set_index("month")
    assert "the series has 35 of them" in g.loc["2015-06", "reason"]
    assert g.loc["2015-07", "reason"] is None


def test_a_calendar_month_with_no_crimes_has_no_fit():
    rng = np.random.default_rng(5)
    s = simulate(rng, 3.0)
    s.loc[s["month"].str.endswith("-08"), "count"] = 0  # no crimes in any August
    u = unusual_months(s, "2013-01", "2013-01")
    assert math.isnan(u["expected"].iloc[0])
    assert "no crimes recorded in some calendar month" in u["reason"].iloc[0]
