"""Stop and search: volumes, outcomes, what officers searched for, who was searched, and where.

Follows the stop and search section of the Enfield Safer Neighbourhood Board pack (2015):
monthly searches, the disproportionality ratio by ethnic appearance (White = 1), arrest rate and
the weapons and key-crime shares against the 20% and 40% targets.
"""

import altair as alt
import pandas as pd
import streamlit as st

from lib.errors import UsageError
from lib.periods import month_label, period_label
from lib.stop_search import KEY_CRIME_TARGET, WEAPONS_TARGET, default_period, stop_search_view
from lib.ui.frame import page_frame
from lib.ui.maps import polygon_map
from lib.ui.params import url_month
from lib.ui.widgets import CATEGORY_COLOURS, chart_with_table, headline

LINE_HEIGHT = 340
BAR_HEIGHT = 24
TARGET_COLOUR = "#D55E00"
MARKER = "▶"
GROUP_ORDER = ["White", "Black", "Asian", "Other"]
PCT = "{:.1%}"


def pct(value) -> str:
    return "–" if value is None or pd.isna(value) else PCT.format(value)


def line_chart(data: pd.DataFrame, y: str, colour: str, title: str, rules: pd.DataFrame | None = None,
               y_format: str = ",.0f") -> alt.LayerChart:
    """Lines by category over months; optional labelled reference lines (targets, White = 1)."""
    base = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-45, labelFontSize=13)),
        y=alt.Y(f"{y}:Q", title=title, axis=alt.Axis(format=y_format, labelFontSize=13)),
        color=alt.Color(f"{colour}:N", scale=alt.Scale(range=CATEGORY_COLOURS), sort=None,
                        legend=alt.Legend(orient="bottom", labelFontSize=13, title=None)),
        strokeDash=alt.StrokeDash(f"{colour}:N", sort=None, legend=None),
        tooltip=["month", f"{colour}:N", alt.Tooltip(f"{y}:Q", format=y_format)],
    )
    layers = [base]
    if rules is not None:
        layers += [
            alt.Chart(rules).mark_rule(color=TARGET_COLOUR, strokeDash=[6, 3], size=2).encode(y="value:Q"),
            alt.Chart(rules).mark_text(align="left", dx=4, dy=-8, color=TARGET_COLOUR, fontSize=13)
            .encode(y="value:Q", x=alt.value(0), text="label:N"),
        ]
    return alt.layer(*layers).properties(height=LINE_HEIGHT)


def bars(data: pd.DataFrame, category: str, value: str, title: str, x_format: str = ",.0f") -> alt.Chart:
    return alt.Chart(data).mark_bar(color=CATEGORY_COLOURS[0]).encode(
        y=alt.Y(f"{category}:N", sort="-x", title=None, axis=alt.Axis(labelFontSize=13)),
        x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(format=x_format)),
        tooltip=[f"{category}:N", alt.Tooltip(f"{value}:Q", format=x_format)],
    ).properties(height=BAR_HEIGHT * max(len(data), 1))


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

months = sorted(map(str, searches_table["month"].unique()))
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
    headline("Arrest rate", pct(h["arrest_rate"]), help=f"{h['arrests']:,} arrests ÷ {h['searches']:,} searches")
with cols[2]:
    headline("No further action", pct(h["no_further_action_share"]))
with cols[3]:
    headline("Weapons searches", pct(h["weapons_share"]), help=f"Target {WEAPONS_TARGET:.0%} of all searches")
with cols[4]:
    headline("Key crime searches", pct(h["key_crime_share"]), help=f"Target {KEY_CRIME_TARGET:.0%} of all searches")
if h["unlocated"] is not None:
    st.markdown(f"**{h['unlocated']:,}** of these searches have no location, so they count for London "
                "but for no borough.")

st.header("Searches each month, by power used")
chart_with_table(
    line_chart(view.legislation, "chart_value", "category", "Searches in the month"),
    view.legislation[["month", "category", "searches"]].rename(
        columns={"month": "Month", "category": "Power", "searches": "Searches"}),
    key="legislation", filename="stop_search_by_power.csv",
    caption="PACE s1: reasonable suspicion of stolen or prohibited articles; s23: drugs; s60: no suspicion "
            "needed in an authorised area; s47: firearms.",
)

st.header("What happened after the search")
chart_with_table(
    bars(view.outcomes.dropna(subset=["chart_value"]), "outcome", "chart_value", "Searches"),
    view.outcomes[["outcome", "searches", "share"]].rename(
        columns={"outcome": "Outcome", "searches": "Searches", "share": "Share of searches"}),
    key="outcomes", filename="stop_search_outcomes.csv", formats={"Share of searches": "{:.1%}"},
    caption=f"Arrest rate: {h['arrests']:,} arrests out of {h['searches']:,} searches ({pct(h['arrest_rate'])}).",
)

