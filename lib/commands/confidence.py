"""Subcommands ``comparator`` (a neighbourhood within its similarity group) and ``confidence``
(a borough's PAS measures with 95% intervals and the change on a year earlier)."""

from __future__ import annotations

import argparse
from typing import Any

from lib import choices
from lib.commands.common import add_format_argument, add_store_argument, emit, open_store, typed
from lib.metrics.survey import DESIGN_EFFECT, PAS_BOROUGH_SAMPLE
from lib.reference.boroughs import LONDON_CODE


def comparator_payload(store, neighbourhood: str) -> dict[str, Any]:
    """The ``comparator`` answer: the neighbourhood (any spelling, or its MPS code) in its similarity group."""
    from lib.views.comparator import comparator_groups, comparator_pair_view

    groups = comparator_groups(store)  # its one-line error names a missing table
    nb = groups.neighbourhoods.drop_duplicates("neighbourhood")
    names = sorted(map(str, nb["neighbourhood"]))
    codes = dict(zip(nb["neighbourhood_code"].astype(str).str.upper(), nb["neighbourhood"].astype(str), strict=True))
    view = comparator_pair_view(groups, choices.neighbourhood(neighbourhood, names, codes))
    r = view.ranking
    cols = ["measure", "value", "rank", "group_size", "group_best", "group_worst", "group_median"]
    return {
        "neighbourhood": r.neighbourhood,
        "group": r.group,
        "group_name": r.group_name,
        "members": r.members,
        "measures": r.measures[cols].to_dict(orient="records"),
    }


def _comparator(args: argparse.Namespace) -> int:
    payload = comparator_payload(open_store(args.store), args.neighbourhood)
    r_members = payload["members"]
    if args.format == "csv":
        payload["members"] = "; ".join(r_members)
    emit(payload, args.format, rows_key="measures")
    return 0


def confidence_payload(store, borough: str, to: str | None = None, sample: float = PAS_BOROUGH_SAMPLE,
                       design_effect: float = DESIGN_EFFECT) -> dict[str, Any]:
    """The ``confidence`` answer: London or a borough, the rolling year to a quarter the survey holds."""
    from lib.views.confidence import confidence_choices, confidence_summary, report_rows

    area = choices.area(borough)
    code, name = area.code, area.name
    sample = choices.sample(sample)
    design_effect = choices.design_effect(design_effect)
    if to is not None:
        to = choices.quarter(to, confidence_choices(store).quarters, what="the Public Attitude Survey")
    # the figures it prints, without the page's trend, ranking, map, drivers and similar boroughs
    _, _, quarter, assumed, summary = confidence_summary(store, code, to, sample, design_effect)
    return {
        "borough": name,
        "borough_code": code,
        "to": quarter,
        "period": "rolling 12 months",
        "sample_assumption": {
            "interviews_per_year": assumed.london if code == LONDON_CODE else assumed.borough,
            "design_effect": assumed.design_effect,
        },
        "measures": report_rows(summary),
    }


def _confidence(args: argparse.Namespace) -> int:
    payload = confidence_payload(open_store(args.store), args.borough, args.to, args.sample, args.design_effect)
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
    p.add_argument("--borough", required=True, type=typed(choices.area), help="borough name or GSS code, or London")
    p.add_argument("--to", default=None, type=typed(choices.month),
                   help="quarter end YYYY-MM (default: latest); rolling 12 months to it")
    lo, hi = choices.BOROUGH_SAMPLE
    p.add_argument("--sample", type=typed(choices.sample), default=PAS_BOROUGH_SAMPLE,
                   help=f"assumed interviews per borough per rolling year, {lo} to {hi:,} "
                   f"(default {PAS_BOROUGH_SAMPLE})")
    lo, hi = choices.DESIGN_EFFECT_BOUNDS
    p.add_argument("--design-effect", type=typed(choices.design_effect), default=DESIGN_EFFECT,
                   help=f"assumed design effect, {lo:g} to {hi:g} (default {DESIGN_EFFECT})")
    add_format_argument(p)
    p.set_defaults(func=_confidence)
