"""Challenge: the Deputy Mayor's performance session on one screen, one question per slide (issue 11)."""

from __future__ import annotations

import streamlit as st

from lib import choices
from lib.periods import financial_year
from lib.ui import cache
from lib.ui import challenge as blocks
from lib.ui.frame import page_frame
from lib.ui.params import url_int, url_month, url_select
from lib.views import challenge as deck_views

NEWEST = "newest"
frame = page_frame("Challenge", sidebar="collapsed")
if not frame.store.has("crime_borough"):
    st.info("This store has no recorded-crime tables yet. Ingest the MPS crime files to see the deck.")
    st.stop()
store = frame.store
blocks.slide_style()

with st.sidebar:  # the deck's choices live in the URL; the sidebar starts collapsed
    release_opt = url_select("Figures as published in", [NEWEST, *reversed(cache.crime_releases(store))],
                             key="release", default=NEWEST)
    release = None if release_opt == NEWEST else release_opt
    data = cache.crime_dataset(store, release)
    to = url_month("12 months to", list(data.ends), key="to")
    fy = url_select("Baseline year", list(data.financial_years) or ["2011/12"], key="baseline", default="2011/12")
    reduction = url_int("Target reduction (%)", key="reduction", default=choices.DEFAULT_REDUCTION,
                        min_value=choices.REDUCTION_BOUNDS[0], max_value=choices.REDUCTION_BOUNDS[1])

choices = deck_views.Choices(to=to, release=release, baseline=financial_year(fy), reduction=float(reduction),
                             neighbourhood=blocks.url_neighbourhood(store, "neighbourhood"),
                             compare=blocks.url_neighbourhood(store, "compare"),
                             borough=None if frame.is_london else frame.borough_name)
order = blocks.slide_order()

pos = blocks.slide_position(len(order))
prev_col, where, next_col, num_col = st.columns([1, 2, 1, 2])
prev_col.button("◀ Previous", shortcut="Left", disabled=pos <= 1, on_click=blocks.move, args=(-1, len(order)))
next_col.button("Next ▶", shortcut="Right", disabled=pos >= len(order), on_click=blocks.move, args=(1, len(order)))
where.markdown(f"Slide {pos} of {len(order)}")
numbers = num_col.toggle("Numbers", key="numbers")
slide = blocks.safe_slide(store, order[pos - 1], choices)
blocks.slide_block(slide, numbers, store, choices)
