"""Public confidence (MOPAC Public Attitude Survey) and victim satisfaction (User Satisfaction Survey)."""

import altair as alt
import pandas as pd
import streamlit as st

from lib.confidence import confidence_view, has_confidence, measure_choices, pas_quarters
from lib.periods import month_label
from lib.satisfaction import has_satisfaction, satisfaction_view, uss_periods
from lib.survey import DESIGN_EFFECT, PAS_BOROUGH_SAMPLE, PAS_INTERVIEWS_PER_YEAR, PAS_LONDON_SAMPLE
from lib.ui.frame import page_frame
from lib.ui.maps import polygon_map, shapes
from lib.ui.params import url_int, url_month, url_select
from lib.ui.widgets import CATEGORY_COLOURS, chart_with_table, data_table, headline

BAR_HEIGHT = 22
LONDON_COLOUR = "#D55E00"
CHOSEN, OTHER = CATEGORY_COLOURS[0], "#9ecae1"
DESIGN_EFFECTS = ["1.0", "1.25", "1.5", "2.0"]
MIN_SAMPLE, MAX_SAMPLE = 50, 5000
PCT = "{:.0%}"
PTS = "{:+.0f}"
SUMMARY_COLUMNS = {
    "measure_label": "Measure", "value": "Value", "ci_low": "95% interval from", "ci_high": "95% interval to",
    "mps_value": "London", "vs_mps_points": "Gap to London (points)", "vs_mps_verdict": "Against London",
    "year_earlier_value": "A year earlier", "change_points": "Change (points)", "verdict": "Change: verdict",
}
SUMMARY_FORMATS = {"Value": PCT, "95% interval from": PCT, "95% interval to": PCT, "London": PCT,
                   "A year earlier": PCT, "Gap to London (points)": PTS, "Change (points)": PTS}
RANK_COLUMNS = {"rank": "Rank", "area_name": "Borough", "value": "Value", "ci_low": "95% interval from",
                "ci_high": "95% interval to", "london": "London", "vs_london_points": "Gap to London (points)",
                "vs_london": "Against London"}
DRIVER_COLUMNS = {"measure_label": "Driver", "value": "Borough", "mps_value": "London",
                  "vs_mps_points": "Gap (points)", "vs_mps_verdict": "Verdict"}
SIMILAR_COLUMNS = {"measure_label": "Measure", "value": "Borough", "group_average": "Similar boroughs' average",
                   "rank_in_group": "Rank in group (1 = highest)", "group_size": "Boroughs in group",
                   "group_best": "Group best", "group_worst": "Group worst"}
USS_COLUMNS = {"borough_name": "Borough", "proportion": "Satisfied", "respondents": "Victims interviewed",
               "ci_low": "95% interval from", "ci_high": "95% interval to", "london": "London",
               "vs_london_points": "Gap to London (points)", "vs_london": "Against London"}
GAP_COLUMNS = {"borough_name": "Borough", "white": "White victims satisfied", "white_respondents": "White victims",
               "bme": "BME victims satisfied", "bme_respondents": "BME victims", "gap_points": "Gap (points)",
               "verdict": "Verdict"}
NO_USS = ("**No public extract of the User Satisfaction Survey exists**, so victim satisfaction cannot be shown "
          "from published files. {what} Load an extract in the documented import format "
          "(docs/import_formats/uss.md) with `python -m lib.cli ingest`.")


