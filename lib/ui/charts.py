"""Reusable Altair charts, one function per kind of picture.

Every chart here is drawn beside its numbers by ``lib.ui.widgets.chart_with_table``; a chosen area
is marked with a symbol as well as a colour where the chart names areas, and reference lines
(London, a target, White = 1) carry their label in words.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.periods import MONTH_NAMES
from lib.ui import theme
from lib.ui.formats import WHOLE_PERCENT
from lib.ui.tables import number_text
from lib.ui.theme import CATEGORY_COLOURS

BAR_HEIGHT = 24  # pixels per bar in ranked and sorted bar charts
SURVEY_BAR_HEIGHT = 22  # pixels per borough in the survey rankings (32 boroughs on one screen)
LINE_HEIGHT = 340
LABEL_FONT = theme.AXIS_LABEL_PX  # every label on a chart: readable from the back of a room
MARKER = "▶"  # the chosen borough is named with this mark as well as drawn darker
SELECTED_COLOUR, OTHER_COLOUR = theme.BLUE, theme.SKY
REFERENCE_COLOUR = "#D55E00"  # London, targets and other reference lines
SMALL_RATE = "under 10 crimes: no rate"  # a similar-group bar withheld (lib.metrics.suppression)
RANGE_COLOUR, SPREAD_COLOUR = "#bdbdbd", theme.ORANGE
# Bar labels (Vega expressions): "127 (24.9%) · change +21%"; "<10" alone where suppressed.
LABEL_EXPR = "datum.count + (isValid(datum.share) ? ' (' + format(datum.share, '.1f') + '%)' : '')"
CHANGE_EXPR = " + (isValid(datum.pct_change) ? ' · change ' + format(datum.pct_change, '+.0f') + '%' : '')"
# Gap bars: (pixels per row, axis label size, verdict text size, verdict offset) for few or many rows.
GAP_ROWS = {"large": (40, LABEL_FONT, LABEL_FONT, 6), "compact": (30, LABEL_FONT, LABEL_FONT, 0)}
GAP_BAR_COLOUR = theme.SKY  # black verdict text on it: 9.1:1 (on dark blue it was 4.0:1)


def reference_lines(lines: pd.DataFrame, along: str) -> list[alt.Chart]:
    """Dashed lines at ``lines['value']`` across the chart, each labelled with ``lines['label']``;
    ``along`` is the axis the values are read on ('x' or 'y')."""
    across = "y" if along == "x" else "x"
    rule = alt.Chart(lines).mark_rule(color=REFERENCE_COLOUR, strokeDash=[6, 3], size=2).encode(**{along: "value:Q"})
    text = alt.Chart(lines).mark_text(align="left", dx=4, dy=-8, color=REFERENCE_COLOUR, fontSize=LABEL_FONT).encode(
        **{along: "value:Q", across: alt.value(0)}, text="label:N")
    return [rule, text]


def ranked_bars(
    table: pd.DataFrame, value: str, title: str, london: float | None, selected: str, *,
    name: str = "borough_name", fmt: str = "{:,.1f}", axis_format: str | None = None, tooltip_format: str = ",.1f",
    ranked: bool = False, mark_selected: bool = True, height: int | None = None,
) -> alt.LayerChart:
    """Areas (``name``) as horizontal bars of ``value``, highest first (``ranked``: in the table's own
    order); the chosen area drawn darker (and marked ▶ with ``mark_selected``); London as a dashed
    line labelled 'London ' + ``fmt``. ``height`` in pixels; by default ``BAR_HEIGHT`` per bar."""
    is_chosen = table[name].eq(selected)
    data = table.assign(area=table[name].mask(is_chosen, f"{MARKER} {selected}") if mark_selected else table[name],
                        chosen=is_chosen.map({True: "chosen area", False: "other"}))
    bars = alt.Chart().mark_bar().encode(
        y=alt.Y("area:N", sort=None if ranked else "-x", title=None,
                axis=alt.Axis(labelFontSize=LABEL_FONT, labelLimit=theme.LABEL_LIMIT_PX, labelOverlap=False)),
        x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(format=axis_format) if axis_format else alt.Undefined),
        color=alt.Color("chosen:N", scale=alt.Scale(domain=["chosen area", "other"],
                                                    range=[SELECTED_COLOUR, OTHER_COLOUR]), legend=None),
        tooltip=[name, alt.Tooltip(f"{value}:Q", format=tooltip_format)],
    )
    values = alt.Chart().mark_text(align="left", dx=4, fontSize=LABEL_FONT, color=theme.BLACK).encode(
        y=alt.Y("area:N", sort=None if ranked else "-x"), x=f"{value}:Q",
        text=alt.Text(f"{value}:Q", format=tooltip_format))
    layers = [bars, values]
    if london is not None and not pd.isna(london):
        layers += reference_lines(pd.DataFrame({"value": [london], "label": ["London " + fmt.format(london)]}), "x")
    return alt.layer(*layers, data=data, height=alt.Step(BAR_HEIGHT) if height is None else height)


def survey_ranking(table: pd.DataFrame, name: str, value: str, title: str, selected: str) -> alt.LayerChart:
    """Survey proportions by borough, already ranked highest first, with London (the table's
    ``london`` column) as a dashed line."""
    london = table["london"].iloc[0] if len(table) else None
    return ranked_bars(table, value, title, london, selected, name=name, fmt=WHOLE_PERCENT, axis_format="%",
                       tooltip_format=".0%", ranked=True, mark_selected=False,
                       height=SURVEY_BAR_HEIGHT * len(table))


def category_bars(table: pd.DataFrame, title: str, with_change: bool) -> alt.LayerChart:
    """One bar per category, labelled with its count, share in brackets and (optionally) its change on a
    year before ('<10' and no bar where suppressed), as the pack's figures 9 and 10."""
    base = alt.Chart().transform_calculate(
        label_at="isValid(datum.chart_value) ? datum.chart_value : 0",
        label=LABEL_EXPR + (CHANGE_EXPR if with_change else ""),
    ).encode(
        y=alt.Y("name:N", sort=list(table["name"]), title=None,
                axis=alt.Axis(labelFontSize=LABEL_FONT, labelLimit=theme.LABEL_LIMIT_PX, labelOverlap=False))
    )
    bars = base.mark_bar(color=CATEGORY_COLOURS[0]).encode(x=alt.X("chart_value:Q", title=title))
    labels = base.mark_text(align="left", dx=4, fontSize=LABEL_FONT).encode(x="label_at:Q", text="label:N")
    return alt.layer(bars, labels, data=table, height=alt.Step(BAR_HEIGHT * 2))


