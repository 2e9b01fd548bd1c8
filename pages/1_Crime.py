"""Crime: the borough's recorded crime against last year, London, similar boroughs and the MOPAC 7 target."""

import streamlit as st

from lib import choices
from lib.errors import UsageError
from lib.periods import financial_year, month_label, period_for
from lib.reference.boroughs import LONDON_CODE, borough_by_code
from lib.reference.categories import MOPAC7
from lib.ui import cache, charts, maps, pack
from lib.ui import crime_blocks as blocks
from lib.ui.frame import go_to_area, page_frame
from lib.ui.params import url_int, url_month, url_select
from lib.ui.revisions import revisions_block
from lib.ui.widgets import chart_spec, chart_with_table, data_table, headline, refused, section
from lib.views import answers
from lib.views import crime as views

NEWEST, MEASURES = "newest", {"rate": "Rate per 1,000", "change": "% change on last year"}
DEFAULT_BASELINE_FY = "2011/12"
frame = page_frame("Crime", intro="Recorded crime for the chosen area against the same months last year and "
                   "London as a whole, the boroughs most like it, and the target to cut the seven priority crimes "
                   "(MOPAC 7: the Mayor's Office for Policing and Crime's seven neighbourhood crimes). Figures are "
                   "offences recorded by the Metropolitan Police Service. About the data explains every term in "
                   "its glossary.")
if not frame.store.has("crime_borough"):
    st.info("No recorded-crime figures are loaded here. See About the data for the sources.")
    st.stop()
store, area, code = frame.store, frame.borough_name, frame.borough_code

# --- every picker folded under "Change what is shown" (all in the URL); the answer is drawn above them ---
f1, f2, f3 = frame.controls.columns(3)
f4, f5, f6 = frame.controls.columns(3)
t1, t2, _ = frame.controls.columns(3)
release_opt = url_select(
    "Figures as published in", [NEWEST, *reversed(cache.crime_releases(store))], key="release",
    default=NEWEST, container=f1, help="The MPS revises past months in each release. 'Newest' takes each "
    "month from the latest release.",
    format_func=lambda r: "Newest release for each month" if r == NEWEST else f"Release to {month_label(r)}")
release = None if release_opt == NEWEST else release_opt
data = cache.crime_dataset(store, release)
to = url_month("12 months to", list(data.ends), key="to", container=f2)
indicator = url_select("Crime", list(data.indicators), key="indicator", default=MOPAC7, container=f3,
                       format_func=answers.plain_name)
measure = url_select("Map shows", list(MEASURES), key="measure", default="rate", container=f4,
                     format_func=MEASURES.get)
basis = url_select("Population used for rates", list(views.population_choices(data)), key="population",
                   container=f5, default=views.population_default(data), format_func=views.population_label,
                   help=f"The population basis: which estimate a rate per 1,000 divides by. {views.POPULATION_RULE}")
fy = url_select("Target's baseline year", list(data.financial_years) or [DEFAULT_BASELINE_FY], key="baseline",
                default=DEFAULT_BASELINE_FY, container=t1, format_func=lambda y: f"Financial year {y}")
reduction = url_int("Target reduction (%)", key="reduction", default=choices.DEFAULT_REDUCTION,
                    min_value=choices.REDUCTION_BOUNDS[0], max_value=choices.REDUCTION_BOUNDS[1], container=t2)
view = cache.crime_area_view(store, release, to, basis, code, area, indicator)

with frame.answer:  # the answer first: one sentence, its figure and comparison (issue 23)
    answer = answers.crime_answer(view)
    st.markdown(f"**{answer.sentence}**")
    with st.columns([1, 2])[0]:  # a card's width on a wide screen, the whole width on a phone
        headline(answer.label, answer.figure, answer.change, help=answer.comparison, real=answer.real)
    st.caption(f"Figures {answer.source}. {answer.comparison}")

st.header(f"{answers.plain_name(indicator)} in {area}")
for col, h in zip(st.columns(3), view.headlines, strict=True):
    with col:
        headline(f"{h.label}: {h.period}", h.value_text, h.change_text, help=h.comparison_text, real=h.real)
        st.caption(h.comparison_text)

# --- the indicator table (Enfield pack shape) ---------------------------------------------------------
st.header("Every crime type: latest 12 months against the 12 months before")
st.markdown(f"**{view.period_words} compared with {view.comparison_words}**, figures {view.release_words}. "
            "Published categories are listed under the crime types.")
data_table(answers.crime_compact_table(view), key="indicators_compact", cached=True)
st.caption(f"Verdict: the rating (RAG: red, amber or green) and whether the change is beyond normal variation. "
           f"{view.rag_rule} Counts are as the MPS publishes them; under 10 crimes the change is not shown.")
