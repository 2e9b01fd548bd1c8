"""Change commands: ``drivers`` (what drove an indicator's change) and ``revisions`` (what a release
revised). Both print JSON; numbers are the published counts (the screen suppresses counts under 10).
"""

from __future__ import annotations

import argparse
from typing import Any

from lib.commands.common import add_store_argument, emit, open_store
from lib.errors import UsageError
from lib.metrics.crime_series import INDICATOR_ORDER
from lib.periods import parse_month
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, find_borough
from lib.reference.breaks import Break
from lib.reference.categories import TNO
from lib.views.drivers import drivers
from lib.views.revisions import revisions_view


def parse_area(text: str) -> str:
    """'London' (or its code) or a borough the MPS polices, by any published spelling or GSS code, as
    its area code (UsageError naming the allowed values otherwise)."""
    t = str(text).strip()
    if t.lower() == LONDON_NAME.lower() or t == LONDON_CODE:
        return LONDON_CODE
    b = find_borough(t)
    if b is None or not b.policed_by_mps:
        why = "not policed by the MPS" if b is not None else "not a London borough"
        raise UsageError(f"--borough {text!r} is {why} (expected London or one of the 32 MPS boroughs)")
    return b.code


def parse_indicator(text: str) -> str:
    """An indicator name as in lib/reference/categories.py (or 'TNO'), matched without regard to case."""
    by_key = {i.lower(): i for i in INDICATOR_ORDER} | {"tno": TNO}
    found = by_key.get(str(text).strip().lower())
    if found is None:
        raise UsageError(f"--indicator {text!r} is not an indicator (expected one of: {', '.join(INDICATOR_ORDER)})")
    return found


def note_payload(notes: tuple[Break, ...] | list[Break]) -> list[dict[str, str]]:
    return [{"month": b.month, "what_changed": b.what_changed, "source": b.source} for b in notes]


def drivers_payload(store, borough: str, indicator: str, to: str, release: str | None = None) -> dict[str, Any]:
    """The ``drivers`` answer as a dict (used by the command and its tests)."""
    area, ind, to = parse_area(borough), parse_indicator(indicator), parse_month(to)
    release = None if release is None else parse_month(release)
    v = drivers(store, area, ind, to, release)
    return {
        "area": v.area_name,
        "area_code": v.area_code,
        "indicator": v.indicator,
        "period": v.period_words,
        "release": v.release,
        "release_words": v.release_words,
        "previous": v.previous,
        "current": v.current,
        "change": v.change,
        "categories": [
            {"category": r.category, "major": r.major, "name": r.name, "crime_type": r.crime_type,
             "previous": r.previous, "current": r.current, "contribution": r.contribution}
            for r in v.categories.itertuples(index=False)
        ],
        "wards": [
            {"ward": r.ward, "ward_code": r.ward_code, "borough": r.borough, "previous": r.previous,
             "current": r.current, "contribution": r.contribution}
            for r in v.wards.itertuples(index=False)
        ],
        "wards_change": v.wards_change,
        "wards_words": v.wards_words,
        "sentence": v.sentence,
        "notes": note_payload(v.notes),
    }


def _rows(t) -> list[dict[str, Any]]:
    return [dict(zip(t.columns, r, strict=True)) for r in t.itertuples(index=False)]


def revisions_payload(store, borough: str | None = None, from_release: str | None = None,
                      to_release: str | None = None) -> dict[str, Any]:
    """The ``revisions`` answer as a dict (used by the command and its tests)."""
    area = None if borough is None else parse_area(borough)
    r1 = None if from_release is None else parse_month(from_release)
    r2 = None if to_release is None else parse_month(to_release)
    v = revisions_view(store, r1, r2, area)
    return {
        "from_release": v.from_release,
        "to_release": v.to_release,
        "schemes": {"from": v.from_scheme, "to": v.to_scheme},
        "months": {"from": v.first, "to": v.last},
        "area": v.area_name,
        "compared": v.compared_words,
        "threshold": v.threshold_words,
        "figures_compared": v.compared,
        "figures_revised": v.changed,
        "sentence": v.sentence,
        "totals": {"area": LONDON_NAME if v.area_code is None else v.area_name, "indicator": TNO,
                   "months": _rows(v.totals)},
        "revisions": [
            {"area": r.area_name, "month": r.month, "level": r.level, "category": r.category,
             "major": r.major or None, "before": r.before, "after": r.after, "revision": r.revision, "pct": r.pct}
            for r in v.revisions.itertuples(index=False)
        ],
        "notes": note_payload(v.notes),
    }


def _revisions(args: argparse.Namespace) -> int:
    emit(revisions_payload(open_store(args.store), args.borough, args.from_release, args.to_release), "json")
    return 0


def _drivers(args: argparse.Namespace) -> int:
    emit(drivers_payload(open_store(args.store), args.borough, args.indicator, args.to, args.release), "json")
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "drivers", help="what drove an indicator's change over the 12 months to a month: crime types and wards",
        description="An indicator's change over the 12 months to --to against the 12 before, split into its "
        "published crime categories (adding up exactly to the change) and into the area's wards from the ward "
        "file (their own total: wards_change), largest first, with one sentence naming the largest.")
    add_store_argument(p)
    p.add_argument("--borough", required=True, help="London or a borough name or GSS code, e.g. Enfield")
    p.add_argument("--indicator", required=True, help="indicator, e.g. 'Total Notifiable Offences' or 'MOPAC 7'")
    p.add_argument("--to", required=True, help="last month of the 12 months, YYYY-MM")
    p.add_argument("--release", default=None, help="pin every month to this borough release (YYYY-MM)")
    p.set_defaults(func=_drivers)

    p = sub.add_parser(
        "revisions", help="what a later crime release revised in an earlier one, over a threshold, largest first",
        description="The months, areas and crime categories a release revised in another, listed when "
        "the revision is at least 10 offences and 5%% of the earlier count, largest first, with London's (or the "
        "borough's) Total Notifiable Offences month by month. Releases of different category schemes are compared "
        "at indicator level (TNO, MOPAC 7 and its seven crimes).")
    add_store_argument(p)
    p.add_argument("--borough", default=None, help="London or one borough (default: London and every borough)")
    p.add_argument("--from-release", default=None, help="the earlier release, YYYY-MM (with --to-release)")
    p.add_argument("--to-release", default=None,
                   help="the later release, YYYY-MM (default for both: the two newest releases of one category "
                   "scheme that share months)")
    p.set_defaults(func=_revisions)