def value_bars(data: pd.DataFrame, category: str, value: str, title: str, x_format: str = ",.0f") -> alt.LayerChart:
    """One bar per category, longest first, each with its value written beside its end."""
    base = alt.Chart().encode(
        y=alt.Y(f"{category}:N", sort=alt.EncodingSortField(field=value, order="descending"), title=None,
                axis=alt.Axis(labelFontSize=LABEL_FONT)))
    bars = base.mark_bar(color=CATEGORY_COLOURS[0]).encode(
        x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(format=x_format)),
        tooltip=[f"{category}:N", alt.Tooltip(f"{value}:Q", format=x_format)])
    values = base.mark_text(align="left", dx=4, fontSize=LABEL_FONT, color=theme.BLACK).encode(
        x=f"{value}:Q", text=alt.Text(f"{value}:Q", format=x_format))
    return alt.layer(bars, values, data=data, height=(BAR_HEIGHT + 4) * max(len(data), 1))


def gap_bars(table: pd.DataFrame, title: str, *, label: str = "measure_label", gap: str = "gap_points",
             verdict: str = "verdict", rows: str = "large") -> alt.LayerChart:
    """Diverging bars of a gap in percentage points, each row labelled with its verdict in words;
    ``rows`` is 'large' or 'compact' (``GAP_ROWS``)."""
    step, label_font, text_font, dx = GAP_ROWS[rows]
    base = alt.Chart().encode(y=alt.Y(f"{label}:N", sort=None, title=None,
                                   axis=alt.Axis(labelFontSize=label_font)))
    bars = base.mark_bar(color=GAP_BAR_COLOUR).encode(x=alt.X(f"{gap}:Q", title=title))
    text = base.mark_text(align="left", dx=dx, fontSize=text_font,
                          color=theme.text_colour_on(GAP_BAR_COLOUR)).encode(x=alt.value(4), text=f"{verdict}:N")
    return alt.layer(bars, text, data=table, height=step * len(table))


