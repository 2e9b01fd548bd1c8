"""Public confidence (MOPAC Public Attitude Survey) and victim satisfaction (User Satisfaction Survey)."""

import streamlit as st

from lib import choices
from lib.metrics.survey import DESIGN_EFFECT, PAS_BOROUGH_SAMPLE
from lib.ui import cache
from lib.ui import charts_survey as charts
from lib.ui.charts_survey import CONFIDENCE_FORMATS as F
from lib.ui.frame import page_frame
from lib.ui.maps import borough_outlines, diverging_classes, polygon_map, shapes
from lib.ui.params import url_int, url_month, url_select
from lib.ui.widgets import chart_spec, chart_with_table, data_table, headline
from lib.views.confidence import MAP_CLASS_LABELS

DESIGN_EFFECTS = ["1.0", "1.25", "1.5", "2.0"]
MIN_SAMPLE, MAX_SAMPLE = choices.BOROUGH_SAMPLE  # the command line's --sample bounds too

frame = page_frame(
    "Public confidence and victim satisfaction",
    intro="What Londoners think of their local police, from MOPAC's **Public Attitude Survey (PAS)**: about 12,800 "
    "Londoners interviewed face to face each year. And how satisfied victims of crime are with the service they got, "
    "from the Met's **User Satisfaction Survey (USS)** of victims. Every figure is a survey estimate, so each comes "
    "with a 95% interval (the range the true figure very probably lies in) and each change with a verdict in words.",
)
choices = cache.confidence_choices(frame.store)
if not choices.has_pas:
    frame.answer.info("This dashboard has no Public Attitude Survey figures loaded. About the data says which "
                      "files it reads.")
    st.stop()

with frame.controls:
    cols = st.columns(4)
    to = url_month("12 months to", list(choices.quarters), key="to", container=cols[0],
                   help="Each survey figure covers the 12 months of interviews to the end of this quarter.")
    measure = url_select("Measure for the map and ranking", list(choices.measures), key="measure",
                         default="good_job", format_func=choices.measures.get, container=cols[1])
    sample = url_int("Interviews per borough per year (assumed)", key="sample", default=PAS_BOROUGH_SAMPLE,
                     min_value=MIN_SAMPLE, max_value=MAX_SAMPLE, step=50, container=cols[2],
                     help="The published file gives no sample sizes. About 12,800 interviews a year across London "
                     "(Enfield SNB pack) spread over 32 boroughs is about 400 each. Fewer interviews, wider ranges.")
    deff = url_select("Design effect (assumed)", DESIGN_EFFECTS, key="deff", default=f"{DESIGN_EFFECT:.1f}",
                      container=cols[3], help="How much the survey's weighting and clustering cost in precision: "
                      "1 treats the interviews as a simple random sample; 1.5 counts 400 interviews as worth about "
                      "267, widening every range.")
    uss_to = (url_month("Victim satisfaction (USS): 12 months to", list(choices.uss_periods), key="uss_to")
              if choices.has_uss else None)
view = cache.confidence_view(frame.store, frame.borough_code, to, measure, sample, float(deff))

with frame.answer:
    st.markdown(view.answer)
    if view.headline:
        headline(view.headline.label, view.headline.value, view.headline.delta, lower_is_better=False,
                 help=view.headline.help, real=view.headline.real)

st.info(view.assumption)
st.header(f"{view.area_name}: every measure, 12 months to {view.quarter_label}")
st.caption(f"Compared with London and with the 12 months to {view.year_earlier_label}. Dot: the "
           "figure; bar: its 95% interval; orange tick: London.")
chart_with_table(chart_spec(charts.measures, view.summary), view.summary_table, key="measures", cached=True,
                 filename=f"pas_{view.area_code}_{view.quarter}.csv", formats=F)

st.header(f"{view.measure_label} since 2014: {view.area_name}")
chart_with_table(chart_spec(charts.interval_trend, view.trend, view.measure_label), view.trend_table, key="trend",
                 filename=f"pas_trend_{view.area_code}_{view.measure}.csv", formats=F, cached=True,
                 caption="Shaded: 95% interval. Dashed orange: London. Each point covers the 12 months to the "
                 "quarter shown.")

