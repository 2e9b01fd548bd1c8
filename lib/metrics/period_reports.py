"""Many periods of the borough report at once: the one-pagers' months, years to date and financial years.

Definition: for every period asked (month, financial year to date or rolling 12 months ending at a
month; ``lib/periods.py``) the rows of :func:`lib.metrics.crime_performance.borough_report` for one
area - current and previous counts (missing when any month of the window is absent), % change
(:func:`lib.metrics.change.pct_change_series`), the London (MPS) % change and rate beside it, rate per
1,000 (:func:`lib.metrics.crime_performance.add_rates`: residents, households for residential
burglary), rank of 32 (1 = lowest rate, ties sharing the lower rank), rank and average rate within the
similar group, RAG (``lib.metrics.rag``) and the change test (``lib.metrics.change_test``). Sources:
the Barking and Dagenham one-page summaries (seed 002: month, year to date, rolling 12 months, rate,
"21of32 / 8of15") and the Enfield SNB pack (seed 000).

The sums come from one pandas group-by of the series into a row per series and a column per month, each
period's window a slice of its columns; ranks are one grouped rank over every period. The same figures as
:func:`borough_report` period by period (tests/views/test_pack.py compares them for 32 periods): that
path, one period at a time, costs 1.8 CPU-s for a one-pager pack's 32 periods, this one 0.1 s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.metrics.change import pct_change_series
from lib.metrics.change_test import change_test_table
from lib.metrics.crime_performance import _add_rates_rule, add_rates, population_year_for, similar_group_members
from lib.metrics.crime_series import INDICATOR_ORDER, SERIES_KEYS
from lib.metrics.rag import rag_series
from lib.periods import Period, month_range
from lib.reference.boroughs import LONDON_CODE

RANK_KEYS = ["period", "kind", "indicator", "major"]


def window_table(series: pd.DataFrame, periods: list[Period]) -> pd.DataFrame:
    """Current and previous totals of every series for every period, from one table of monthly counts.

    Definition: as :func:`lib.metrics.crime_performance.compare_periods` - current = the total over
    the period, previous = the total over the same months a year earlier, each missing (NaN) when any
    month of its window is absent from the data; ``missing_current`` counts the absent months. One row
    per period (``period``: its position in ``periods``) and series (the series keys). Plain pandas: the
    monthly counts grouped into one row per series and one column per month, each window a column slice."""
    keys = [c for c in SERIES_KEYS if c in series.columns]
    wanted = [m for p in periods for m in (p.prev_first, p.last)]
    months = month_range(min([*wanted, *series["month"].astype(str)]) if len(series) else min(wanted),
                         max([*wanted, *series["month"].astype(str)]) if len(series) else max(wanted))
    wide = (series.groupby([*keys, "month"], dropna=False, sort=True, observed=True)["count"].sum()
            .unstack("month").reindex(columns=months).astype("float64"))
    groups = wide.index.to_frame(index=False)

    def window(first: str, last: str) -> tuple[np.ndarray, np.ndarray]:
        cells = wide.loc[:, first:last]
        missing = cells.isna().sum(axis=1).to_numpy(dtype="int64")
        return np.where(missing == 0, np.rint(cells.sum(axis=1).to_numpy()), np.nan), missing

    parts = []
    for i, p in enumerate(periods):
        cur, miss = window(p.first, p.last)
        prev, _ = window(p.prev_first, p.prev_last)
        parts.append(groups.assign(period=i, current=cur, previous=prev, missing_current=miss))
    out = pd.concat(parts, ignore_index=True)
    out["change"] = out["current"] - out["previous"]
    out["pct_change"] = pct_change_series(out["current"], out["previous"])
    return out


def _same_denominators(population: pd.DataFrame | None, periods: list[Period],
                       denominators: list[pd.DataFrame | None]) -> list[tuple[str, pd.DataFrame | None, list[int]]]:
    """The periods grouped by the figures their rates divide by, so that :func:`add_rates` runs once per
    distinct denominator (a handful of years), not once per period: (a period's end, its denominator,
    the positions of the periods sharing it)."""
    out: list[tuple[str, pd.DataFrame | None, list[int]]] = []
    gla: dict[object, int] = {}
    for i, (p, den) in enumerate(zip(periods, denominators, strict=True)):
        if den is None:
            year = population_year_for(population, p.last) if population is not None and len(population) else None
            if year in gla:
                out[gla[year]][2].append(i)
            else:
                gla[year] = len(out)
                out.append((p.last, None, [i]))
            continue
        same = next((j for j, (_, d, _) in enumerate(out) if d is den or (d is not None and d.equals(den))), None)
        if same is None:
            out.append((p.last, den, [i]))
        else:
            out[same][2].append(i)
    return out


def period_reports(series: pd.DataFrame, population: pd.DataFrame | None, features: pd.DataFrame | None,
                   area_code: str, periods: list[Period], denominators: list[pd.DataFrame | None],
                   k: int = 14, target_pct: float = 0.0) -> pd.DataFrame:
    """:func:`lib.metrics.crime_performance.borough_report` of ``area_code`` for every period at once
    (the series of the named indicators; no hate and special crime rows).

    ``denominators``: one per period (:func:`lib.metrics.crime_performance.period_denominators`, or
    None for the store's GLA figures). Rows of the area whose current period is complete, in the
    pack's order within each period; ``period`` gives the position in ``periods``."""
    t = window_table(series, periods)
    groups = _same_denominators(population, periods, denominators)
    # the periods with a denominator table: their rates in one merge on (table, area), not one per table
    ruled = [(j, den, ids) for j, (_, den, ids) in enumerate(groups) if den is not None]
    parts = [add_rates(t[t["period"].isin(ids)], population, end, den) for end, den, ids in groups if den is None]
    if ruled:
        table_of = {i: j for j, _, ids in ruled for i in ids}
        at = t[t["period"].isin(list(table_of))]
        stacked = pd.concat([den.assign(_table=j) for j, den, _ in ruled], ignore_index=True)
        parts.append(_add_rates_rule(at.assign(_table=at["period"].map(table_of)), stacked, ("_table", "area_code"))
                     .drop(columns="_table"))
    rated = pd.concat(parts, ignore_index=True)
    boroughs = rated["area_code"] != LONDON_CODE
    rated["rank"] = (rated["rate_per_1000"].where(boroughs).groupby([rated[c] for c in RANK_KEYS], dropna=False)
                     .rank(method="min").round().astype("Int64"))
    lon = rated.loc[~boroughs, [*RANK_KEYS, "current", "previous", "pct_change", "rate_per_1000"]].rename(
        columns={"current": "mps_current", "previous": "mps_previous", "pct_change": "mps_pct_change",
                 "rate_per_1000": "mps_rate_per_1000"})
    mine = rated[(rated["area_code"] == area_code) & (rated["missing_current"] == 0)]
    out = mine.merge(lon, on=RANK_KEYS, how="left")
    members = similar_group_members(features, area_code, k)
    if members:
        g = rated[rated["area_code"].isin(members)]
        by = g.groupby(RANK_KEYS, dropna=False)["rate_per_1000"]
        g = g.assign(msg_rank=by.rank(method="min"), msg_size=by.transform("count"), msg_average=by.transform("mean"))
        g = g.loc[g["area_code"] == area_code, [*RANK_KEYS, "msg_rank", "msg_size", "msg_average"]]
        out = out.merge(g, on=RANK_KEYS, how="left")
        out["msg_rank"] = out["msg_rank"].round().astype("Int64")
        out["msg_size"] = out["msg_size"].round().astype("Int64")
    else:
        out = out.assign(msg_rank=pd.Series(pd.NA, index=out.index, dtype="Int64"),
                         msg_size=pd.Series(pd.NA, index=out.index, dtype="Int64"), msg_average=np.nan)
    order = {name: i for i, name in enumerate(INDICATOR_ORDER)}
    out = (out.assign(_i=out["indicator"].map(lambda n: order.get(n, len(order))))
           .sort_values(["period", "_i", "indicator"], kind="stable").drop(columns="_i").reset_index(drop=True))
    out["rag"] = rag_series(out["pct_change"], out["mps_pct_change"], target_pct)
    out["note"] = pd.Series("", index=out.index, dtype="string")
    return change_test_table(out)
