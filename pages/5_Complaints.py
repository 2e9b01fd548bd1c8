"""Complaints against borough officers and staff (the Enfield SNB pack's complaints section)."""

import altair as alt
import pandas as pd
import streamlit as st

from lib.complaints import complaints_view, glossary, has_complaints, period_ends
from lib.suppression import MASK, is_suppressed
from lib.ui.frame import page_frame
from lib.ui.params import url_month
from lib.ui.widgets import CATEGORY_COLOURS, chart_with_table, data_table, headline

BAR_HEIGHT = 24
# Bar labels (Vega expressions): "127 (24.9%) · change +21%"; "<10" alone where suppressed.
LABEL_EXPR = "datum.count + (isValid(datum.share) ? ' (' + format(datum.share, '.1f') + '%)' : '')"
CHANGE_EXPR = " + (isValid(datum.pct_change) ? ' · change ' + format(datum.pct_change, '+.0f') + '%' : '')"
MARKER = "▶"  # the chosen borough is named with this mark as well as drawn darker
AVERAGE_COLOUR = "#D55E00"
SELECTED_COLOUR, OTHER_COLOUR = CATEGORY_COLOURS[0], "#9ecae1"
BOROUGH_COLUMNS = {
    "rank": "Rank", "borough_name": "Borough", "allegations": "Allegations", "previous": "Year before",
    "pct_change": "Change (%)", "workforce": "Workforce (average)", "per_100_workforce": "Per 100 workforce",
}
TYPE_COLUMNS = {
    "name": "Allegation type", "count": "Allegations", "share": "Share of all allegations (%)",
    "previous": "Year before", "pct_change": "Change (%)",
}
OUTCOME_COLUMNS = {
    "name": "Outcome", "count": "Allegations", "share": "Share of finalised outcomes (%)",
    "previous": "Year before", "pct_change": "Change (%)",
}
TREND_COLUMNS = {"month_label": "Month", "allegations": "Allegations", "rolling_12_months": "12 months to month"}
FORMATS = {
    "Change (%)": "{:+.0f}%", "Share of all allegations (%)": "{:.1f}%", "Share of finalised outcomes (%)": "{:.1f}%",
    "Per 100 workforce": "{:.1f}", "Workforce (average)": "{:,.0f}",
}
NO_EXTRACT = (
    "No borough-level complaints extract is published, so {what}. Load an extract in the documented import "
    "format (docs/import_formats/complaints.md) with `python -m lib.cli ingest`."
)


def ranked_bars(
    table: pd.DataFrame, value: str, title: str, average: float | None, selected: str, fmt: str = "{:,.1f}"
) -> alt.LayerChart:
    """Boroughs as horizontal bars, highest first; the chosen borough marked ▶ and darker; the London
    figure as a labelled dashed line."""
    is_chosen = table["borough_name"].eq(selected)
    data = table.assign(area=table["borough_name"].mask(is_chosen, f"{MARKER} {selected}"),
                        chosen=is_chosen.map({True: "chosen area", False: "other"}))
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("area:N", sort="-x", title=None, axis=alt.Axis(labelFontSize=13, labelLimit=240, labelOverlap=False)),
        x=alt.X(f"{value}:Q", title=title),
        color=alt.Color("chosen:N", scale=alt.Scale(domain=["chosen area", "other"],
                                                    range=[SELECTED_COLOUR, OTHER_COLOUR]), legend=None),
        tooltip=["borough_name", alt.Tooltip(f"{value}:Q", format=",.1f")],
    )
    layers = [bars]
    if average is not None:
        line = pd.DataFrame({"x": [average], "label": ["London " + fmt.format(average)]})
        layers += [
            alt.Chart(line).mark_rule(color=AVERAGE_COLOUR, strokeDash=[6, 3], size=2).encode(x="x:Q"),
            alt.Chart(line).mark_text(align="left", dx=4, dy=-8, color=AVERAGE_COLOUR, fontSize=13)
            .encode(x="x:Q", y=alt.value(0), text="label:N"),
        ]
    return alt.layer(*layers).properties(height=alt.Step(BAR_HEIGHT))


def category_bars(table: pd.DataFrame, title: str, with_change: bool) -> alt.LayerChart:
    """One bar per category, labelled with its count, share in brackets and (optionally) its change on a
    year before ('<10' and no bar where suppressed), as the pack's figures 9 and 10."""
    base = alt.Chart(table).transform_calculate(
        label_at="isValid(datum.chart_value) ? datum.chart_value : 0",
        label=LABEL_EXPR + (CHANGE_EXPR if with_change else ""),
    ).encode(
        y=alt.Y("name:N", sort=list(table["name"]), title=None,
                axis=alt.Axis(labelFontSize=13, labelLimit=240, labelOverlap=False))
    )
    bars = base.mark_bar(color=CATEGORY_COLOURS[0]).encode(x=alt.X("chart_value:Q", title=title))
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(x="label_at:Q", text="label:N")
    return alt.layer(bars, labels).properties(height=alt.Step(BAR_HEIGHT * 2))


def trend_chart(table: pd.DataFrame) -> alt.Chart:
    return alt.Chart(table).mark_line(point=True, color=CATEGORY_COLOURS[0]).encode(
        x=alt.X("month:T", title=None), y=alt.Y("chart_value:Q", title="Allegations recorded in the month"),
        tooltip=["month_label", "allegations", "rolling_12_months"],
    ).properties(height=320)


