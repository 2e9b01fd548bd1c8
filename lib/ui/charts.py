"""Reusable Altair charts: ranked borough bars with a London line, labelled category bars, trends.

Every chart here is drawn beside its numbers by ``lib.ui.widgets.chart_with_table``; the chosen
area is marked with a symbol as well as a colour.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.ui.widgets import CATEGORY_COLOURS

BAR_HEIGHT = 24
# Bar labels (Vega expressions): "127 (24.9%) · change +21%"; "<10" alone where suppressed.
LABEL_EXPR = "datum.count + (isValid(datum.share) ? ' (' + format(datum.share, '.1f') + '%)' : '')"
CHANGE_EXPR = " + (isValid(datum.pct_change) ? ' · change ' + format(datum.pct_change, '+.0f') + '%' : '')"
MARKER = "▶"  # the chosen borough is named with this mark as well as drawn darker
AVERAGE_COLOUR = "#D55E00"
SELECTED_COLOUR, OTHER_COLOUR = CATEGORY_COLOURS[0], "#9ecae1"

def ranked_bars(
    table: pd.DataFrame, value: str, title: str, average: float | None, selected: str, fmt: str = "{:,.1f}"
) -> alt.LayerChart:
    """Boroughs as horizontal bars, highest first; the chosen borough marked ▶ and darker; the London
    figure as a labelled dashed line."""
    is_chosen = table["borough_name"].eq(selected)
    data = table.assign(area=table["borough_name"].mask(is_chosen, f"{MARKER} {selected}"),
                        chosen=is_chosen.map({True: "chosen area", False: "other"}))
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("area:N", sort="-x", title=None, axis=alt.Axis(labelFontSize=13, labelLimit=240, labelOverlap=False)),
        x=alt.X(f"{value}:Q", title=title),
        color=alt.Color("chosen:N", scale=alt.Scale(domain=["chosen area", "other"],
                                                    range=[SELECTED_COLOUR, OTHER_COLOUR]), legend=None),
        tooltip=["borough_name", alt.Tooltip(f"{value}:Q", format=",.1f")],
    )
    layers = [bars]
    if average is not None:
        line = pd.DataFrame({"x": [average], "label": ["London " + fmt.format(average)]})
        layers += [
            alt.Chart(line).mark_rule(color=AVERAGE_COLOUR, strokeDash=[6, 3], size=2).encode(x="x:Q"),
            alt.Chart(line).mark_text(align="left", dx=4, dy=-8, color=AVERAGE_COLOUR, fontSize=13)
            .encode(x="x:Q", y=alt.value(0), text="label:N"),
        ]
    return alt.layer(*layers).properties(height=alt.Step(BAR_HEIGHT))


def category_bars(table: pd.DataFrame, title: str, with_change: bool) -> alt.LayerChart:
    """One bar per category, labelled with its count, share in brackets and (optionally) its change on a
    year before ('<10' and no bar where suppressed), as the pack's figures 9 and 10."""
    base = alt.Chart(table).transform_calculate(
        label_at="isValid(datum.chart_value) ? datum.chart_value : 0",
        label=LABEL_EXPR + (CHANGE_EXPR if with_change else ""),
    ).encode(
        y=alt.Y("name:N", sort=list(table["name"]), title=None,
                axis=alt.Axis(labelFontSize=13, labelLimit=240, labelOverlap=False))
    )
    bars = base.mark_bar(color=CATEGORY_COLOURS[0]).encode(x=alt.X("chart_value:Q", title=title))
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(x="label_at:Q", text="label:N")
    return alt.layer(bars, labels).properties(height=alt.Step(BAR_HEIGHT * 2))


def trend_chart(table: pd.DataFrame) -> alt.Chart:
    """Monthly values (``chart_value``) as a line with points."""
    return alt.Chart(table).mark_line(point=True, color=CATEGORY_COLOURS[0]).encode(
        x=alt.X("month:T", title=None), y=alt.Y("chart_value:Q", title="Allegations recorded in the month"),
        tooltip=["month_label", "allegations", "rolling_12_months"],
    ).properties(height=320)
