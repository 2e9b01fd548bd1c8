"""Change commands: ``drivers`` (what drove an indicator's change) and ``revisions`` (what a release
revised). Both print JSON; numbers are the published counts (the screen suppresses counts under 10).
"""

from __future__ import annotations

import argparse
from typing import Any

from lib import choices
from lib.commands.common import add_store_argument, emit, open_store, typed
from lib.metrics.crime_series import INDICATOR_ORDER
from lib.periods import add_months
from lib.reference.boroughs import LONDON_NAME
from lib.reference.breaks import Break
from lib.reference.categories import TNO
from lib.views.crime import crime_releases, ward_dataset
from lib.views.drivers import driver_counts, drivers_view, ward_release_for
from lib.views.revisions import release_spans, revisions_view


def note_payload(notes: tuple[Break, ...] | list[Break]) -> list[dict[str, str]]:
    return [{"month": b.month, "what_changed": b.what_changed, "source": b.source} for b in notes]


def drivers_payload(store, borough: str, indicator: str, to: str, release: str | None = None) -> dict[str, Any]:
    """The ``drivers`` answer as a dict (used by the command and its tests): every choice read by
    :mod:`lib.choices`; ``to`` a month whose 12 months and the 12 before are all in the release (or the data)."""
    area = choices.area(borough)
    ind = choices.indicator(indicator, INDICATOR_ORDER, option="indicator")
    release = choices.release(release, crime_releases(store))
    counts = driver_counts(store, release)
    ends = [m for m in counts.months if add_months(m, -23) in set(counts.months)]
    where = f"release {release}" if release else "the data"
    to = choices.month(to, within=ends, what=f"the months ending 24 months of {where}")
    v = drivers_view(counts, ward_dataset(store, ward_release_for(store, release)), area.code, ind, to)
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
    area = None if borough is None else choices.area(borough).code
    names = list(map(str, release_spans(store)["release"]))
    r1 = choices.release(from_release, names, option="from-release")
    r2 = choices.release(to_release, names, option="to-release")
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
    p.add_argument("--borough", required=True, type=typed(choices.area),
                   help="London or a borough name or GSS code, e.g. Enfield")
    p.add_argument("--indicator", required=True, help="indicator, e.g. 'Total Notifiable Offences' or 'MOPAC 7'")
    p.add_argument("--to", required=True, type=typed(choices.month), help="last month of the 12 months, YYYY-MM")
    p.add_argument("--release", default=None, type=typed(choices.release),
                   help="pin every month to this borough release (YYYY-MM)")
    p.set_defaults(func=_drivers)

    p = sub.add_parser(
        "revisions", help="what a later crime release revised in an earlier one, over a threshold, largest first",
        description="The months, areas and crime categories a release revised in another, listed when "
        "the revision is at least 10 offences and 5%% of the earlier count, largest first, with London's (or the "
        "borough's) Total Notifiable Offences month by month. Releases of different category schemes are compared "
        "at indicator level (TNO, MOPAC 7 and its seven crimes).")
    add_store_argument(p)
    p.add_argument("--borough", default=None, type=typed(choices.area),
                   help="London or one borough (default: London and every borough)")
    p.add_argument("--from-release", default=None, type=typed(choices.release, option="from-release"),
                   help="the earlier release, YYYY-MM (with --to-release)")
    p.add_argument("--to-release", default=None, type=typed(choices.release, option="to-release"),
                   help="the later release, YYYY-MM (default for both: the two newest releases of one category "
                   "scheme that share months)")
    p.set_defaults(func=_revisions)
