"""Map classes around London: coloured only when the gap's 95% interval excludes zero."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.metrics.map_classes import (
    HIGHER,
    LOWER,
    NO_REAL_DIFFERENCE,
    classes_vs_reference,
    gap_interval,
    typical_half_width,
)


def test_gap_interval_by_hand() -> None:
    """p1 = 0.60 (0.55, 0.65), London 0.50 (0.48, 0.52): d = 0.10;
    lower = 0.10 − √(0.05² + 0.02²) = 0.10 − √0.0029 = 0.10 − 0.053852 = 0.046148;
    upper = 0.10 + √(0.05² + 0.02²) = 0.153852."""
    lo, hi = gap_interval(pd.Series([0.60]), pd.Series([0.55]), pd.Series([0.65]), 0.50, 0.48, 0.52)
    assert lo.iloc[0] == pytest.approx(0.10 - math.sqrt(0.0029))
    assert hi.iloc[0] == pytest.approx(0.10 + math.sqrt(0.0029))


def test_classes_three_ways_and_missing() -> None:
    """London 0.50 (0.48, 0.52). 0.60±0.05: lower bound 0.046 > 0, higher. 0.53±0.05: lower bound
    0.03 − 0.0539 < 0 < upper: no real difference. 0.40±0.05: upper −0.046 < 0, lower. A missing
    figure has no class."""
    v = pd.Series([0.60, 0.53, 0.40, None], dtype="float64")
    lo = v - 0.05
    hi = v + 0.05
    got = classes_vs_reference(v, lo, hi, 0.50, 0.48, 0.52)
    assert got.iloc[:3].tolist() == [HIGHER, NO_REAL_DIFFERENCE, LOWER]
    assert pd.isna(got.iloc[3])


def test_one_point_apart_is_grey() -> None:
    """A borough one point above London on intervals of ±5 points is not coloured as different."""
    got = classes_vs_reference(pd.Series([0.51]), pd.Series([0.46]), pd.Series([0.56]), 0.50, 0.48, 0.52)
    assert got.iloc[0] == NO_REAL_DIFFERENCE


def test_no_reference_gives_no_classes() -> None:
    got = classes_vs_reference(pd.Series([0.6]), pd.Series([0.55]), pd.Series([0.65]), None, None, None)
    assert got.isna().all()


def test_typical_half_width_is_the_median() -> None:
    """Half-widths 0.05, 0.04, 0.06: median 0.05."""
    lo = pd.Series([0.45, 0.56, 0.34])
    hi = pd.Series([0.55, 0.64, 0.46])
    assert typical_half_width(lo, hi) == pytest.approx(0.05)
