"""London Policing Performance: the home page. Run with ``streamlit run app.py``."""

import streamlit as st

from lib.ui.frame import PAGES, page_frame

frame = page_frame(
    "London Policing Performance",
    intro=(
        "How the Metropolitan Police is doing, borough by borough, in plain words and honest figures: "
        "recorded crime against the MOPAC 7 target, public confidence and victim satisfaction, "
        "complaints, and stop and search. Every figure states its period, what it is compared with, "
        "and where it comes from."
    ),
)

st.header(f"Showing: {frame.borough_name}")
st.markdown("Choose an area at the top of any page; every page then opens on it. Copy the address bar to share a view.")

cols = st.columns(3)
for i, (path, label, icon) in enumerate(PAGES[1:]):
    with cols[i % 3]:
        st.page_link(path, label=label, icon=icon,
                     query_params={} if frame.is_london else {"borough": frame.borough_name})

st.header("Who this is for")
st.markdown(
    "- **Challenge sessions** at City Hall: one question a view, legible on the big screen.\n"
    "- **Borough commanders**: your borough against London and against the boroughs most like it.\n"
    "- **The public**: the same figures, with their uncertainty and their sources, no login."
)
