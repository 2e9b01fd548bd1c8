"""Which population a rate divides by: the rule, as pure functions on the ``population_estimates`` table.

Definitions (issue 13, part 2):

- **current** (the default): the current ONS series (the newest Census-2021-consistent vintage
  holding the year) for *the period's year*: the mid-year (30 June) nearest the middle of the
  period (financial year 2015/16 -> mid-2015; rolling 12 months to September 2015 -> mid-2015;
  calendar 2015 -> mid-2015). When the period is later than the newest estimate, the newest
  estimate is used and the label says so.
- **as_published**: the latest ONS estimate that had been published by the end of the period, in
  the figures of the day: how iQuanta and the partnership packs computed their rates (seed 002: a
  2015/16 rate divides by mid-2014 as first published, 198,300 for Barking and Dagenham). ONS
  publishes mid-year N in June N+1 (mid-2014 in June 2015, mid-2020 in June 2021: SOURCES.md and
  the data README, "ONS publishes mid-year N in the summer of N+1"); we take June N+1 as the month
  of publication. Exception: mid-2021 was published in December 2022 (Census 2021).
  We do not hold every release: when the estimate then published is not held (e.g. mid-2018 as
  first published, for a 2019/20 rate), the latest estimate we hold that had been published by
  then is used and the label names the gap.
- an explicit vintage id (lib/reference/population_vintages.csv): that vintage's figure for the
  period's year (or its newest year, labelled, if the period is later).

Every result carries, per area, the population figure, the mid-year, the vintage and a plain
``basis`` label. Areas: the 33 London authorities and London, where London is the **MPS area**,
the sum of the 32 boroughs the Met polices (City of London excluded), as the MET average in the
packs is computed.

Households (residential burglary per 1,000 households): one series for every period, Census 2011
households (27 March 2011), until a Census 2021 household count is in the store and had been
published (Census 2021 first results, 28 June 2022); never a mixture of sources by year.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib.periods import month_index, month_start_date
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, mps_boroughs
from lib.reference.population import Vintage, population_vintages

CURRENT = "current"
AS_PUBLISHED = "as_published"
BASES = (CURRENT, AS_PUBLISHED)
PER = 1000.0
MID2021_PUBLISHED = "2022-12"
CENSUS2021_HOUSEHOLDS_PUBLISHED = "2022-06"

OUT_COLUMNS = ["area_code", "area_name", "population", "year", "vintage", "basis"]


def period_year(first: str, last: str) -> int:
    """The mid-year nearest the middle of the period from month ``first`` to month ``last`` inclusive."""
    start = month_start_date(first)
    end_next = month_start_date(f"{int(last[:4]) + (last[5:7] == '12'):04d}-{int(last[5:7]) % 12 + 1:02d}")
    mid = start + (end_next - start) / 2
    return min((mid.year - 1, mid.year, mid.year + 1), key=lambda y: abs((date(y, 6, 30) - mid).days))


def published_year_at(end_month: str) -> int:
    """The latest mid-year ONS had published by the end of ``end_month`` (June N+1 rule; mid-2021 in Dec 2022)."""
    y, m = int(end_month[:4]), int(end_month[5:7])
    n = y - 1 if m >= 6 else y - 2
    if n == 2021 and month_index(end_month) < month_index(MID2021_PUBLISHED):
        n = 2020
    return n


def _published_month(v: Vintage, year: int) -> str:
    if v.years_published == "june_next_year":
        return MID2021_PUBLISHED if year == 2021 else f"{year + 1:04d}-06"
    return v.published


LONDON_WORDS = "; London = the 32 MPS boroughs (City of London excluded)"


def _with_mps_total(rows: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Boroughs as given; London replaced by the sum of the 32 MPS boroughs (NaN if any is missing)."""
    codes = [b.code for b in mps_boroughs()]
    boroughs = rows[rows["area_code"] != LONDON_CODE].copy()
    mps = boroughs[boroughs["area_code"].isin(codes)]
    complete = mps["area_code"].nunique() == len(codes)
    london = pd.DataFrame(
        {
            "area_code": [LONDON_CODE],
            "area_name": [LONDON_NAME],
            "population": [float(mps["population"].sum()) if complete else float("nan")],
            "year": [int(mps["year"].max()) if len(mps) else None],
            "vintage": [mps["vintage"].iloc[0] if len(mps) else None],
            "basis": [f"{basis}{LONDON_WORDS}"],
        }
    )
    boroughs["basis"] = basis
    return pd.concat([boroughs[OUT_COLUMNS], london[OUT_COLUMNS]], ignore_index=True)


