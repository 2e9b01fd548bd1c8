"""The Neighbourhood Confidence Comparator: a neighbourhood against the others most like it."""

import streamlit as st

from lib import choices
from lib.metrics.survey import DESIGN_EFFECT, PAS_NEIGHBOURHOOD_SAMPLE
from lib.ui import cache
from lib.ui import charts_survey as charts
from lib.ui.charts_survey import COMPARATOR_FORMATS as F
from lib.ui.frame import page_frame
from lib.ui.maps import borough_outlines, polygon_map, shapes
from lib.ui.params import url_int, url_select
from lib.ui.widgets import chart_spec, chart_with_table, data_table, headline

MIN_SAMPLE, MAX_SAMPLE = choices.NEIGHBOURHOOD_SAMPLE
LIST_KINDS = ["same group", "nearest on drivers"]

frame = page_frame(
    "Neighbourhood confidence comparator",
    intro="MOPAC's comparator groups London's neighbourhoods with others that are alike, so that a neighbourhood "
    "is judged against its peers, not against London. The figures are Public Attitude Survey (PAS) answers: the "
    "share of people asked who gave each answer. Pick a neighbourhood to see its group, where it ranks on each "
    "survey measure, and how it compares side by side with any other.",
)
choices = cache.comparator_choices(frame.store, frame.borough_code)
if not choices.has_comparator:
    frame.answer.info("This store has no neighbourhood comparator figures. About the data says which published files "
                      "it reads.")
    st.stop()

names = list(choices.neighbourhoods)
with frame.controls:
    cols = st.columns(2)
    chosen = url_select("Neighbourhood", names, key="neighbourhood", default=choices.default_neighbourhood,
                        container=cols[0])
    compare = url_select("Compare with", names, key="compare", default=choices.default_compare[chosen],
                         container=cols[1])
    cols = st.columns(3)
    sample = url_int("Interviews per neighbourhood per year (assumed)", key="sample",
                     default=PAS_NEIGHBOURHOOD_SAMPLE, min_value=MIN_SAMPLE, max_value=MAX_SAMPLE, step=10,
                     container=cols[0], help="The file gives no sample sizes: about 12,800 interviews a year "
                     "across 106 neighbourhoods is about 120 each. Fewer interviews, wider ranges.")
    spread_measure = url_select("Measure for the spread", list(choices.measures), key="spread", default="good_job",
                                format_func=choices.measures.get, container=cols[1])
    kind = url_select("Similar neighbourhoods", LIST_KINDS, key="list", default=LIST_KINDS[0], container=cols[2],
                      help="The other members of its group, or the neighbourhoods whose answers are closest "
                      "whatever their group.")
view = cache.comparator_pair_view(frame.store, spread_measure, chosen, compare, sample, DESIGN_EFFECT)

with frame.answer:
    st.markdown(view.answer)
    if view.headline:
        label, value, note = view.headline
        headline(label, value, help=note)

st.header(f"{view.neighbourhood} is in {view.group_name}")
st.markdown(view.members_text)
st.caption("Groups are numbered in the published file. A descriptive name (from the MOPAC Challenge of March "
           "2015) is shown only where the neighbourhoods named under it in the transcript all sit in this group; "
           "the evidence is in the table 'How groups got their names' below.")

st.header("Rank within the group on every measure")
st.caption(f"Survey: {view.survey_period}.")
st.caption("Rank 1 is the highest in the group. Grey bar: the group's worst to best; black tick: group median; "
           "blue dot: this neighbourhood.")
chart_with_table(chart_spec(charts.group_ranks, view.ranking.measures), view.rank_table, key="rank",
                 filename="comparator_rank.csv", formats=F, cached=True)

st.header(f"Side by side: {view.neighbourhood} and {view.compare}")
if view.compare_note:
    st.warning(view.compare_note)
st.markdown(view.side_intro)
chart_with_table(chart_spec(charts.pair_gaps, view.side),
                 view.side_table, key="side", filename="comparator_side_by_side.csv", cached=True,
                 formats=F | dict.fromkeys([view.neighbourhood, view.compare], charts.WHOLE_PERCENT))
st.subheader("Gaps beyond survey error")
if view.real_gaps_table.empty:
    st.markdown("None: every gap between these two neighbourhoods is within the margin of error.")
else:
    data_table(view.real_gaps_table, key="side_real", formats=F, cached=True)

st.header(f"The spread within each group: {view.spread_measure_label}")
st.caption("For each group, its highest and lowest neighbourhood and the gap between them, biggest gaps first: "
           "the gaps the Deputy Mayor circled at the March 2015 Challenge.")
chart_with_table(chart_spec(charts.group_spreads, view.spread), view.spread_table, key="spread",
                 filename=f"comparator_spread_{view.spread_measure}.csv", formats=charts.SPREAD_FORMATS, cached=True)

st.header(f"Where does {view.neighbourhood} sit?")
st.caption("No neighbourhood boundaries are published, so the map shows boroughs: the neighbourhood's own borough "
           "outlined in red, boroughs with other members of its group outlined in black and shaded by how many.")
if choices.has_map:
    polygon_map(shapes(frame.store, "boroughs", "borough_code", "borough_name"), view.where, key="where_map",
                id_field="borough_code", value_field="members", tooltip_field="tip", value_format="{:.0f}",
                legend_title="Neighbourhoods of the group in the borough", selected=view.own_borough_code,
                highlight=view.group_borough_codes, outlines=borough_outlines(frame.store))
data_table(view.where_table, key="where", cached=True)

st.header("Similar neighbourhoods")
if kind == "same group":
    st.caption(f"The other members of {view.group_name}, highest 'good job' first.")
    data_table(view.same_group_table, key="same", formats=F, cached=True)
else:
    st.caption("Nearest on drivers: the neighbourhoods whose answers on all 18 measures are closest to this one, "
               "whatever their group (each measure put on the same scale, then the straight-line distance: "
               "z-scores and Euclidean distance).")
    data_table(view.nearest_table, key="nearest", formats=F, cached=True)

st.header("By ethnic group of respondent")
if view.ethnicity.empty:
    st.markdown("The by-ethnicity file has no figures for this neighbourhood.")
else:
    data_table(view.ethnicity_table, key="ethnicity", cached=True,
               formats=dict.fromkeys(view.ethnicity_table.columns.drop("Measure"), charts.WHOLE_PERCENT))
    st.caption("Pooled financial years 2015-16 to 2020-21 (MOPAC neighbourhood indicators by ethnic group).")

st.header("How groups got their names")
data_table(view.labels_table, key="labels", cached=True)
