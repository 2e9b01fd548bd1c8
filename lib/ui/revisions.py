"""What the newest release revised: one block, drawn on the About page (every area) and on the crime page
(the chosen area, when its figures are the newest for each month rather than pinned to one release)."""

from __future__ import annotations

import streamlit as st

from lib.store import Store
from lib.ui import cache
from lib.ui.widgets import chart_with_table

REVISION_FORMATS = {"Revision": "{:+,.0f}", "% of earlier": "{:+.1f}%"}
DEFINITION = ("A revision is a change, in a later release, to a figure the Met had already published. ")


def revisions_block(store: Store, area_code: str | None, key: str = "revisions") -> None:
    """The sentence, what was compared, the revisions over the threshold (largest first) and any break in
    the series, for ``area_code`` (None: London and every borough); one plain line when no two releases
    can be compared."""
    if not store.has("crime_borough"):
        st.info("No recorded-crime figures are loaded here, so there are no releases to compare.")
        return
    revised = cache.revisions_view(store, None, None, area_code)
    if isinstance(revised, cache.Refused):
        st.info(f"No revisions can be shown: {revised}.")
        return
    st.markdown(revised.sentence)
    st.caption(f"{DEFINITION}Compared: {revised.compared_words}. Listed: figures {revised.threshold_words}, "
               "largest first.")
    if len(revised.table):
        chart_with_table(None, revised.table, key=key, cached=True, formats=REVISION_FORMATS,
                         filename=f"crime_revisions_{revised.from_release}_{revised.to_release}.csv")
    for note in revised.note_words:
        st.caption(note)