def _relabelled(table: pd.DataFrame, basis: str) -> pd.DataFrame:
    """A :func:`_with_mps_total` table with other ``basis`` words (the same figures)."""
    london = (table["area_code"] == LONDON_CODE).to_numpy()
    words = pd.Series(np.where(london, f"{basis}{LONDON_WORDS}", basis), index=table.index,
                      dtype=table["basis"].dtype)
    return table.assign(basis=words)


def _held_vintages(estimates: pd.DataFrame) -> set[str]:
    """The vintage ids in the table (from its distinct values: iterating every row costs ~5 ms a call)."""
    return {str(v) for v in estimates["vintage"].dropna().unique()}


def _pick(estimates: pd.DataFrame, vintage_id: str, year: int) -> pd.DataFrame:
    e = estimates[(estimates["vintage"] == vintage_id) & (estimates["year"].astype("int64") == year)]
    return e[["area_code", "area_name", "population", "year", "vintage"]].copy()


def current_population(estimates: pd.DataFrame, year: int) -> pd.DataFrame:
    """Current ONS series (Census 2021 base, newest vintage holding the year) for mid-``year``.

    When no held vintage of the current series has mid-``year`` (a year before the series starts, or a
    gap), there is no population and so no rate: no borough rows, and London's row with no figure and
    ``basis`` saying so in words (rates divided by it are missing)."""
    have = _held_vintages(estimates)
    current = [v for v in population_vintages() if v.census_base == 2021 and v.vintage in have]
    held = {
        v.vintage: set(estimates.loc[estimates["vintage"] == v.vintage, "year"].astype("int64")) for v in current
    }
    newest_year = max((y for ys in held.values() for y in ys), default=None)
    if newest_year is None:
        return pd.DataFrame(columns=OUT_COLUMNS)
    use_year = min(year, newest_year)
    holding = [v for v in current if use_year in held[v.vintage]]
    if not holding:
        first = min(y for ys in held.values() for y in ys)
        words = (f"no population: the current ONS series held starts at mid-{first}" if use_year < first else
                 f"no population: the current ONS series held has no mid-{use_year} estimate")
        return _with_mps_total(pd.DataFrame(columns=OUT_COLUMNS[:-1]), f"{words}, so rates are not shown")
    v = max(holding, key=lambda v: v.published)
    note = "" if use_year == year else f"; mid-{year} not yet held, so the newest estimate is used"
    basis = f"ONS mid-{use_year} estimate, current series: {v.label}{note}"  # labels carry their own brackets
    return _with_mps_total(_pick(estimates, v.vintage, use_year), basis)


def _held_years(estimates: pd.DataFrame) -> dict[str, set[int]]:
    """The mid-years each held vintage has, from one grouping of the table."""
    return {str(k): {int(y) for y in v} for k, v in estimates.groupby("vintage")["year"].unique().items()}


def _as_published_choice(held: dict[str, set[int]], end_month: str) -> tuple[int, Vintage, int] | None:
    """(mid-year, vintage, the mid-year ONS had published) of the estimate :func:`as_published_population`
    uses for a period ending ``end_month``; None when no held estimate had been published by then."""
    ideal = published_year_at(end_month)
    best: tuple[int, str, Vintage] | None = None
    for v in population_vintages():
        for y in sorted(held.get(v.vintage, ())):
            if y > ideal or month_index(_published_month(v, y)) > month_index(end_month):
                continue
            key = (y, _published_month(v, y), v)
            if best is None or key[:2] > best[:2]:
                best = key
    return None if best is None else (best[0], best[2], ideal)


