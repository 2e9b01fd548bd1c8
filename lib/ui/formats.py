"""Numbers as the public sees them: counts as published, missing values as a dash, shared formats."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

MISSING = "–"
# Python format strings for figures on screen and in tables (``data_table(formats=...)``).
WHOLE_PERCENT = "{:.0%}"  # survey proportions: published to whole percentages
PERCENT = "{:.1%}"  # shares of a count
POINTS = "{:+.0f}"  # a gap or change in percentage points, signed


def count_text(n: int | None) -> str:
    """A count for display, as published however small; '–' when missing."""
    return MISSING if n is None or pd.isna(n) else f"{int(n):,}"


def number_text(value: float | None, fmt: str) -> str:
    """A number in the format ``fmt`` (e.g. ``PERCENT``); '–' when missing (None or NaN)."""
    return MISSING if value is None or pd.isna(value) else fmt.format(value)


def percent_text(share: float | None) -> str:
    """A share (0.123) as a percentage to one decimal place ('12.3%'); '–' when missing."""
    return number_text(share, PERCENT)


def columns_as(table: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The columns of ``table`` named in ``names``, in that order, renamed to their ``names`` value for the screen."""
    return table[list(names)].rename(columns=dict(names))
