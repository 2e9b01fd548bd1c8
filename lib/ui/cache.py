"""Cached access to the store: loaded once per process, bounded, invalidated by a new ingest.

Tables and computed answers are cached with ``st.cache_resource`` (shared, not copied on every
read): callers must treat them as read-only, which pandas' copy-on-write makes the default.
"""

from __future__ import annotations

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


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_store(path: str, stamp: str) -> Store:
    return Store(Path(path))


def current_store() -> Store:
    """The store named by $POLICING_STORE (default: the shipped demonstration store)."""
    path = default_store_path()
    return _load_store(str(path), store_stamp(path))


@st.cache_resource(max_entries=MAX_TABLES, show_spinner=False)
def _table(path: str, stamp: str, name: str) -> pd.DataFrame:
    return _load_store(path, stamp).table(name)


def table(store: Store, name: str) -> pd.DataFrame:
    """One store table, read once per store version."""
    return _table(str(store.path), store_stamp(store.path), name)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False)
def _answer(path: str, stamp: str, fn_name: str, _fn: Callable[..., Any], args: tuple, kwargs: tuple) -> Any:
    return _fn(_load_store(path, stamp), *args, **dict(kwargs))


def compute(store: Store, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(store, *args, **kwargs)``, cached per store version and (hashable) arguments."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _answer(str(store.path), store_stamp(store.path), name, fn, args, tuple(sorted(kwargs.items())))
