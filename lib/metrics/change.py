"""Change between two periods: the one percentage change used everywhere."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def pct_change(current: float | None, previous: float | None) -> float | None:
    """Percentage change: (current − previous) / previous × 100; None when previous is 0 or missing.

    Definition as in the Enfield pack's "% change" column (seed 000); a change from zero is
    undefined ("N/A" in the pack), never infinite.
    """
    if current is None or previous is None:
        return None
    if isinstance(current, float) and math.isnan(current):
        return None
    if isinstance(previous, float) and math.isnan(previous):
        return None
    if previous == 0:
        return None
    return (float(current) - float(previous)) / float(previous) * 100.0


def pct_change_series(current: pd.Series, previous: pd.Series) -> pd.Series:
    """:func:`pct_change` element by element (NaN where undefined)."""
    cur = pd.to_numeric(current, errors="coerce").astype("float64")
    prev = pd.to_numeric(previous, errors="coerce").astype("float64")
    out = (cur - prev) / prev.where(prev != 0) * 100.0
    return out.replace([np.inf, -np.inf], np.nan)
