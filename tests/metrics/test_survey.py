"""Survey error arithmetic: Wilson interval, Newcombe difference, verdicts."""

from __future__ import annotations

import math

import pytest

from lib.metrics import survey
from lib.metrics.survey import change_verdict, difference, effective_sample, gap_verdict, wilson_interval


def test_wilson_worked_example() -> None:
    """p = 0.59, n = 400, z = 1.96 (Enfield's confidence to September 2015 on the assumed sample).

    z² = 3.8416; z²/n = 0.009604; denominator = 1.009604.
    centre = (0.59 + 3.8416/800) / 1.009604 = 0.594802 / 1.009604 = 0.589144.
    p(1−p)/n = 0.2419/400 = 0.00060475; z²/4n² = 3.8416/640000 = 0.0000060025;
    √(0.0006107525) = 0.0247134; half-width = 1.96 × 0.0247134 / 1.009604 = 0.0479776.
    interval = 0.589144 ± 0.047978 = (0.541166, 0.637121): 54.1% to 63.7%.
    """
    lo, hi = wilson_interval(0.59, 400, z=1.96)
    assert lo == pytest.approx(0.541166, abs=2e-6)
    assert hi == pytest.approx(0.637121, abs=2e-6)


def test_wilson_edges() -> None:
    lo, hi = wilson_interval(0.0, 100)
    assert lo == pytest.approx(0.0, abs=1e-12) and 0.03 < hi < 0.04  # z²/(n+z²) = 3.8415/103.8415 = 0.0370
    assert hi == pytest.approx(survey.Z_95**2 / (100 + survey.Z_95**2))
    lo, hi = wilson_interval(1.0, 100)
    assert hi == pytest.approx(1.0) and lo == pytest.approx(1 - survey.Z_95**2 / (100 + survey.Z_95**2))
    with pytest.raises(ValueError):
        wilson_interval(1.2, 100)
    with pytest.raises(ValueError):
        wilson_interval(0.5, 0)


def test_difference_equal_proportions_is_symmetric_and_not_real() -> None:
    d = difference(0.5, 400, 0.5, 400)
    assert d.difference == 0
    assert d.low == pytest.approx(-d.high)
    assert not d.significant
    assert change_verdict(d) == "within the margin of error"


def test_difference_worked_example() -> None:
    """0.67 vs 0.59, n = 400 each. Wilson (z=1.96): 0.59 -> (0.541166, 0.637121); 0.67 -> (0.622505, 0.714182)
    (centre (0.67+0.004802)/1.009604 = 0.668388, half 1.96*sqrt(0.2211/400+0.0000060025)/1.009604 = 0.045838).
    d = 0.08; lower = 0.08 − √((0.67−0.622550)² + (0.637121−0.59)²) = 0.08 − √(0.0022515+0.0022204) = 0.013127;
    upper = 0.08 + √((0.714226−0.67)² + (0.59−0.541166)²) = 0.08 + √(0.0019560+0.0023848) = 0.145886.
    """
    d = difference(0.67, 400, 0.59, 400, z=1.96)
    l2, u2 = wilson_interval(0.67, 400, z=1.96)
    assert (l2, u2) == (pytest.approx(0.62255, abs=1e-4), pytest.approx(0.71423, abs=1e-4))
    assert d.low == pytest.approx(0.0131, abs=2e-4)
    assert d.high == pytest.approx(0.1459, abs=2e-4)
    assert d.significant and d.points == pytest.approx(8.0)
    assert change_verdict(d) == "a real rise"
    assert gap_verdict(d) == "really higher"
    down = difference(0.59, 400, 0.67, 400)
    assert change_verdict(down) == "a real fall" and gap_verdict(down) == "really lower"


def test_small_change_on_a_borough_sample_is_within_margin() -> None:
    d = difference(0.61, 400, 0.59, 400)
    assert not d.significant
    assert change_verdict(d) == "within the margin of error"


def test_sample_assumption_constants() -> None:
    assert survey.PAS_INTERVIEWS_PER_YEAR == 12_800
    assert survey.PAS_BOROUGH_SAMPLE == 400  # 12,800 / 32
    assert pytest.approx(12_800 / 106, rel=0.01) == survey.PAS_NEIGHBOURHOOD_SAMPLE
    assert effective_sample(400, 2.0) == 200
    with pytest.raises(ValueError):
        effective_sample(400, 0)


def test_design_effect_widens_interval() -> None:
    lo1, hi1 = wilson_interval(0.59, effective_sample(400, 1.0))
    lo2, hi2 = wilson_interval(0.59, effective_sample(400, 1.5))
    assert (hi2 - lo2) > (hi1 - lo1)
    assert math.isclose(hi1 - lo1, 0.0959, abs_tol=5e-4)
