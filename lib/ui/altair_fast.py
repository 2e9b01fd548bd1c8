"""Altair's schema-class table, built once per process instead of on every channel it wraps.

Altair 6 turns every shorthand (``x="value:Q"``, each tooltip field) into a channel object through
``SchemaBase.from_dict``, which builds a fresh ``_FromDict`` converter each time, and that converter
hashes the JSON schema of every one of Altair's ~600 schema classes to build its lookup table. The
table depends only on the (fixed) set of classes, so it is built once here and shared: the charts
are the same objects with the same specs; building one costs about a third less (the server's
profile under ``benchmarks/load.py``: ~10% of its CPU was this hashing).

Imported for its effect by :mod:`lib.ui.widgets` (where the Streamlit side builds chart specs).
The converter only reads the table (a missing hash adds an empty list, as it would in its own).

It also turns off Altair's debug mode, in which every schema object (each channel, each inline
dataset's ``NamedData``) validates itself against the Vega-Lite JSON schema when it is made: a third
to a half of building a chart's spec on the server (round 6, ``benchmarks/load.py``). Debug mode only
moves the error of an invalid chart earlier; it changes no spec (Altair reads ``DEBUG_MODE`` in
``SchemaBase.__init__`` only), and the chart builders' tests still validate every spec in full
(``to_dict()`` validates whatever the mode).
"""

from __future__ import annotations

import threading
from functools import partial
from typing import Any

import altair as alt
import narwhals.stable.v1 as nw
import numpy as np
import pandas as pd
from altair.utils import data as altair_data
from altair.utils import schemapi

_FromDict = getattr(schemapi, "_FromDict", None)  # Altair 6.3 (pinned); absent in another version: no effect
_tables: dict[tuple[type, ...], Any] = {}
_lock = threading.Lock()


def _shared_init(self: Any, wrapper_classes: Any, /) -> None:
    classes = tuple(wrapper_classes)
    table = _tables.get(classes)
    if table is None:
        _original_init(self, classes)
        with _lock:
            table = _tables.setdefault(classes, self.class_dict)
    self.class_dict = table


def active() -> bool:
    """Whether Altair's converters share the one table (False on an Altair without ``_FromDict``)."""
    return _FromDict is not None and _FromDict.__init__.__name__ == "_shared_init"


if _FromDict is None:
    _original_init = None
elif _FromDict.__init__.__name__ != "_shared_init":  # once per process
    _original_init = _FromDict.__init__
    _FromDict.__init__ = _shared_init
else:  # re-imported (tests reload modules): keep the first original
    _original_init = _FromDict.__init__.__globals__["_original_init"]

# validation at instantiation off (see the module docstring); whole specs are validated by the tests
schemapi.disable_debug_mode()


def debug_mode_off() -> bool:
    """Whether Altair skips validating each schema object as it is made (this module's effect)."""
    return not schemapi.DEBUG_MODE


def _column_values(col: pd.Series) -> list[Any]:
    """One column as JSON-ready Python values, as Altair's ``sanitize_pandas_dataframe`` makes them
    (missing, NaN and ±inf as None; datetimes as full ISO strings, NaT as '')."""
    dtype = col.dtype
    name = str(dtype)
    if name.startswith(("datetime", "timestamp")):
        return ["" if v is pd.NaT else v.isoformat() for v in col.tolist()]
    if name == "bool":
        return col.tolist()
    if name not in ("category", "object") and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
        if np.issubdtype(dtype, np.integer):
            return col.tolist()
        if np.issubdtype(dtype, np.floating):
            values = col.to_numpy()
            return _none_where(values.tolist(), ~np.isfinite(values))
    if name in ("string", "str", "category", "boolean", "object") or name in _NULLABLE:
        out = col.astype(object).tolist()
        if name == "object":
            out = [v.tolist() if isinstance(v, np.ndarray) else v for v in out]
        return _none_where(out, col.isna().to_numpy())
    return None  # anything else: Altair's own sanitizer decides


def _none_where(values: list[Any], mask: np.ndarray) -> list[Any]:
    for i in np.flatnonzero(mask):
        values[i] = None
    return values


_NULLABLE = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64"}


def fast_values(data: Any) -> Any:
    """Altair's ``to_values`` (a DataFrame as ``{"values": records}``), a column at a time instead of
    copying and converting the frame in place: the same records (``tests/ui/test_altair_fast.py``
    compares them on every dtype the charts use), in a fifth of the time. Anything but a plain
    DataFrame with a string index of columns goes to Altair's own."""
    frame = nw.to_native(data, pass_through=True)  # Altair's row limit hands it on wrapped in Narwhals
    if isinstance(frame, pd.DataFrame) and not isinstance(frame.columns, pd.MultiIndex) \
            and not isinstance(frame.index, pd.MultiIndex) and all(isinstance(c, str) for c in frame.columns):
        columns = [_column_values(frame[c]) for c in frame.columns]
        if all(c is not None for c in columns):
            names = list(frame.columns)
            return {"values": [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]}
    return altair_data.to_values(data)


def policing_transformer(data: Any = None, max_rows: int = 5000) -> Any:
    """Altair's default data transformer (refuse more than ``max_rows`` rows, then inline the values)
    with :func:`fast_values` for the inlining."""
    if data is None:
        return partial(policing_transformer, max_rows=max_rows)
    return fast_values(altair_data.limit_rows(data, max_rows=max_rows))


alt.data_transformers.register("policing", policing_transformer)
alt.data_transformers.enable("policing")
