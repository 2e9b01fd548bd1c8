"""Reusable display components: every chart with its numbers, headline figures, RAG in words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

# Tables up to this many rows are drawn as plain HTML tables (readable on a projector, visible to
# a browser test); longer ones as the scrollable data grid.
STATIC_TABLE_MAX_ROWS = 40
CHART_HEIGHT = 420

# Status never by colour alone: a symbol and a word go with every colour.
RAG_LABELS: dict[str, str] = {
    "green": "✔ Green",
    "amber": "● Amber",
    "red": "✖ Red",
    "none": "– Not rated",
}

# Colour-blind-safe palette (Okabe–Ito) for categories; the projector theme uses the same.
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def rag_text(rag: str | None) -> str:
    """A RAG status as symbol and word, e.g. '✖ Red'."""
    return RAG_LABELS.get((rag or "none").lower(), RAG_LABELS["none"])


def _styled(table: pd.DataFrame, formats: Mapping[str, str] | None) -> Any:
    if not formats:
        return table
    usable = {k: v for k, v in formats.items() if k in table.columns}
    return table.style.format(usable, na_rep="–").hide(axis="index")


def data_table(table: pd.DataFrame, *, key: str, formats: Mapping[str, str] | None = None) -> None:
    """A table of numbers: static HTML when short, a data grid when long."""
    if len(table) <= STATIC_TABLE_MAX_ROWS:
        st.table(_styled(table, formats) if formats else table.style.hide(axis="index"))
    else:
        # Columns mixing numbers and '<10' are shown as text (Arrow needs one type per column).
        mixed = {c: "string" for c in table.columns if table[c].dtype == object}
        st.dataframe(table.astype(mixed), hide_index=True, key=f"{key}_grid")


def download_csv(table: pd.DataFrame, *, key: str, filename: str, label: str = "Download CSV") -> None:
    """The table's raw numbers as a CSV file."""
    st.download_button(
        label, data=table.to_csv(index=False).encode("utf-8"), file_name=filename, mime="text/csv",
        key=f"{key}_csv",
    )


def chart_with_table(
    chart: alt.Chart | alt.LayerChart | None,
    table: pd.DataFrame,
    *,
    key: str,
    filename: str,
    caption: str | None = None,
    formats: Mapping[str, str] | None = None,
    on_select: str = "ignore",
) -> Any:
    """A chart, its numbers as a table and a CSV download; returns the chart's selection state."""
    state = None
    chart_tab, table_tab = st.tabs(["Chart", "Numbers"])
    with chart_tab:
        if chart is not None:
            state = st.altair_chart(chart, key=f"{key}_chart", on_select=on_select, width="stretch")
        if caption:
            st.caption(caption)
    with table_tab:
        data_table(table, key=key, formats=formats)
        download_csv(table, key=key, filename=filename)
    return state


def headline(label: str, value: str, delta: str | None = None, *, help: str | None = None,
             lower_is_better: bool = True) -> None:
    """A headline figure. ``delta`` is shown as text with an arrow; its colour only repeats it."""
    st.metric(label, value, delta=delta, help=help, delta_color="inverse" if lower_is_better else "normal",
              border=True)


def selected_value(state: Any, field: str) -> Any:
    """The ``field`` of the first point selected in an Altair chart's selection state, if any."""
    if not state:
        return None
    selection = state.get("selection", {}) if isinstance(state, dict) else getattr(state, "selection", {})
    for points in selection.values():
        if isinstance(points, list) and points and field in points[0]:
            return points[0][field]
        if isinstance(points, dict) and field in points and points[field]:
            value = points[field]
            return value[0] if isinstance(value, list) else value
    return None