def measures_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Each measure as a dot with its 95% interval as a bar, and London as a tick."""
    base = alt.Chart().encode(y=alt.Y("measure_label:N", sort=None, title=None,
                                      axis=alt.Axis(labelFontSize=LABEL_FONT)))
    bars = base.mark_rule(size=3, color=OTHER_COLOUR).encode(x=alt.X("ci_low:Q", title="Proportion of respondents",
                                                                    axis=alt.Axis(format="%")), x2="ci_high:Q")
    dots = base.mark_point(filled=True, size=120, color=SELECTED_COLOUR).encode(
        x="value:Q", tooltip=["measure_label", alt.Tooltip("value:Q", format=".0%")])
    london = base.mark_tick(color=REFERENCE_COLOUR, thickness=3, size=24).encode(x="mps_value:Q")
    return alt.layer(bars, dots, london, data=table, height=44 * len(table))


def interval_trend(table: pd.DataFrame, title: str) -> alt.LayerChart:
    """A survey measure by quarter: the figure as a line, its 95% interval shaded, London dashed."""
    base = alt.Chart().encode(x=alt.X("quarter:T", title=None))
    band = base.mark_area(opacity=0.25, color=SELECTED_COLOUR).encode(
        y=alt.Y("ci_low:Q", title=title, axis=alt.Axis(format="%")), y2="ci_high:Q")
    line = base.mark_line(point=True, color=SELECTED_COLOUR).encode(y="value:Q")
    london = base.mark_line(strokeDash=[6, 3], color=REFERENCE_COLOUR).encode(y="london:Q")
    return alt.layer(band, line, london, data=table, height=LINE_HEIGHT)


def satisfaction_trend(table: pd.DataFrame) -> alt.Chart:
    """Victim satisfaction by period, one line per measure (line styles differ as well as colours)."""
    return alt.Chart(table, height=360).mark_line(point=True).encode(
        x=alt.X("period:T", title=None), y=alt.Y("proportion:Q", title="Victims satisfied", axis=alt.Axis(format="%")),
        color=alt.Color("measure_label:N", title="Measure", scale=alt.Scale(range=CATEGORY_COLOURS)),
        strokeDash=alt.StrokeDash("measure_label:N", legend=None))


MONTH_LABELS_MAX = 13  # level labels 'Dec 2024' that fit a projector-width chart without overlapping
MONTH_SHORT = [name[:3] for name in MONTH_NAMES]  # Jan .. Dec


def month_axis(months: pd.Series, **axis: object) -> alt.Axis:
    """An axis of 'YYYY-MM' months labelled level as 'Dec 2024', every 1, 3, 6, 12 or 24 months counted
    back from the latest (so the latest month is always named), at most MONTH_LABELS_MAX labels."""
    distinct = sorted(set(months.dropna().astype(str)))
    step = next((s for s in (1, 3, 6, 12, 24) if len(distinct) / s <= MONTH_LABELS_MAX), 60)
    shown = distinct[::-1][::step][::-1]
    # Level on a wide chart; upright on a phone, where eight or more level labels run into each other (slanted
    # ones at -45 degrees still overlapped their neighbours: each label's box is as wide as it is tall).
    return alt.Axis(values=shown, labelAngle={"expr": f"{theme.NARROW} ? -90 : 0"},
                    labelAlign={"expr": f"{theme.NARROW} ? 'right' : 'center'"},
                    labelBaseline={"expr": f"{theme.NARROW} ? 'middle' : 'top'"}, labelOverlap=False, labelFlush=True,
                    labelExpr="timeFormat(toDate(datum.value + '-15'), '%b %Y')", **axis)


MONTH_OF_YEAR_AXIS = alt.Axis(labelAngle={"expr": f"{theme.NARROW} ? -90 : 0"},
                              labelAlign={"expr": f"{theme.NARROW} ? 'right' : 'center'"},
                              labelBaseline={"expr": f"{theme.NARROW} ? 'middle' : 'top'"}, labelOverlap=False,
                              labelExpr=f"{MONTH_SHORT}[toNumber(datum.value) - 1]")


def months_ending(tr: pd.DataFrame) -> list[str]:
    """The calendar months ('10', '11', .. '09') in the order of the latest 12 months of ``tr`` (sorted by
    ``month``), so that a month-of-year axis ends at the chosen month (October to September, not January to
    December with the latest month in the middle)."""
    latest = tr.sort_values("month")["month_of_year"].astype(str).tolist()[-12:]
    return list(dict.fromkeys(latest))


def category_lines(data: pd.DataFrame, y: str, colour: str, title: str, *, x: str = "month",
                   y_format: str | None = ",.0f", rules: pd.DataFrame | None = None,
                   tooltip: list[str] | None = None) -> alt.LayerChart:
    """One line per ``colour`` category over ``x`` (line styles differ as well as colours); optional
    labelled reference lines ``rules`` (value, label). ``y_format=None``: the y axis as Vega-Lite draws it."""
    base = alt.Chart().mark_line(point=True).encode(
        x=alt.X(f"{x}:O", title=None, axis=month_axis(data[x], labelFontSize=LABEL_FONT) if x == "month"
                else alt.Axis(labelAngle=-45, labelFontSize=LABEL_FONT)),
        y=alt.Y(f"{y}:Q", title=title,
                axis=alt.Axis(format=y_format, labelFontSize=LABEL_FONT) if y_format else alt.Undefined),
        color=alt.Color(f"{colour}:N", scale=alt.Scale(range=CATEGORY_COLOURS), sort=None,
                        legend=alt.Legend(orient="bottom", labelFontSize=LABEL_FONT, title=None)),
        strokeDash=alt.StrokeDash(f"{colour}:N", sort=None, legend=None),
        tooltip=tooltip or [x, f"{colour}:N", alt.Tooltip(f"{y}:Q", format=y_format or alt.Undefined)],
    )
    # Always a layer: Streamlit gives a lone chart's untitled legend a blank title row, shrinking the plot.
    layers = [base] + (reference_lines(rules, "y") if rules is not None else [])
    return alt.layer(*layers, data=data, height=LINE_HEIGHT)


def allegations_trend(table: pd.DataFrame) -> alt.Chart:
    """Complaint allegations recorded each month (``chart_value``) as a line with points."""
    return alt.Chart(table, height=320).mark_line(point=True, color=CATEGORY_COLOURS[0]).encode(
        x=alt.X("month:T", title=None), y=alt.Y("chart_value:Q", title="Allegations recorded in the month"),
        tooltip=["month_label", "allegations", "rolling_12_months"],
    )


def group_rank_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Each measure: the group's range (worst to best) as a grey bar, the median as a tick, the
    neighbourhood as a dot with its rank written beside it."""
    data = table.assign(rank_text="rank " + table["rank"].astype(str) + " of " + table["group_size"].astype(str))
    base = alt.Chart().encode(y=alt.Y("measure_label:N", sort=None, title=None,
                                      axis=alt.Axis(labelFontSize=LABEL_FONT)))
    rng = base.mark_rule(size=8, color=RANGE_COLOUR).encode(
        x=alt.X("group_worst:Q", title="Proportion of respondents", axis=alt.Axis(format="%")), x2="group_best:Q")
    median = base.mark_tick(color="black", thickness=2, size=16).encode(x="group_median:Q")
    dot = base.mark_point(filled=True, size=130, color=SELECTED_COLOUR).encode(x="value:Q")
    text = base.mark_text(align="left", dx=10, fontSize=LABEL_FONT).encode(x="group_best:Q", text="rank_text:N")
    return alt.layer(rng, median, dot, text, data=data, height=30 * len(table))