def count_text(n: int | None) -> str:
    return "–" if n is None else MASK if is_suppressed(n) else f"{n:,}"


frame = page_frame(
    "Complaints against officers and staff",
    intro="Public complaint allegations against borough police officers and staff: how many, how that compares "
    "with a year before and with other boroughs, what they allege and how they ended.",
)
if not has_complaints(frame.store):
    st.info(NO_EXTRACT.format(what="this store has no complaints figures"))
    st.stop()
if frame.store.is_demo:
    st.info(NO_EXTRACT.format(what="the complaints figures on this page are **demonstration data**, invented "
                              "at the levels of the Enfield Safer Neighbourhood Board pack (2015)"))

to = url_month("12 months to", period_ends(frame.store), key="to",
               help="The last month of the 12-month period; it is compared with the same 12 months a year before.")
view = frame.compute(complaints_view, frame.borough_code, to)
s = view.summary
st.markdown(f"**{s.borough_name}: {s.period.label}**, compared with {s.period.prev_label}. An allegation is "
            "counted once for each officer or staff member it names. London is the sum of the 32 boroughs.")

cols = st.columns(3)
with cols[0]:
    headline("Allegations in 12 months", count_text(s.allegations),
             None if s.pct_change is None else f"{s.pct_change:+.0f}% on a year before",
             help=f"{count_text(s.previous)} in {s.period.prev_label}.")
with cols[1]:
    headline("Per 100 workforce", "–" if s.per_100_workforce is None else f"{s.per_100_workforce:.1f}",
             help="Allegations divided by the average number of officers and staff over the 12 months, times 100.")
with cols[2]:
    headline("Workforce (average)", "–" if s.workforce is None else f"{s.workforce:,.0f}",
             help="Police officers plus police staff, averaged over the months of the period.")

st.header("Allegations by borough")
st.caption(f"Ranked by allegations, {s.period.label}. The dashed line is the London average per borough; "
           f"the chosen area is marked {MARKER}.")
chart_with_table(ranked_bars(view.boroughs, "chart_value", "Allegations", view.london["allegations"],
                             s.borough_name, fmt="average {:,.0f}"),
                 view.boroughs.rename(columns=BOROUGH_COLUMNS).drop(columns=["borough_code", "chart_value"]),
                 key="boroughs", filename=f"complaints_by_borough_{to}.csv", formats=FORMATS)

st.header("Change on a year before")
chart_with_table(ranked_bars(view.boroughs, "pct_change", f"% change on {s.period.prev_label}",
                             view.london["pct_change"], s.borough_name, fmt="{:+.1f}%"),
                 view.boroughs.rename(columns=BOROUGH_COLUMNS)[["Borough", "Allegations", "Year before", "Change (%)"]],
                 key="change", filename=f"complaints_change_{to}.csv", formats=FORMATS,
                 caption="Highest increase first. The dashed line is the change for London as a whole.")

st.header("Allegations per 100 workforce")
chart_with_table(ranked_bars(view.boroughs, "per_100_workforce", "Allegations per 100 officers and staff",
                             view.london["per_100_workforce"], s.borough_name),
                 view.boroughs.rename(columns=BOROUGH_COLUMNS)[["Borough", "Allegations", "Workforce (average)",
                                                                "Per 100 workforce"]],
                 key="per100", filename=f"complaints_per_100_workforce_{to}.csv", formats=FORMATS,
                 caption="Allows even comparison between boroughs with a large or small workforce.")

st.header(f"What was alleged in {s.borough_name}")
chart_with_table(category_bars(view.types, "Allegations", with_change=True),
                 view.types.rename(columns=TYPE_COLUMNS).drop(columns="chart_value"),
                 key="types", filename=f"complaints_by_type_{to}.csv", formats=FORMATS,
                 caption="In brackets: share of all allegations in the period. Change: on the same 12 months a year "
                 f"before ({s.period.prev_label}).")

st.header(f"How allegations ended in {s.borough_name}")
chart_with_table(category_bars(view.outcomes, "Allegations", with_change=False),
                 view.outcomes.rename(columns=OUTCOME_COLUMNS).drop(columns=["finalised", "chart_value"]),
                 key="outcomes", filename=f"complaints_by_outcome_{to}.csv", formats=FORMATS,
                 caption=f"Shares are of the {view.finalised:,} allegations with a finalised outcome. Allegations "
                 "'not yet finalised' were still open when the data were extracted.")

st.header("Monthly trend")
chart_with_table(trend_chart(view.trend),
                 view.trend.rename(columns=TREND_COLUMNS).drop(columns=["month", "chart_value"]),
                 key="trend", filename=f"complaints_trend_{to}.csv",
                 caption="Allegations recorded each month, and the total for the 12 months to each month.")

st.header("What the categories mean")
data_table(glossary().drop(columns="source").rename(columns=str.capitalize), key="glossary")
st.caption("Definitions from the Enfield Safer Neighbourhood Board pack (2015), after the MPS Directorate of "
           "Professional Standards. Counts under 10 are shown as '<10' and their shares are withheld.")
