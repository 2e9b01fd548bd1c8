"""Stop and search: volumes, outcomes, what officers searched for, who was searched, and where.

Follows the stop and search section of the Enfield Safer Neighbourhood Board pack (2015):
monthly searches, the disproportionality ratio by ethnic appearance (White = 1), arrest rate and
the weapons and key-crime shares against the 20% and 40% targets.
"""

import pandas as pd
import streamlit as st

from lib.errors import UsageError
from lib.periods import month_label, period_label
from lib.stop_search import KEY_CRIME_TARGET, WEAPONS_TARGET, default_period, months_covered, stop_search_view
from lib.ui.charts import MARKER, category_lines, value_bars
from lib.ui.formats import PERCENT, columns_as, percent_text
from lib.ui.frame import page_frame
from lib.ui.maps import polygon_map
from lib.ui.params import url_month
from lib.ui.widgets import chart_with_table, headline

GROUP_ORDER = ["White", "Black", "Asian", "Other"]
WHITE_LINE = pd.DataFrame({"value": [1.0], "label": ["White = 1"]})
POWER_COLUMNS = {"month": "Month", "category": "Power", "searches": "Searches"}
OUTCOME_COLUMNS = {"outcome": "Outcome", "searches": "Searches", "share": "Share of searches"}
OBJECT_COLUMNS = {"month": "Month", "searches": "Searches", "weapons": "Weapons searches",
                  "weapons_share": "Weapons share", "key_crime": "Key crime searches",
                  "key_crime_share": "Key crime share"}
ETHNICITY_COLUMNS = {"group": "Group", "searches": "Searches", "population": "Residents",
                     "rate_per_1000": "Per 1,000 residents", "disproportionality": "Ratio to White",
                     "share_of_searches": "Share of searches"}
GOV_COLUMNS = {"financial_year": "Financial year", "group": "Group", "searches": "Searches",
               "population": "Residents", "rate_per_1000": "Per 1,000 residents", "ratio_to_white": "Ratio to White"}
CELL_COLUMNS = {"cell_id": "Grid square (easting_northing of SW corner, metres)", "searches": "Searches"}
BOROUGH_COLUMNS = {"rank": "Rank (1 = most)", "Borough": "Borough", "Group": "Group", "searches": "Searches",
                   "residents": "Residents", "rate_per_1000": "Per 1,000 residents",
                   "black_white_ratio": "Black/White ratio"}
GOV_TOOLTIP = ["financial_year", "group", "rate_per_1000", "ratio_to_white"]


frame = page_frame(
    "Stop and search",
    intro="How many people the Met searched, under which powers, for what, with what result, who was "
          "searched relative to the population, and where. Counts under 10 are shown as “<10”.",
)
searches_table = frame.table("stop_search") if frame.store.has("stop_search") else None
if searches_table is None or searches_table.empty:
    st.info("This store has no stop and search records. Load the police.uk files with "
            "`python -m lib.cli ingest`.")
    st.stop()

months = months_covered(searches_table)
first, last = default_period(searches_table)
left, right = st.columns(2)
start = url_month("From", months, key="from", default=first, container=left)
end = url_month("To", months, key="to", default=last, container=right)
if end < start:
    st.warning(f"The period chosen ends ({month_label(end)}) before it starts ({month_label(start)}); "
               "showing the two months swapped.")
    start, end = end, start

try:
    view = frame.compute(stop_search_view, frame.borough_code, start, end)
except UsageError as e:
    st.warning(str(e))
    st.stop()

st.info(view.coverage_text)
h = view.headline
where = "London (all Met searches)" if frame.is_london else f"{view.area_name} (searches located in the borough)"
st.subheader(f"{where}, {period_label(start, end)}")
cols = st.columns(5)
with cols[0]:
    headline("Searches", f"{h['searches']:,}")
with cols[1]:
    headline("Arrest rate", percent_text(h["arrest_rate"]),
             help=f"{h['arrests']:,} arrests ÷ {h['searches']:,} searches")
with cols[2]:
    headline("No further action", percent_text(h["no_further_action_share"]))
with cols[3]:
    headline("Weapons searches", percent_text(h["weapons_share"]),
             help=f"Target {WEAPONS_TARGET:.0%} of all searches")
with cols[4]:
    headline("Key crime searches", percent_text(h["key_crime_share"]),
             help=f"Target {KEY_CRIME_TARGET:.0%} of all searches")
if h["unlocated"] is not None:
    st.markdown(f"**{h['unlocated']:,}** of these searches have no location, so they count for London "
                "but for no borough.")