def group_spread_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Each group's lowest-to-highest range, biggest gap first, with the gap written at the end."""
    data = table.assign(gap_text=table["gap_points"].round(0).astype(int).astype(str) + " points")
    base = alt.Chart().encode(y=alt.Y("group_name:N", sort=None, title=None,
                                      axis=alt.Axis(labelFontSize=LABEL_FONT)))
    bar = base.mark_bar(color=SPREAD_COLOUR, height=14).encode(
        x=alt.X("lowest_value:Q", title="Lowest to highest", axis=alt.Axis(format="%")), x2="highest_value:Q",
        tooltip=["highest", "lowest", "gap_points"])
    text = base.mark_text(align="left", dx=6, fontSize=LABEL_FONT).encode(x="highest_value:Q", text="gap_text:N")
    return alt.layer(bar, text, data=data, height=34 * len(table))


# --- the crime page's four charts ------------------------------------------------------------------
CRIME_FONT = theme.AXIS_LABEL_PX


def crime_trend_chart(tr: pd.DataFrame) -> alt.VConcatChart:
    """Monthly counts, this year over last (``month_of_year``, in the order of the chosen 12 months, so the axis
    ends at the chosen month), and the rolling 12-month total below."""
    base = alt.Chart().encode(
        x=alt.X("month_of_year:O", title="Month", axis=MONTH_OF_YEAR_AXIS, sort=months_ending(tr)),
        color=alt.Color("year:N", title=None, legend=alt.Legend(orient="top", labelFontSize=CRIME_FONT)))
    months = base.mark_line(point=True).encode(
        y=alt.Y("count:Q", title="Crimes in the month"), tooltip=["month", "count", "rolling_12", "release"],
    ).properties(height=360)
    rolling = alt.Chart().mark_line(strokeDash=[6, 3], color="#000000").encode(
        x=alt.X("month:O", title="12 months to", axis=month_axis(tr["month"])),
        y=alt.Y("rolling_12:Q", title="12-month total"),
        tooltip=["month", "rolling_12"]).properties(height=240)
    return alt.vconcat(months, rolling, data=tr).configure_axis(labelFontSize=CRIME_FONT, titleFontSize=CRIME_FONT)


