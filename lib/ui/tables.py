"""Tables as the public reads them: screen names, numbers formatted by kind, the chosen area marked.

One helper, :func:`lib.ui.drawn_tables.show_table`, draws every table on every page (through
``lib.ui.widgets.data_table``): up to 40 rows as a Streamlit table (all rows, wrapped, accessible as
formatted text), longer ones as the data grid; no index, a screen name for every column
(:func:`screen_name`), numbers formatted by what they are (counts with thousands separators, % changes
to one decimal with a sign, rates and ratios to two decimals; never ``-0.0`` or ``6276.000000``),
missing values as a dash (a suppressed count arrives as its own text column, '<10'), and the chosen
area's row shaded and marked ▶ (a symbol as well as a colour). The data stay typed: formats apply to
the display only (a pandas Styler), so the grid sorts numbers as numbers.

:func:`display_frame` and :func:`cell_formats` are plain functions (no Streamlit) for tests and the
printed pack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

MISSING = "–"
CHOSEN_MARK = "▶"
CHOSEN_BACKGROUND = "#FFF1C2"  # pale amber under black text: contrast 18:1
CHOSEN_PROPS = [("background-color", CHOSEN_BACKGROUND), ("font-weight", "bold")]
CHOSEN_CSS = "; ".join(f"{k}: {v}" for k, v in CHOSEN_PROPS)
ROW_PX, HEADER_PX = 35, 38  # Streamlit's grid row and header heights
SHORT_TABLE_ROWS = 40  # up to this many rows a table shows all of them (no inner scroll)
LONG_TABLE_PX = 560
PROSE_CHARS = 60  # a text-only table with a cell longer than this is prose (definitions): wrapped, not a grid

# Screen names for the store's column names that reach a table; anything else in snake_case is
# written out in words by :func:`screen_name`.
SCREEN_NAMES: dict[str, str] = {
    "area_name": "Area", "borough_name": "Borough", "ward_name": "Ward", "area": "Area",
    "current": "Latest 12 months", "previous": "Previous 12 months", "baseline": "Baseline year (crimes)",
    "pct_change": "% change", "mps_pct_change": "London % change", "rate_per_1000": "Rate per 1,000",
    "london_rate_per_1000": "London (MET) rate", "rank": "Rank", "group_rank": "Rank in group",
    "group_average": "Group average rate", "meets_target": "Meets target", "status": "Status",
    "releases": "Figures from release(s)", "month": "Month", "rolling_12": "Rolling 12-month total",
    "target_pct": "Target % change", "count": "Count", "year": "Year", "month_of_year": "Month of the year",
    "release": "Release", "quarter": "Quarter", "period": "Period", "value": "Value", "measure_label": "Measure",
}
# Columns the screen never shows (codes and chart helpers); they stay in the CSV.
HIDDEN = re.compile(r"^(.*_code|tooltip|is_selected|chart_value)$")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
NEGATIVE_ZERO = re.compile(r"^[-+]0([.,]0+)?%?$")


def screen_name(column: str) -> str:
    """A column's name for the screen: :data:`SCREEN_NAMES`, else snake_case written out ('per_100' -> 'Per 100')."""
    if column in SCREEN_NAMES:
        return SCREEN_NAMES[column]
    if SNAKE.match(column) or column.islower():
        return column.replace("_", " ").capitalize()
    return column


def number_text(value: Any, fmt: str, missing: str = MISSING) -> str:
    """``value`` in the Python format ``fmt``; ``missing`` for None/NaN; never a negative zero ('-0.0' -> '0.0')."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return missing
    if isinstance(value, str):
        return value
    text = fmt.format(value)
    return text.lstrip("+-") if NEGATIVE_ZERO.match(text) else text


def default_format(name: str, values: pd.Series) -> str | None:
    """The format of a numeric column by its kind, read from its screen name and values.

    Ranks, years and other whole numbers: thousands separators ('6,276'); % changes: one decimal with a
    sign ('+11.1'); rates, ratios and averages: two decimals; anything else: two decimals. Text: None.
    """
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return None
    low = name.lower()
    if "rank" in low or re.search(r"\byear\b|wards in", low):
        return "{:.0f}"
    if "%" in low or "change" in low:
        return "{:+.1f}"
    if re.search(r"rate|per 1,000|per 100|ratio|average|distance", low):
        return "{:,.2f}"
    finite = values.dropna()
    if len(finite) == 0 or (finite == finite.round()).all():
        return "{:,.0f}"
    return "{:,.2f}"


# Codes in a downloaded CSV, under display names (they identify areas for anyone joining the file to theirs).
CODE_NAMES: dict[str, str] = {"area_code": "ONS code", "borough_code": "ONS code", "ward_code": "Ward ONS code",
                              "lsoa_code": "LSOA code", "msoa_code": "MSOA code"}
CHART_ONLY = re.compile(r"^(tooltip|tip|is_selected|chart_value)$")


def csv_frame(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` as a CSV download carries it: the table's screen names (:func:`display_frame`), the
    codes kept under display names (:data:`CODE_NAMES`, 'ONS code'), chart helpers dropped, values
    untouched. A code column equal to one already kept (area_code and borough_code) is kept once."""
    kept: dict[str, str] = {}  # column -> its name in the file
    for c in map(str, table.columns):
        if CHART_ONLY.match(c):
            continue
        name = CODE_NAMES.get(c, screen_name(c)) if HIDDEN.match(c) else screen_name(c)
        twin = next((k for k, v in kept.items() if v == name), None)
        if twin is not None and HIDDEN.match(c) and table[twin].equals(table[c]):
            continue  # the same codes under a second name
        # a name already taken falls back to the screen name, then to the column's own name
        kept[c] = next(n for n in (name, screen_name(c), c) if n not in kept.values() or n == c)
    return table[list(kept)].rename(columns=kept).reset_index(drop=True)


