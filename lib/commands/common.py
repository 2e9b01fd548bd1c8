"""Shared plumbing for subcommands: typed options (every one read by :mod:`lib.choices`), opening the
store, and printing JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lib import choices
from lib.errors import UsageError
from lib.store import Store, StoreError, default_store_path

FORMATS = ("json", "csv")


def typed(parse: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[str], Any]:
    """An argparse ``type=`` that reads the option with ``parse(text, *args, **kwargs)`` from
    :mod:`lib.choices`. Its :class:`UsageError` is not one argparse catches, so it reaches ``lib.cli.main``
    and prints as the same one sentence the pages show."""

    def read(text: str) -> Any:
        return parse(text, *args, **kwargs)

    read.__name__ = getattr(parse, "__name__", "value")
    return read


def add_store_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", type=typed(choices.path, "store"), default=None,
                   help="store folder (default: $POLICING_STORE or data/demo)")


def add_format_argument(p: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS, default: str | None = "json",
                        help: str | None = None) -> None:
    p.add_argument("--format", type=typed(choices.choice, "format", formats), default=default, required=default is None,
                   metavar="{" + ",".join(formats) + "}", help=help or f"output format (default {default})")


def open_store(path: Path | None) -> Store:
    """The store at ``path``, its manifest read and checked before any work (:class:`lib.store.Store` does
    both on opening): a missing folder or an unreadable or damaged manifest is one :class:`UsageError`."""
    where = path or default_store_path()
    try:
        return Store(where)
    except StoreError as e:
        raise UsageError(str(e)) from None
    except OSError as e:  # a path the system refuses (too long, not a folder, no permission)
        raise UsageError(f"store: {choices.shorten(str(where))} is not a usable path ({e.strerror or type(e).__name__})"
                         ) from None


def _clean(value: Any) -> Any:
    """Plain JSON values: numbers as numbers (numpy scalars unwrapped, whole floats kept as floats), missing
    values (None, NaN, pd.NA, NaT) and infinities (e.g. % change from zero) as null, dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, pd.Series, np.ndarray, pd.Index)):
        return [_clean(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (str, bool)):
        return value
    if isinstance(value, np.generic):
        return _clean(value.item())
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, int):
        return value
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}_{k}" if prefix else k, v, out)
    else:
        out[prefix] = value


def emit(payload: dict[str, Any], fmt: str, rows_key: str | None = None, stream=None) -> None:
    """Print ``payload`` as JSON, or as CSV: one line per item of ``payload[rows_key]``, each
    carrying the payload's scalar fields (nested objects flattened with '_')."""
    stream = stream or sys.stdout
    payload = _clean(payload)
    if fmt == "json":
        json.dump(payload, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    common: dict[str, Any] = {}
    for k, v in payload.items():
        if k != rows_key and not isinstance(v, list):
            _flatten(k, v, common)
    rows = payload.get(rows_key, [{}]) if rows_key else [{}]
    flat_rows = []
    for r in rows:
        flat: dict[str, Any] = dict(common)
        _flatten("", r, flat)
        flat_rows.append(flat)
    fields: list[str] = []
    for r in flat_rows:
        fields += [k for k in r if k not in fields]
    w = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for r in flat_rows:
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})
