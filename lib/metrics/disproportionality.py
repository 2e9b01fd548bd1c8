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


def rates_per_1000(counts: Numbers | pd.DataFrame, population: Numbers) -> pd.Series | pd.DataFrame:
    """Search rate per 1,000 of each group's resident population (Enfield SNB pack glossary).

    Groups missing from ``counts`` count as 0 searches; groups without a positive population are NaN.
    ``counts`` may be a table, a row a period and a column a group: then one row of rates a period.
    """
    c = counts if isinstance(counts, pd.DataFrame) else pd.DataFrame([_series(counts)])
    p = _series(population)
    rates = c.reindex(columns=p.index).astype("float64").fillna(0.0) / p.where(p > 0) * PER
    return rates if isinstance(counts, pd.DataFrame) else rates.iloc[0].rename("rate_per_1000")


def disproportionality(
    counts: Numbers | pd.DataFrame,
    population: Numbers,
    reference: str = REFERENCE_GROUP,
) -> pd.Series | pd.DataFrame:
    """Disproportionality ratio: searches per 1,000 of the group's resident population divided by
    the same rate for the White group (Enfield SNB pack 2015, Figure 12 and glossary; Census 2011).

    ``counts`` and ``population`` map group → number (dicts or Series). Returns a Series of
    unrounded ratios indexed by the population's groups, the reference group exactly 1.0; NaN for a
    group without population, and every ratio NaN if the reference group has no searches or no
    population (a ratio to zero is undefined). Round to two decimals for display, as the pack does.
    ``counts`` may be a table as for :func:`rates_per_1000`: then one row of ratios a period.
    """
    rates = rates_per_1000(counts if isinstance(counts, pd.DataFrame) else pd.DataFrame([_series(counts)]),
                           population)
    if reference not in rates.columns:
        raise ValueError(f"no population for the reference group {reference!r}")
    ref = rates[reference]
    usable = ref.notna() & (ref != 0)
    out = rates.div(ref.where(usable), axis=0)
    out.loc[usable, reference] = 1.0
    return out if isinstance(counts, pd.DataFrame) else out.iloc[0].rename("disproportionality")


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
    return pd.DataFrame(_table_rows(pd.DataFrame([_series(counts)], index=[None]), population))


def monthly_disproportionality(monthly_counts: pd.DataFrame, population: Numbers) -> pd.DataFrame:
    """Disproportionality ratio by month for each group (White = 1), as Enfield pack Figure 12: the
    :func:`ethnicity_table` of each month, the months in order.

    ``monthly_counts`` has columns month, group, searches (groups as in :data:`GROUPS` plus
    'Not recorded'). Returns month, group, searches, population, rate_per_1000, disproportionality.
    """
    if not len(monthly_counts):
        return pd.DataFrame(columns=["month", "group", "searches", "population", "rate_per_1000",
                                     "disproportionality", "share_of_searches"])
    wide = monthly_counts.pivot(index="month", columns="group", values="searches").sort_index()
    return pd.DataFrame(_table_rows(wide, population))


def _table_rows(counts: pd.DataFrame, population: Numbers) -> list[dict]:
    """:func:`ethnicity_table`'s rows for every row of ``counts`` (a row a period, labelled by the index, None for
    no period column; a column a group), all periods at once: :func:`rates_per_1000` and :func:`disproportionality`
    of the four groups, and each group's share of all searches (the four groups and 'Not recorded')."""
    p = _series(population).reindex(list(GROUPS))
    rec = counts.reindex(columns=list(GROUPS)).astype("float64").fillna(0.0)
    nr = (counts[NOT_RECORDED].astype("float64").fillna(0.0) if NOT_RECORDED in counts.columns
          else pd.Series(0.0, index=counts.index))
    rates, ratios = rates_per_1000(rec, p), disproportionality(rec, p)
    total = rec.sum(axis=1) + nr
    people = {g: None if pd.isna(p[g]) else int(p[g]) for g in GROUPS}
    rows: list[dict] = []
    for period, searched, rate, ratio, all_, not_rec in zip(counts.index, rec.to_numpy(), rates.to_numpy(),
                                                           ratios.to_numpy(), total.to_numpy(), nr.to_numpy(),
                                                           strict=True):
        head = {} if period is None else {"month": period}
        rows += [{**head, "group": g, "searches": int(searched[i]), "population": people[g],
                  "rate_per_1000": None if pd.isna(rate[i]) else float(rate[i]),
                  "disproportionality": None if pd.isna(ratio[i]) else float(ratio[i]),
                  "share_of_searches": None if all_ == 0 else float(searched[i]) / float(all_)}
                 for i, g in enumerate(GROUPS)]
        rows.append({**head, "group": NOT_RECORDED, "searches": int(not_rec), "population": None,
                     "rate_per_1000": None, "disproportionality": None,
                     "share_of_searches": not_recorded_share(all_ - not_rec, not_rec)})
    return rows
