"""Complaints against borough officers and staff (the Enfield SNB pack's complaints section)."""

import streamlit as st

from lib.ui import cache
from lib.ui.charts import MARKER, allegations_trend
from lib.ui.charts_other import category_rows, ranked_with_london
from lib.ui.formats import count_text, number_text
from lib.ui.frame import page_frame
from lib.ui.params import url_month
from lib.ui.widgets import chart_with_table, data_table, headline
from lib.views.complaints import FORMATS, has_complaints

NO_EXTRACT = "**No official complaints figures are published by borough**, so {what}."


frame = page_frame(
    "Complaints against officers and staff",
    intro="Public complaint allegations against borough police officers and staff: how many, how that compares "
    "with a year before and with other boroughs, what they allege and how they ended.",
)
if not has_complaints(frame.store):
    frame.answer.info(NO_EXTRACT.format(what="this dashboard has none to show"))
    st.stop()
if frame.store.is_demo:
    st.info(NO_EXTRACT.format(what="the complaints figures on this page are **demonstration data**, invented "
                              "at the levels of the Enfield Safer Neighbourhood Board pack (2015)"))

with frame.controls:
    to = url_month("12 months to", cache.complaints_periods(frame.store), key="to",
                   help="The last month of the 12-month period; it is compared with the same 12 months a year before.")
view = cache.complaints_view(frame.store, frame.borough_code, to)
s = view.summary
with frame.answer:
    st.markdown(view.answer)
    headline("Allegations in 12 months", count_text(s.allegations), view.change_text,
             help=f"{count_text(s.previous)} in {s.period.previous_label}.")
st.markdown(f"**{s.borough_name}: {s.period.label}**, compared with {s.period.previous_label}. An allegation is "
            "counted once for each officer or staff member it names. London is the sum of the 32 boroughs.")

cols = st.columns(2)
with cols[0]:
    headline("Per 100 workforce", number_text(s.per_100_workforce, "{:.1f}"),
             help="Allegations divided by the average number of officers and staff over the 12 months, times 100.")
with cols[1]:
    headline("Workforce (average)", number_text(s.workforce, "{:,.0f}"),
             help="Police officers plus police staff, averaged over the months of the period.")

st.header("Allegations by borough")
st.caption(f"Ranked by allegations, {s.period.label}. The orange bar is the London average per borough; the chosen "
           f"area is marked {MARKER}. Fewer than 10 allegations are shown as '<10'.")
chart_with_table(ranked_with_london(view.boroughs, "chart_value", "Allegations", view.london["allegations"],
                                    "London average (per borough)", s.borough_name, "{:,.0f}", shown="allegations"),
                 view.borough_table,
                 key="boroughs", filename=f"complaints_by_borough_{to}.csv", formats=FORMATS, chosen=s.borough_name)

st.header("Change on a year before")
chart_with_table(ranked_with_london(view.boroughs, "pct_change", ["% change on the", "12 months before"],
                                    view.london["pct_change"], "London", s.borough_name, "{:+.1f}%"),
                 view.change_table,
                 key="change", filename=f"complaints_change_{to}.csv", formats=FORMATS,
                 caption=f"Highest increase first, against {s.period.previous_label}. The orange bar is London as a "
                 "whole. No change is given where either year has fewer than 10 allegations.")

st.header("Allegations per 100 workforce")
chart_with_table(ranked_with_london(view.boroughs, "per_100_workforce", ["Allegations per 100", "officers and staff"],
                                    view.london["per_100_workforce"], "London", s.borough_name, "{:.1f}"),
                 view.per_100_table,
                 key="per100", filename=f"complaints_per_100_workforce_{to}.csv", formats=FORMATS,
                 caption="Allows even comparison between boroughs with a large or small workforce. The orange bar is "
                 "London as a whole.")

st.header(f"What was alleged in {s.borough_name}")
chart_with_table(category_rows(view.types, "Allegations", with_change=True),
                 view.types_table,
                 key="types", filename=f"complaints_by_type_{to}.csv", formats=FORMATS,
                 caption="In brackets: share of all allegations in the period. Change: on the same 12 months a year "
                 f"before ({s.period.previous_label}).")

st.header(f"How allegations ended in {s.borough_name}")
chart_with_table(category_rows(view.outcomes, "Allegations", with_change=False),
                 view.outcomes_table,
                 key="outcomes", filename=f"complaints_by_outcome_{to}.csv", formats=FORMATS,
                 caption=f"Shares are of the {view.finalised:,} allegations with a finalised outcome. Allegations "
                 "'not yet finalised' were still open when the data were extracted.")

st.header("Monthly trend")
chart_with_table(allegations_trend(view.trend),
                 view.trend_table,
                 key="trend", filename=f"complaints_trend_{to}.csv",
                 caption="Allegations recorded each month, and the total for the 12 months to each month.")

st.header("What the categories mean")
data_table(view.glossary, key="glossary", cached=True)
st.caption("Definitions from the Enfield Safer Neighbourhood Board pack (2015), after the MPS Directorate of "
           "Professional Standards. IPCC: the Independent Police Complaints Commission, since 2018 the Independent "
           "Office for Police Conduct (IOPC); PCC: Police and Crime Commissioner (in London, the Mayor through "
           "MOPAC). Counts under 10 are shown as '<10' and their shares are withheld.")
