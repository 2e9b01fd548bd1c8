"""Crime commands: ``crime-summary`` (a borough's indicator table) and ``target`` (the MOPAC 7 tracker).

Both print JSON (numbers as numbers) or, with ``--format csv``, one CSV line per row. Without
``--release`` each month's figure comes from the newest release containing it; with it, every month
is as published in that release.
"""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from lib import choices
from lib.commands.analysis import DEFAULT_FORECAST, add_forecast, categories
from lib.commands.common import add_format_argument, add_store_argument, emit, open_store, typed
from lib.periods import period_for
from lib.reference.boroughs import LONDON_CODE
from lib.views.crime import (
    POPULATION_RULE,
    SIMILAR_GROUP_SOURCE,
    crime_areas,
    crime_dataset,
    crime_releases,
    crime_report,
    population_choices,
    special_words,
    tracker_view,
)


def _dataset(store, release: str | None):
    """The crime dataset of a release the store holds (checked by :func:`lib.choices.release`)."""
    return crime_dataset(store, choices.release(release, crime_releases(store)))


def _num(x: Any) -> Any:
    if x is None or (isinstance(x, float) and x != x) or x is pd.NA:
        return None
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def _change_test(r) -> dict[str, Any]:
    return {"method": getattr(r, "change_method", None), "statistic": _num(getattr(r, "change_statistic", None)),
            "real": _num(getattr(r, "change_real", None)), "words": getattr(r, "change_words", None)}


def crime_summary_payload(store, borough: str, to: str, release: str | None = None,
                          population: str | None = None) -> dict[str, Any]:
    """The ``crime-summary`` answer as a dict (used by the command and its tests): London or a borough, any
    month of the data (a window the data do not fill has missing counts), every choice read by :mod:`lib.choices`."""
    b = choices.area(borough)
    data = _dataset(store, release)
    release = data.release
    where = f"release {release}" if release else "the data"
    to = choices.month(to, within=data.months, what=where)
    if population is not None:
        population = choices.population(population, population_choices(data))
    p = period_for("r12", to)
    # the figures it prints: the area's rows of every area's figures, without the page's headline cards, trend or map
    areas = crime_areas(data, to, population=population)
    report = crime_report(areas, b.code)
    rows = []
    for r in report.itertuples(index=False):
        rows.append({
            "indicator": r.indicator,
            "kind": r.kind,
            "major": r.major or None,
            "current": _num(r.current),
            "previous": _num(r.previous),
            "pct_change": _num(r.pct_change),
            "mps_pct_change": _num(r.mps_pct_change),
            "rate_per_1000": _num(r.rate_per_1000),
            "rate_basis": _num(r.rate_basis),
            "rank": _num(r.rank),
            "msg_rank": _num(r.msg_rank),
            "rag": _num(r.rag),
            # none: the window has no figures (e.g. the months after the hate and special crime file ends)
            "releases": None if pd.isna(r.releases) or not r.releases else str(r.releases),
            "change_test": _change_test(r),
            "population": _num(getattr(r, "denominator", None)),
            "population_basis": _num(getattr(r, "denominator_basis", None)),
            "mps_rate_per_1000": _num(getattr(r, "mps_rate_per_1000", None)),
            "msg_average": _num(getattr(r, "msg_average", None)),
            "note": getattr(r, "note", "") or None,
        })
    src = data.month_releases
    used = src[(src["month"] >= p.prev_first) & (src["month"] <= p.last)]
    return {
        "borough": b.name,
        "borough_code": b.code,
        "period": {"from": p.first, "to": p.last},
        "previous": {"from": p.prev_first, "to": p.prev_last},
        "release": release,
        "releases_used": sorted(set(map(str, used["release"]))),
        "population_choice": areas.population,
        "population_rule": POPULATION_RULE,
        "special_crime": special_words(data.special),
        "similar_group": SIMILAR_GROUP_SOURCE,
        "rows": rows,
    }


