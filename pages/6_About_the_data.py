"""About the data: sources, licence, coverage, last ingest, definitions."""

import streamlit as st

from lib.about import LICENCE, coverage, glossary, ingest_summary, source_files
from lib.ui.frame import page_frame
from lib.ui.widgets import data_table, download_csv

frame = page_frame(
    "About the data",
    intro="Where every figure comes from, what period it covers, and what each measure means.",
)
summary = ingest_summary(frame.store)

st.header("This store")
if summary["kind"] == "demo":
    st.markdown("This is the **demonstration store** shipped with the dashboard. Its figures are generated, "
                "not published. To show official figures, ingest the published files (see below).")
else:
    st.markdown(f"Built from the published files on **{summary['created']}** (UTC).")
for key, note in summary["notes"].items():
    st.markdown(f"- **{key}**: {note}")

st.header("Coverage")
data_table(coverage(frame.store), key="coverage")

st.header("Definitions")
data_table(glossary(), key="glossary")

st.header("Sources and licence")
st.markdown(LICENCE)
files = source_files(frame.store)
if len(files):
    data_table(files, key="sources")
    download_csv(files, key="sources", filename="sources.csv")
st.markdown(
    "To load the official files: `python -m lib.cli ingest ../shared/data --store store/official`, then start "
    "the dashboard with `POLICING_STORE=store/official streamlit run app.py`."
)

st.header(f"Ingest warnings ({len(summary['warnings'])})")
for w in summary["warnings"]:
    st.markdown(f"- {w}")
