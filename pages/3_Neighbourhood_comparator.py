"""The Neighbourhood Confidence Comparator: a neighbourhood against the others most like it."""

import streamlit as st

from lib.comparator import (
    comparator_view,
    default_comparison,
    default_neighbourhood,
    has_comparator,
    measure_labels,
    neighbourhood_names,
)
from lib.metrics.survey import DESIGN_EFFECT, PAS_INTERVIEWS_PER_YEAR, PAS_NEIGHBOURHOOD_SAMPLE, PAS_NEIGHBOURHOODS
from lib.ui.charts import gap_bars, group_rank_chart, group_spread_chart
from lib.ui.formats import POINTS, WHOLE_PERCENT, columns_as
from lib.ui.frame import page_frame
from lib.ui.maps import polygon_map, shapes
from lib.ui.params import url_int, url_select
from lib.ui.widgets import chart_with_table, data_table

MIN_SAMPLE, MAX_SAMPLE = 30, 2000
LIST_KINDS = ["same group", "nearest on drivers"]
RANK_COLUMNS = {"measure_label": "Measure", "value": "Value", "rank": "Rank in group", "group_size": "Of",
                "group_best": "Group best", "group_median": "Group median", "group_worst": "Group worst",
                "best_neighbourhood": "Best in group", "worst_neighbourhood": "Worst in group"}
SPREAD_COLUMNS = {"group_name": "Group", "size": "Neighbourhoods", "highest": "Highest",
                  "highest_value": "Highest value", "lowest": "Lowest", "lowest_value": "Lowest value",
                  "gap_points": "Gap (points)", "mean": "Group average"}
NEAREST_COLUMNS = {"order": "Order", "neighbourhood": "Neighbourhood", "group": "Group",
                   "same_group": "Same group", "good_job": "Good job locally", "distance": "Distance"}
WHERE_COLUMNS = {"borough_name": "Borough", "members": "Neighbourhoods of the group", "role": "Role"}
SAME_GROUP_COLUMNS = {"neighbourhood": "Neighbourhood", "borough_name": "Borough", "good_job": "Good job locally"}
LABEL_COLUMNS = {"label": "Name in the transcript", "group": "Group", "status": "Status",
                 "named_members": "Neighbourhoods named", "evidence": "Evidence"}
RANK_FORMATS = dict.fromkeys(["Value", "Group best", "Group median", "Group worst"], WHOLE_PERCENT)
SPREAD_FORMATS = {"Highest value": WHOLE_PERCENT, "Lowest value": WHOLE_PERCENT, "Group average": WHOLE_PERCENT,
                  "Gap (points)": "{:.0f}"}


frame = page_frame(
    "Neighbourhood confidence comparator",
    intro="MOPAC's comparator groups London's neighbourhoods with others that are alike, so that a neighbourhood "
    "is judged against its peers, not against London. Pick a neighbourhood to see its group, where it ranks on "
    "each survey measure, and how it compares side by side with any other.",
)
if not has_comparator(frame.store):
    st.info("This store has no neighbourhood comparator figures. Ingest the MOPAC neighbourhood indicators file "
            "with `python -m lib.cli ingest`.")
    st.stop()

names = neighbourhood_names(frame.store)
cols = st.columns(2)
chosen = url_select("Neighbourhood", names, key="neighbourhood",
                    default=default_neighbourhood(frame.store, frame.borough_code), container=cols[0])
compare = url_select("Compare with", names, key="compare", default=default_comparison(frame.store, chosen),
                     container=cols[1])
sample = url_int("Interviews per neighbourhood per year (assumed)", key="sample", default=PAS_NEIGHBOURHOOD_SAMPLE,
                 min_value=MIN_SAMPLE, max_value=MAX_SAMPLE, step=10, container=st.sidebar,
                 help="The file gives no sample sizes.")
spread_measure = url_select("Measure for the spread", list(measure_labels()), key="spread", default="good_job",
                            format_func=measure_labels().get, container=st.sidebar)
kind = url_select("Similar neighbourhoods", LIST_KINDS, key="list", default=LIST_KINDS[0], container=st.sidebar)
view = frame.compute(comparator_view, chosen, compare, sample, DESIGN_EFFECT, spread_measure)
r = view.ranking

st.header(f"{r.neighbourhood} is in {r.group_name}")
st.markdown(f"**{len(r.members)} neighbourhoods** in this group: {', '.join(r.members)}.")
st.caption("Groups are numbered in the published file. A descriptive name (from the MOPAC Challenge of March "
           "2015) is shown only where the neighbourhoods named under it in the transcript all sit in this group; "
           "the evidence is in the table 'How groups got their names' below.")

