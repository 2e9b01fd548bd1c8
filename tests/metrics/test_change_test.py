"""Is a change real? Hand-made counts with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.metrics.change_test import (
    NORMAL,
    REAL_FALL,
    REAL_RISE,
    change_test,
    change_test_table,
    exact_p,
    relative_risk_interval,
    relative_risk_table,
)


def test_sqrt_rule_fall_beyond_three():
    t = change_test(100, 144)  # z = 2 (10 - 12) = -4
    assert t.method == "poisson_sqrt"
    assert t.statistic == pytest.approx(-4.0)
    assert t.real and t.words == REAL_FALL


def test_sqrt_rule_rise_beyond_three():
    t = change_test(144, 100)
    assert t.statistic == pytest.approx(4.0) and t.words == REAL_RISE


def test_sqrt_rule_within_normal_variation():
    t = change_test(100, 121)  # z = -2
    assert t.statistic == pytest.approx(-2.0)
    assert not t.real and t.words == NORMAL


def test_just_beyond_and_just_inside_three():
    beyond = change_test(36, 20)  # 2 (6 - 4.4721) = 3.056
    assert beyond.statistic == pytest.approx(3.0557, abs=1e-4)
    assert beyond.real and beyond.words == REAL_RISE
    inside = change_test(35, 20)  # 2 (5.9161 - 4.4721) = 2.8879
    assert inside.statistic == pytest.approx(2.8879, abs=1e-4)
    assert not inside.real


def test_small_counts_use_exact_binomial():
    # 0 now, 12 then: p = 2 * (1/2)^12 = 0.000488 < 0.0027
    t = change_test(0, 12)
    assert t.method == "exact_binomial"
    assert t.statistic == pytest.approx(2 / 4096)
    assert t.words == REAL_FALL
    # 2 now, 8 then: P(X <= 2 | n=10) = (1 + 10 + 45) / 1024; two-sided 0.109
    t2 = change_test(2, 8)
    assert t2.statistic == pytest.approx(2 * 56 / 1024)
    assert t2.words == NORMAL


def test_exact_p_symmetry_and_bounds():
    assert exact_p(5, 5) == 1.0
    assert exact_p(3, 7) == pytest.approx(exact_p(7, 3))
    assert exact_p(0, 0) == 1.0


def test_no_counts():
    assert change_test(0, 0).method == "none"
    assert change_test(None, 5).method == "none"


def test_table_matches_scalar_rule():
    t = pd.DataFrame({"current": [100, 144, 100, 0, 2, 0], "previous": [144, 100, 121, 12, 8, 0]})
    out = change_test_table(t)
    assert list(out["change_words"]) == [REAL_FALL, REAL_RISE, NORMAL, REAL_FALL, NORMAL, "no test (no counts)"]
    assert list(out["change_method"]) == [
        "poisson_sqrt", "poisson_sqrt", "poisson_sqrt", "exact_binomial", "exact_binomial", "none"
    ]
    assert out["change_statistic"].iloc[0] == pytest.approx(-4.0)
    assert out["change_statistic"].iloc[3] == pytest.approx(2 / 4096)
    assert "change_words" not in t.columns  # a copy, not the caller's frame


def test_katz_interval_by_hand():
    # 50 searches of 1,000 people vs 100 of 10,000: RR 5
    r = relative_risk_interval(50, 1000, 100, 10000)
    se = math.sqrt(1 / 50 - 1 / 1000 + 1 / 100 - 1 / 10000)  # 0.17
    assert se == pytest.approx(0.17)
    assert r.ratio == pytest.approx(5.0)
    assert r.low == pytest.approx(5 * math.exp(-1.959964 * 0.17), rel=1e-6)
    assert r.high == pytest.approx(5 * math.exp(1.959964 * 0.17), rel=1e-6)
    assert round(r.low, 2) == 3.58 and round(r.high, 2) == 6.98


def test_katz_undefined_with_zero():
    assert relative_risk_interval(0, 1000, 100, 10000).ratio is None


def test_relative_risk_table():
    s = pd.Series({"White": 100, "Black": 50, "Asian": 0})
    p = pd.Series({"White": 10000, "Black": 1000, "Asian": 500})
    t = relative_risk_table(s, p)
    assert t.loc["White", "ratio"] == pytest.approx(1.0)
    assert pd.isna(t.loc["White", "low"])
    assert t.loc["Black", "ratio"] == pytest.approx(5.0)
    assert round(t.loc["Black", "low"], 2) == 3.58
    assert pd.isna(t.loc["Asian", "ratio"])
