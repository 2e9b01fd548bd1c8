"""Disproportionality of stop and search by ethnic group, as the Enfield SNB pack (2015) computes it.

Searches of each group per 1,000 of that group's resident population (Census 2011), divided by the
same rate for the White group, so White is always 1. Searches are by officer-defined ethnic
appearance mapped to four groups (White, Black, Asian, Other; ``lib/reference/
stop_search_ethnicity.csv``); vehicle-only searches are excluded (nobody's appearance is recorded);
searches with ethnicity not recorded are shown separately, as a share of all searches.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lib.reference.boroughs import LONDON_CODE, mps_boroughs

GROUPS = ("White", "Black", "Asian", "Other")
REFERENCE_GROUP = "White"
NOT_RECORDED = "Not recorded"
POPULATION_SCHEME = "search4"
PER = 1000


def _series(values: Mapping[str, float] | pd.Series) -> pd.Series:
    if isinstance(values, pd.Series):
        return values.astype("float64")
    return pd.Series(values, dtype="float64")


def rate_per_1000(count: float, population: float) -> float | None:
    """Searches per 1,000 residents: count / population × 1,000 (None when population is 0 or missing)."""
    if population is None or pd.isna(population) or population <= 0:
        return None
    return float(count) / float(population) * PER


Numbers = Mapping[str, float] | pd.Series


def rates_per_1000(counts: Numbers, population: Numbers) -> pd.Series:
    """Search rate per 1,000 of each group's resident population (Enfield SNB pack glossary).

    Groups missing from ``counts`` count as 0 searches; groups without a positive population are NaN.
    """
    c, p = _series(counts), _series(population)
    c = c.reindex(p.index).fillna(0.0)
    return (c / p.where(p > 0) * PER).rename("rate_per_1000")


def disproportionality(
    counts: Numbers,
    population: Numbers,
    reference: str = REFERENCE_GROUP,
) -> pd.Series:
    """Disproportionality ratio: searches per 1,000 of the group's resident population divided by
    the same rate for the White group (Enfield SNB pack 2015, Figure 12 and glossary; Census 2011).

    ``counts`` and ``population`` map group → number (dicts or Series). Returns a Series of
    unrounded ratios indexed by the population's groups, the reference group exactly 1.0; NaN for a
    group without population, and every ratio NaN if the reference group has no searches or no
    population (a ratio to zero is undefined). Round to two decimals for display, as the pack does.
    """
    rates = rates_per_1000(counts, population)
    if reference not in rates.index:
        raise ValueError(f"no population for the reference group {reference!r}")
    ref = rates[reference]
    if pd.isna(ref) or ref == 0:
        return pd.Series(float("nan"), index=rates.index, name="disproportionality")
    out = rates / ref
    out[reference] = 1.0
    return out.rename("disproportionality")


def not_recorded_share(recorded: float, not_recorded: float) -> float | None:
    """Share of searches with ethnicity not recorded: not recorded / all searches (Enfield pack Fig. 12)."""
    total = float(recorded) + float(not_recorded)
    return None if total == 0 else float(not_recorded) / total


def population_by_group(population_ethnicity: pd.DataFrame, area_code: str) -> pd.Series:
    """Resident population of the four search groups in a borough, or London (sum of the 32 MPS boroughs).

    From the ``population_ethnicity`` table (scheme 'search4', Census 2011). London uses a London
    row if the table has one, otherwise the sum over the 32 boroughs the Met polices (the City of
    London is policed by its own force).
    """
    t = population_ethnicity
    if "scheme" in t.columns:
        t = t[t["scheme"] == POPULATION_SCHEME]
    if area_code == LONDON_CODE and not (t["borough_code"] == LONDON_CODE).any():
        t = t[t["borough_code"].isin([b.code for b in mps_boroughs()])]
    else:
        t = t[t["borough_code"] == area_code]
    pop = t.groupby("group")["population"].sum().astype("float64")
    return pop.reindex(list(GROUPS))


def ethnicity_table(counts: Numbers, population: Numbers) -> pd.DataFrame:
    """Searches, population, rate per 1,000 and disproportionality ratio for each of the four groups,
    plus a 'Not recorded' row (searches only).

    Definition: as :func:`disproportionality`; ``counts`` may include 'Not recorded'. The
    'Not recorded' row carries its share of all searches in ``share_of_searches``.
    """
    c = _series(counts)
    p = _series(population).reindex(list(GROUPS))
    rec = c.reindex(list(GROUPS)).fillna(0.0)
    nr = float(c.get(NOT_RECORDED, 0.0))
    rates = rates_per_1000(rec, p)
    ratios = disproportionality(rec, p)
    total = float(rec.sum()) + nr
    rows = [
        {
            "group": g,
            "searches": int(rec[g]),
            "population": None if pd.isna(p[g]) else int(p[g]),
            "rate_per_1000": None if pd.isna(rates[g]) else float(rates[g]),
            "disproportionality": None if pd.isna(ratios[g]) else float(ratios[g]),
            "share_of_searches": None if total == 0 else float(rec[g]) / total,
        }
        for g in GROUPS
    ]
    rows.append({
        "group": NOT_RECORDED, "searches": int(nr), "population": None, "rate_per_1000": None,
        "disproportionality": None, "share_of_searches": not_recorded_share(total - nr, nr),
    })
    return pd.DataFrame(rows)


def monthly_disproportionality(monthly_counts: pd.DataFrame, population: Numbers) -> pd.DataFrame:
    """Disproportionality ratio by month for each group (White = 1), as Enfield pack Figure 12.

    ``monthly_counts`` has columns month, group, searches (groups as in :data:`GROUPS` plus
    'Not recorded'). Returns month, group, searches, population, rate_per_1000, disproportionality.
    """
    rows = []
    for month, part in monthly_counts.groupby("month", sort=True):
        table = ethnicity_table(part.set_index("group")["searches"], population)
        table.insert(0, "month", month)
        rows.append(table)
    if not rows:
        return pd.DataFrame(columns=["month", "group", "searches", "population", "rate_per_1000",
                                     "disproportionality", "share_of_searches"])
    return pd.concat(rows, ignore_index=True)