st.header("Rank within the group on every measure")
st.caption("Rank 1 is the highest in the group. Grey bar: the group's worst to best; black tick: group median; "
           "blue dot: this neighbourhood.")
chart_with_table(group_rank_chart(r.measures), columns_as(r.measures, RANK_COLUMNS), key="rank",
                 filename="comparator_rank.csv", formats=RANK_FORMATS)

st.header(f"Side by side: {view.neighbourhood} and {view.compare}")
st.markdown(f"Gap = {view.neighbourhood} minus {view.compare}, in percentage points. A gap is **beyond survey "
            f"error** when its 95% interval excludes zero, assuming **{view.sample:,.0f} interviews per "
            f"neighbourhood** a year (about {PAS_INTERVIEWS_PER_YEAR:,} PAS interviews a year ÷ "
            f"{PAS_NEIGHBOURHOODS} neighbourhoods) and design effect {DESIGN_EFFECT:g}.")
side = view.side.rename(columns={"measure_label": "Measure", "first": view.neighbourhood, "second": view.compare,
                                 "gap_points": "Gap (points)", "verdict": "Verdict"})
chart_with_table(gap_bars(view.side, f"{view.neighbourhood} minus {view.compare} (points)", rows="compact"),
                 side[["Measure", view.neighbourhood, view.compare, "Gap (points)", "Verdict"]], key="side",
                 filename="comparator_side_by_side.csv",
                 formats={view.neighbourhood: WHOLE_PERCENT, view.compare: WHOLE_PERCENT, "Gap (points)": POINTS})
st.subheader("Gaps beyond survey error")
real_gaps = side.loc[view.side["beyond_survey_error"].to_numpy(), ["Measure", "Gap (points)", "Verdict"]]
if real_gaps.empty:
    st.markdown("None: every gap between these two neighbourhoods is within the margin of error.")
else:
    data_table(real_gaps, key="side_real", formats={"Gap (points)": POINTS})

st.header(f"The spread within each group: {view.spread_measure_label}")
st.caption("For each group, its highest and lowest neighbourhood and the gap between them, biggest gaps first: "
           "the gaps the Deputy Mayor circled at the March 2015 Challenge.")
chart_with_table(group_spread_chart(view.spread), columns_as(view.spread, SPREAD_COLUMNS), key="spread",
                 filename=f"comparator_spread_{spread_measure}.csv", formats=SPREAD_FORMATS)

st.header(f"Where does {view.neighbourhood} sit?")
st.caption("No neighbourhood boundaries are published, so the map shows boroughs: the neighbourhood's own borough "
           "outlined in red, boroughs with other members of its group outlined in black and shaded by how many.")
if frame.store.has("boroughs"):
    polygon_map(shapes(frame.store, "boroughs", "borough_code", "borough_name"), view.where, key="where_map",
                id_field="borough_code", value_field="members", tooltip_field="tip", value_format="{:.0f}",
                legend_title="Neighbourhoods of the group in the borough",
                selected=view.where.loc[view.where["role"] == "this neighbourhood", "borough_code"].iloc[0],
                highlight=view.where.loc[view.where["role"] == "group member", "borough_code"])
data_table(columns_as(view.where.loc[view.where["members"] > 0], WHERE_COLUMNS), key="where")

st.header("Similar neighbourhoods")
if kind == "same group":
    st.caption(f"The other members of {r.group_name}, highest 'good job' first.")
    data_table(view.same_group.rename(columns=SAME_GROUP_COLUMNS), key="same",
               formats={"Good job locally": WHOLE_PERCENT})
else:
    st.caption("Nearest on drivers: the neighbourhoods whose answers on all 18 measures are closest to this one "
               "(z-scored, Euclidean distance), whatever their group.")
    data_table(view.nearest.rename(columns=NEAREST_COLUMNS), key="nearest",
               formats={"Good job locally": WHOLE_PERCENT, "Distance": "{:.2f}"})

st.header("By ethnic group of respondent")
if view.ethnicity.empty:
    st.markdown("The by-ethnicity file has no figures for this neighbourhood.")
else:
    data_table(view.ethnicity.drop(columns="measure").rename(columns={"measure_label": "Measure"}), key="ethnicity",
               formats={c: WHOLE_PERCENT for c in view.ethnicity.columns if c not in ("measure", "measure_label")})
    st.caption("Pooled financial years 2015-16 to 2020-21 (MOPAC neighbourhood indicators by ethnic group).")

st.header("How groups got their names")
data_table(view.labels.rename(columns=LABEL_COLUMNS), key="labels")
