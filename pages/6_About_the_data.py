"""About the data: sources, licence, coverage, last ingest, definitions."""

import streamlit as st

from lib.ui import cache
from lib.ui.frame import page_frame
from lib.ui.revisions import revisions_block
from lib.ui.widgets import data_table, download_csv, headline

frame = page_frame(
    "About the data",
    intro="Where every figure comes from, what period it covers, and what each measure means.",
)
view = cache.about_view(frame.store)
with frame.answer:
    st.markdown(view.answer)
    if view.latest_crime:
        headline("Latest month of recorded crime", view.latest_crime,
                 help="Each page's period pickers offer every month the figures cover.")

st.header("This store")
if view.is_demo:
    st.markdown("This is the **demonstration store** shipped with the dashboard. Its figures are generated, "
                "not published. To show official figures, the published files have to be loaded (see the notes for "
                "analysts below).")
else:
    st.markdown(f"Built from the published files on **{view.created_label}**.")
for label, note in view.plain_notes:
    st.markdown(f"- **{label}**: {note}")

st.header("What the newest release revised")
revisions_block(frame.store, None)

st.header("What the figures cover")
data_table(view.topics, key="topics", formats={"Records": "{:,}"}, cached=True)

st.header("Definitions")
st.caption("The words and abbreviations the pages use, and where each definition comes from.")
data_table(view.glossary, key="glossary", cached=True)

st.header("Sources and licence")
st.markdown(view.licence)
st.markdown(
    "Complaints by borough and victim satisfaction (the User Satisfaction Survey) are not published; an extract "
    "held by the Met or MOPAC can be loaded in the documented import formats (see the notes for analysts)."
)
if view.warnings:
    st.markdown(f"Loading the files raised **{len(view.warnings)} warnings** (files left out, gaps, revised "
                "figures): they are listed for analysts below.")

with st.expander("Technical notes (for analysts)"):
    for key, note in view.technical_notes:
        st.markdown(f"- `{key}`: {note}")
    st.markdown("**Tables in the store**")
    data_table(view.coverage, key="coverage", cached=True)
    if len(view.sources):
        st.markdown("**Files read**")
        data_table(view.sources, key="sources", cached=True)
        download_csv(view.sources, key="sources", filename="sources.csv")
    st.markdown(
        "To load the official files: `python -m lib.cli ingest ../shared/data --store store/official`, then start "
        "the dashboard with `POLICING_STORE=store/official streamlit run app.py`. A complaints or victim "
        "satisfaction extract is loaded with the same command in the documented import formats "
        "(docs/import_formats/complaints.md and docs/import_formats/uss.md)."
    )
    st.markdown(f"**Ingest warnings ({len(view.warnings)})**")
    for w in view.warnings:
        st.markdown(f"- {w}")
