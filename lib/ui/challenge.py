"""Slide blocks for the Challenge deck: large type for a room (no text under 24 px, headlines 64 px+).

Styling is one static stylesheet with no data in it; every figure is drawn with ordinary Streamlit
elements (st.metric, st.dataframe, st.markdown without HTML).
"""

from __future__ import annotations

import streamlit as st

from lib.views.challenge import RankedSlide, TargetSlide

STYLE = """<style>
[data-testid="stMain"] * { font-size: 26px; }
[data-testid="stMain"] kbd, [data-testid="stMain"] kbd * { font-size: 24px !important; }
[data-testid="stMain"] h1, [data-testid="stMain"] h1 * { font-size: 48px !important; }
[data-testid="stMain"] h2, [data-testid="stMain"] h2 * { font-size: 40px !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 88px !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 30px !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { padding: 2px 10px !important; }
</style>"""


def slide_style() -> None:
    """Apply the slide stylesheet (static: carries no data)."""
    st.markdown(STYLE, unsafe_allow_html=True)


def target_block(s: TargetSlide, numbers: bool) -> None:
    st.header(s.title)
    st.markdown(s.sentence)
    a, b, c = st.columns(3)
    a.metric("London change since the baseline", s.london_text)
    b.metric("Boroughs at or beyond the target", s.meeting_text)
    c.metric("Revision since first published", s.revision_text)
    if numbers:
        st.table(s.table.set_index("Measure"))


def ranked_block(s: RankedSlide, numbers: bool) -> None:
    st.header(s.title)
    st.markdown(s.sentence)
    t = s.table.set_index("Rank")
    half = (len(t) + 1) // 2
    left, right = st.columns(2)
    left.table(t.iloc[:half])
    right.table(t.iloc[half:])


BLOCKS = {TargetSlide: target_block, RankedSlide: ranked_block}


def slide_block(slide, numbers: bool) -> None:
    BLOCKS[type(slide)](slide, numbers)