st.header("Searches each month, by power used")
chart_with_table(
    category_lines(view.legislation, "chart_value", "category", "Searches in the month"),
    columns_as(view.legislation, POWER_COLUMNS),
    key="legislation", filename="stop_search_by_power.csv",
    caption="PACE s1: reasonable suspicion of stolen or prohibited articles; s23: drugs; s60: no suspicion "
            "needed in an authorised area; s47: firearms.",
)

st.header("What happened after the search")
chart_with_table(
    value_bars(view.outcomes.dropna(subset=["chart_value"]), "outcome", "chart_value", "Searches"),
    columns_as(view.outcomes, OUTCOME_COLUMNS),
    key="outcomes", filename="stop_search_outcomes.csv", formats={"Share of searches": PERCENT},
    caption=f"Arrest rate: {h['arrests']:,} arrests out of {h['searches']:,} searches "
            f"({percent_text(h['arrest_rate'])}).",
)

st.header("Weapons and key crime searches against the targets")
chart_with_table(
    category_lines(view.object_shares, "share", "measure", "Share of all searches", rules=view.targets,
                   y_format=".0%"),
    columns_as(view.objects, OBJECT_COLUMNS),
    key="objects", filename="stop_search_weapons_key_crime.csv",
    formats={"Weapons share": PERCENT, "Key crime share": PERCENT},
    caption="Weapons: offensive weapons, firearms, and the s60 object 'anything to threaten or harm'. Key crime: "
            "stolen goods, articles for theft or criminal damage (Enfield SNB pack targets 20% and 40%).",
)

st.header("Who was searched: disproportionality by ethnic appearance")
st.markdown("Searches per 1,000 residents of each group divided by the rate for White residents, so White "
            "is always 1: a ratio of 3 means three times as likely to be searched. Officer-recorded "
            "appearance, vehicle-only searches excluded, Census 2011 resident populations.")
eth_m = view.ethnicity_monthly
chart_with_table(
    category_lines(eth_m[eth_m["group"].isin(GROUP_ORDER)], "chart_value", "group", "Ratio to the White rate",
                   rules=WHITE_LINE, y_format=".1f"),
    columns_as(view.ethnicity, ETHNICITY_COLUMNS),
    key="ethnicity", filename="stop_search_disproportionality.csv",
    formats={"Residents": "{:,.0f}", "Per 1,000 residents": "{:.2f}", "Ratio to White": "{:.2f}",
             "Share of searches": PERCENT},
    caption="Table: the whole period. 'Not recorded': searches where no ethnic appearance was recorded.",
)
if len(view.gov):
    st.subheader("The long view: Met searches per 1,000 residents by ethnic group, by financial year")
    chart_with_table(
        category_lines(view.gov, "rate_per_1000", "group", "Searches per 1,000 residents", x="financial_year",
                       y_format=None, tooltip=GOV_TOOLTIP),
        view.gov.rename(columns=GOV_COLUMNS),
        key="gov", filename="met_stop_search_rates_by_ethnicity.csv",
        formats={"Per 1,000 residents": "{:.2f}", "Ratio to White": "{:.2f}", "Residents": "{:,.0f}"},
        caption="GOV.UK Ethnicity facts and figures (Home Office), excluding vehicle-only searches; 5+1 groups.",
    )

st.header("Where searches happened")
st.markdown(view.map_text)
if len(view.map_cells):
    polygon_map(
        view.map_cells[["cell_id", "polygon"]].to_dict(orient="records"), view.map_cells,
        key="search_map", id_field="cell_id", value_field="searches", tooltip_field="tip",
        value_format="{:,.0f}", legend_title="Searches in each 500 m square (squares under 10 not drawn)",
        view=view.map_view,
    )
    chart_with_table(
        None, columns_as(view.map_cells, CELL_COLUMNS),
        key="cells", filename="stop_search_grid_squares.csv",
        caption="Darker squares had more searches. Squares with fewer than 10 searches are not drawn.",
    )

st.header("How the boroughs compare")
if len(view.boroughs):
    table = view.borough_table(MARKER)
    chart_with_table(
        value_bars(table.dropna(subset=["chart_value"]), "Borough", "chart_value", "Searches per 1,000 residents",
                   x_format=",.1f"),
        columns_as(table, BOROUGH_COLUMNS),
        key="boroughs", filename="stop_search_boroughs.csv",
        formats={"Residents": "{:,.0f}", "Per 1,000 residents": "{:.1f}", "Black/White ratio": "{:.2f}"},
        caption=(f"{period_label(start, end)}. Located searches only: months with many unlocated searches "
                 "understate every borough. " + (f"{MARKER} marks {view.area_name}; its most similar group "
                                                 "is labelled in the table." if view.similar else "")),
    )
else:
    st.info("Borough comparison needs the Census 2011 population by ethnic group (population_ethnicity).")