def crime_group_chart(grp: pd.DataFrame, per: str = "residents") -> alt.LayerChart:
    """The borough and its most similar boroughs by rate, each bar labelled with its rate; the chosen one in
    orange and named with ▶ (``label``); dashed: the group average. A borough under 10 crimes has no bar.

    ``per``: what the rate divides by, 'residents' or 'households' (residential burglary).
    """
    data = grp.assign(rate_text=grp["rate_per_1000"].map(lambda v: SMALL_RATE if pd.isna(v) else f"{v:.2f}"),
                      label_at=grp["rate_per_1000"].fillna(0))
    y = alt.Y("label:N", sort=list(data.sort_values("rate_per_1000", na_position="first")["label"]), title=None,
              axis=alt.Axis(labelFontSize=CRIME_FONT, labelLimit=theme.LABEL_LIMIT_PX))
    bars = alt.Chart().mark_bar().encode(
        y=y, x=alt.X("rate_per_1000:Q", title=[f"Crimes per 1,000 {per}", "latest 12 months"]),
        color=alt.condition("datum.is_selected", alt.value(REFERENCE_COLOUR), alt.value(SELECTED_COLOUR)),
        tooltip=[alt.Tooltip("area_name:N", title="Borough"), alt.Tooltip("rate_text:N", title="Rate per 1,000"),
                 alt.Tooltip("current:N", title="Crimes, latest 12 months"),
                 alt.Tooltip("group_rank:Q", title="Rank in group")],
    ).add_params(alt.selection_point(name="pick", fields=["area_name"]))
    values = alt.Chart().mark_text(align="left", dx=4, fontSize=CRIME_FONT, color=theme.BLACK).encode(
        y=y, x="label_at:Q", text="rate_text:N")
    avg = alt.Chart(grp.head(1)).mark_rule(strokeDash=[6, 3], color="black", size=2).encode(x="group_average:Q")
    return alt.layer(bars, values, avg, data=data, height=alt.Step(BAR_HEIGHT + 8))


