"""Crime: the borough's recorded crime against last year, London, similar boroughs and the MOPAC 7 target."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from lib.errors import UsageError
from lib.metrics.rag import rag_rule
from lib.performance import (
    crime_options,
    display_table,
    group_for,
    headlines_for,
    map_table_for,
    report_for,
    similarity_features_for,
    trend_for,
)
from lib.periods import complete_financial_years, financial_year, month_label
from lib.reference.boroughs import LONDON_CODE, borough_by_code
from lib.reference.categories import MOPAC7
from lib.targets import DEFAULT_REDUCTION, tracker_for
from lib.ui import maps
from lib.ui.cache import derived
from lib.ui.frame import go_to_area, page_frame
from lib.ui.params import url_int, url_month, url_select
from lib.ui.widgets import chart_spec, chart_with_table, headline, rag_text, selected_value
from lib.ward_performance import ward_table_for

NEWEST = "newest"
MEASURES = {"rate": "Rate per 1,000 residents", "change": "% change on last year"}
DEFAULT_BASELINE_FY = "2011/12"
FONT = 16
MAP_NUMBERS = ["area_name", "current", "previous", "pct_change", "rate_per_1000", "rank"]

# --- how the answers are drawn (charts are built once per answer: lib.ui.widgets.chart_spec) ---------


def indicator_display(report: pd.DataFrame) -> pd.DataFrame:
    return display_table(report).assign(RAG=lambda t: t["RAG"].map(rag_text))


def trend_chart(tr: pd.DataFrame) -> alt.VConcatChart:
    base = alt.Chart(tr).encode(
        x=alt.X("month_of_year:O", title="Month of the year (01 = January)"),
        color=alt.Color("year:N", title=None, legend=alt.Legend(orient="top", labelFontSize=FONT)))
    months = alt.layer(
        base.mark_line(point=True).encode(y=alt.Y("count:Q", title="Crimes in the month"),
                                          tooltip=["month", "count", "rolling_12", "release"]),
    ).properties(height=360)
    rolling = alt.Chart(tr).mark_line(strokeDash=[6, 3], color="#000000").encode(
        x=alt.X("month:O", title="Month"), y=alt.Y("rolling_12:Q", title="Rolling 12-month total"),
        tooltip=["month", "rolling_12"]).properties(height=240)
    return alt.vconcat(months, rolling).configure_axis(labelFontSize=FONT, titleFontSize=FONT)


def map_values(mt: pd.DataFrame) -> pd.DataFrame:
    return mt.rename(columns={"area_code": "borough_code"})


def map_numbers(mt: pd.DataFrame) -> pd.DataFrame:
    return mt[MAP_NUMBERS].sort_values("rank")


def group_chart(grp: pd.DataFrame) -> alt.LayerChart:
    bars = alt.Chart(grp).mark_bar().encode(
        y=alt.Y("area_name:N", sort="x", title=None, axis=alt.Axis(labelFontSize=FONT)),
        x=alt.X("rate_per_1000:Q", title="Crimes per 1,000 residents, latest 12 months"),
        color=alt.condition("datum.is_selected", alt.value("#D55E00"), alt.value("#0072B2")),
        tooltip=["area_name", "rate_per_1000", "current", "group_rank"],
    ).add_params(alt.selection_point(name="pick", fields=["area_name"]))
    avg = alt.Chart(grp.head(1)).mark_rule(strokeDash=[6, 3], color="black", size=2).encode(x="group_average:Q")
    return bars + avg


def tracker_boroughs(tt: pd.DataFrame) -> pd.DataFrame:
    return tt[tt["area_code"] != LONDON_CODE].assign(
        status=lambda t: t["meets_target"].map({True: "✔ meets target", False: "✖ short of target"}))


def tracker_chart(tt_b: pd.DataFrame, to: str, fy: str, reduction: int) -> alt.LayerChart:
    bars = alt.Chart(tt_b).mark_bar().encode(
        y=alt.Y("area_name:N", sort=alt.SortField("rank"), title=None, axis=alt.Axis(labelFontSize=14)),
        x=alt.X("pct_change:Q", title=f"% change, 12 months to {month_label(to)} against {fy}"),
        color=alt.Color("status:N", title=None, scale=alt.Scale(range=["#0072B2", "#E69F00"]),
                        legend=alt.Legend(orient="top", labelFontSize=FONT)),
        tooltip=["area_name", "baseline", "current", "pct_change", "status"],
    ).add_params(alt.selection_point(name="pick", fields=["area_name"]))
    target_line = alt.Chart(tt_b.head(1)).mark_rule(color="black", size=2).encode(x=alt.datum(-float(reduction)))
    return (bars + target_line).properties(height=760)


def trajectory_chart(traj: pd.DataFrame) -> alt.LayerChart:
    line = alt.Chart(traj).mark_line(point=True).encode(
        x=alt.X("month:O", title="12 months to"), y=alt.Y("pct_change:Q", title="% change against baseline"))
    return line + alt.Chart(traj).mark_rule(strokeDash=[6, 3]).encode(y="mean(target_pct):Q")


def ward_numbers(wt: pd.DataFrame) -> pd.DataFrame:
    return wt.drop(columns=["tooltip"])


frame = page_frame(
    "Crime",
    intro="Recorded crime for the chosen area against the same months last year and London as a whole, "
    "the boroughs most like it, and the MOPAC 7 reduction target. Figures are offences recorded by the "
    "Metropolitan Police Service.",
)
if not frame.store.has("crime_borough"):
    st.info("This store has no recorded-crime tables yet. Ingest the MPS crime files to see this page.")
    st.stop()

# --- filters (all in the URL) -----------------------------------------------------------------------
releases = frame.compute(crime_options)["releases"]
f1, f2, f3, f4 = st.columns(4)
release_opt = url_select(
    "Figures as published in", [NEWEST, *reversed(releases)], key="release", default=NEWEST, container=f1,
    format_func=lambda r: "Newest release for each month" if r == NEWEST else f"Release to {month_label(r)}",
    help="The MPS revises past months in each release. 'Newest' takes each month from the latest release.",
)
release = None if release_opt == NEWEST else release_opt
opts = frame.compute(crime_options, release)
to = url_month("12 months to", opts["months"][11:], key="to", container=f2)
indicator = url_select("Crime", opts["indicators"], key="indicator", default=MOPAC7, container=f3)
measure = url_select("Map shows", list(MEASURES), key="measure", default="rate", container=f4,
                     format_func=MEASURES.get)
area, code = frame.borough_name, frame.borough_code

# --- headline cards ---------------------------------------------------------------------------------


def n(v: float | None) -> str:
    return "–" if v is None else f"{v:,.0f}"


def pct(v: float | None) -> str:
    return "–" if v is None else f"{v:+.1f}%"


st.header(f"{indicator} in {area}")
cards = st.columns(3)
headlines = frame.compute(headlines_for, code, indicator, to, release)
for col, h in zip(cards, headlines, strict=True):
    with col:
        headline(
            f"{h['label']}: {h['period']}", n(h["current"]),
            None if h["pct_change"] is None else f"{pct(h['pct_change'])} on the same period last year",
            help=f"Compared with {h['previous_period']}: {n(h['previous'])}. "
            f"London over the same months: {pct(h['london_pct_change'])}.",
        )
        st.caption(f"Against {h['previous_period']} ({n(h['previous'])}). London: {pct(h['london_pct_change'])}.")

# --- the indicator table (Enfield pack shape) ---------------------------------------------------------
st.header("Every crime type: latest 12 months against the 12 months before")
report = frame.compute(report_for, code, to, release)
report_period = headlines[2]["period"] + " compared with " + headlines[2]["previous_period"]
table = derived(indicator_display, report)
st.markdown(f"**{report_period}.** Published categories are listed under the crime types.")
chart_with_table(None, table, key="indicators", filename=f"crime_{code}_{to}.csv",
                 caption="RAG rule: " + rag_rule() + " Counts under 10 are shown as <10.", cached=True)

# --- trend ------------------------------------------------------------------------------------------
st.header("Month by month: this year against last year")
tr = frame.compute(trend_for, code, indicator, to, release)
chart_with_table(chart_spec(trend_chart, tr), tr, key="trend", filename=f"crime_trend_{code}.csv", cached=True,
                 caption="Top: monthly counts, the latest 12 months and the 12 before, month by month. "
                 "Bottom: the rolling 12-month total (dashed).")

# --- borough map ------------------------------------------------------------------------------------
st.header(f"{indicator} across London: {MEASURES[measure].lower()}")
mt = frame.compute(map_table_for, indicator, to, release)
value_col = "rate_per_1000" if measure == "rate" else "pct_change"
left, right = st.columns([3, 2])
with left:
    if frame.store.has("boroughs"):
        picked = maps.polygon_map(
            maps.shapes(frame.store, "boroughs", "borough_code", "borough_name"), derived(map_values, mt),
            key="crime_map", id_field="borough_code",
            value_field=value_col, tooltip_field="tooltip", selected=code,
            value_format="{:,.2f}" if measure == "rate" else "{:+.1f}%", legend_title=MEASURES[measure],
        )
        if (clicked := maps.pick_once("crime_map", picked)) is not None:
            go_to_area(borough_by_code(clicked).name, area)
    else:
        st.info("No borough boundaries in this store: the numbers are in the table.")
with right:
    chart_with_table(None, derived(map_numbers, mt), key="map_numbers", filename=f"crime_map_{to}.csv",
                     formats={"pct_change": "{:+.1f}", "rate_per_1000": "{:.2f}"}, cached=True)
st.caption("Click a borough to choose it. Rank 1 = the lowest rate per 1,000 residents of the 32 boroughs.")

# --- most similar group -----------------------------------------------------------------------------
st.header("Against the boroughs most like it")
if code == LONDON_CODE:
    st.info("Choose a borough to compare it with the 14 boroughs most like it.")
else:
    grp = frame.compute(group_for, code, indicator, to, release)
    if grp.empty:
        st.info("This store has no socio-demographic features to find similar boroughs.")
    else:
        own = grp[grp["is_selected"]].iloc[0]
        state = chart_with_table(chart_spec(group_chart, grp), grp, key="msg", filename=f"crime_similar_{code}.csv",
                                 on_select="rerun", cached=True,
                                 caption=f"{area} (orange) is ranked {own['group_rank']} of {len(grp)} "
                                 "(1 = lowest rate). Dashed line: the group average.")
        go_to_area(selected_value(state, "area_name"), area)
        feats = frame.compute(similarity_features_for)
        st.caption(
            "Method: each feature is standardised across the 32 boroughs (z-score) and the 14 boroughs with the "
            "smallest Euclidean distance, all features weighted equally, form the group with the borough. "
            "Features: " + "; ".join(feats["label"].astype(str)) + "."
        )

# --- target tracker ---------------------------------------------------------------------------------
st.header("MOPAC 7 target tracker: reduction since the baseline year")
fys = complete_financial_years(opts["months"])
t1, t2 = st.columns(2)
fy = url_select("Baseline year", fys or [DEFAULT_BASELINE_FY], key="baseline", default=DEFAULT_BASELINE_FY,
                container=t1, format_func=lambda y: f"Financial year {y}")
reduction = url_int("Target reduction (%)", key="reduction", default=int(DEFAULT_REDUCTION), min_value=1,
                    max_value=60, container=t2)
try:
    tracker = frame.compute(tracker_for, to, financial_year(fy), float(reduction), MOPAC7, release)
except UsageError as e:
    st.info(f"The tracker cannot be shown for these choices: {e}")
else:
    s = tracker["summary"]
    c1, c2, c3 = st.columns(3)
    with c1:
        headline(f"London, 12 months to {month_label(to)}", pct(s.london_pct_change),
                 help=f"{n(s.london_current)} MOPAC 7 crimes against {n(s.london_baseline)} in {fy}.")
    with c2:
        headline(f"Boroughs at a {reduction}% reduction or more", f"{s.meeting} of {s.total}")
    with c3:
        rev = tracker["revision"]
        headline("Revised since first published", "—" if rev is None else
                 f"{pct(rev.pct_then)} then, {pct(rev.pct_now)} now",
                 help=None if rev is None else rev.words)
    tt = tracker["table"]
    tt_b = derived(tracker_boroughs, tt)
    state = chart_with_table(chart_spec(tracker_chart, tt_b, to, fy, reduction), tt, key="tracker",
                             on_select="rerun", cached=True, filename=f"mopac7_tracker_{to}.csv",
                             caption=f"Black line: the {reduction}% reduction target. A borough meets it when its "
                             "reduction, shown to one decimal place, is at the target or beyond.")
    go_to_area(selected_value(state, "area_name"), area)
    traj = tracker["trajectory"]
    chart_with_table(chart_spec(trajectory_chart, traj), traj, key="trajectory", filename="mopac7_trajectory.csv",
                     cached=True,
                     caption="London's reduction month by month; dashed line: the target.")

# --- wards ------------------------------------------------------------------------------------------
st.header(f"Wards in {area}")
if code == LONDON_CODE or not frame.store.has("crime_ward"):
    st.info("Choose a borough to see its wards (ward figures start in 2024).")
else:
    wt, ward_to = frame.compute(ward_table_for, code, indicator, to)
    st.caption(f"12 months to {month_label(ward_to)} (the ward file covers 2024 onwards). "
               f"Rank within {area}: 1 = lowest {wt['rank_basis'].iloc[0] if len(wt) else 'count'}.")
    wl, wr = st.columns([3, 2])
    with wl:
        if frame.store.has("wards") and len(wt):
            ward_shapes = maps.shapes(frame.store, "wards", "ward_code", "ward_name", only=wt["ward_code"])
            by_rate = bool(wt["rate_per_1000"].notna().all())
            maps.polygon_map(ward_shapes, wt, key="ward_map", view=maps.fit_view(ward_shapes),
                             id_field="ward_code", value_field="rate_per_1000" if by_rate else "current",
                             tooltip_field="tooltip", value_format="{:,.1f}" if by_rate else "{:,.0f}",
                             legend_title="Crimes per 1,000 residents (Census 2011), latest 12 months" if by_rate
                             else "Crimes, latest 12 months")
    with wr:
        chart_with_table(None, derived(ward_numbers, wt), key="wards", filename=f"crime_wards_{code}.csv",
                         cached=True)