def target_payload(
    store, baseline: str, to: str, reduction: float = float(choices.DEFAULT_REDUCTION), category: str = "MOPAC 7",
    release: str | None = None,
) -> dict[str, Any]:
    """The ``target`` answer as a dict."""
    base = choices.baseline(baseline)
    reduction = choices.reduction(reduction)
    data = _dataset(store, release)
    release = data.release
    to = choices.month(to, within=data.ends, what=f"release {release}" if release else "the data")
    category = choices.indicator(category, categories(data))
    view = tracker_view(data, to, base, reduction, category)
    t, s = view.table, view.summary
    lon = t[t["area_code"] == LONDON_CODE].iloc[0]
    bor = t[t["area_code"] != LONDON_CODE]
    return {
        "category": category,
        "baseline_period": {"from": base[0], "to": base[1]},
        "period": {"from": period_for("r12", to).first, "to": to},
        "reduction": reduction,
        "release": release,
        "london": {"baseline": _num(lon["baseline"]), "current": _num(lon["current"]),
                   "pct_change": _num(lon["pct_change"])},
        "boroughs": [
            {"borough": r.area_name, "baseline": _num(r.baseline), "current": _num(r.current),
             "pct_change": _num(r.pct_change), "meets_target": r.meets_target}
            for r in bor.itertuples(index=False)
        ],
        "meeting_target": s.meeting,
        "total": s.total,
    }


def _crime_summary(args: argparse.Namespace) -> int:
    store = open_store(args.store)
    emit(crime_summary_payload(store, args.borough, args.to, args.release, args.population),
         args.format, "rows")
    return 0


def _target(args: argparse.Namespace) -> int:
    store = open_store(args.store)
    payload = target_payload(store, args.baseline, args.to, args.reduction, args.category, args.release)
    add_forecast(payload, store, args.forecast_to)
    emit(payload, args.format, "boroughs")
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "crime-summary",
        help="a borough's recorded crime for the 12 months to a month vs the year before (JSON or CSV)",
        description="A borough's recorded crime, hate and special crime rows included. Population rule: "
        + POPULATION_RULE + " " + SIMILAR_GROUP_SOURCE + " Every % change has a change "
        "test (change_test: Poisson 2(sqrt(now)-sqrt(then)) beyond +-3, or an exact binomial test when the two "
        "counts total under 20).",
    )
    add_store_argument(p)
    p.add_argument("--borough", required=True, type=typed(choices.area),
                   help="London, or a borough name or GSS code, e.g. Enfield")
    p.add_argument("--to", required=True, type=typed(choices.month), help="last month of the 12 months, YYYY-MM")
    p.add_argument("--release", default=None, type=typed(choices.release),
                   help="pin every month to this release (YYYY-MM)")
    p.add_argument("--population", default=None,
                   help="population basis of every rate: 'current' (default: the current ONS series for the "
                   "period's year), 'as_published' (default with --release: the latest ONS estimate published by "
                   "the end of the period) or an ONS vintage id (lib/reference/population_vintages.csv)")
    add_format_argument(p)
    p.set_defaults(func=_crime_summary)

    p = sub.add_parser("target", help="reduction since a baseline period for London and every borough")
    add_store_argument(p)
    p.add_argument("--baseline", required=True, type=typed(choices.baseline),
                   help="baseline period YYYY-MM:YYYY-MM (or 2011/12)")
    p.add_argument("--to", required=True, type=typed(choices.month),
                   help="last month of the 12 months compared, YYYY-MM")
    lo, hi = choices.REDUCTION_BOUNDS
    p.add_argument("--reduction", type=typed(choices.reduction), default=float(choices.DEFAULT_REDUCTION),
                   help=f"target reduction, a whole %% from {lo} to {hi} (default {choices.DEFAULT_REDUCTION})")
    p.add_argument("--category", default="MOPAC 7", help='indicator or published category (default MOPAC 7)')
    p.add_argument("--release", default=None, type=typed(choices.release),
                   help="pin every month to this release (YYYY-MM)")
    p.add_argument("--forecast-to", nargs="?", const=DEFAULT_FORECAST, default=None, metavar="YYYY-MM",
                   help="add a forecast of the 12 months to this month (alone: the March at or after --to)")
    add_format_argument(p)
    p.set_defaults(func=_target)