TRACKER_BAR_PX = 28  # 32 boroughs, every one named and labelled with its value


def crime_tracker_chart(boroughs: pd.DataFrame, to_words: str, baseline_words: str,
                        reduction: float, selected: str | None = None) -> alt.LayerChart:
    """Each borough's % change against the baseline, meeting the target or not; black line: the target.

    All 32 boroughs are named (the chosen one as '▶ name (chosen)') and each bar carries its value
    beside its end, on the white background.
    """
    chosen = boroughs["area_name"].astype(str).eq(selected or "")
    data = boroughs.assign(
        name=boroughs["area_name"].astype(str).mask(chosen, f"{MARKER} " + boroughs["area_name"].astype(str) +
                                                    " (chosen)"),
        value_text=boroughs["pct_change"].map(lambda v: number_text(v, "{:+.1f}%", "")))
    # Explicit order and room for the labels beside the bar ends (layers would otherwise sort by name).
    low = min(float(boroughs["pct_change"].min(skipna=True) if len(boroughs) else 0), -float(reduction), 0.0)
    high = max(float(boroughs["pct_change"].max(skipna=True) if len(boroughs) else 0), 0.0)
    x_scale = alt.Scale(domain=[low - 2, high + 14], nice=False)  # room right of zero and of a rise for its value
    y = alt.Y("name:N", sort=list(data.sort_values("rank")["name"]), title=None,
              axis=alt.Axis(labelFontSize=CRIME_FONT, labelOverlap=False, labelLimit=theme.LABEL_LIMIT_PX))
    bars = alt.Chart().mark_bar().encode(
        # the title in short lines: whole on a phone (one line was cut to "% change, 12 mont…")
        y=y, x=alt.X("pct_change:Q", title=["% change, 12 months", f"to {to_words}", f"against {baseline_words}"],
                     scale=x_scale),
        color=alt.Color("status:N", title=None, scale=alt.Scale(range=[SELECTED_COLOUR, theme.ORANGE]),
                        legend=alt.Legend(orient="top", labelFontSize=CRIME_FONT)),
        tooltip=[alt.Tooltip("area_name:N", title="Borough"),
                 alt.Tooltip("baseline:Q", title="Baseline year", format=",.0f"),
                 alt.Tooltip("current:Q", title="Latest 12 months", format=",.0f"),
                 alt.Tooltip("pct_change:Q", title="% change", format="+.1f"), alt.Tooltip("status:N", title="Status")],
    ).add_params(alt.selection_point(name="pick", fields=["area_name"]))
    # Each value right of the bar it belongs to: a rise beside its end, a fall beside the zero line (beside a
    # fall's end it ran into the borough's name on a phone: "Merton-36.1%").
    down = alt.Chart().transform_filter("datum.pct_change < 0").mark_text(
        align="left", dx=4, fontSize=CRIME_FONT, color=theme.BLACK).encode(y=y, x=alt.datum(0), text="value_text:N")
    up = alt.Chart().transform_filter("datum.pct_change >= 0").mark_text(
        align="left", dx=4, fontSize=CRIME_FONT, color=theme.BLACK).encode(y=y, x="pct_change:Q", text="value_text:N")
    # A rule at a constant has no field for Vega to describe: without words it is an unlabelled image (axe).
    target = alt.Chart(boroughs.head(1)).mark_rule(
        color="black", size=2, description=f"Target: a {reduction:g}% reduction").encode(x=alt.datum(-float(reduction)))
    return alt.layer(
        bars, down, up, target, data=data, height=alt.Step(TRACKER_BAR_PX),
        description=f"Bar chart: each London borough's % change in MOPAC 7 crimes, 12 months to {to_words} against "
                    f"{baseline_words}, with the {reduction:g}% reduction target as a line.")