def display_frame(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with screen names and without the columns the screen never shows (codes, chart helpers);
    the values are untouched. Two columns that would share a screen name keep their own."""
    shown = [c for c in table.columns if not HIDDEN.match(str(c))]
    names: dict[str, str] = {}
    for c in shown:
        n = screen_name(str(c))
        names[c] = n if n not in names.values() else str(c)
    return table[shown].rename(columns=names).reset_index(drop=True)


def cell_formats(frame: pd.DataFrame, formats: Mapping[str, str] | None = None,
                 chosen: str | None = None) -> dict[str, Callable[[Any], str]]:
    """One display function per column of ``frame`` (screen names): ``formats`` (Python format strings by
    screen name) where given, else :func:`default_format`; True/False as Yes/No; missing as a dash; the
    ``chosen`` area's name marked ▶."""
    out: dict[str, Callable[[Any], str]] = {}
    for c in frame.columns:
        values = frame[c]
        fmt = (formats or {}).get(c) or default_format(c, values)
        if pd.api.types.is_bool_dtype(values):
            out[c] = lambda v: MISSING if v is None or pd.isna(v) else "Yes" if v else "No"
        elif fmt is not None:
            out[c] = lambda v, f=fmt: number_text(v, f)
        else:
            out[c] = lambda v: _text(v, chosen)
    return out


def _text(v: Any, chosen: str | None) -> str:
    if v is None or pd.isna(v):
        return MISSING
    text = str(v)
    return f"{CHOSEN_MARK} {text}" if chosen is not None and text == chosen else text


def _is_chosen(text: str, chosen: str) -> bool:
    """The chosen area's name, bare or already marked by the view ('▶ Enfield')."""
    return text == chosen or (text.endswith(" " + chosen) and not text[0].isalnum()
                              and len(text.split(" ", 1)[0]) == 1)


def chosen_rows(frame: pd.DataFrame, chosen: str | None) -> pd.Series:
    """True for rows whose text equals ``chosen`` in any text column."""
    hit = pd.Series(False, index=frame.index)
    if chosen is None:
        return hit
    for c in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]):
            hit |= frame[c].map(lambda v: isinstance(v, str) and _is_chosen(v, chosen)).to_numpy(dtype=bool)
    return hit


def styled(table: pd.DataFrame, formats: Mapping[str, str] | None = None, chosen: str | None = None) -> Any:
    """The Styler the grid draws (pandas' public Styler API): screen names, every cell formatted, the chosen
    row shaded."""
    frame = display_frame(table)
    style = frame.style.format(cell_formats(frame, formats, chosen)).hide(axis="index")
    rows = chosen_rows(frame, chosen)
    if rows.any():  # one call for the whole table (a call a row was a fifth of drawing a short table)
        css = np.where(rows.to_numpy(dtype=bool)[:, None], CHOSEN_CSS, "")
        style = style.apply(lambda d: pd.DataFrame(np.broadcast_to(css, d.shape), index=d.index, columns=d.columns),
                            axis=None)
    return style


def is_prose(table: pd.DataFrame) -> bool:
    """Only text columns, and some cell is a sentence: a grid would cut it off, so it is drawn wrapped."""
    if not len(table) or any(pd.api.types.is_numeric_dtype(table[c]) for c in table.columns):
        return False
    return bool(table.astype("str").map(len).to_numpy().max() > PROSE_CHARS)


def table_height(rows: int) -> int | str:
    """All rows of a short table (no inner scroll: reads on a projector and in a browser test); long ones scroll."""
    return HEADER_PX + ROW_PX * max(rows, 1) + 3 if rows <= SHORT_TABLE_ROWS else LONG_TABLE_PX
