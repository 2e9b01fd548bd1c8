"""Stop and search commands: ``stop-search`` (an area's headline figures) and ``disproportionality``.

``stop-search --borough NAME --from YYYY-MM --to YYYY-MM`` prints searches, arrests, arrest rate,
weapons and key-crime shares, unlocated searches (London only) and the disproportionality table;
``--borough London`` for the whole MPS. ``disproportionality --counts White=191,Black=148,...
--population White=190640,...`` computes the ratios from numbers given on the command line.
"""

from __future__ import annotations

import argparse
from typing import Any

from lib import choices
from lib.commands.common import add_format_argument, add_store_argument, emit, open_store, typed
from lib.errors import UsageError
from lib.metrics.disproportionality import GROUPS, NOT_RECORDED, ethnicity_table
from lib.store import StoreError


def area_code(name: str) -> str:
    """GSS code for London or one of the 32 MPS boroughs (:func:`lib.choices.area`)."""
    return choices.area(name).code


def stop_search_payload(store, borough: str, start: str, end: str, census: int = 2011) -> dict[str, Any]:
    """The ``stop-search`` answer as a dict (used by the command and its tests): the view's summary, for any
    months with records from ``start`` to ``end`` (both months the records cover) and a census the store holds."""
    from lib.views.stop_search import (
        area_summary,
        census_choices,
        has_stop_search,
        period_choices,
        stop_search_period,
        stop_search_records,
    )

    code = area_code(borough)
    if not has_stop_search(store):
        raise UsageError("the store holds no stop and search records (ingest the police.uk files)")
    months = period_choices(store)[0]
    start = choices.month(start, "from", within=months, what="the stop and search records")
    end = choices.month(end, "to", within=months, what="the stop and search records")
    if end < start:
        raise UsageError(f"to: {choices.shorten(end)} ends before it starts (from {start}): "
                         "give 'to' on or after 'from'")
    census = choices.census(census, years=census_choices(store))
    try:  # the figures it prints, without the page's tables, map and 32-borough comparison
        out = area_summary(stop_search_period(stop_search_records(store), start, end, census, boroughs=False), code)
    except StoreError as e:
        raise UsageError(str(e)) from None
    keep = ("group", "searches", "population", "rate_per_1000", "disproportionality", "share_of_searches",
            "ratio_low", "ratio_high")
    out["ethnicity"] = [_plain({k: r[k] for k in keep}) for r in out["ethnicity"]]
    return out


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Counts as whole numbers and missing values as None, for JSON."""
    out = {}
    for k, v in record.items():
        if v is None or (isinstance(v, float) and v != v):
            out[k] = None
        elif k in ("searches", "population"):
            out[k] = int(v)
        else:
            out[k] = v
    return out


def parse_pairs(text: str, what: str) -> dict[str, float]:
    """'White=191,Black=148' → {'White': 191.0, 'Black': 148.0}; UsageError on anything else."""
    out: dict[str, float] = {}
    if len(text) > choices.MAX_LENGTH:
        raise UsageError(f"{what}: {choices.shorten(text)} is too long: GROUP=NUMBER pairs, e.g. White=191,Black=148")
    for part in filter(None, (p.strip() for p in text.split(","))):
        if "=" not in part:
            raise UsageError(f"{what}: {choices.shorten(part)} is not a pair: GROUP=NUMBER, e.g. White=191")
        key, value = (s.strip() for s in part.split("=", 1))
        group = next((g for g in (*GROUPS, NOT_RECORDED) if g.lower() == key.lower()), None)
        if group is None:
            raise UsageError(f"{what}: {choices.shorten(key)} is not a group: {', '.join(GROUPS)}"
                             + (f" or '{NOT_RECORDED}'" if what == "counts" else ""))
        number = choices.number(value, f"{what} {group}", *choices.COUNT_BOUNDS)
        if group in out:
            raise UsageError(f"{what}: {group} is given twice: each group once")
        out[group] = number
    if not out:
        raise UsageError(f"{what}: the list is empty: GROUP=NUMBER pairs, e.g. White=191,Black=148")
    return out


def disproportionality_payload(counts_text: str, population_text: str) -> dict[str, Any]:
    """The ``disproportionality`` answer: each group's rate per 1,000 and ratio to the White rate."""
    counts = parse_pairs(counts_text, "counts")
    population = parse_pairs(population_text, "population")
    if "White" not in population or population["White"] <= 0:
        raise UsageError("--population must give the White population (the reference group)")
    if NOT_RECORDED in population:
        raise UsageError("--population: 'Not recorded' has no population")
    unknown = sorted(set(counts) - set(population) - {NOT_RECORDED})
    if unknown:
        raise UsageError(f"--counts names {', '.join(unknown)} but --population does not")
    table = ethnicity_table(counts, {g: population.get(g, float("nan")) for g in GROUPS})
    shown = [*population, NOT_RECORDED] if NOT_RECORDED in counts else list(population)
    table = table[table["group"].isin(shown)]
    rows = []
    for r in map(_plain, table.to_dict(orient="records")):
        ratio = r["disproportionality"]
        rows.append({**r, "disproportionality_2dp": None if ratio is None else round(ratio, 2)})
    return {
        "definition": "searches per 1,000 of the group's population divided by the White rate "
                      "(Enfield SNB pack 2015, Figure 12)",
        "groups": rows,
    }


def _stop_search(args: argparse.Namespace) -> int:
    store = open_store(args.store)
    payload = stop_search_payload(store, args.borough, args.start, args.end, args.census)
    if args.format == "csv":  # one line per group: keep the area's total apart from each group's count
        payload = {("total_searches" if k == "searches" else k): v for k, v in payload.items()}
    emit(payload, args.format, rows_key="ethnicity")
    return 0


def _disproportionality(args: argparse.Namespace) -> int:
    emit(disproportionality_payload(args.counts, args.population), args.format, rows_key="groups")
    return 0


def register(sub) -> None:
    p = sub.add_parser("stop-search", help="an area's stop and search figures for a period, with ratios")
    add_store_argument(p)
    p.add_argument("--borough", required=True, type=typed(choices.area),
                   help="borough name or GSS code, or London for the whole MPS")
    p.add_argument("--from", dest="start", required=True, type=typed(choices.month, "from"),
                   help="first month, YYYY-MM")
    p.add_argument("--to", dest="end", required=True, type=typed(choices.month), help="last month, YYYY-MM")
    p.add_argument("--census", type=typed(choices.census), default=2011,
                   help="populations the disproportionality ratios divide by: Census 2011 (default, as the packs) "
                   "or Census 2021 (as the Met since 2023); every ratio has its 95%% interval (ratio_low, ratio_high)")
    add_format_argument(p)
    p.set_defaults(func=_stop_search)

    p = sub.add_parser("disproportionality", help="disproportionality ratios from counts and populations given")
    p.add_argument("--counts", required=True, help="searches per group, e.g. White=191,Black=148,Asian=29")
    p.add_argument("--population", required=True, help="residents per group, e.g. White=190640,Black=60923")
    add_format_argument(p)
    p.set_defaults(func=_disproportionality)