def crime_trajectory_chart(traj: pd.DataFrame) -> alt.LayerChart:
    """London's % change against the baseline month by month; dashed: the target."""
    line = alt.Chart().mark_line(point=True).encode(
        x=alt.X("month:O", title="12 months to", axis=month_axis(traj["month"])),
        y=alt.Y("pct_change:Q", title="% change against baseline"))
    target = alt.Chart().mark_rule(strokeDash=[6, 3]).encode(y="mean(target_pct):Q")
    return alt.layer(line, target, data=traj, height=LINE_HEIGHT)  # tall enough for its 20 px axis title


UNUSUAL_SHAPES = {"high": ("higher than expected", "triangle-up", -20), "low": ("lower than expected",
                                                                                  "triangle-down", 20)}


def unusual_months_chart(public: pd.DataFrame) -> alt.LayerChart:
    """Each month's count (solid line) against the count expected from the months before it (dashed) and
    the limits around it (grey band); a month outside them is marked with a triangle pointing its way AND
    the word 'high' or 'low' beside it, never by colour alone. ``public``: ``UnusualView.public``."""
    verdict = public["flag"].map({k: v[0] for k, v in UNUSUAL_SHAPES.items()})
    data = public.assign(month=public["month"].astype(str), verdict=verdict)
    x = alt.X("month:O", title=None, axis=month_axis(data["month"], labelFontSize=LABEL_FONT))
    y_title = "Crimes in the month"
    band = alt.Chart().mark_area(color=RANGE_COLOUR, opacity=0.45).encode(
        x=x, y=alt.Y("lower:Q", title=y_title), y2="upper:Q",
        tooltip=["month", alt.Tooltip("lower:Q", format=",.0f"), alt.Tooltip("upper:Q", format=",.0f")])
    expected = alt.Chart().mark_line(strokeDash=[6, 3], color="#000000").encode(
        x=x, y=alt.Y("expected:Q", title=y_title), tooltip=["month", alt.Tooltip("expected:Q", format=",.0f")])
    counts = alt.Chart().mark_line(point=True, color=SELECTED_COLOUR).encode(
        x=x, y=alt.Y("count:Q", title=y_title), tooltip=["month", alt.Tooltip("count:Q", format=",.0f")])
    layers: list[alt.Chart] = [band, expected, counts]
    if not data["verdict"].notna().any():  # no flagged month: no empty layer (an unlabelled picture to a reader)
        return alt.layer(*layers, data=data, height=LINE_HEIGHT)
    marks = alt.Chart().transform_filter("isValid(datum.verdict)").mark_point(
        size=260, filled=True, color=REFERENCE_COLOUR, opacity=1,
        description="Months outside the expected range: a triangle pointing up (higher) or down (lower)").encode(
        x=x, y="count:Q", tooltip=["month", "verdict:N", alt.Tooltip("count:Q", format=",.0f")],
        shape=alt.Shape("verdict:N", title=None, scale=alt.Scale(domain=[v[0] for v in UNUSUAL_SHAPES.values()],
                                                                  range=[v[1] for v in UNUSUAL_SHAPES.values()]),
                        legend=alt.Legend(orient="bottom", labelFontSize=LABEL_FONT)))
    layers.append(marks)
    for flag, (_, _, dy) in UNUSUAL_SHAPES.items():
        if not data["flag"].eq(flag).any():
            continue
        layers.append(alt.Chart().transform_filter(alt.datum.flag == flag).mark_text(
            dy=dy, fontSize=LABEL_FONT, fontWeight="bold", color="#000000", text=flag,
            description=f"The word '{flag}' beside each month {UNUSUAL_SHAPES[flag][0]}").encode(x=x, y="count:Q"))
    return alt.layer(*layers, data=data, height=LINE_HEIGHT)
