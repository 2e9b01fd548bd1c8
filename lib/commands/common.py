"""Shared plumbing for subcommands: opening the store, and printing JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path
from typing import Any

from lib.errors import UsageError
from lib.store import Store, StoreError, default_store_path


def add_store_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", type=Path, default=None, help="store folder (default: $POLICING_STORE or data/demo)")


def add_format_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("json", "csv"), default="json", help="output format (default json)")


def open_store(path: Path | None) -> Store:
    try:
        return Store(path or default_store_path())
    except StoreError as e:
        raise UsageError(str(e)) from None


def _clean(value: Any) -> Any:
    """Numbers as numbers; NaN and infinities (e.g. % change from zero) as null."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return _clean(value.item())
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
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
