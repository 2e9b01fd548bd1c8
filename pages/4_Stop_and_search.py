"""Stop and search as in the Enfield SNB pack (2015): monthly searches, arrest rate, weapons and key-crime
shares against the 20% and 40% targets, disproportionality by ethnic appearance (White = 1), and where."""

import streamlit as st

from lib.errors import UsageError
from lib.periods import month_label
from lib.ui import cache
from lib.ui import charts_other as co
from lib.ui.charts import MARKER
from lib.ui.frame import page_frame
from lib.ui.maps import borough_outlines, polygon_map
from lib.ui.params import url_month, url_select
from lib.ui.widgets import chart_spec, chart_with_table, headline
from lib.views import stop_search as views

FORMATS = co.STOP_SEARCH_FORMATS

frame = page_frame(
    "Stop and search",
    intro="How many people the Met stopped and searched, under which powers, for what, with what result, who was "
          "searched relative to the population, and where. Searches are as recorded on police.uk; shares and "
          "ratios built on fewer than 10 searches are not given (too few to be reliable).",
)
if not views.has_stop_search(frame.store):
    frame.answer.info("No stop and search records are loaded here. See About the data for the sources.")
    st.stop()

months, first, last = cache.stop_search_months(frame.store)
with frame.controls:
    left, right, basis = st.columns(3)
    start = url_month("From", months, key="from", default=first, container=left,
                      help="Only months with records are offered: the published records have gaps of years.")
    end = url_month("To", months, key="to", default=last, container=right)
    census = int(url_select("Ratios divide by", [str(c) for c in cache.census_choices(frame.store)], key="census",
                            default="2011", container=basis, format_func=lambda c: f"Census {c} populations",
                            help="Which census's resident population by ethnic group the 'times as likely' ratios "
                            "divide by."))
if end < start:
    st.warning(f"The period chosen ends ({month_label(end)}) before it starts ({month_label(start)}); "
               "showing the two months swapped.")
    start, end = end, start

try:
    view = cache.stop_search_area(frame.store, start, end, census, frame.borough_code)
except UsageError as e:
    frame.answer.warning(f"No answer for this period: {e}.")
    st.stop()

figures = co.headline_figures(view)
with frame.answer:
    st.markdown(view.answer)
    for col, (label, value, note) in zip(st.columns(co.ANSWER_FIGURES), figures[:co.ANSWER_FIGURES], strict=True):
        with col:
            headline(label, value, help=note)

st.info(view.coverage_text)
h = view.headline
where = "London (all Met searches)" if view.is_london else f"{view.area_name} (searches located in the borough)"
st.subheader(f"{where}, {view.period_label}")
rest = figures[co.ANSWER_FIGURES:]
for col, (label, value, note) in zip(st.columns(len(rest)), rest, strict=True):
    with col:
        headline(label, value, help=note)
if h.unlocated is not None:
    st.markdown(f"**{h.unlocated:,}** of these searches have no location, so they count for London but for no borough.")

st.header("Searches each month, by power used")
chart_with_table(
    chart_spec(co.power_lines, view.legislation), co.numbers(view.legislation, "power"),
    key="legislation", filename="stop_search_by_power.csv", cached=True,
    caption=co.CAPTIONS["power"],
)

st.header("What happened after the search")
chart_with_table(
    chart_spec(co.outcome_bars, view.outcomes), co.numbers(view.outcomes, "outcome"),
    key="outcomes", filename="stop_search_outcomes.csv", formats=FORMATS, cached=True,
    caption=co.outcome_caption(view),
)

st.header("Weapons and key crime searches against the targets")
chart_with_table(
    chart_spec(co.target_lines, view.object_shares, view.targets),
    co.numbers(view.monthly, "object"),
    key="objects", filename="stop_search_weapons_key_crime.csv", formats=FORMATS, cached=True,
    caption=" ".join(filter(None, [co.CAPTIONS["object"], view.shares_note])),
)

st.header("Who was searched: disproportionality by ethnic appearance")
st.markdown(f"{co.CAPTIONS['ratio']} Populations: {view.census_words}. {view.interval_words}")
chart_with_table(
    chart_spec(co.ratio_lines, view.ethnicity_monthly), co.numbers(view.ethnicity, "ethnicity"),
    key="ethnicity", filename="stop_search_disproportionality.csv", formats=FORMATS, cached=True,
    caption=co.CAPTIONS["ethnicity"],
)
if len(view.gov):
    st.subheader("The long view: Met searches per 1,000 residents by ethnic group, by financial year")
    chart_with_table(
        chart_spec(co.gov_lines, view.gov), co.numbers(view.gov, "gov"),
        key="gov", filename="met_stop_search_rates_by_ethnicity.csv", formats=FORMATS, cached=True,
        caption=co.CAPTIONS["gov"],
    )

st.header("Where searches happened")
st.markdown(view.map_text)
if len(view.map_cells):
    polygon_map(
        co.cell_records(view.map_cells), view.map_cells,
        key="search_map", id_field="cell_id", value_field="searches", tooltip_field="tip",
        value_format="{:,.0f}", legend_title=co.CAPTIONS["map_legend"],
        view=view.map_view, outlines=borough_outlines(frame.store),
    )
    chart_with_table(
        None, co.numbers(view.map_cells, "cell"),
        key="cells", filename="stop_search_grid_squares.csv", cached=True,
        caption=co.CAPTIONS["cell"],
    )

st.header("How the boroughs compare")
if len(view.boroughs):
    table = view.borough_table(MARKER)
    chart_with_table(
        chart_spec(co.borough_rate_bars, table), co.numbers(table, "borough"),
        key="boroughs", filename="stop_search_boroughs.csv", formats=FORMATS, cached=True, chosen=view.area_name,
        caption=co.borough_caption(view, MARKER),
    )
else:
    st.info("Borough comparison needs the Census 2011 population by ethnic group (population_ethnicity).")