def measures_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Each measure as a dot with its 95% interval as a bar, and London as a labelled tick."""
    base = alt.Chart(table).encode(y=alt.Y("measure_label:N", sort=None, title=None, axis=alt.Axis(labelFontSize=14)))
    bars = base.mark_rule(size=3, color=OTHER).encode(x=alt.X("ci_low:Q", title="Proportion of respondents",
                                                             axis=alt.Axis(format="%")), x2="ci_high:Q")
    dots = base.mark_point(filled=True, size=120, color=CHOSEN).encode(x="value:Q", tooltip=["measure_label",
                                                                                         alt.Tooltip("value:Q",
                                                                                                     format=".0%")])
    london = base.mark_tick(color=LONDON_COLOUR, thickness=3, size=24).encode(x="mps_value:Q")
    return alt.layer(bars, dots, london).properties(height=44 * len(table))


def trend_chart(table: pd.DataFrame, title: str) -> alt.LayerChart:
    base = alt.Chart(table).encode(x=alt.X("quarter:T", title=None))
    band = base.mark_area(opacity=0.25, color=CHOSEN).encode(y=alt.Y("ci_low:Q", title=title,
                                                                     axis=alt.Axis(format="%")), y2="ci_high:Q")
    line = base.mark_line(point=True, color=CHOSEN).encode(y="value:Q")
    london = base.mark_line(strokeDash=[6, 3], color=LONDON_COLOUR).encode(y="london:Q")
    return alt.layer(band, line, london).properties(height=340)


def ranked_bars(table: pd.DataFrame, name_col: str, value_col: str, london: float | None, selected: str,
                title: str) -> alt.LayerChart:
    data = table.assign(chosen=table[name_col].eq(selected).map({True: "chosen area", False: "other"}))
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y(f"{name_col}:N", sort=None, title=None, axis=alt.Axis(labelFontSize=13)),
        x=alt.X(f"{value_col}:Q", title=title, axis=alt.Axis(format="%")),
        color=alt.Color("chosen:N", scale=alt.Scale(domain=["chosen area", "other"], range=[CHOSEN, OTHER]),
                        legend=None),
        tooltip=[name_col, alt.Tooltip(f"{value_col}:Q", format=".0%")],
    )
    layers = [bars]
    if london is not None and not pd.isna(london):
        line = pd.DataFrame({"x": [london], "label": [f"London {london:.0%}"]})
        layers += [alt.Chart(line).mark_rule(color=LONDON_COLOUR, strokeDash=[6, 3], size=2).encode(x="x:Q"),
                   alt.Chart(line).mark_text(align="left", dx=4, dy=-8, color=LONDON_COLOUR, fontSize=13)
                   .encode(x="x:Q", y=alt.value(0), text="label:N")]
    return alt.layer(*layers).properties(height=BAR_HEIGHT * len(table))


def gap_bars(table: pd.DataFrame, label_col: str, gap_col: str, verdict_col: str, title: str) -> alt.LayerChart:
    """Diverging bars of a gap in points, each bar labelled with its verdict in words."""
    base = alt.Chart(table).encode(y=alt.Y(f"{label_col}:N", sort=None, title=None, axis=alt.Axis(labelFontSize=14)))
    bars = base.mark_bar(color=CHOSEN).encode(x=alt.X(f"{gap_col}:Q", title=title))
    text = base.mark_text(align="left", dx=6, fontSize=13).encode(x=alt.value(4), text=f"{verdict_col}:N")
    return alt.layer(bars, text).properties(height=40 * len(table))


frame = page_frame(
    "Public confidence and victim satisfaction",
    intro="What Londoners think of their local police (MOPAC Public Attitude Survey), and how satisfied victims "
    "of crime are with the service they got (User Satisfaction Survey). Every figure is a survey estimate: "
    "each comes with a 95% interval and each change with a verdict in plain words.",
)
if not has_confidence(frame.store):
    st.info("This store has no Public Attitude Survey figures. Ingest the MOPAC PAS files with "
            "`python -m lib.cli ingest`.")
    st.stop()

labels = measure_choices()
cols = st.columns(4)
to = url_month("12 months to", pas_quarters(frame.store), key="to", container=cols[0],
               help="Each PAS figure covers the 12 months to the end of this quarter.")
measure = url_select("Measure for the map and ranking", list(labels), key="measure", default="good_job",
                     format_func=labels.get, container=cols[1])
sample = url_int("Interviews per borough per year (assumed)", key="sample", default=PAS_BOROUGH_SAMPLE,
                 min_value=MIN_SAMPLE, max_value=MAX_SAMPLE, step=50, container=cols[2],
                 help="The published file gives no sample sizes. About 12,800 interviews a year across London "
                 "(Enfield SNB pack) spread over 32 boroughs is about 400 each.")
deff = url_select("Design effect (assumed)", DESIGN_EFFECTS, key="deff", default=f"{DESIGN_EFFECT:.1f}",
                  container=cols[3], help="Above 1 widens every interval to allow for survey weighting.")
view = frame.compute(confidence_view, frame.borough_code, to, measure, sample, float(deff))

st.info(f"**How sure are these figures?** The published file carries no sample sizes. The intervals assume "
        f"**{sample:,} interviews per borough** per rolling year and **{PAS_LONDON_SAMPLE:,} for London** (the "
        f"PAS interviews about {PAS_INTERVIEWS_PER_YEAR:,} people a year, Enfield SNB pack 2015; "
        f"{PAS_INTERVIEWS_PER_YEAR:,} ÷ 32 boroughs ≈ {PAS_BOROUGH_SAMPLE}), with design effect {deff}. "
        "Intervals are Wilson 95% score intervals; a change or gap is called real only when its 95% interval "
        "(Newcombe's method) excludes zero. Figures are published to whole percentages.")

st.header(f"{view.area_name}: every measure, 12 months to {month_label(view.quarter)}")
st.caption(f"Compared with London and with the 12 months to {month_label(view.year_earlier)}. Dot: the "
           "figure; bar: its 95% interval; orange tick: London.")
head = view.summary.set_index("measure")
if "good_job" in head.index:
    g = head.loc["good_job"]
    headline("Police do a good job in the local area", f"{g['value']:.0%}",
             None if pd.isna(g["change_points"]) else f"{g['change_points']:+.0f} points on a year earlier: "
             f"{g['verdict']}", lower_is_better=False,
             help=f"95% interval {g['ci_low']:.0%} to {g['ci_high']:.0%}; London {g['mps_value']:.0%}.")
chart_with_table(measures_chart(view.summary), view.summary.rename(columns=SUMMARY_COLUMNS)[
    list(SUMMARY_COLUMNS.values())], key="measures", filename=f"pas_{view.area_code}_{view.quarter}.csv",
    formats=SUMMARY_FORMATS)

st.header(f"{view.measure_label} since 2014: {view.area_name}")
chart_with_table(trend_chart(view.trend, view.measure_label), view.trend.rename(
    columns={"quarter": "12 months to", "value": "Value", "ci_low": "95% interval from",
             "ci_high": "95% interval to", "london": "London"}),
    key="trend", filename=f"pas_trend_{view.area_code}_{view.measure}.csv", formats={
        "Value": PCT, "95% interval from": PCT, "95% interval to": PCT, "London": PCT},
    caption="Shaded: 95% interval. Dashed orange: London. Each point covers the 12 months to the quarter shown.")

st.header(f"{view.measure_label} by borough, 12 months to {month_label(view.quarter)}")
if frame.store.has("boroughs"):
    polygon_map(shapes(frame.store, "boroughs", "borough_code", "borough_name"), view.map_values, key="pas_map",
                id_field="borough_code", value_field="percent", tooltip_field="tip", value_format="{:.0f}%",
                legend_title=f"{view.measure_label} (% of respondents)",
                selected=None if frame.is_london else frame.borough_code)
else:
    st.caption("This store has no borough boundaries, so the map is not drawn; the ranking below has every figure.")
london_value = view.ranked["london"].iloc[0] if len(view.ranked) else None
chart_with_table(ranked_bars(view.ranked, "area_name", "value", london_value, view.area_name, view.measure_label),
                 view.ranked.rename(columns=RANK_COLUMNS)[list(RANK_COLUMNS.values())], key="ranked",
                 filename=f"pas_{view.measure}_{view.quarter}_by_borough.csv",
                 formats={"Value": PCT, "95% interval from": PCT, "95% interval to": PCT, "London": PCT,
                          "Gap to London (points)": PTS},
                 caption="Highest first. The dashed line is London. 'Against London' says whether the gap is beyond "
                 "survey error.")

st.header("Drivers of confidence compared with London")
if view.drivers.empty:
    st.markdown("Choose a borough in the sidebar to see how each driver of confidence compares with London.")
else:
    chart_with_table(gap_bars(view.drivers, "measure_label", "vs_mps_points", "vs_mps_verdict",
                              "Borough minus London (percentage points)"),
                     view.drivers.rename(columns=DRIVER_COLUMNS)[list(DRIVER_COLUMNS.values())], key="drivers",
                     filename=f"pas_drivers_{view.area_code}_{view.quarter}.csv",
                     formats={"Borough": PCT, "London": PCT, "Gap (points)": PTS},
                     caption="The drivers of the MPS Confidence Model: fair treatment, engagement (listening, "
                     "understanding, informing) and effectiveness (relied on to be there).")

st.header("Against the boroughs most like it")
if view.similar is None:
    st.markdown(view.similar_note)
else:
    st.markdown(f"Most similar group (socio-demographic features, nearest first): {', '.join(view.similar_members)}.")
    data_table(view.similar.rename(columns=SIMILAR_COLUMNS)[list(SIMILAR_COLUMNS.values())], key="similar",
               formats={"Borough": PCT, "Similar boroughs' average": PCT, "Group best": PCT, "Group worst": PCT})

st.header("Victim satisfaction (User Satisfaction Survey)")
if not has_satisfaction(frame.store):
    st.info(NO_USS.format(what="This store has none."))
    st.stop()
if frame.store.is_demo:
    st.warning(NO_USS.format(what="**The satisfaction figures below are demonstration data**, invented at the "
                             "levels of the Enfield Safer Neighbourhood Board pack (2015)."))
uss_to = url_month("USS: 12 months to", uss_periods(frame.store), key="uss_to")
uss = frame.compute(satisfaction_view, frame.borough_code, uss_to)
st.markdown(f"Victims answering completely, very or fairly satisfied with the whole experience, 12 months to "
            f"{month_label(uss['period'])}. Intervals use the number of victims interviewed.")
by_borough = uss["by_borough"]
uss_london = by_borough["london"].iloc[0] if len(by_borough) else None
chart_with_table(ranked_bars(by_borough, "borough_name", "proportion", uss_london, frame.borough_name,
                             "Victims satisfied"),
                 by_borough.rename(columns=USS_COLUMNS)[list(USS_COLUMNS.values())], key="uss_boroughs",
                 filename=f"uss_{uss['period']}_by_borough.csv",
                 formats={"Satisfied": PCT, "95% interval from": PCT, "95% interval to": PCT, "London": PCT,
                          "Gap to London (points)": PTS, "Victims interviewed": "{:,}"})

st.subheader(f"The gap between white and BME victims: {frame.borough_name}")
gap = uss["gap"]
if gap is None:
    st.markdown("No white and BME figures for this area in this quarter.")
else:
    a, lon = gap["area"], gap["london"]
    gcols = st.columns(3)
    with gcols[0]:
        headline("White victims satisfied", f"{a['white']:.0%}", help=f"{a['white_respondents']:,} interviewed")
    with gcols[1]:
        headline("BME victims satisfied", f"{a['bme']:.0%}", help=f"{a['bme_respondents']:,} interviewed")
    with gcols[2]:
        headline("Gap (white minus BME)", f"{a['gap_points']:.0f} points",
                 a["verdict"], lower_is_better=True)
    if lon is not None and not frame.is_london:
        st.markdown(f"London's gap is **{lon['gap_points']:.0f} percentage points** "
                    f"(white {lon['white']:.0%}, BME {lon['bme']:.0%}).")
chart_with_table(gap_bars(uss["gap_by_borough"], "borough_name", "gap_points", "verdict",
                          "White minus BME satisfaction (percentage points)"),
    uss["gap_by_borough"].rename(columns=GAP_COLUMNS)[list(GAP_COLUMNS.values())], key="uss_gap",
    filename=f"uss_ethnic_gap_{uss['period']}.csv",
    formats={"White victims satisfied": PCT, "BME victims satisfied": PCT, "Gap (points)": "{:.0f}"})

st.subheader(f"Satisfaction with each part of the service: {frame.borough_name}")
trend = uss["trend"]
chart_with_table(alt.Chart(trend).mark_line(point=True).encode(
    x=alt.X("period:T", title=None), y=alt.Y("proportion:Q", title="Victims satisfied", axis=alt.Axis(format="%")),
    color=alt.Color("measure_label:N", title="Measure", scale=alt.Scale(range=CATEGORY_COLOURS)),
    strokeDash=alt.StrokeDash("measure_label:N", legend=None)).properties(height=360),
    trend.rename(columns={"period": "12 months to", "measure_label": "Measure", "proportion": "Satisfied",
                          "respondents": "Victims interviewed"}).drop(columns="measure"),
    key="uss_trend", filename=f"uss_trend_{frame.borough_code}.csv", formats={"Satisfied": PCT},
    caption="Overall satisfaction, ease of contact, police actions, treatment and follow-up (Enfield SNB pack, "
    "figure 5). Line styles differ as well as colours.")
