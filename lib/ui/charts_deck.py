"""Charts only the Challenge deck draws, at room size (no text under 24 px), for the screen and the PDF alike.

- :func:`target_chart` (slide 1): London's MOPAC 7 change against the baseline month by month, the target
  line labelled in words, and the forecast to the end of the target's year with its 80% and 95% ranges.
- :func:`confidence_chart` (slide 4): London's 'good job' share quarter by quarter with its 95% survey
  interval, and MOPAC's confidence target labelled.

Month labels are whole ('Feb 2015'), the last one flush with the axis end so it is never cut off.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.ui import theme

SLIDE_FONT = 24  # smallest text on a slide, charts included
INK = "#262730"  # Streamlit's text colour: contrast above 4.5:1 on white (the default axis grey is paler)
TARGET_COLOUR = "#D55E00"  # the target line and its label (Okabe-Ito vermilion, as the pages' reference lines)
LINE_COLOUR = theme.BLUE
FORECAST_COLOUR = "#000000"
RANGE_80, RANGE_95 = "#6baed6", "#c6dbef"  # the forecast's ranges: darker is the narrower (80%)
MONTH_LABELS = 7  # at most this many month labels on a slide-wide axis
MONTH_LABEL = "timeFormat(toDate(datum.value + '-15'), '%b %Y')"
SERIES = ("Published: change against the baseline", "Forecast", "Forecast 80% range", "Forecast 95% range")


def _month_axis(months: list[str], title: str | None = None) -> alt.Axis:
    """Whole 'Feb 2015' labels, every 1, 3, 6 or 12 months counted back from the last (always named)."""
    distinct = sorted(set(months))
    step = next((s for s in (1, 3, 6, 12, 24) if len(distinct) / s <= MONTH_LABELS), 60)
    shown = distinct[::-1][::step][::-1]
    return alt.Axis(values=shown, labelAngle=0, labelFlush=True, labelOverlap=False, labelExpr=MONTH_LABEL,
                    title=title, labelPadding=8)


def _room_size(chart: alt.TopLevelMixin, height: int) -> alt.TopLevelMixin:
    return chart.properties(height=height, padding={"left": 8, "right": 24, "top": 8, "bottom": 8}).configure_axis(
        labelFontSize=SLIDE_FONT, titleFontSize=SLIDE_FONT, labelColor=INK, titleColor=INK, titleFontWeight="normal",
        labelLimit=400, titleLimit=600, grid=True).configure_legend(
        labelFontSize=SLIDE_FONT, titleFontSize=SLIDE_FONT, labelColor=INK, labelLimit=700, orient="top",
        symbolSize=400, columnPadding=28, title=None).configure_view(stroke=None)


def target_chart(trajectory: pd.DataFrame, forecast: pd.DataFrame | None, height: int = 380) -> alt.TopLevelMixin:
    """London's % change against the baseline (``trajectory``: month, pct_change, target_pct, as
    ``lib.metrics.targets.trajectory`` gives it), the target as a labelled dashed line, and ``forecast``
    (``lib.views.challenge.forecast_band``: month, central, low_80, high_80, low_95, high_95) as a band
    widening from the last published month."""
    traj = trajectory[["month", "pct_change"]].assign(month=lambda t: t["month"].astype(str), what=SERIES[0])
    fc = forecast if forecast is not None and len(forecast) else None
    months = list(traj["month"]) + ([] if fc is None else list(fc["month"].astype(str)))
    x = alt.X("month:O", axis=_month_axis(months, "12 months to"), scale=alt.Scale(domain=sorted(set(months))))
    y_title = "% change against the baseline"
    colours = alt.Scale(domain=list(SERIES), range=[LINE_COLOUR, FORECAST_COLOUR, RANGE_80, RANGE_95])
    legend = alt.Legend(orient="top", title=None, symbolStrokeWidth=4)
    layers: list[alt.Chart] = []
    if fc is not None:
        band = fc.assign(month=fc["month"].astype(str))
        for lo, hi, name in (("low_95", "high_95", SERIES[3]), ("low_80", "high_80", SERIES[2])):
            layers.append(alt.Chart(band.assign(what=name)).mark_area(opacity=0.9).encode(
                x=x, y=alt.Y(f"{lo}:Q", title=y_title), y2=f"{hi}:Q",
                color=alt.Color("what:N", scale=colours, legend=legend)))
        layers.append(alt.Chart(band.assign(what=SERIES[1])).mark_line(strokeDash=[8, 4], strokeWidth=3,
                                                                       point=alt.OverlayMarkDef(size=120)).encode(
            x=x, y=alt.Y("central:Q", title=y_title), color=alt.Color("what:N", scale=colours, legend=legend)))
    layers.append(alt.Chart(traj).mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3).encode(
        x=x, y=alt.Y("pct_change:Q", title=y_title), color=alt.Color("what:N", scale=colours, legend=legend)))
    level = float(trajectory["target_pct"].iloc[0])
    target = pd.DataFrame({"value": [level], "label": [f"Target: {level:+.0f}%".replace("-", "−")],
                           "month": [months[0]]})
    layers.append(alt.Chart(target).mark_rule(color=TARGET_COLOUR, strokeDash=[10, 5], size=3).encode(y="value:Q"))
    layers.append(alt.Chart(target).mark_text(align="left", baseline="bottom", dx=6, dy=-6, color=TARGET_COLOUR,
                                               fontSize=SLIDE_FONT, fontWeight="bold").encode(
        x=alt.X("month:O", scale=alt.Scale(domain=sorted(set(months)))), y="value:Q", text="label:N"))
    return _room_size(alt.layer(*layers), height)


def confidence_chart(trend: pd.DataFrame, reference: tuple[float, str] | None, height: int = 300) -> alt.TopLevelMixin:
    """London's 'good job' share by quarter (``trend``: quarter, value, ci_low, ci_high) with its 95% interval
    as a bar, the latest share labelled, and ``reference`` (level, label), MOPAC's target, as a labelled dashed line."""
    data = trend.assign(quarter=trend["quarter"].astype(str))
    quarters = list(data["quarter"])
    levels = [*data["ci_low"], *data["ci_high"]] + ([reference[0]] if reference else [])
    low, high = max(0.0, min(levels) - 0.05), min(1.0, max(levels) + 0.05)
    x = alt.X("quarter:O", axis=_month_axis(quarters, "12 months to"), scale=alt.Scale(domain=quarters))
    scale = alt.Scale(domain=[low, high], nice=False, zero=False)
    y = alt.Y("value:Q", title="Good job", axis=alt.Axis(format=".0%", tickCount=4), scale=scale)
    interval = alt.Chart(data).mark_rule(color=LINE_COLOUR, size=3).encode(x=x, y=alt.Y("ci_low:Q", scale=scale),
                                                                           y2="ci_high:Q")
    line = alt.Chart(data).mark_line(color=LINE_COLOUR, strokeWidth=3, point=alt.OverlayMarkDef(size=140)).encode(
        x=x, y=y)
    latest = alt.Chart(data.tail(1)).mark_text(align="left", dx=14, fontSize=SLIDE_FONT, fontWeight="bold",
                                               color=LINE_COLOUR).encode(
        x=x, y=y, text=alt.Text("value:Q", format=".0%"))
    layers: list[alt.Chart] = [interval, line, latest]
    if reference is not None:
        ref = pd.DataFrame({"value": [reference[0]], "label": [reference[1]]})
        layers.append(alt.Chart(ref).mark_rule(color=TARGET_COLOUR, strokeDash=[10, 5], size=3).encode(
            y=alt.Y("value:Q", scale=scale)))
        layers.append(alt.Chart(ref).mark_text(align="left", baseline="bottom", dx=6, dy=-6, color=TARGET_COLOUR,
                                               fontSize=SLIDE_FONT, fontWeight="bold").encode(
            x=alt.value(0), y=alt.Y("value:Q", scale=scale), text="label:N"))
    return _room_size(alt.layer(*layers), height)