st.header(f"{view.measure_label} by borough, 12 months to {view.quarter_label}")
if choices.has_map:
    polygon_map(shapes(frame.store, "boroughs", "borough_code", "borough_name"), view.map_values, key="pas_map",
                id_field="borough_code", value_field="map_class", tooltip_field="tip", legend_title=view.map_legend,
                classes=diverging_classes(MAP_CLASS_LABELS), outlines=borough_outlines(frame.store),
                selected=None if frame.is_london else frame.borough_code)
else:
    st.caption("This store has no borough boundaries, so the map is not drawn; the ranking below has every figure.")
ranking = chart_spec(charts.survey_ranking, view.ranked, "area_name", "value", view.measure_label, view.area_name)
chart_with_table(ranking, view.ranked_table, key="ranked", cached=True, formats=F, chosen=view.area_name,
                 filename=f"pas_{view.measure}_{view.quarter}_by_borough.csv",
                 caption="Highest first. The dashed line is London. 'Against London' says whether the gap is beyond "
                 "survey error.")

st.header("Drivers of confidence compared with London")
if view.is_london:
    st.markdown("Choose a borough under 'Change what is shown' to see how each driver of confidence compares with "
                "London.")
else:
    chart_with_table(chart_spec(charts.driver_gaps, view.drivers), view.drivers_table, key="drivers",
                     formats=charts.BOROUGH_VALUE_FORMATS, cached=True,
                     filename=f"pas_drivers_{view.area_code}_{view.quarter}.csv",
                     caption="The drivers of the MPS Confidence Model: fair treatment, engagement (listening, "
                     "understanding, informing) and effectiveness (relied on to be there).")

st.header("Against the boroughs most like it")
st.markdown(view.similar_note)
if view.similar_table is not None:
    data_table(view.similar_table, key="similar", formats=charts.BOROUGH_VALUE_FORMATS, cached=True)

st.header("Victim satisfaction (User Satisfaction Survey)")
if not choices.has_uss:
    st.info(choices.uss_notice)
    st.stop()
if choices.uss_notice:
    st.warning(choices.uss_notice)
uss = cache.satisfaction_view(frame.store, frame.borough_code, uss_to)
st.markdown(f"Victims answering completely, very or fairly satisfied with the whole experience, 12 months to "
            f"{uss.period_label}. Intervals use the number of victims interviewed.")
chart_with_table(chart_spec(charts.survey_ranking, uss.by_borough, "borough_name", "proportion", "Victims satisfied",
                            uss.area_name),
                 uss.by_borough_table, key="uss_boroughs", filename=f"uss_{uss.period}_by_borough.csv", formats=F,
                 cached=True)

st.subheader(f"The gap between white and Black and minority ethnic (BME) victims: {uss.area_name}")
if uss.gap is None:
    st.markdown("No white and BME figures for this area in this quarter.")
for h, column in zip(uss.gap_headlines, st.columns(3) if uss.gap_headlines else [], strict=True):
    with column:
        headline(h.label, h.value, h.delta, help=h.help, lower_is_better=True)
if uss.london_gap_text:
    st.markdown(uss.london_gap_text)
chart_with_table(chart_spec(charts.ethnic_gaps, uss.gap_by_borough), uss.gap_table, key="uss_gap", cached=True,
                 filename=f"uss_ethnic_gap_{uss.period}.csv", formats=charts.USS_GAP_FORMATS)

st.subheader(f"Satisfaction with each part of the service: {uss.area_name}")
chart_with_table(chart_spec(charts.satisfaction_trend, uss.trend), uss.trend_table, key="uss_trend", formats=F,
                 filename=f"uss_trend_{uss.area_code}.csv", cached=True,
                 caption="Overall satisfaction, ease of contact, police actions, treatment and follow-up (Enfield "
                 "SNB pack, figure 5). Line styles differ as well as colours.")
