"""Cached access to the store: loaded once per process, bounded, invalidated by a new ingest.

Tables and computed answers are cached with ``st.cache_resource`` (shared, not copied on every
read): callers must treat them as read-only, which pandas' copy-on-write makes the default.

The store handed to view functions (:func:`current_store`) reads each table once per store version:
``store.table(name)`` returns a shallow copy of the one cached frame (``table(store, name)``, for the
pages, the frame itself), so a view that adds a column
changes its own copy only (copy-on-write) and a new session's first answer no longer re-reads the
Parquet files (the ward table alone took 0.2 s per read).
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from lib.store import MANIFEST, Store, default_store_path

MAX_TABLES = 48
MAX_ANSWERS = 512


def store_stamp(path: Path) -> str:
    """Changes whenever the store is rewritten (the manifest's modification time)."""
    try:
        return str((path / MANIFEST).stat().st_mtime_ns)
    except OSError:
        return "missing"


class CachedStore(Store):
    """A store whose tables are read once per store version (at most ``MAX_TABLES``) and shared."""

    def table(self, name: str) -> pd.DataFrame:
        # keyed on the version folder this store opened (a swap mid-session never mixes versions)
        return _folder_table(str(self.folder), store_stamp(self.folder), name).copy(deep=False)


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_store(path: str, stamp: str) -> CachedStore:
    return CachedStore(Path(path))


def current_store() -> Store:
    """The store named by $POLICING_STORE (default: the shipped demonstration store)."""
    path = default_store_path()
    return _load_store(str(path), store_stamp(path))


@st.cache_resource(max_entries=MAX_TABLES, show_spinner=False)
def _folder_table(folder: str, stamp: str, name: str) -> pd.DataFrame:
    return Store(Path(folder)).table(name)


def _table(path: str, stamp: str, name: str) -> pd.DataFrame:
    """The shared frame of a table of the store at ``path`` (read-only; ``lib.ui.maps`` builds polygons from it)."""
    store = _load_store(path, stamp)
    return _folder_table(str(store.folder), store_stamp(store.folder), name)


def table(store: Store, name: str) -> pd.DataFrame:
    """One store table, read once per store version: the shared frame itself (read-only), so memos
    keyed on the object (:func:`derived`, :func:`digest`) recognise it on every rerun."""
    return _folder_table(str(store.folder), store_stamp(store.folder), name)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False)
def _answer(path: str, stamp: str, fn_name: str, _fn: Callable[..., Any], args: tuple, kwargs: tuple) -> Any:
    return _fn(_load_store(path, stamp), *args, **dict(kwargs))


def compute(store: Store, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(store, *args, **kwargs)``, cached per store version and (hashable) arguments."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _answer(str(store.path), store_stamp(store.path), name, fn, args, tuple(sorted(kwargs.items())))


# --- per-object memos: derived tables and fingerprints without hashing tables on every rerun --------
# Answers from ``compute`` are the same objects on every rerun, so what is derived from them (a
# display version, a fingerprint) can be remembered by object identity. A weak reference checks
# that the object is still the one remembered (ids are reused once an object is freed).

MAX_MEMO = 1024
_memo: OrderedDict[tuple, tuple[weakref.ref, Any]] = OrderedDict()
_memo_lock = threading.Lock()
# one lock per answer being worked out: sessions that arrive together wait for the first one's answer
# instead of each working it out again (several new sessions at once did, e.g. a borough's crime view)
_making: dict[tuple, threading.RLock] = {}


def _hit(key: tuple, obj: Any) -> tuple[bool, Any]:
    with _memo_lock:
        hit = _memo.get(key)
        if hit is not None and hit[0]() is obj:
            _memo.move_to_end(key)
            return True, hit[1]
    return False, None


def _remember(key: tuple, obj: Any, make: Callable[[], Any]) -> Any:
    found, value = _hit(key, obj)
    if found:
        return value
    with _memo_lock:
        lock = _making.setdefault(key, threading.RLock())
    with lock:
        try:
            found, value = _hit(key, obj)  # worked out by another session while this one waited
            if found:
                return value
            value = make()
            with _memo_lock:
                _memo[key] = (weakref.ref(obj), value)
                while len(_memo) > MAX_MEMO:
                    _memo.popitem(last=False)
            return value
        finally:
            with _memo_lock:
                if _making.get(key) is lock:
                    del _making[key]


def _fingerprint(df: pd.DataFrame) -> str:
    """The table's pickled bytes hashed: equal bytes for the same columns, types, index and values (a table
    laid out differently in memory may hash apart: a cache miss, never a wrong hit); a seventh of the time
    of pandas' row hashing, which it falls back on for a table that cannot be pickled."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((list(map(str, df.columns)), list(map(str, df.dtypes)), df.shape)).encode("utf-8"))
    try:
        h.update(pickle.dumps(df, protocol=5))
    except Exception:  # noqa: BLE001 - an unpicklable cell: hash the rows instead
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    return h.hexdigest()


def digest(df: pd.DataFrame) -> str:
    """A fingerprint of a table's content (columns, types, values), worked out once per table object."""
    return _remember(("digest", id(df)), df, lambda: _fingerprint(df))


def derived(fn: Callable[..., Any], source: Any, *args: Any) -> Any:
    """``fn(source, *args)``, worked out once per ``source`` object and (hashable) arguments.

    For display versions of cached answers (renamed columns, labels in words): reruns get the same
    object back, so tables and charts drawn from it are recognised without hashing their content.
    ``fn`` must depend on its arguments only; treat the result as read-only.
    """
    code = fn.__code__
    key = ("derived", id(source), code.co_filename, code.co_firstlineno, fn.__qualname__, args)
    return _remember(key, source, lambda: fn(source, *args))
