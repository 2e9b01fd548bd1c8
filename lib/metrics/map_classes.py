"""Map classes for survey figures: a colour only where survey error cannot explain the difference.

A choropleth of survey proportions (MOPAC PAS) with many narrow bands (e.g. six quantile bands over
38-61%, some one point wide) paints differences the samples cannot support. The rule used here is a
diverging scale around London with three classes: a borough is coloured "higher" or "lower" only
when the 95% interval of its gap to London excludes zero, and grey ("no real difference from
London") when the interval includes zero. The interval is Newcombe's hybrid score interval for a
difference of two independent proportions (Newcombe 1998, method 10), built from each figure's own
Wilson 95% interval, the same rule as the "Against London" verdicts (``lib.metrics.survey``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LOWER = -1
NO_REAL_DIFFERENCE = 0
HIGHER = 1
# Class codes in legend order (lowest first) and their meaning in words.
CLASS_ORDER = (LOWER, NO_REAL_DIFFERENCE, HIGHER)


def gap_interval(value: pd.Series, low: pd.Series, high: pd.Series,
                 ref: float, ref_low: float, ref_high: float) -> tuple[pd.Series, pd.Series]:
    """95% interval of each figure minus the reference (London), from the two figures' own intervals.

    Definition: for p1 with interval (l1, u1) and reference p2 with (l2, u2), d = p1 − p2,
    lower = d − √((p1 − l1)² + (u2 − p2)²), upper = d + √((u1 − p1)² + (p2 − l2)²)
    (Newcombe 1998, method 10; with Wilson intervals this is :func:`lib.metrics.survey.difference`).
    """
    p = value.astype("float64")
    d = p - ref
    lower = d - np.sqrt((p - low.astype("float64")) ** 2 + (ref_high - ref) ** 2)
    upper = d + np.sqrt((high.astype("float64") - p) ** 2 + (ref - ref_low) ** 2)
    return lower, upper


def classes_vs_reference(value: pd.Series, low: pd.Series, high: pd.Series,
                         ref: float | None, ref_low: float | None, ref_high: float | None) -> pd.Series:
    """Diverging map class of each figure against a reference: HIGHER (1), NO_REAL_DIFFERENCE (0), LOWER (-1).

    Definition: HIGHER when the lower end of the 95% interval of (figure − reference) is above zero,
    LOWER when its upper end is below zero, otherwise NO_REAL_DIFFERENCE (the interval includes zero:
    survey error could explain the gap). Interval: :func:`gap_interval`. Missing figures, or no
    reference, give a missing class (drawn as "no data").
    """
    out = pd.Series(pd.NA, index=value.index, dtype="Int64")
    if ref is None or ref_low is None or ref_high is None or pd.isna(ref):
        return out
    lower, upper = gap_interval(value, low, high, float(ref), float(ref_low), float(ref_high))
    known = value.notna() & low.notna() & high.notna()
    codes = np.where(lower > 0, HIGHER, np.where(upper < 0, LOWER, NO_REAL_DIFFERENCE))
    out[known] = codes[known.to_numpy()]
    return out


def typical_half_width(low: pd.Series, high: pd.Series) -> float:
    """The median half-width of the 95% intervals, (high − low) / 2: the survey error a figure carries.

    Definition: median over the figures with both ends known. Used to say in words how wide the
    grey "no real difference" class is around London.
    """
    half = ((high.astype("float64") - low.astype("float64")) / 2).dropna()
    return float(half.median()) if len(half) else float("nan")
