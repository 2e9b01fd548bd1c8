"""Reusable display components: every chart with its numbers, headline figures, RAG in words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from lib.ui import cache, drawn_tables, tables, theme

CHART_HEIGHT = 420

def data_table(table: pd.DataFrame, *, key: str, formats: Mapping[str, str] | None = None,
               cached: bool = True, chosen: str | None = None) -> None:
    """A table of numbers as the public reads it (:func:`lib.ui.drawn_tables.show_table`): screen names, numbers
    by kind, the ``chosen`` area's row marked ▶ and shaded.

    By default (``cached=True``) each distinct table is drawn once and the drawn element replayed on later reruns
    (:func:`lib.ui.cache.replayed_table`, keyed by the table's content), so a rerun does not format and marshal
    it again; ``cached=False`` draws it on every run.
    """
    if cached:
        cache.replayed_table(table, key, cache.table_formats(formats), chosen)
    else:
        drawn_tables.show_table(table, key=key, formats=formats, chosen=chosen)


def _csv_bytes(table: pd.DataFrame) -> bytes:
    """The table's numbers as CSV, columns under the table's screen names, codes as 'ONS code'
    (:func:`lib.ui.tables.csv_frame`)."""
    return tables.csv_frame(table).to_csv(index=False).encode("utf-8")


def download_csv(table: pd.DataFrame, *, key: str, filename: str, label: str = "Download CSV",
                 deferred: bool = False) -> None:
    """The table's raw numbers as a CSV file (``deferred=True``: written when the button is clicked)."""
    st.download_button(
        label, data=partial(_csv_bytes, table) if deferred else _csv_bytes(table), file_name=filename,
        mime="text/csv", key=f"{key}_csv",
    )


def vega_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """An Altair chart as a Vega-Lite spec (Altair's public ``to_dict``, data inline, Altair's own
    settings), for ``st.vega_lite_chart``. Not validated again as a whole (Altair validates each part as it
    is made; the chart builders' tests validate whole specs)."""
    return theme.narrow_screen(theme.themed(chart.to_dict(validate=False)))


def chart_spec(build: Callable[..., Any], *args: Any) -> dict[str, Any]:
    """``build(*args)`` (a module-level function returning an Altair chart) as a Vega-Lite spec, built once
    per distinct arguments (:func:`lib.ui.cache.chart_spec`). Pass it to :func:`chart_with_table` or
    :func:`vega_chart` like a chart. Treat the result as read-only."""
    return cache.chart_spec(build, *args)


def vega_chart(chart: alt.TopLevelMixin | Mapping[str, Any], *, key: str, on_select: str = "ignore",
               height: int | None = None) -> Any:
    """Draw an Altair chart, or a spec from :func:`chart_spec`, full width; returns the selection state.

    ``height`` (pixels) is for charts too short for Streamlit's own sizing (a map's key).
    """
    if isinstance(chart, cache.ChartSpec) and on_select == "ignore":  # drawn once, replayed on reruns
        cache.drawn_chart(chart.name, chart.args, key, height, chart.build)
        return None
    size: dict[str, Any] = {"width": "stretch"} | ({"height": height} if height else {})
    spec = dict(chart) if isinstance(chart, Mapping) else vega_spec(chart)
    return st.vega_lite_chart(spec=spec, key=key, on_select=on_select, **size)


def chart_with_table(
    chart: alt.Chart | alt.LayerChart | Mapping[str, Any] | None,
    table: pd.DataFrame,
    *,
    key: str,
    filename: str,
    caption: str | None = None,
    formats: Mapping[str, str] | None = None,
    on_select: str = "ignore",
    cached: bool = False,
    chosen: str | None = None,
) -> Any:
    """A chart, its numbers as a table and a CSV download; returns the chart's selection state.

    ``chart`` may be an Altair chart or a spec from :func:`chart_spec`. ``cached=True`` replays the
    drawn table on reruns (:func:`data_table`) and writes the CSV only when it is downloaded; ``chosen``
    (an area's name) marks its row.
    """
    if chart is None:  # a table in its own right (or the numbers beside a map): show it directly
        data_table(table, key=key, formats=formats, cached=cached, chosen=chosen)
        download_csv(table, key=key, filename=filename, deferred=cached)
        if caption:
            st.caption(caption)
        return None
    state = None
    chart_tab, table_tab = st.tabs(["Chart", "Numbers"])
    with chart_tab:
        state = vega_chart(chart, key=f"{key}_chart", on_select=on_select)
        if caption:
            st.caption(caption)
    with table_tab:
        data_table(table, key=key, formats=formats, cached=cached, chosen=chosen)
        download_csv(table, key=key, filename=filename, deferred=cached)
    return state


def headline(label: str, value: str, delta: str | None = None, *, help: str | None = None,
             lower_is_better: bool = True, real: bool | None = None) -> None:
    """A headline figure. ``delta`` is shown as text with an arrow and its verdict in words; the colour
    only repeats it, and is grey when the change is within normal variation or the margin of error
    (``real`` False): red or green would call it better or worse when the test does not."""
    colour = "off" if real is False else "inverse" if lower_is_better else "normal"
    st.metric(label, value, delta=delta, help=help, delta_color=colour, border=True)


def section(label: str, key: str) -> Any:
    """A part of the page the reader opens (Streamlit's expander, closed at first): its container when open, else
    None, so what is inside is worked out only when asked for. Its state is in the URL as ``key=true`` (Streamlit's
    ``bind="query-params"``; any other value is read as closed and dropped), so an opened section can be shared."""
    box = st.expander(label, key=key, bind="query-params")
    return box if box.open else None


def refused(answer: Any, words: str) -> bool:
    """Whether a cached ``answer`` is a refusal (:class:`lib.ui.cache.Refused`); if so it is shown as one plain
    line, ``words: the reason``."""
    if isinstance(answer, cache.Refused):
        st.info(f"{words}: {answer}")
        return True
    return False

