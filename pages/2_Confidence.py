"""Public confidence (MOPAC Public Attitude Survey) and victim satisfaction (User Satisfaction Survey)."""

import pandas as pd
import streamlit as st

from lib.confidence import confidence_view, has_confidence, measure_choices, pas_quarters
from lib.metrics.survey import DESIGN_EFFECT, PAS_BOROUGH_SAMPLE, PAS_INTERVIEWS_PER_YEAR, PAS_LONDON_SAMPLE
from lib.periods import month_label
from lib.satisfaction import has_satisfaction, satisfaction_view, uss_periods
from lib.ui.charts import gap_bars, interval_trend, measures_chart, satisfaction_trend, survey_ranking
from lib.ui.formats import POINTS, WHOLE_PERCENT, columns_as
from lib.ui.frame import page_frame
from lib.ui.maps import polygon_map, shapes
from lib.ui.params import url_int, url_month, url_select
from lib.ui.widgets import chart_with_table, data_table, headline

DESIGN_EFFECTS = ["1.0", "1.25", "1.5", "2.0"]
MIN_SAMPLE, MAX_SAMPLE = 50, 5000
CI = {"ci_low": "95% interval from", "ci_high": "95% interval to"}
SUMMARY_COLUMNS = {
    "measure_label": "Measure", "value": "Value", **CI,
    "mps_value": "London", "vs_mps_points": "Gap to London (points)", "vs_mps_verdict": "Against London",
    "year_earlier_value": "A year earlier", "change_points": "Change (points)", "verdict": "Change: verdict",
}
TREND_COLUMNS = {"quarter": "12 months to", "value": "Value", **CI, "london": "London"}
RANK_COLUMNS = {"rank": "Rank", "area_name": "Borough", "value": "Value", **CI, "london": "London",
                "vs_london_points": "Gap to London (points)", "vs_london": "Against London"}
DRIVER_COLUMNS = {"measure_label": "Driver", "value": "Borough", "mps_value": "London",
                  "vs_mps_points": "Gap (points)", "vs_mps_verdict": "Verdict"}
SIMILAR_COLUMNS = {"measure_label": "Measure", "value": "Borough", "group_average": "Similar boroughs' average",
                   "rank_in_group": "Rank in group (1 = highest)", "group_size": "Boroughs in group",
                   "group_best": "Group best", "group_worst": "Group worst"}
USS_COLUMNS = {"borough_name": "Borough", "proportion": "Satisfied", "respondents": "Victims interviewed", **CI,
               "london": "London", "vs_london_points": "Gap to London (points)", "vs_london": "Against London"}
GAP_COLUMNS = {"borough_name": "Borough", "white": "White victims satisfied", "white_respondents": "White victims",
               "bme": "BME victims satisfied", "bme_respondents": "BME victims", "gap_points": "Gap (points)",
               "verdict": "Verdict"}
USS_TREND_COLUMNS = {"period": "12 months to", "measure_label": "Measure", "proportion": "Satisfied",
                     "respondents": "Victims interviewed"}
TREND_FORMATS = dict.fromkeys(["Value", *CI.values(), "London"], WHOLE_PERCENT)
SUMMARY_FORMATS = TREND_FORMATS | {"A year earlier": WHOLE_PERCENT, "Gap to London (points)": POINTS,
                                   "Change (points)": POINTS}
RANK_FORMATS = TREND_FORMATS | {"Gap to London (points)": POINTS}
USS_FORMATS = RANK_FORMATS | {"Satisfied": WHOLE_PERCENT, "Victims interviewed": "{:,}"}
DRIVER_FORMATS = {"Borough": WHOLE_PERCENT, "London": WHOLE_PERCENT, "Gap (points)": POINTS}
SIMILAR_FORMATS = dict.fromkeys(["Borough", "Similar boroughs' average", "Group best", "Group worst"], WHOLE_PERCENT)
GAP_FORMATS = {"White victims satisfied": WHOLE_PERCENT, "BME victims satisfied": WHOLE_PERCENT,
               "Gap (points)": "{:.0f}"}
