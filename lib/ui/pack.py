""""Download the borough pack": both layouts, each as HTML and PDF, for the chosen borough, month and release.

The Safer Neighbourhood Board pack (``snb``) and the partnership's one-page indicator summaries
(``indicators``), as the command line writes them (``python -m lib.cli pack --layout ...``). Built lazily:
``st.download_button`` (Streamlit 1.67) takes a callable ``data``, run only when the reader clicks, so a rerun
of the page never renders a PDF (nor imports the printing libraries). The bytes go through the one cache
(:func:`lib.ui.cache.pack_bytes`), so a second click on the same pack is instant.
"""

from __future__ import annotations

import streamlit as st

from lib.periods import month_label
from lib.reference.boroughs import LONDON_CODE, borough_by_code
from lib.ui import cache

MIME = {"html": "text/html", "pdf": "application/pdf"}
FORMATS = ("html", "pdf")
# (layout, the button's words, what it holds): the order the crime page offers them
LAYOUTS = (
    ("snb", "Board pack", "the Safer Neighbourhood Board pack (recorded crime, what drove the change, "
                          "confidence, stop and search)"),
    ("indicators", "One-pagers", "the partnership's one-page indicator summaries (a page per indicator, for the "
                                 "financial year to date)"),
)


def download_pack(store, area_code: str, to: str, release: str | None, key: str = "pack",
                  compact: bool = False) -> None:
    """Buttons for both layouts, HTML and PDF each; for London, one line saying packs are per borough.
    ``compact`` (the deck's slide 7, in a narrow column beside the headline figures): a one-line caption and
    a row of two buttons per layout, so the slide keeps to one screen."""
    st.subheader("Download the borough pack")
    if area_code == LONDON_CODE:
        st.caption("Borough packs are written for one borough: choose a borough to download its pack.")
        return
    name = borough_by_code(area_code).name
    if compact:
        st.caption(f"{name}, the 12 months to {month_label(to)}.")
    else:
        st.caption(f"{name}, the 12 months to {month_label(to)}"
                   + (f", figures as published in the release of {month_label(release)}." if release
                      else ", figures from the newest release for each month.")
                   + " Two layouts: " + "; ".join(words for _, _, words in LAYOUTS) + ".")
    buttons = [(layout, label, fmt) for layout, label, _ in LAYOUTS for fmt in FORMATS]
    per_row = len(FORMATS) if compact else len(buttons)
    cols = [c for i in range(0, len(buttons), per_row) for c in st.columns(per_row)]
    for col, (layout, label, fmt) in zip(cols, buttons, strict=True):
        def make(fmt: str = fmt, layout: str = layout) -> bytes:
            return cache.pack_bytes(store, name, to, release, layout, fmt)
        col.download_button(f"{label} ({fmt.upper()})", data=make, mime=MIME[fmt],
                            file_name=f"{layout}_{name.replace(' ', '_')}_{to}.{fmt}", key=f"{key}_{layout}_{fmt}",
                            on_click="ignore")
