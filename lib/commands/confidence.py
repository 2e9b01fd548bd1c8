"""Subcommands ``comparator`` (a neighbourhood within its similarity group) and ``confidence``
(a borough's PAS measures with 95% intervals and the change on a year earlier)."""

from __future__ import annotations

import argparse

from lib.commands.common import add_format_argument, add_store_argument, emit, open_store
from lib.errors import UsageError
from lib.metrics.survey import DESIGN_EFFECT, PAS_BOROUGH_SAMPLE
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, find_borough


def _comparator(args: argparse.Namespace) -> int:
    from lib.views.comparator import comparator_view

    view = comparator_view(open_store(args.store), args.neighbourhood)
    r = view.ranking
    cols = ["measure", "value", "rank", "group_size", "group_best", "group_worst", "group_median"]
    payload = {
        "neighbourhood": r.neighbourhood,
        "group": r.group,
        "group_name": r.group_name,
        "members": r.members,
        "measures": r.measures[cols].to_dict(orient="records"),
    }
    if args.format == "csv":
        payload["members"] = "; ".join(r.members)
    emit(payload, args.format, rows_key="measures")
    return 0


def _area(name: str) -> tuple[str, str]:
    if name.strip().lower() in {"london", "mps"}:
        return LONDON_CODE, LONDON_NAME
    b = find_borough(name)
    if b is None or not b.policed_by_mps:
        raise UsageError(f"unknown borough {name!r} (a London borough policed by the MPS, or 'London')")
    return b.code, b.name


def _confidence(args: argparse.Namespace) -> int:
    from lib.views.confidence import confidence_view

    store = open_store(args.store)
    code, name = _area(args.borough)
    if args.sample <= 0 or args.design_effect <= 0:
        raise UsageError("--sample and --design-effect must be positive")
    view = confidence_view(store, code, args.to, sample=args.sample, deff=args.design_effect)
    payload = {
        "borough": name,
        "borough_code": code,
        "to": view.quarter,
        "period": "rolling 12 months",
        "sample_assumption": {
            "interviews_per_year": view.sample.london if code == LONDON_CODE else view.sample.borough,
            "design_effect": view.sample.design_effect,
        },
        "measures": view.report(),
    }
    emit(payload, args.format, rows_key="measures")
    return 0


def register(sub) -> None:
    p = sub.add_parser("comparator", help="a neighbourhood's rank within its PAS similarity group on every measure")
    add_store_argument(p)
    p.add_argument("--neighbourhood", required=True, help="e.g. 'Newham - East' (or the MPS code, e.g. KF-KE)")
    add_format_argument(p)
    p.set_defaults(func=_comparator)

    p = sub.add_parser("confidence", help="a borough's PAS measures with 95%% intervals and change on a year earlier")
    add_store_argument(p)
    p.add_argument("--borough", required=True, help="borough name or GSS code, or London")
    p.add_argument("--to", default=None, help="quarter end YYYY-MM (default: latest); rolling 12 months to it")
    p.add_argument("--sample", type=float, default=PAS_BOROUGH_SAMPLE,
                   help=f"assumed interviews per borough per rolling year (default {PAS_BOROUGH_SAMPLE})")
    p.add_argument("--design-effect", type=float, default=DESIGN_EFFECT,
                   help=f"assumed design effect (default {DESIGN_EFFECT})")
    add_format_argument(p)
    p.set_defaults(func=_confidence)
