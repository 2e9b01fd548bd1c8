""""Download the borough pack": HTML and PDF buttons for the chosen borough, month and release.

Built lazily: ``st.download_button`` (Streamlit 1.67) takes a callable ``data``, run only when the
reader clicks, so a rerun of the page never renders a PDF. The bytes go through the one cache
(:func:`lib.ui.cache.compute`), so a second click on the same pack is instant.
"""

from __future__ import annotations

import streamlit as st

from lib.commands.pack import pack_bytes
from lib.periods import month_label
from lib.reference.boroughs import LONDON_CODE, borough_by_code
from lib.ui.cache import compute
from lib.views.pack import pack_sources

MIME = {"html": "text/html", "pdf": "application/pdf"}


def _pack(store, name: str, to: str, release: str | None, layout: str, fmt: str) -> bytes:
    """The pack's bytes from the store's pack sources for the release (crime dataset and stop-and-search
    records), read once and held in the cache for every pack."""
    return pack_bytes(compute(store, pack_sources, release), name, to, layout, fmt)


def download_pack(store, area_code: str, to: str, release: str | None, layout: str = "snb", key: str = "pack") -> None:
    """Two buttons (HTML, PDF) for the borough pack; for London, one line saying packs are per borough."""
    st.subheader("Download the borough pack")
    if area_code == LONDON_CODE:
        st.caption("Borough packs are written for one borough: choose a borough to download its pack.")
        return
    name = borough_by_code(area_code).name
    st.caption(f"The {name} performance pack for the 12 months to {month_label(to)}"
               + (f", figures as published in the release of {month_label(release)}." if release
                  else ", figures from the newest release for each month."))
    cols = st.columns(2)
    for col, fmt in zip(cols, ("html", "pdf"), strict=True):
        def make(fmt: str = fmt) -> bytes:
            return compute(store, _pack, name, to, release, layout, fmt)
        col.download_button(f"Borough pack ({fmt.upper()})", data=make, mime=MIME[fmt],
                            file_name=f"pack_{name.replace(' ', '_')}_{to}.{fmt}", key=f"{key}_{fmt}",
                            on_click="ignore")
