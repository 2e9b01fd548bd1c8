"""Streamlit's display values of a styled table, put together a column at a time instead of a cell at a time.

Streamlit 1.67 draws a pandas Styler (every table of :mod:`lib.ui.tables`) by sending the table's values
and, beside them, each cell's formatted text. Its ``_use_display_values`` writes that text in with one
``DataFrame.iloc[rows, column] = texts`` per column after a ``df.astype(str)`` of the whole table; on
pandas 3's string columns both are slow (a fifth of a new session's table cost under
``benchmarks/load.py``, round 6). Our tables format every cell, so a column's texts can be built as
one column directly: :func:`use_display_values` does that and gives the same frame (same texts, same
``str`` dtype, same index and columns); a column that is not wholly formatted goes the original way.

Imported for its effect by :mod:`lib.ui.tables` (:func:`install` is idempotent). The test compares the
result with Streamlit's own function on real tables.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd
from streamlit.elements.lib import pandas_styler_utils as _psu

_CELL = re.compile(r"row(\d+)_col(\d+)")
_original = getattr(_psu, "_use_display_values", None)


def _text(display_value: Any) -> str:
    return str(display_value.value) if isinstance(display_value, Enum) else str(display_value)


def use_display_values(df: pd.DataFrame, styles: Mapping[str, Any]) -> pd.DataFrame:
    """``df`` with each cell's display value (Streamlit's ``_use_display_values``, a column at a time)."""
    if _DISPLAY in styles:  # worked out already by :func:`drawn_directly`
        return styles[_DISPLAY]
    by_col: defaultdict[int, dict[int, str]] = defaultdict(dict)
    for row in styles.get("body", []):
        for cell in row:
            cell_id = cell.get("id")
            if not cell_id:
                continue
            match = _CELL.match(cell_id)
            if not match:
                continue
            r, c = map(int, match.groups())
            by_col[c][r] = _text(cell.get("display_value"))
    n = len(df)
    columns: list[pd.Series] = []
    for c in range(df.shape[1]):
        texts = by_col.get(c)
        if texts is not None and len(texts) == n and all(i in texts for i in range(n)):
            columns.append(pd.Series([texts[i] for i in range(n)], dtype=str))
        else:  # the original way: the column as text, then the formatted cells written in
            col = df.iloc[:, c].astype(str).reset_index(drop=True)
            if texts:
                col.iloc[list(texts)] = list(texts.values())
            columns.append(col)
    if not columns:
        return df.astype(str)
    out = pd.concat(columns, axis=1, ignore_index=True)  # by position: the index is set after
    out.index, out.columns = df.index, df.columns
    return out


def drawn_directly(style: Any, rows: Any, props: list[tuple[str, str]]) -> Any:
    """``style`` (every column formatted by one function, as :func:`lib.ui.tables.styled` makes it) with
    the two steps Streamlit's Styler marshalling asks of it answered directly: its CSS (``props`` on every
    cell of the ``rows`` marked True, as pandas groups them) and each cell's text (the column's function
    on each value, as pandas' ``_translate`` calls it), instead of pandas laying out every cell as HTML.
    Streamlit sends the same table (``tests/ui/test_styler_fast.py`` compares the marshalled bytes). Set
    on this object only; ``to_html`` would still need the whole layout, so only the drawing calls this."""
    frame = style.data
    n, width = frame.shape
    funcs = []
    for c in range(width):
        f = style._display_funcs[(0, c)] if n else None
        if n and any(style._display_funcs[(r, c)] is not f for r in range(n)):
            return style  # a column not formatted by one function: pandas' own way
        funcs.append(f)
    chosen = np.flatnonzero(np.asarray(rows, dtype=bool))

    def _compute() -> Any:
        return style

    def _translate(sparse_index: bool, sparse_columns: bool, *args: Any, **kwargs: Any) -> dict[str, Any]:
        texts = [pd.Series([_text(f(v)) for v in frame.iloc[:, c]], dtype=str) for c, f in enumerate(funcs)]
        display = pd.concat(texts, axis=1, ignore_index=True) if texts else frame.astype(str)
        display.index, display.columns = frame.index, frame.columns
        cells = [f"row{r}_col{c}" for r in chosen for c in range(width)]
        return {"table_styles": [], "cellstyle": [{"props": props, "selectors": cells}] if cells else [],
                "body": [], _DISPLAY: display}

    style._compute, style._translate = _compute, _translate
    return style


_DISPLAY = "policing_display_values"  # the display frame :func:`drawn_directly` hands to use_display_values


def install() -> None:
    """Use :func:`use_display_values` in Streamlit's Styler marshalling (once; no effect on another
    Streamlit without the private function)."""
    if _original is not None and _psu._use_display_values is not use_display_values:
        _psu._use_display_values = use_display_values


def installed() -> bool:
    return _psu._use_display_values is use_display_values


install()
