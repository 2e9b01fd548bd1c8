"""Reference page for benchmarks: what Streamlit itself costs for a typical dashboard page.

A title, a 32-line × 120-month Altair chart, a 1,000-row table and one pydeck layer, all over data
cached with ``st.cache_data`` (so a warm rerun measures Streamlit, not the arithmetic). Run by
``benchmarks/crime_page.py`` with AppTest; not part of the app.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st


@st.cache_data
def _data() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(1)
    months = pd.period_range("2015-01", periods=120, freq="M").astype(str)
    lines = pd.DataFrame(
        [(f"Area {i:02d}", m, float(v)) for i in range(32) for m, v in zip(months, rng.poisson(500, 120), strict=True)],
        columns=["area", "month", "count"],
    )
    table = pd.DataFrame({"id": range(1000), "value": rng.normal(size=1000), "name": [f"row {i}" for i in range(1000)]})
    points = pd.DataFrame({"lon": -0.1 + rng.normal(0, 0.1, 500), "lat": 51.5 + rng.normal(0, 0.05, 500)})
    return lines, table, points


lines, table, points = _data()
st.title("Reference page")
st.altair_chart(alt.Chart(lines).mark_line().encode(x="month:O", y="count:Q", color="area:N"), width="stretch")
st.dataframe(table, hide_index=True)
st.pydeck_chart(pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", data=points, id="ref-points", get_position="[lon, lat]",
                                           get_radius=100)], map_provider=None, map_style=None))