if (box := section("Every column and published category (the full table)", "full_table")) is not None:
    with box:
        chart_with_table(None, view.indicator_table, key="indicators", filename=f"crime_{code}_{to}.csv",
                         cached=True, caption=view.table_caption)
if (box := section("What the hate and special crime rows count (Enfield pack glossary)", "definitions")) is not None:
    with box:
        data_table(view.definitions, key="definitions")
pack.download_pack(store, code, to, release)

# --- trend ------------------------------------------------------------------------------------------
st.header("Month by month: this year against last year")
chart_with_table(chart_spec(charts.crime_trend_chart, view.trend), view.trend, key="trend",
                 filename=f"crime_trend_{code}.csv", cached=True,
                 caption="Top: monthly counts, the latest 12 months and the 12 before, month by month. "
                 "Bottom: the rolling 12-month total (dashed). Every month as the MPS publishes it.")

# --- borough map ------------------------------------------------------------------------------------
st.header(f"{answers.plain_name(indicator)} across London: {MEASURES[measure].lower()}")
left, right = st.columns([3, 2])
with left:
    if store.has("boroughs"):
        picked = maps.polygon_map(
            maps.shapes(store, "boroughs", "borough_code", "borough_name"), view.map_table, key="crime_map",
            id_field="borough_code", value_field=f"map_{measure}", withheld_field=f"{measure}_withheld",
            tooltip_field="tooltip", selected=code, legend_title=MEASURES[measure], pick=True,
            value_format="{:,.2f}" if measure == "rate" else "{:+.1f}%", outlines=None,
        )
        if (clicked := maps.pick_once("crime_map", picked)) is not None:
            go_to_area(borough_by_code(clicked).name, area)
    else:
        st.info("No borough boundaries in this store: the numbers are in the table.")
with right:
    chart_with_table(None, view.map_numbers, key="map_numbers", filename=f"crime_map_{to}.csv", cached=True,
                     chosen=area)
st.caption(f"Click a borough to choose it. Rank 1 = the lowest rate of the 32 boroughs ({view.population_basis}).")

# --- the parts a reader opens: each worked out only when open (its state in the URL) ---------------------
st.header("Look closer")
st.caption("Each part opens on its own; a link copied with a part open opens it too.")
if (box := section("What drove the change: the crime types and wards behind it", "drivers")) is not None:
    with box:
        drivers = cache.drivers_view(store, release, code, indicator, to)
        if not refused(drivers, "The change cannot be split for these choices"):
            blocks.drivers_block(drivers)

if (box := section("Was any month unusual?", "unusual")) is not None:
    with box:
        unusual = cache.unusual_view(store, release, code, area, indicator, period_for("r12", to).prev_first, to)
        if not refused(unusual, "The months cannot be judged for these choices"):
            blocks.unusual_block(unusual)

if (box := section("Against the boroughs most like it", "similar")) is not None:
    with box:
        if view.group.empty:
            st.info(view.group_words)
        else:
            chart_with_table(chart_spec(charts.crime_group_chart, view.group, view.rate_per), view.group_table,
                             key="msg", filename=f"crime_similar_{code}.csv", cached=True,
                             caption=view.group_words, chosen=area)
            st.caption(view.group_method)

if (box := section("The target for the seven priority crimes (MOPAC 7): every borough", "target")) is not None:
    with box:
        st.caption(f"Baseline: financial year {fy}; target: {reduction}% fewer. Change either under "
                   "'Change what is shown'.")
        try:
            tv = cache.tracker_view(store, release, to, financial_year(fy), float(reduction), MOPAC7)
        except UsageError as e:
            st.info(f"The tracker cannot be shown for these choices: {e}")
        else:
            # the forecast simulates every area's year (seconds on a cold server): worked out when a reader asks
            forecast = None
            if st.toggle("Will London meet it? Forecast to the end of the financial year", key="forecast_on"):
                try:
                    forecast = cache.forecast_view(store, release, to, financial_year(fy), float(reduction),
                                                   MOPAC7)
                except UsageError as e:
                    forecast = str(e)
            blocks.tracker_block(tv, fy, reduction, area, forecast)

if (box := section(f"Wards in {area}", "wards")) is not None:
    with box:
        if code == LONDON_CODE:
            st.info("Choose a borough to see its wards.")
        else:
            blocks.ward_block(store, cache.ward_area_view(store, release, code, indicator, to), area)

if (box := section("Hate crime, domestic abuse, knife and gun crime: how many ended in a positive outcome",
                   "outcomes")) is not None:
    with box:
        blocks.outcomes_block(store, code, to)

# what the newest release revised: only when the figures are the newest for each month
if release is None and (box := section(f"What the newest release revised in {area}", "revisions")) is not None:
    with box:
        revisions_block(store, code, key="crime_revisions")
