"""``complaints``: allegations against borough officers and staff for one borough (or London).

    python -m lib.cli complaints --store DIR --borough Enfield --to 2015-09 [--format csv]

prints the 12 months to ``--to`` (default: the latest month in the store): allegations, the 12
months before, % change, average workforce, allegations per 100 workforce, and the breakdowns by
allegation type and by outcome (lists of ``{name, count, share, pct_change}``; outcome shares are
of finalised outcomes). Counts are not suppressed here: this is the analysts' tool, the page is the
public view.
"""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from lib import choices
from lib.commands.common import add_format_argument, add_store_argument, emit, open_store, typed
from lib.errors import UsageError
from lib.metrics import complaints as c
from lib.reference.boroughs import LONDON_NAME
from lib.store import Store, StoreError

DECIMALS = 2


def _round(x: float | None) -> float | None:
    return None if x is None or pd.isna(x) else round(float(x), DECIMALS)


def _items(breakdown: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {"name": r.name, "count": int(r.count), "share": _round(r.share), "pct_change": _round(r.pct_change)}
        for r in breakdown.itertuples(index=False)
    ]


def _tables(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    try:
        return store.table(c.ALLEGATIONS_TABLE), store.table(c.WORKFORCE_TABLE)
    except StoreError as e:
        hint = "ingest a complaints import file (docs/import_formats/complaints.md)"
        raise UsageError(f"{e}: {hint}") from None


def complaints_report(store: Store, borough: str | None, to: str | None) -> dict[str, Any]:
    """The payload the command prints (also used by tests)."""
    from lib.views.complaints import complaints_view

    allegations, _ = _tables(store)
    area = choices.area(LONDON_NAME if borough is None else borough)
    code, name = area.code, area.name
    ends = c.available_period_ends(allegations)
    month = choices.month(to or c.latest_month(allegations), within=ends, what="the complaints data (12 months to)")
    view = complaints_view(store, code, month)
    s = view.summary
    return {
        "borough": name,
        "borough_code": code,
        "period": {"start": s.period.first, "end": s.period.last},
        "previous_period": {"start": s.period.prev_first, "end": s.period.prev_last},
        "demonstration_data": store.is_demo,
        "allegations": s.allegations,
        "previous": s.previous,
        "pct_change": _round(s.pct_change),
        "workforce": _round(s.workforce),
        "per_100_workforce": _round(s.per_100_workforce),
        "finalised_outcomes": view.finalised,
        "by_type": _items(view.types_raw),
        "by_outcome": _items(view.outcomes_raw),
    }


def _csv_rows(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """One CSV line per category of both breakdowns; category fields prefixed so that they do not
    overwrite the headline columns (the headline pct_change stays in every line)."""
    return [
        {"breakdown": kind, **{f"category_{k}" if k != "name" else "category": v for k, v in item.items()}}
        for kind, key in (("allegation_type", "by_type"), ("outcome", "by_outcome"))
        for item in payload[key]
    ]


def _run(args: argparse.Namespace) -> int:
    payload = complaints_report(open_store(args.store), args.borough, args.to)
    if args.format == "csv":
        payload["rows"] = _csv_rows(payload)
    emit(payload, args.format, rows_key="rows")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "complaints",
        help="complaint allegations against borough officers/staff: 12 months, change, rate, breakdowns",
    )
    add_store_argument(p)
    p.add_argument("--borough", default=None, type=typed(choices.area),
                   help="borough name or GSS code, or London (the default)")
    p.add_argument("--to", default=None, type=typed(choices.month),
                   help="last month of the 12 months, YYYY-MM (default: latest)")
    add_format_argument(p)
    p.set_defaults(func=_run)
