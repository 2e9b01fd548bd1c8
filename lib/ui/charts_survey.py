"""How the survey screens (Confidence, Neighbourhood comparator) draw their numbers.

The rows of measures, ranks, spreads and gaps are drawn here as labelled rows (:func:`labelled_rows`: the name
above, the marks, the figures in words below, so no text sits on a bar or a dot and no name is cut short on a
phone), and the boroughs' ranking with London as a bar of its own; ``interval_trend`` and ``satisfaction_trend``
live in :mod:`lib.ui.charts` and are re-exported. The number formats of the survey tables are keyed by the column
names the views in :mod:`lib.views.confidence` and :mod:`lib.views.comparator` give them (proportions as whole
percentages, as published; gaps and changes in signed percentage points).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.ui import theme
from lib.ui.charts import (  # noqa: F401 - re-exported for the survey pages
    GAP_BAR_COLOUR,
    OTHER_COLOUR,
    RANGE_COLOUR,
    REFERENCE_COLOUR,
    SELECTED_COLOUR,
    SPREAD_COLOUR,
    interval_trend,
    satisfaction_trend,
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


# A labelled row, top to bottom: the name on a line of its own, the marks, then the figures in words. Nothing is
# written across a bar or a dot (the verdicts printed over the gap bars were unreadable where a bar was long), and
# the names take the chart's whole width instead of an axis label cut short on a phone.
GAP_ROW_PX = 64
GAP_BAR_PX = 14
GAP_TEXT_OFFSET_PX = 10  # from the row's centre to the nearest edge of each line of text
SHARE_TITLE = "Share who said so"  # short enough to stay whole under a phone-width chart


def _pct(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.0%}"


def labelled_rows(rows: pd.DataFrame, marks: list, tooltip: list) -> alt.LayerChart:
    """``rows`` (a ``row`` name and ``words`` column, and the columns ``marks`` encode) drawn one row each: the name
    above the row's marks and the words under them, both from the plot's left edge. ``marks`` are
    ``alt.Chart()`` layers already encoded on x; each is given the rows' y."""
    y = alt.Y("row:N", sort=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    names = alt.Chart().mark_text(align="left", baseline="bottom", dy=-GAP_TEXT_OFFSET_PX, fontWeight="bold").encode(
        x=alt.value(0), text="row:N")
    words = alt.Chart().mark_text(align="left", baseline="top", dy=GAP_TEXT_OFFSET_PX).encode(
        x=alt.value(0), text="words:N", tooltip=tooltip)
    layers = [m.encode(y=y) for m in marks] + [names.encode(y=y), words.encode(y=y)]
    return alt.layer(*layers, data=rows, height=GAP_ROW_PX * len(rows))


def labelled_gaps(table: pd.DataFrame, title: str, *, label: str = "measure_label", gap: str = "gap_points",
                  verdict: str = "verdict") -> alt.LayerChart:
    """Diverging bars of a gap in percentage points, one row each: ``label`` above its bar, the gap and its
    ``verdict`` in words under it (texts start at the plot's left edge, clear of every bar)."""
    rows = pd.DataFrame({
        "row": table[label].astype(str).to_numpy(), "gap": pd.to_numeric(table[gap]).to_numpy(),
        "words": [("no figure" if pd.isna(g) else f"{g:+.0f} points: {v}")
                  for g, v in zip(table[gap], table[verdict], strict=True)],
    })
    tip = [alt.Tooltip("row:N", title=" "), alt.Tooltip("words:N", title="Gap")]
    bars = alt.Chart().mark_bar(color=GAP_BAR_COLOUR, height=GAP_BAR_PX).encode(
        x=alt.X("gap:Q", title=title), tooltip=tip)
    zero = alt.Chart().mark_tick(color=theme.GREY, thickness=2, size=GAP_BAR_PX + 4).encode(x=alt.datum(0))
    return labelled_rows(rows, [bars, zero], tip)


def measures(table: pd.DataFrame) -> alt.LayerChart:
    """Each survey measure: its 95% interval as a bar, the figure as a dot and London as an orange tick; under
    it the figure, its interval and London's in words."""
    rows = pd.DataFrame({
        "row": table["measure_label"].astype(str).to_numpy(), "value": table["value"].to_numpy(),
        "low": table["ci_low"].to_numpy(), "high": table["ci_high"].to_numpy(),
        "london": table["mps_value"].to_numpy(),
        "words": [f"{_pct(v)} (95% interval {_pct(lo)} to {_pct(hi)}); London {_pct(ldn)}"
                  for v, lo, hi, ldn in zip(table["value"], table["ci_low"], table["ci_high"], table["mps_value"],
                                            strict=True)],
    })
    x = alt.X("low:Q", title=SHARE_TITLE, axis=alt.Axis(format="%"))
    interval = alt.Chart().mark_rule(size=3, color=OTHER_COLOUR).encode(x=x, x2="high:Q")
    dot = alt.Chart().mark_point(filled=True, size=120, color=SELECTED_COLOUR, opacity=1).encode(x="value:Q")
    london = alt.Chart().mark_tick(color=REFERENCE_COLOUR, thickness=3, size=GAP_BAR_PX + 4).encode(x="london:Q")
    return labelled_rows(rows, [interval, dot, london], [alt.Tooltip("row:N", title=" "), alt.Tooltip("words:N",
                                                                                                  title="Figure")])


def group_ranks(table: pd.DataFrame) -> alt.LayerChart:
    """Each measure in the neighbourhood's group: the group's worst to best as a grey bar, its median as a black
    tick, the neighbourhood as a dot; under it the rank in words."""
    rows = pd.DataFrame({
        "row": table["measure_label"].astype(str).to_numpy(), "value": table["value"].to_numpy(),
        "worst": table["group_worst"].to_numpy(), "best": table["group_best"].to_numpy(),
        "median": table["group_median"].to_numpy(),
        "words": [f"{_pct(v)}: rank {r} of {n} (group {_pct(w)} to {_pct(b)})"
                  for v, r, n, w, b in zip(table["value"], table["rank"], table["group_size"], table["group_worst"],
                                           table["group_best"], strict=True)],
    })
    x = alt.X("worst:Q", title=SHARE_TITLE, axis=alt.Axis(format="%"))
    spread = alt.Chart().mark_rule(size=8, color=RANGE_COLOUR).encode(x=x, x2="best:Q")
    median = alt.Chart().mark_tick(color="black", thickness=2, size=GAP_BAR_PX + 2).encode(x="median:Q")
    dot = alt.Chart().mark_point(filled=True, size=130, color=SELECTED_COLOUR, opacity=1).encode(x="value:Q")
    return labelled_rows(rows, [spread, median, dot], [alt.Tooltip("row:N", title=" "), alt.Tooltip("words:N",
                                                                                                 title="Rank")])


def group_spreads(table: pd.DataFrame) -> alt.LayerChart:
    """Each similarity group's lowest to highest neighbourhood as a bar, biggest gap first; under it the gap and
    the two neighbourhoods in words."""
    rows = pd.DataFrame({
        "row": table["group_name"].astype(str).to_numpy(), "low": table["lowest_value"].to_numpy(),
        "high": table["highest_value"].to_numpy(),
        "words": [f"{g:.0f} points: {_pct(lo)} to {_pct(hi)}"
                  for g, lo, hi in zip(table["gap_points"], table["lowest_value"], table["highest_value"],
                                       strict=True)],
    })
    tip = [alt.Tooltip("row:N", title=" "), alt.Tooltip("words:N", title="Spread")]
    bar = alt.Chart().mark_bar(color=SPREAD_COLOUR, height=GAP_BAR_PX).encode(
        x=alt.X("low:Q", title="Lowest to highest", axis=alt.Axis(format="%")), x2="high:Q", tooltip=tip)
    return labelled_rows(rows, [bar], tip)


def survey_ranking(table: pd.DataFrame, name: str, value: str, title: str, selected: str) -> alt.LayerChart:
    """Survey proportions by borough, highest first, the chosen one marked, with London (the table's ``london``
    column) as an orange bar in its ranked place (a dashed London line crossed the percentages written beside the
    bars near it)."""
    from lib.ui.charts_other import ranked_with_london

    london = table["london"].iloc[0] if len(table) else None
    return ranked_with_london(table, value, title, london, "London", selected, "{:.0%}", name=name, axis_format="%")


def driver_gaps(table):
    """Each driver of confidence: borough minus London in points, with its verdict in words."""
    return labelled_gaps(table, "Gap to London (points)", gap="vs_mps_points", verdict="vs_mps_verdict")


def ethnic_gaps(table):
    """Each borough's white minus BME victim satisfaction gap in points, with its verdict in words."""
    return labelled_gaps(table, "White minus BME (points)", label="borough_name")


def pair_gaps(table, title: str = "Gap (points)"):
    """Two neighbourhoods measure by measure: the gap in points with its verdict."""
    return labelled_gaps(table, title)