st.header("Weapons and key crime searches against the targets")
chart_with_table(
    line_chart(view.object_shares, "share", "measure", "Share of all searches", rules=view.targets,
               y_format=".0%"),
    view.objects[["month", "searches", "weapons", "weapons_share", "key_crime", "key_crime_share"]].rename(columns={
        "month": "Month", "searches": "Searches", "weapons": "Weapons searches", "weapons_share": "Weapons share",
        "key_crime": "Key crime searches", "key_crime_share": "Key crime share"}),
    key="objects", filename="stop_search_weapons_key_crime.csv",
    formats={"Weapons share": "{:.1%}", "Key crime share": "{:.1%}"},
    caption="Weapons: offensive weapons, firearms, and the s60 object 'anything to threaten or harm'. Key crime: "
            "stolen goods, articles for theft or criminal damage (Enfield SNB pack targets 20% and 40%).",
)

st.header("Who was searched: disproportionality by ethnic appearance")
st.markdown("Searches per 1,000 residents of each group divided by the rate for White residents, so White "
            "is always 1: a ratio of 3 means three times as likely to be searched. Officer-recorded "
            "appearance, vehicle-only searches excluded, Census 2011 resident populations.")
eth_m = view.ethnicity_monthly
white_line = pd.DataFrame({"value": [1.0], "label": ["White = 1"]})
chart_with_table(
    line_chart(eth_m[eth_m["group"].isin(GROUP_ORDER)], "chart_value", "group", "Ratio to the White rate",
               rules=white_line, y_format=".1f"),
    view.ethnicity[["group", "searches", "population", "rate_per_1000", "disproportionality",
                    "share_of_searches"]].rename(columns={
        "group": "Group", "searches": "Searches", "population": "Residents", "rate_per_1000": "Per 1,000 residents",
        "disproportionality": "Ratio to White", "share_of_searches": "Share of searches"}),
    key="ethnicity", filename="stop_search_disproportionality.csv",
    formats={"Residents": "{:,.0f}", "Per 1,000 residents": "{:.2f}", "Ratio to White": "{:.2f}",
             "Share of searches": "{:.1%}"},
    caption="Table: the whole period. 'Not recorded': searches where no ethnic appearance was recorded.",
)
if len(view.gov):
    st.subheader("The long view: Met searches per 1,000 residents by ethnic group, by financial year")
    chart_with_table(
        alt.Chart(view.gov).mark_line(point=True).encode(
            x=alt.X("financial_year:O", title=None, axis=alt.Axis(labelAngle=-45, labelFontSize=13)),
            y=alt.Y("rate_per_1000:Q", title="Searches per 1,000 residents"),
            color=alt.Color("group:N", scale=alt.Scale(range=CATEGORY_COLOURS), sort=None,
                            legend=alt.Legend(orient="bottom", title=None, labelFontSize=13)),
            strokeDash=alt.StrokeDash("group:N", sort=None, legend=None),
            tooltip=["financial_year", "group", "rate_per_1000", "ratio_to_white"],
        ).properties(height=LINE_HEIGHT),
        view.gov.rename(columns={"financial_year": "Financial year", "group": "Group", "searches": "Searches",
                                 "population": "Residents", "rate_per_1000": "Per 1,000 residents",
                                 "ratio_to_white": "Ratio to White"}),
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
        None, view.map_cells[["cell_id", "searches"]].rename(
            columns={"cell_id": "Grid square (easting_northing of SW corner, metres)", "searches": "Searches"}),
        key="cells", filename="stop_search_grid_squares.csv",
        caption="Darker squares had more searches. Squares with fewer than 10 searches are not drawn.",
    )

st.header("How the boroughs compare")
if len(view.boroughs):
    table = view.borough_table(MARKER)
    chart_with_table(
        bars(table.dropna(subset=["chart_value"]), "Borough", "chart_value", "Searches per 1,000 residents",
             x_format=",.1f"),
        table[["rank", "Borough", "Group", "searches", "residents", "rate_per_1000", "black_white_ratio"]].rename(
            columns={"rank": "Rank (1 = most)", "searches": "Searches", "residents": "Residents",
                     "rate_per_1000": "Per 1,000 residents", "black_white_ratio": "Black/White ratio"}),
        key="boroughs", filename="stop_search_boroughs.csv",
        formats={"Residents": "{:,.0f}", "Per 1,000 residents": "{:.1f}", "Black/White ratio": "{:.2f}"},
        caption=(f"{period_label(start, end)}. Located searches only: months with many unlocated searches "
                 "understate every borough. " + (f"{MARKER} marks {view.area_name}; its most similar group "
                                                 "is labelled in the table." if view.similar else "")),
    )
else:
    st.info("Borough comparison needs the Census 2011 population by ethnic group (population_ethnicity).")
