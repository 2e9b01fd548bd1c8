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
from typing import Any

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
