"""About the data: sources, licence, coverage, last ingest, definitions."""

import streamlit as st

from lib.errors import UsageError
from lib.ui import cache
from lib.ui.frame import page_frame
from lib.ui.widgets import chart_with_table, data_table, download_csv

REVISION_FORMATS = {"Revision": "{:+,.0f}", "% of earlier": "{:+.1f}%"}

frame = page_frame(
    "About the data",
    intro="Where every figure comes from, what period it covers, and what each measure means.",
)
view = cache.about_view(frame.store)

st.header("This store")
if view.is_demo:
    st.markdown("This is the **demonstration store** shipped with the dashboard. Its figures are generated, "
                "not published. To show official figures, ingest the published files (see below).")
else:
    st.markdown(f"Built from the published files on **{view.created_label}**.")
for label, note in view.plain_notes:
    st.markdown(f"- **{label}**: {note}")
if view.technical_notes:
    with st.expander("Technical notes (for analysts)"):
        for key, note in view.technical_notes:
            st.markdown(f"- `{key}`: {note}")

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

st.header("Coverage")
data_table(view.coverage, key="coverage", cached=True)

st.header("Definitions")
data_table(view.glossary, key="glossary", cached=True)

st.header("Sources and licence")
st.markdown(view.licence)
if len(view.sources):
    data_table(view.sources, key="sources", cached=True)
    download_csv(view.sources, key="sources", filename="sources.csv")
st.markdown(
    "To load the official files: `python -m lib.cli ingest ../shared/data --store store/official`, then start "
    "the dashboard with `POLICING_STORE=store/official streamlit run app.py`. Complaints by borough and victim "
    "satisfaction are not published: an extract held by the Met or MOPAC can be loaded with the same command in "
    "the documented import formats (docs/import_formats/complaints.md and docs/import_formats/uss.md)."
)

st.header(f"Ingest warnings ({len(view.warnings)})")
for w in view.warnings:
    st.markdown(f"- {w}")
