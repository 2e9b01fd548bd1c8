"""Drawing a table on the page (Streamlit): the one function that puts :mod:`lib.ui.tables`' formatted
frames on screen. Kept apart from :mod:`lib.ui.tables`, whose formatting is plain pandas shared with the
printed documents (the chart builders and the pack import it without Streamlit)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from lib.ui.tables import MISSING, SHORT_TABLE_ROWS, is_prose, styled, table_height


def show_table(table: pd.DataFrame, *, key: str, formats: Mapping[str, str] | None = None,
               chosen: str | None = None) -> None:
    """Draw ``table`` as the public reads it (module docstring): a full-width grid, first column pinned."""
    style = styled(table, formats, chosen)
    if len(table) <= SHORT_TABLE_ROWS or is_prose(style.data):
        # Short tables and prose as HTML tables: every row at once, large on a projector, and read by
        # screen readers (and browser tests) as the formatted text (a grid's accessible table holds raw
        # values such as 0.3704248).
        st.table(style, hide_index=True)
        return
    first = style.data.columns[0] if len(style.data.columns) else None
    config = {first: st.column_config.Column(pinned=True)} if first is not None else None
    st.dataframe(style, hide_index=True, width="stretch", height=table_height(len(table)), key=f"{key}_grid",
                 column_config=config, placeholder=MISSING)
