"""How the survey screens (Confidence, Neighbourhood comparator) draw their numbers.

The Altair builders for survey pictures (``measures_chart``, ``interval_trend``, ``survey_ranking``,
``satisfaction_trend``, ``group_rank_chart``, ``group_spread_chart``) live in
:mod:`lib.ui.charts` and are re-exported here; this module adds the number formats of the survey
tables, keyed by the column names the views in :mod:`lib.views.confidence` and
:mod:`lib.views.comparator` give them (proportions as whole percentages, as published; gaps and
changes in signed percentage points).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.ui import theme
from lib.ui.charts import (  # noqa: F401 - re-exported for the survey pages
    GAP_BAR_COLOUR,
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


# A labelled gap row, top to bottom: the name on a line of its own, the bar, the gap and its verdict in words.
# Nothing is written across a bar (the verdicts printed over the bars were unreadable where a bar was long), and
# the names take the chart's whole width instead of a cut axis label on a phone.
GAP_ROW_PX = 64
GAP_BAR_PX = 14
GAP_TEXT_OFFSET_PX = 10  # from the row's centre to the nearest edge of each line of text


def labelled_gaps(table: pd.DataFrame, title: str, *, label: str = "measure_label", gap: str = "gap_points",
                  verdict: str = "verdict") -> alt.LayerChart:
    """Diverging bars of a gap in percentage points, one row each: ``label`` above its bar, the gap and its
    ``verdict`` in words under it (texts start at the plot's left edge, clear of every bar)."""
    rows = pd.DataFrame({
        "row": table[label].astype(str).to_numpy(), "gap": pd.to_numeric(table[gap]).to_numpy(),
        "words": [("no figure" if pd.isna(g) else f"{g:+.0f} points: {v}")
                  for g, v in zip(table[gap], table[verdict], strict=True)],
    })
    y = alt.Y("row:N", sort=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    base = alt.Chart().encode(y=y)
    bars = base.mark_bar(color=GAP_BAR_COLOUR, height=GAP_BAR_PX).encode(
        x=alt.X("gap:Q", title=title), tooltip=[alt.Tooltip("row:N", title=" "), alt.Tooltip("words:N", title="Gap")])
    zero = alt.Chart().mark_rule(color=theme.GREY).encode(x=alt.datum(0))
    names = base.mark_text(align="left", baseline="bottom", dy=-GAP_TEXT_OFFSET_PX, fontWeight="bold").encode(
        x=alt.value(0), text="row:N")
    words = base.mark_text(align="left", baseline="top", dy=GAP_TEXT_OFFSET_PX).encode(x=alt.value(0), text="words:N")
    return alt.layer(bars, zero, names, words, data=rows, height=GAP_ROW_PX * len(rows))


def driver_gaps(table):
    """Each driver of confidence: borough minus London in points, with its verdict in words."""
    return labelled_gaps(table, "Gap to London (points)", gap="vs_mps_points", verdict="vs_mps_verdict")


def ethnic_gaps(table):
    """Each borough's white minus BME victim satisfaction gap in points, with its verdict in words."""
    return labelled_gaps(table, "White minus BME (points)", label="borough_name")


def pair_gaps(table, title: str = "Gap (points)"):
    """Two neighbourhoods measure by measure: the gap in points with its verdict."""
    return labelled_gaps(table, title)
