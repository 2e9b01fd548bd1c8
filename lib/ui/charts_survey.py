"""How the survey screens (Confidence, Neighbourhood comparator) draw their numbers.

The Altair builders for survey pictures (``measures_chart``, ``interval_trend``, ``survey_ranking``,
``gap_bars``, ``satisfaction_trend``, ``group_rank_chart``, ``group_spread_chart``) live in
:mod:`lib.ui.charts` and are re-exported here; this module adds the number formats of the survey
tables, keyed by the column names the views in :mod:`lib.views.confidence` and
:mod:`lib.views.comparator` give them (proportions as whole percentages, as published; gaps and
changes in signed percentage points).
"""

from __future__ import annotations

from lib.ui.charts import (  # noqa: F401 - re-exported for the survey pages
    gap_bars,
    group_rank_chart,
    group_spread_chart,
    interval_trend,
    measures_chart,
    satisfaction_trend,
    survey_ranking,
)
from lib.ui.formats import POINTS, WHOLE_PERCENT  # noqa: F401 - WHOLE_PERCENT for the pages

_PROPORTIONS = ["Value", "95% interval from", "95% interval to", "London", "A year earlier",
                "Similar boroughs' average", "Group best", "Group worst", "Group median", "Satisfied",
                "White victims satisfied", "BME victims satisfied", "Highest value", "Lowest value", "Group average",
                "Good job locally"]
# Every table of the Confidence screen (a column absent from a table is ignored).
CONFIDENCE_FORMATS = dict.fromkeys(_PROPORTIONS, WHOLE_PERCENT) | {
    "Gap to London (points)": POINTS, "Change (points)": POINTS, "Gap (points)": POINTS,
    "Victims interviewed": "{:,}",
}
# Tables where "Borough" is the borough's figure, not its name (drivers, most similar boroughs).
BOROUGH_VALUE_FORMATS = CONFIDENCE_FORMATS | {"Borough": WHOLE_PERCENT}
# The white–BME gap is always shown unsigned (white minus BME, as the Enfield pack writes it).
USS_GAP_FORMATS = CONFIDENCE_FORMATS | {"Gap (points)": "{:.0f}"}
# Every table of the comparator screen; the two neighbourhoods' own columns are added by the page.
COMPARATOR_FORMATS = dict.fromkeys(_PROPORTIONS, WHOLE_PERCENT) | {"Gap (points)": POINTS, "Distance": "{:.2f}"}
SPREAD_FORMATS = COMPARATOR_FORMATS | {"Gap (points)": "{:.0f}"}


def driver_gaps(table):
    """Each driver of confidence: borough minus London in points, with its verdict in words."""
    return gap_bars(table, "Borough minus London (percentage points)", gap="vs_mps_points", verdict="vs_mps_verdict")


def ethnic_gaps(table):
    """Each borough's white minus BME victim satisfaction gap in points, with its verdict in words."""
    return gap_bars(table, "White minus BME satisfaction (percentage points)", label="borough_name")


def pair_gaps(table, title: str):
    """Two neighbourhoods measure by measure: the gap in points with its verdict (compact rows)."""
    return gap_bars(table, title, rows="compact")