NO_USS = ("**No public extract of the User Satisfaction Survey exists**, so victim satisfaction cannot be shown "
          "from published files. {what} Load an extract in the documented import format "
          "(docs/import_formats/uss.md) with `python -m lib.cli ingest`.")


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
chart_with_table(measures_chart(view.summary), columns_as(view.summary, SUMMARY_COLUMNS), key="measures",
                 filename=f"pas_{view.area_code}_{view.quarter}.csv", formats=SUMMARY_FORMATS)

st.header(f"{view.measure_label} since 2014: {view.area_name}")
chart_with_table(interval_trend(view.trend, view.measure_label), view.trend.rename(columns=TREND_COLUMNS),
                 key="trend", filename=f"pas_trend_{view.area_code}_{view.measure}.csv", formats=TREND_FORMATS,
                 caption="Shaded: 95% interval. Dashed orange: London. Each point covers the 12 months to the "
                 "quarter shown.")

st.header(f"{view.measure_label} by borough, 12 months to {month_label(view.quarter)}")
if frame.store.has("boroughs"):
    polygon_map(shapes(frame.store, "boroughs", "borough_code", "borough_name"), view.map_values, key="pas_map",
                id_field="borough_code", value_field="percent", tooltip_field="tip", value_format="{:.0f}%",
                legend_title=f"{view.measure_label} (% of respondents)",
                selected=None if frame.is_london else frame.borough_code)
else:
    st.caption("This store has no borough boundaries, so the map is not drawn; the ranking below has every figure.")
chart_with_table(survey_ranking(view.ranked, "area_name", "value", view.measure_label, view.area_name),
                 columns_as(view.ranked, RANK_COLUMNS), key="ranked",
                 filename=f"pas_{view.measure}_{view.quarter}_by_borough.csv", formats=RANK_FORMATS,
                 caption="Highest first. The dashed line is London. 'Against London' says whether the gap is beyond "
                 "survey error.")

st.header("Drivers of confidence compared with London")
if view.drivers.empty:
    st.markdown("Choose a borough in the sidebar to see how each driver of confidence compares with London.")
else:
    chart_with_table(gap_bars(view.drivers, "Borough minus London (percentage points)", gap="vs_mps_points",
                              verdict="vs_mps_verdict"),
                     columns_as(view.drivers, DRIVER_COLUMNS), key="drivers",
                     filename=f"pas_drivers_{view.area_code}_{view.quarter}.csv", formats=DRIVER_FORMATS,
                     caption="The drivers of the MPS Confidence Model: fair treatment, engagement (listening, "
                     "understanding, informing) and effectiveness (relied on to be there).")

st.header("Against the boroughs most like it")
if view.similar is None:
    st.markdown(view.similar_note)
else:
    st.markdown(f"Most similar group (socio-demographic features, nearest first): {', '.join(view.similar_members)}.")
    data_table(columns_as(view.similar, SIMILAR_COLUMNS), key="similar", formats=SIMILAR_FORMATS)

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
chart_with_table(survey_ranking(uss["by_borough"], "borough_name", "proportion", "Victims satisfied",
                                frame.borough_name),
                 columns_as(uss["by_borough"], USS_COLUMNS), key="uss_boroughs",
                 filename=f"uss_{uss['period']}_by_borough.csv", formats=USS_FORMATS)

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
chart_with_table(gap_bars(uss["gap_by_borough"], "White minus BME satisfaction (percentage points)",
                          label="borough_name"),
                 columns_as(uss["gap_by_borough"], GAP_COLUMNS), key="uss_gap",
                 filename=f"uss_ethnic_gap_{uss['period']}.csv", formats=GAP_FORMATS)

st.subheader(f"Satisfaction with each part of the service: {frame.borough_name}")
chart_with_table(satisfaction_trend(uss["trend"]),
                 uss["trend"].rename(columns=USS_TREND_COLUMNS).drop(columns="measure"), key="uss_trend",
                 filename=f"uss_trend_{frame.borough_code}.csv", formats={"Satisfied": WHOLE_PERCENT},
                 caption="Overall satisfaction, ease of contact, police actions, treatment and follow-up (Enfield "
                 "SNB pack, figure 5). Line styles differ as well as colours.")
