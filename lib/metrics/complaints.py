"""Complaints against borough officers and staff: the figures of the Enfield SNB pack, from counts.

Inputs are the store tables ``complaints_allegations`` (borough, month recorded, allegation type,
outcome, allegations) and ``complaints_workforce`` (borough, month, officers, staff), written by
``lib/ingest/complaints.py`` or the demonstration generator. Every figure is for the 12 months to a
month (the pack's "last 12 months", e.g. October 2014 to September 2015) and compares them with the
12 months before. London is the sum of the 32 boroughs (allegations against borough officers and
staff only; the force-wide totals in the Commissioner's report also count central units and count
complaints, not allegations, so they are not comparable).

The categories and their glossary are reference tables read by :mod:`lib.reference.complaints`
(``complaints_allegation_types.csv``, ``complaints_outcomes.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.errors import UsageError
from lib.metrics.change import pct_change
from lib.periods import Period, add_months, month_range, parse_month, period_for
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, borough_by_code, find_borough
from lib.reference.complaints import allegation_types, glossary, outcomes  # noqa: F401 (re-exported)

ALLEGATIONS_TABLE = "complaints_allegations"
WORKFORCE_TABLE = "complaints_workforce"
MONTHS_IN_PERIOD = 12
BY_BOROUGH_COLUMNS = [
    "borough_code", "borough_name", "allegations", "previous", "pct_change", "workforce", "per_100_workforce",
]


# ---------------------------------------------------------------------------------------------
# Periods and areas
# ---------------------------------------------------------------------------------------------


def period_to(to: str) -> Period:
    """The rolling 12 months to ``to`` (inclusive) and the same 12 months a year earlier (MPS/MOPAC
    rolling-12-month convention used throughout the Enfield SNB pack): ``lib.periods.period_for('r12', to)``."""
    return period_for("r12", to)


def months_covered(allegations: pd.DataFrame) -> tuple[str, str]:
    """First and last month of the allegations table (UsageError if it is empty)."""
    if allegations.empty:
        raise UsageError("the store holds no complaints allegations")
    return str(allegations["month"].min()), str(allegations["month"].max())


def latest_month(allegations: pd.DataFrame) -> str:
    """The last month with allegations data: the default end of the 12-month period."""
    return months_covered(allegations)[1]


def available_period_ends(allegations: pd.DataFrame) -> list[str]:
    """Every month that ends a full 12 months of data (from the 12th month of data to the last)."""
    first, last = months_covered(allegations)
    return month_range(add_months(first, MONTHS_IN_PERIOD - 1), last)


def check_period_end(allegations: pd.DataFrame, to: str) -> str:
    """``to`` validated as the end of a full 12 months inside the data; UsageError otherwise."""
    month = parse_month(to)
    ends = available_period_ends(allegations)
    if not ends:
        first, last = months_covered(allegations)
        raise UsageError(f"complaints data cover {first}..{last}: less than 12 months")
    if month not in ends:
        raise UsageError(
            f"no complaints data for the 12 months to {month}: choose a month from {ends[0]} to {ends[-1]}"
        )
    return month


def resolve_area(name_or_code: str | None) -> tuple[str, str]:
    """(code, name) of a borough policed by the MPS, or London for None/'London'; UsageError otherwise."""
    if name_or_code is None or name_or_code.strip().lower() in {"", "london", "mps", LONDON_CODE.lower()}:
        return LONDON_CODE, LONDON_NAME
    b = find_borough(name_or_code)
    if b is None:
        raise UsageError(f"unknown borough {name_or_code!r}")
    if not b.policed_by_mps:
        raise UsageError(f"{b.name} is policed by the City of London Police: no MPS complaints data")
    return b.code, b.name


def _area(df: pd.DataFrame, borough_code: str) -> pd.DataFrame:
    return df if borough_code == LONDON_CODE else df[df["borough_code"] == borough_code]


def _between(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    return df[(df["month"] >= start) & (df["month"] <= end)]


def _covers(allegations: pd.DataFrame, start: str, end: str) -> bool:
    first, last = months_covered(allegations)
    return first <= start and end <= last


# ---------------------------------------------------------------------------------------------
# Headline figures
# ---------------------------------------------------------------------------------------------


def allegations_total(allegations: pd.DataFrame, borough_code: str, start: str, end: str) -> int:
    """Officer/staff allegations recorded from ``start`` to ``end`` inclusive in a borough, or in
    London as the sum of the boroughs (MPS BSMI measure quoted in the Enfield SNB pack)."""
    return int(_between(_area(allegations, borough_code), start, end)["allegations"].sum())


def allegations_12_months(allegations: pd.DataFrame, borough_code: str, to: str) -> int:
    """Allegations recorded in the 12 months to ``to`` (Enfield SNB pack: 496 for Enfield,
    October 2014 to September 2015)."""
    p = period_to(to)
    return allegations_total(allegations, borough_code, p.first, p.last)


def previous_12_months(allegations: pd.DataFrame, borough_code: str, to: str) -> int | None:
    """Allegations in the 12 months before the 12 months to ``to``; None when the data do not
    reach back that far (Enfield SNB pack comparison period, October 2013 to September 2014)."""
    p = period_to(to)
    if not _covers(allegations, p.prev_first, p.prev_last):
        return None
    return allegations_total(allegations, borough_code, p.prev_first, p.prev_last)


def share(count: float, total: float) -> float | None:
    """Share in per cent: count / total × 100; None when the total is zero (pack proportions)."""
    if not total:
        return None
    return count / total * 100.0


def workforce_average(workforce: pd.DataFrame, borough_code: str, start: str, end: str) -> float | None:
    """Average workforce (officers + staff) over the months from ``start`` to ``end`` that have a
    workforce figure; for London, the sum of the boroughs' averages. None when no month has one.
    (Denominator of the pack's "allegations per 100 workforce"; averaging over the period is this
    dashboard's choice, documented in docs/import_formats/complaints.md.)"""
    people = _people_by_borough(_area(workforce, borough_code), start, end)
    return float(people.sum()) if len(people) else None


def per_100_workforce(allegations_count: float, workforce_count: float | None) -> float | None:
    """Allegations per 100 workforce: allegations / (officers + staff) × 100 (Enfield SNB pack:
    36.5 for Enfield, October 2014 to September 2015); None without a workforce."""
    if workforce_count is None or pd.isna(workforce_count) or workforce_count <= 0:
        return None
    return allegations_count / workforce_count * 100.0


def _people_by_borough(workforce: pd.DataFrame, start: str, end: str) -> pd.Series:
    """Each borough's average officers + staff over the months from start to end that have a figure."""
    rows = _between(workforce, start, end)
    return rows.assign(people=rows["officers"] + rows["staff"]).groupby("borough_code")["people"].mean()


def _london_rate_parts(
    allegations: pd.DataFrame, workforce: pd.DataFrame, start: str, end: str
) -> tuple[int, float]:
    """London allegations and workforce over the boroughs that have a workforce figure."""
    people = _people_by_borough(workforce, start, end)
    with_workforce = allegations[allegations["borough_code"].isin(people.index)]
    count = int(_between(with_workforce, start, end)["allegations"].sum())
    return count, float(people.sum())


def area_per_100_workforce(
    allegations: pd.DataFrame, workforce: pd.DataFrame, borough_code: str, to: str
) -> float | None:
    """Allegations in the 12 months to ``to`` per 100 average workforce of the same months; for
    London, over the boroughs with a workforce figure (both numerator and denominator)."""
    p = period_to(to)
    if borough_code == LONDON_CODE:
        count, people = _london_rate_parts(allegations, workforce, p.first, p.last)
        return per_100_workforce(count, people or None)
    return per_100_workforce(
        allegations_total(allegations, borough_code, p.first, p.last),
        workforce_average(workforce, borough_code, p.first, p.last),
    )


@dataclass(frozen=True)
class ComplaintsSummary:
    """The headline figures for one area and period."""

    borough_code: str
    borough_name: str
    period: Period
    allegations: int
    previous: int | None
    pct_change: float | None
    workforce: float | None
    per_100_workforce: float | None


def summary(
    allegations: pd.DataFrame, workforce: pd.DataFrame, borough_code: str, to: str
) -> ComplaintsSummary:
    """Allegations in the 12 months to ``to``, the 12 months before, % change, average workforce and
    allegations per 100 workforce for one borough or London (Enfield SNB pack, Figures 6-8)."""
    p = period_to(to)
    name = LONDON_NAME if borough_code == LONDON_CODE else borough_by_code(borough_code).name
    current = allegations_12_months(allegations, borough_code, to)
    previous = previous_12_months(allegations, borough_code, to)
    if borough_code == LONDON_CODE:
        _, people = _london_rate_parts(allegations, workforce, p.first, p.last)
        wf: float | None = people or None
    else:
        wf = workforce_average(workforce, borough_code, p.first, p.last)
    return ComplaintsSummary(
        borough_code=borough_code,
        borough_name=name,
        period=p,
        allegations=current,
        previous=previous,
        pct_change=pct_change(current, previous),
        workforce=wf,
        per_100_workforce=area_per_100_workforce(allegations, workforce, borough_code, to),
    )


# ---------------------------------------------------------------------------------------------
# Comparisons and breakdowns
# ---------------------------------------------------------------------------------------------


def by_borough(allegations: pd.DataFrame, workforce: pd.DataFrame, to: str) -> pd.DataFrame:
    """Every borough's allegations in the 12 months to ``to``, previous 12 months, % change, average
    workforce and allegations per 100 workforce, ranked by allegations (1 = most) as in the pack's
    Figures 6-8. Columns: rank, borough_code, borough_name, allegations, previous, pct_change,
    workforce, per_100_workforce."""
    p = period_to(to)
    has_previous = _covers(allegations, p.prev_first, p.prev_last)
    cur = _between(allegations, p.first, p.last).groupby("borough_code")["allegations"].sum()
    prev = _between(allegations, p.prev_first, p.prev_last).groupby("borough_code")["allegations"].sum()
    wf = _people_by_borough(workforce, p.first, p.last)
    names = allegations.drop_duplicates("borough_code").set_index("borough_code")["borough_name"]
    codes = sorted(set(names.index))
    rows = []
    for code in codes:
        count = int(cur.get(code, 0))
        previous = int(prev.get(code, 0)) if has_previous else None
        people = float(wf[code]) if code in wf.index else None
        rows.append({
            "borough_code": code,
            "borough_name": str(names[code]),
            "allegations": count,
            "previous": previous,
            "pct_change": pct_change(count, previous),
            "workforce": people,
            "per_100_workforce": per_100_workforce(count, people),
        })
    out = pd.DataFrame(rows, columns=BY_BOROUGH_COLUMNS)
    out = out.sort_values(["allegations", "borough_name"], ascending=[False, True], ignore_index=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def london_average(allegations: pd.DataFrame, workforce: pd.DataFrame, to: str) -> dict[str, float | None]:
    """The London comparison line: allegations per borough (London total / number of boroughs with
    data), London % change (total on total), and London allegations per 100 workforce (total over the
    boroughs with a workforce figure / their workforce × 100)."""
    p = period_to(to)
    boroughs = allegations["borough_code"].nunique()
    total = allegations_12_months(allegations, LONDON_CODE, to)
    previous = previous_12_months(allegations, LONDON_CODE, to)
    count, people = _london_rate_parts(allegations, workforce, p.first, p.last)
    return {
        "allegations": total / boroughs if boroughs else None,
        "pct_change": pct_change(total, previous),
        "per_100_workforce": per_100_workforce(count, people or None),
    }


def _breakdown(
    allegations: pd.DataFrame, borough_code: str, to: str, column: str, categories: pd.DataFrame,
    included: pd.Series | None = None,
) -> pd.DataFrame:
    """Counts by ``column`` now and a year before, in reference order; share over ``included`` rows."""
    p = period_to(to)
    area = _area(allegations, borough_code)
    cur = _between(area, p.first, p.last).groupby(column)["allegations"].sum()
    has_previous = _covers(allegations, p.prev_first, p.prev_last)
    prev = _between(area, p.prev_first, p.prev_last).groupby(column)["allegations"].sum()
    names = list(categories["name"])
    in_share = included if included is not None else pd.Series(True, index=categories.index)
    denominator = sum(int(cur.get(n, 0)) for n, inc in zip(names, in_share, strict=True) if inc)
    rows = []
    for n, inc in zip(names, in_share, strict=True):
        count = int(cur.get(n, 0))
        previous = int(prev.get(n, 0)) if has_previous else None
        rows.append({
            "name": n,
            "count": count,
            "share": share(count, denominator) if inc else None,
            "previous": previous,
            "pct_change": pct_change(count, previous),
        })
    return pd.DataFrame(rows, columns=["name", "count", "share", "previous", "pct_change"])


def by_allegation_type(allegations: pd.DataFrame, borough_code: str, to: str) -> pd.DataFrame:
    """Allegations by type in the 12 months to ``to``: count, share of all allegations (%), count a
    year before and % change, in the pack's glossary order (Enfield SNB pack Figure 9: failures in
    duty 53%, oppressive behaviour 23%). Columns: name, count, share, previous, pct_change."""
    return _breakdown(allegations, borough_code, to, "allegation_type", allegation_types())


def by_outcome(allegations: pd.DataFrame, borough_code: str, to: str) -> pd.DataFrame:
    """Allegations by outcome in the 12 months to ``to``: count and share of finalised outcomes (%).

    The denominator is every allegation recorded in the period that has a finalised outcome (all
    categories except 'Not yet finalised', whose share is left empty), as the pack's Figure 10
    ("the proportion refers to the total number of outcomes recorded"; no case to answer 339 of 491,
    69.0%). 'Not yet finalised' has no share and no % change (how many are still open depends on
    the extraction date). Columns: name, finalised, count, share, previous, pct_change.
    """
    cats = outcomes()
    out = _breakdown(allegations, borough_code, to, "outcome", cats, included=cats["finalised"])
    out.insert(1, "finalised", list(cats["finalised"]))
    # How many are still open depends on when the data were extracted, not on the year: no change.
    out["pct_change"] = out["pct_change"].where(out["finalised"], None)
    return out


def finalised_total(allegations: pd.DataFrame, borough_code: str, to: str) -> int:
    """Allegations recorded in the 12 months to ``to`` that have a finalised outcome: the denominator
    of the outcome shares."""
    return int(by_outcome(allegations, borough_code, to).query("finalised")["count"].sum())


def monthly_trend(allegations: pd.DataFrame, borough_code: str, to: str, months: int = 36) -> pd.DataFrame:
    """Allegations recorded each month over the ``months`` to ``to`` (as far back as the data go), with
    the rolling 12-month total where 12 months of data exist. Columns: month, allegations,
    rolling_12_months."""
    first, _ = months_covered(allegations)
    start = max(add_months(to, -(months - 1)), first)
    per_month = _area(allegations, borough_code).groupby("month")["allegations"].sum()
    all_months = month_range(first, to)
    counts = pd.Series([int(per_month.get(m, 0)) for m in all_months], index=all_months, dtype="int64")
    rolling = counts.rolling(MONTHS_IN_PERIOD).sum()
    shown = month_range(start, to)
    return pd.DataFrame({
        "month": shown,
        "allegations": [int(counts[m]) for m in shown],
        "rolling_12_months": pd.array(
            [None if pd.isna(rolling[m]) else int(rolling[m]) for m in shown], dtype="Int64"
        ),
    })
