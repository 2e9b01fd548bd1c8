"""About the data: sources, licence, coverage, last ingest, definitions."""

import streamlit as st

from lib.errors import UsageError
from lib.ui import cache
from lib.ui.frame import page_frame
from lib.ui.widgets import chart_with_table, data_table, download_csv, headline

REVISION_FORMATS = {"Revision": "{:+,.0f}", "% of earlier": "{:+.1f}%"}

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
if not frame.store.has("crime_borough"):
    st.info("No recorded-crime figures are loaded here, so there are no releases to compare.")
else:
    try:
        revised = cache.revisions_view(frame.store, None, None, None)
    except UsageError as e:
        st.info(f"No revisions can be shown: {e}.")
    else:
        st.markdown(revised.sentence)
        st.caption("A revision is a change, in a later release, to a figure the Met had already published. "
                   f"Compared: {revised.compared_words}. Listed: figures {revised.threshold_words}, "
                   "largest first.")
        if len(revised.table):
            chart_with_table(None, revised.table, key="revisions", cached=True, formats=REVISION_FORMATS,
                             filename=f"crime_revisions_{revised.from_release}_{revised.to_release}.csv")
        for note in revised.note_words:
            st.caption(note)

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