def as_published_population(estimates: pd.DataFrame, end_month: str) -> pd.DataFrame:
    """The latest ONS estimate published by the end of ``end_month``, in the figures of the day."""
    choice = _as_published_choice(_held_years(estimates), end_month)
    if choice is None:
        return pd.DataFrame(columns=OUT_COLUMNS)
    y, v, ideal = choice
    gap = "" if y == ideal else f"; ONS had published mid-{ideal} by then, which we do not hold"
    return _with_mps_total(_pick(estimates, v.vintage, y), f"ONS mid-{y} estimate as published by {end_month} "
                                                           f"({v.label}){gap}")


def vintage_population(estimates: pd.DataFrame, vintage_id: str, year: int) -> pd.DataFrame:
    """One named vintage's figure for mid-``year`` (its newest year, labelled, if it stops earlier)."""
    e = estimates[estimates["vintage"] == vintage_id]
    if e.empty:
        raise KeyError(f"population vintage {vintage_id!r} is not in the store")
    years = set(e["year"].astype("int64"))
    use = year if year in years else max(y for y in years if y <= year) if min(years) <= year else min(years)
    v = next(v for v in population_vintages() if v.vintage == vintage_id)
    note = "" if use == year else f" (mid-{year} not in this release: mid-{use} used)"
    return _with_mps_total(_pick(estimates, vintage_id, use), f"ONS mid-{use} estimate, {v.label}{note}")


def population_for_period(estimates: pd.DataFrame, first: str, last: str, basis: str = CURRENT) -> pd.DataFrame:
    """The denominator for a period by ``basis``: 'current' (default), 'as_published' or a vintage id.

    Columns: area_code, area_name, population, year, vintage, basis.
    """
    if basis == CURRENT:
        return current_population(estimates, period_year(first, last))
    if basis == AS_PUBLISHED:
        return as_published_population(estimates, last)
    return vintage_population(estimates, basis, period_year(first, last))


def household_denominator(population: pd.DataFrame, end_month: str) -> pd.DataFrame:
    """Households for every period from ONE series: Census 2011, or Census 2021 once held and published.

    ``population`` is the store's GLA ``population`` table (households with ``households_source``).
    Columns: area_code, area_name, households, basis. London = the 32 MPS boroughs.
    """
    src = population["households_source"].astype("str").fillna("")
    c2021 = population[src.str.contains("Census 2021", regex=False) & population["households"].notna()]
    use_2021 = len(c2021) and month_index(end_month) >= month_index(CENSUS2021_HOUSEHOLDS_PUBLISHED)
    rows = c2021 if use_2021 else population[src.str.contains("Census 2011", regex=False)]
    basis = "households, ONS Census 2021 (21 March 2021)" if use_2021 else "households, ONS Census 2011 (27 March 2011)"
    rows = rows[rows["households"].notna()]
    out = pd.DataFrame(
        {
            "area_code": rows["borough_code"].astype("str").to_numpy(),
            "area_name": rows["borough_name"].astype("str").to_numpy(),
            "households": rows["households"].astype("float64").to_numpy(),
        }
    )
    codes = [b.code for b in mps_boroughs()]
    mps = out[out["area_code"].isin(codes)]
    total = float(mps["households"].sum()) if mps["area_code"].nunique() == len(codes) else float("nan")
    out["basis"] = basis
    london = pd.DataFrame(
        {"area_code": [LONDON_CODE], "area_name": [LONDON_NAME], "households": [total],
         "basis": [f"{basis}; London = the 32 MPS boroughs"]}
    )
    return pd.concat([out, london], ignore_index=True)


def rate_per_1000(count: pd.Series | float, denominator: pd.Series | float) -> pd.Series | float:
    """count / denominator × 1,000 (NaN where the denominator is missing or zero)."""
    if isinstance(count, pd.Series) or isinstance(denominator, pd.Series):
        d = pd.to_numeric(denominator, errors="coerce")
        return pd.to_numeric(count, errors="coerce") / d.where(d > 0) * PER
    if denominator is None or pd.isna(denominator) or denominator <= 0:
        return float("nan")
    return float(count) / float(denominator) * PER
