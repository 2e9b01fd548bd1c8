"""Crime performance: period counts, % change, London change, rates per 1,000, ranks of 32.

The shape of the Enfield Safer Neighbourhood Board pack's recorded-crime table (seed 000: count
this period, count the same period a year earlier, % change, MPS % change) and of the Barking and
Dagenham one-page indicator summaries (seed 002: month, year to date, rolling 12 months, rate per
1,000 residents, "21of32 / 8of15" ranks).

Periods (``lib/periods.py``): ``month`` (the month itself), ``fytd`` (financial year to date: April
to the month) and ``r12`` (the 12 months ending with the month), each against the same months a
year earlier.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from lib.errors import UsageError
from lib.metrics.change import pct_change_series
from lib.metrics.change_test import change_test_table
from lib.metrics.crime_series import (
    INDICATOR_ORDER,
    KIND_INDICATOR,
    KIND_MAJOR,
    KIND_MINOR,
    SERIES_KEYS,
    window_totals,
)
from lib.metrics.population import (
    AS_PUBLISHED,
    CENSUS2021_HOUSEHOLDS_PUBLISHED,
    CURRENT,
    household_denominator,
    period_year,
    population_for_period,
)
from lib.metrics.special_crime import KIND_SPECIAL, special_row_order
from lib.periods import PERIOD_KINDS, month_index, period_for
from lib.reference.boroughs import LONDON_CODE, mps_boroughs
from lib.reference.categories import repeated_categories

HOUSEHOLD_INDICATORS: frozenset[str] = frozenset({"Burglary (Residential)"})
PER = 1000


def compare_periods(series: pd.DataFrame, kind: str, to: str) -> pd.DataFrame:
    """Counts for the period ending ``to`` and the same period a year earlier, with % change.

    Definition: current = total over the period, previous = total over the same months a year
    earlier (both missing when any month is absent from the data: see
    :func:`lib.metrics.crime_series.window_totals`), pct_change = :func:`pct_change`. One row per area and
    series; columns: the series keys, current, previous, change, pct_change, missing_current,
    missing_previous, releases.
    """
    p = period_for(kind, to)
    cur = window_totals(series, p.first, p.last)
    prev = window_totals(series, p.prev_first, p.prev_last)
    keys = [c for c in SERIES_KEYS if c in series.columns]
    extra = [c for c in ("borough_code", "borough_name") if c in series.columns]
    out = cur.rename(columns={"count": "current", "missing_months": "missing_current"})
    prev = prev.rename(
        columns={"count": "previous", "missing_months": "missing_previous", "releases": "prev_releases"}
    )
    out = out.drop(columns=["months"]).merge(
        prev[[*keys, "previous", "missing_previous", "prev_releases"]], on=keys, how="left"
    )
    n_prev = len(pd.period_range(p.prev_first, p.prev_last, freq="M"))
    out["missing_previous"] = out["missing_previous"].fillna(n_prev).astype("int64")
    out["change"] = out["current"] - out["previous"]
    out["pct_change"] = pct_change_series(out["current"], out["previous"])
    # A window with no figures (the hate and special crime file ends in 2021) has no releases: '' not NA.
    releases = out["releases"].fillna("").astype("string") + "|" + out["prev_releases"].fillna("").astype("string")
    out["releases"] = releases.map(_join_releases)
    cols = [*keys, *extra, "current", "previous", "change", "pct_change",
            "missing_current", "missing_previous", "releases"]
    return out[cols]


def _join_releases(text: str) -> str:
    """'2016-12|2016-12+2023-11' -> '2016-12+2023-11'."""
    return "+".join(sorted({r for part in text.split("|") for r in part.split("+") if r}))


# --- denominators ---------------------------------------------------------------------------------


def population_year_for(population: pd.DataFrame, end_month: str) -> int | None:
    """The population year used for a period ending ``end_month``: that calendar year's mid-year
    estimate, or the nearest year available (ONS mid-year estimates; B&D summaries use one year).
    """
    years = sorted({int(y) for y in population["year"].dropna().unique()})
    if not years:
        return None
    want = int(end_month[:4])
    return min(years, key=lambda y: (abs(y - want), -y))


def denominators(population: pd.DataFrame, year: int) -> pd.DataFrame:
    """Residents and households by area for one year, the 32 boroughs plus London (their sum).

    Definition: ONS mid-year resident population (and households where published) of each MPS
    borough; London (MPS area) = the sum over the 32 boroughs policed by the MPS (the City of
    London is not in the MPS area). Columns: area_code, population, households.
    """
    codes = [b.code for b in mps_boroughs()]
    p = population[(population["year"].astype("int64") == year) & population["borough_code"].isin(codes)]
    out = pd.DataFrame({
        "area_code": p["borough_code"].astype("string").to_numpy(),
        "population": pd.to_numeric(p["population"], errors="coerce").astype("float64").to_numpy(),
        "households": pd.to_numeric(p.get("households", pd.Series(np.nan, index=p.index)), errors="coerce")
        .astype("float64").to_numpy(),
    })
    london_hh = out["households"].sum() if out["households"].notna().sum() == len(codes) else np.nan
    london_pop = out["population"].sum() if out["population"].notna().sum() == len(codes) else np.nan
    london = pd.DataFrame({"area_code": [LONDON_CODE], "population": [london_pop], "households": [london_hh]})
    return pd.concat([out, london], ignore_index=True).astype({"area_code": "string"})


def period_denominators(population: pd.DataFrame | None, estimates: pd.DataFrame | None, first: str,
                        last: str, basis: str = CURRENT) -> pd.DataFrame | None:
    """Residents and households by area for the period ``first``..``last`` by the population rule.

    Definition: residents from :func:`lib.metrics.population.population_for_period` (``basis``:
    'current' ONS series for the period's year, 'as_published' the latest estimate published by the
    period's end, or a vintage id; issue 13 part 2); households from ONE series for every period
    (:func:`lib.metrics.population.household_denominator`: Census 2011 until Census 2021 applies).
    None when the store has no ONS estimates. Columns: area_code, population, population_year,
    population_basis, households, household_basis, and the period's keys period_first and period_last.
    """
    if estimates is None or not len(estimates):
        return None
    out = _denominator_table(population_for_period(estimates, first, last, basis), _households(population, last))
    return out.assign(period_first=first, period_last=last)  # its keys: checked where a period's rates divide by it


def _check_denominator(denominator: pd.DataFrame | None, kind: str, to: str) -> None:
    """A programming error, not a figure: a :func:`period_denominators` table of another period than the
    one being rated (rates of one year divided by another year's population)."""
    if denominator is None:
        return
    p = period_for(kind, to)
    got = set(zip(denominator["period_first"], denominator["period_last"], strict=True))
    if got != {(p.first, p.last)}:
        raise ValueError(f"the denominators given are for {sorted(got)}, not for {p.first}..{p.last}")


def _households(population: pd.DataFrame | None, last: str) -> pd.DataFrame | None:
    """The household series for a period ending ``last`` (None when the GLA table has no households)."""
    if population is None or "households_source" not in population.columns:
        return None
    hh = household_denominator(population, last)
    return pd.DataFrame({"area_code": hh["area_code"].astype("string"), "households": hh["households"],
                         "household_basis": hh["basis"].astype("string")})


def _denominator_table(pop: pd.DataFrame, hh: pd.DataFrame | None) -> pd.DataFrame:
    out = pd.DataFrame({
        "area_code": pop["area_code"].astype("string").to_numpy(),
        "population": pd.to_numeric(pop["population"], errors="coerce").astype("float64").to_numpy(),
        "population_year": pd.array(pop["year"].to_numpy(), dtype="Int64"),
        "population_basis": pop["basis"].astype("string").to_numpy(),
    })
    if hh is not None and hh["area_code"].is_unique:  # a left join by position (merge: ~5 ms, 14 a one-pager pack)
        rows = hh.set_index("area_code").reindex(out["area_code"].to_numpy())
        return out.assign(**{c: rows[c].to_numpy() if rows[c].dtype == "float64" else rows[c].array
                             for c in hh.columns if c != "area_code"})
    if hh is not None:
        return out.merge(hh, on="area_code", how="left")
    out["households"] = np.nan
    out["household_basis"] = pd.Series(pd.NA, index=out.index, dtype="string")
    return out


def denominator_key(first: str, last: str, basis: str = CURRENT) -> tuple:
    """What :func:`period_denominators` depends on besides the tables: periods with the same key divide
    by the same figures (and carry the same labels), so many periods (a one-pager's) need one table a key.

    Residents: by 'current' or a vintage id, the period's mid-year
    (:func:`lib.metrics.population.period_year`); 'as_published', the period's end month (the estimate
    then published, and the label names that month). Households: whether Census 2021 households had
    been published by the period's end (:func:`lib.metrics.population.household_denominator`)."""
    residents = last if basis == AS_PUBLISHED else period_year(first, last)
    return basis, residents, month_index(last) >= month_index(CENSUS2021_HOUSEHOLDS_PUBLISHED)


def add_rates(compared: pd.DataFrame, population: pd.DataFrame | None, end_month: str,
              denominator: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add rate_per_1000 (of the current count), rate_basis, population_year, denominator and its basis.

    Definition: current count ÷ residents × 1,000; for residential burglary per 1,000 households
    (B&D summaries, seed 002); London's rate is the 32 boroughs' crimes over their residents
    (:func:`london_rate_of_boroughs`, ``lib.reference.london``). With ``denominator``
    (:func:`period_denominators`, the issue 13 rule) every rate divides by that figure and
    ``denominator_basis`` names it; households come from one series, so residential burglary is per
    1,000 households in every period. Without it (a store
    with no ONS estimates): the GLA figure of the period's end year (:func:`population_year_for`),
    households where that year has them. Missing when there is no denominator.
    """
    if denominator is not None:
        return _add_rates_rule(compared, denominator)
    out = compared.copy()
    out["rate_per_1000"] = np.nan
    out["rate_basis"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out["population_year"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    if population is None or not len(population):
        return out
    year = population_year_for(population, end_month)
    den = denominators(population, year)
    m = out[["area_code", "indicator"]].merge(den, on="area_code", how="left")
    use_hh = out["indicator"].isin(HOUSEHOLD_INDICATORS).to_numpy() & m["households"].notna().to_numpy()
    denom = np.where(use_hh, m["households"].to_numpy(), m["population"].to_numpy())
    out["rate_per_1000"] = out["current"].to_numpy() / denom * PER
    basis = np.where(use_hh, "households", "residents")
    out["rate_basis"] = pd.Series(basis, index=out.index, dtype="string")
    out.loc[np.isnan(denom), "rate_basis"] = pd.NA
    out["population_year"] = pd.Series(year, index=out.index, dtype="Int64")
    out["denominator"] = denom
    out["denominator_basis"] = pd.Series(
        np.where(use_hh, "households, GLA", f"residents, GLA population {year}"), index=out.index, dtype="string")
    out.loc[np.isnan(denom), "denominator_basis"] = pd.NA
    return london_rate_of_boroughs(out)


def london_rate_of_boroughs(rated: pd.DataFrame) -> pd.DataFrame:
    """London's rate per 1,000 as ``lib.reference.london`` defines it: the 32 boroughs' crimes (not the MPS
    total, which also counts crimes outside any borough) over London's denominator (the 32 boroughs'
    residents or households); missing unless every borough has a count. London's count is left as it is."""
    lon = (rated["area_code"] == LONDON_CODE).to_numpy()
    if not lon.any():
        return rated
    keys = [c for c in ("period", "kind", "indicator", "major") if c in rated.columns]
    codes = [b.code for b in mps_boroughs()]
    b = rated[rated["area_code"].isin(codes)]
    sums = b.groupby(keys, dropna=False, observed=True)["current"].agg(["sum", "count"])
    sums = sums["sum"].where(sums["count"] == len(codes))
    at = pd.MultiIndex.from_frame(rated.loc[lon, keys]) if len(keys) > 1 else pd.Index(rated.loc[lon, keys[0]])
    crimes = sums.reindex(at).to_numpy(dtype="float64", na_value=np.nan)
    out = rated.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out.loc[lon, "rate_per_1000"] = crimes / out.loc[lon, "denominator"].to_numpy(dtype="float64") * PER
    return out


def _add_rates_rule(compared: pd.DataFrame, den: pd.DataFrame, on: tuple[str, ...] = ("area_code",)) -> pd.DataFrame:
    """:func:`add_rates` by a :func:`period_denominators` table, matched on ``on`` (also a period key
    when ``den`` stacks the tables of many periods: :func:`lib.metrics.period_reports.period_reports`)."""
    out = compared.copy()
    m = out[list(on)].astype({"area_code": "string"}).merge(den, on=list(on), how="left")
    hh_ind = out["indicator"].isin(HOUSEHOLD_INDICATORS).to_numpy()
    denom = np.where(hh_ind, m["households"].to_numpy(dtype="float64", na_value=np.nan),
                     m["population"].to_numpy(dtype="float64", na_value=np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate_per_1000"] = out["current"].to_numpy(dtype="float64", na_value=np.nan) / denom * PER
    out["rate_basis"] = pd.Series(np.where(hh_ind, "households", "residents"), index=out.index, dtype="string")
    out.loc[np.isnan(denom), "rate_basis"] = pd.NA
    out["population_year"] = pd.array(m["population_year"].to_numpy(), dtype="Int64")
    out["denominator"] = denom
    label = np.where(hh_ind, m["household_basis"].astype("object").to_numpy(),
                     m["population_basis"].astype("object").to_numpy())
    out["denominator_basis"] = pd.Series(label, index=out.index, dtype="string")
    return london_rate_of_boroughs(out)


def add_ranks(rated: pd.DataFrame) -> pd.DataFrame:
    """Add rank (1 = lowest rate among the 32 boroughs) and rank_of (how many boroughs were ranked).

    Definition: position of the borough's rate per 1,000 among the 32 MPS boroughs' rates for the
    same series and period, ascending, ties sharing the lower rank ("21of32" in the B&D summaries,
    where 1 is the lowest rate). London has no rank.
    """
    out = rated.copy()
    boroughs = out["area_code"] != LONDON_CODE
    keys = ["kind", "indicator", "major"]
    r = out[boroughs].groupby(keys, dropna=False, observed=True)["rate_per_1000"].rank(method="min")
    n = out[boroughs].groupby(keys, dropna=False, observed=True)["rate_per_1000"].transform("count")
    out["rank"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["rank_of"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out.loc[r.index, "rank"] = r.round().astype("Int64")
    out.loc[n.index, "rank_of"] = n.astype("Int64")
    return out


def area_table(
    series: pd.DataFrame,
    population: pd.DataFrame | None,
    indicator: str,
    to: str,
    kind: str = "r12",
    series_kind: str = KIND_INDICATOR,
    denominator: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every area's figures for one series and period: counts, % change, rate and rank of 32.

    Definition: :func:`compare_periods` for the period, :func:`add_rates`, :func:`add_ranks`, plus
    london_pct_change (the London (MPS) % change for the same series). One row per area (the 32
    boroughs and London, or every ward), sorted by name.
    """
    _check_denominator(denominator, kind, to)
    s = series[(series["indicator"] == indicator) & (series["kind"] == series_kind)]
    if not len(s):
        raise UsageError(f"no crime series called {indicator!r}")
    return _with_london(add_ranks(add_rates(compare_periods(s, kind, to), population, to, denominator)))


def one_row_per_crime(t: pd.DataFrame) -> pd.DataFrame:
    """The rows of a crime table without the published categories that repeat a row already listed
    (:func:`lib.reference.categories.repeated_categories`: 'Burglary' is 'Burglary (Total)', 'Burglary in a
    Dwelling' is 'Burglary (Residential)'), so each crime is listed once, with one rate on one basis."""
    rep = repeated_categories()
    if not len(t) or not len(rep):
        return t
    key = t["kind"].astype(str) + "\x00" + t["major"].astype(str) + "\x00" + t["indicator"].astype(str)
    gone = set(rep["kind"] + "\x00" + rep["major"] + "\x00" + rep["name"])
    return t[~key.isin(gone).to_numpy()]


def _breakdown_of() -> dict[str, str]:
    """Published major -> the indicator it repeats: its remaining minors are that indicator's breakdown."""
    rep = repeated_categories()
    rep = rep[(rep["kind"] == KIND_MAJOR) & (rep["same_as_kind"] == KIND_INDICATOR)]
    return dict(zip(rep["major"], rep["same_as"], strict=True))


def _order(t: pd.DataFrame) -> pd.DataFrame:
    """Pack order: the named indicators first (Enfield Figure 1), then majors with their minors; the minors
    of a major that repeats an indicator (not listed: :func:`one_row_per_crime`) follow that indicator."""
    kind_rank = {KIND_INDICATOR: 0, KIND_MAJOR: 1, KIND_MINOR: 1}
    ind_pos = {name: i for i, name in enumerate(INDICATOR_ORDER)}
    under = t["major"].astype(str).map(_breakdown_of()).where(t["kind"] == KIND_MINOR)
    own = np.where(t["kind"] == KIND_INDICATOR, t["indicator"].astype(str), under.fillna("").astype(str))
    placed = (t["kind"] == KIND_INDICATOR) | under.notna()
    t = t.assign(
        _k=np.where(placed, 0, t["kind"].map(kind_rank)),
        _i=np.where(placed, [ind_pos.get(n, len(ind_pos)) for n in own], len(ind_pos)),
        _m=np.where(placed, "", t["major"].astype(str)),
        _sub=(t["kind"] == KIND_MINOR).astype(int),
    )
    t = t.sort_values(["_k", "_i", "_m", "_sub", "indicator"])
    return t.drop(columns=["_k", "_i", "_m", "_sub"]).reset_index(drop=True)


def summary_table(
    series: pd.DataFrame,
    population: pd.DataFrame | None,
    area_code: str,
    to: str,
    kind: str = "r12",
) -> pd.DataFrame:
    """The recorded-crime table for one area (Enfield pack Figure 1 shape), every series at once.

    Definition: for each indicator, published major and minor category defined for the whole
    current period: current and previous counts, % change, the London (MPS) % change beside it
    (mps_current, mps_previous, mps_pct_change), rate per 1,000 (residents, or households for
    residential burglary), rank of 32 (1 = lowest rate). Rows in the pack's order.
    """
    return _summary_from_rated(add_ranks(add_rates(compare_periods(series, kind, to), population, to)), area_code)


def _summary_from_rated(t: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """:func:`summary_table` from every area's rated and ranked figures."""
    keys = ["kind", "indicator", "major"]
    lon = t[t["area_code"] == LONDON_CODE][[*keys, "current", "previous", "pct_change", "rate_per_1000"]]
    lon = lon.rename(columns={"current": "mps_current", "previous": "mps_previous",
                              "pct_change": "mps_pct_change", "rate_per_1000": "mps_rate_per_1000"})
    a = t[t["area_code"] == area_code]
    if not len(a):
        raise UsageError(f"no crime figures for area {area_code!r}")
    out = a.merge(lon, on=keys, how="left")
    out = out[out["missing_current"] == 0]
    return _order(one_row_per_crime(out))


# --- most similar group and the whole borough report ----------------------------------------------


def add_group_ranks(rated: pd.DataFrame, members: list[str], area_code: str) -> pd.DataFrame:
    """Rank of ``area_code`` within its most similar group and the group average rate, per series.

    Definition: among the group's members (the borough and its 14 most similar boroughs,
    ``lib.metrics.similarity``), position of the borough's rate per 1,000 ascending (1 = lowest, "8of15" in
    the B&D summaries) and the unweighted mean of the members' rates (the "MSG average").
    Columns added to the borough's rows: msg_rank, msg_size, msg_average.
    """
    mine = _group_figures(rated, members, area_code)
    out = rated.merge(mine, on=GROUP_KEYS, how="left") if len(mine) else rated.assign(
        msg_rank=np.nan, msg_size=np.nan, msg_average=np.nan)
    return out.assign(msg_rank=_whole(out["msg_rank"]), msg_size=_whole(out["msg_size"]))


GROUP_KEYS = ["kind", "indicator", "major"]


def _group_figures(rated: pd.DataFrame, members: list[str], area_code: str) -> pd.DataFrame:
    """:func:`add_group_ranks`' figures for the borough's own rows only (keys, msg_rank and msg_size as
    whole numbers, msg_average), in the order of ``rated``."""
    g = rated[rated["area_code"].isin(members)].copy()
    by = g.groupby(GROUP_KEYS, dropna=False, observed=True)["rate_per_1000"]
    g["msg_rank"] = _whole(by.rank(method="min"))
    g["msg_size"] = _whole(by.transform("count"))
    g["msg_average"] = by.transform("mean")
    return g[g["area_code"] == area_code][[*GROUP_KEYS, "msg_rank", "msg_size", "msg_average"]]


def _whole(values: pd.Series) -> pd.Series:
    return values.round().astype("Int64")


def similar_group_members(features: pd.DataFrame | None, area_code: str, k: int = 14) -> list[str]:
    """The borough and its ``k`` most similar boroughs (``lib.metrics.similarity.most_similar_group``), or []
    when there are no socio-demographic features for it."""
    if features is None or not len(features) or area_code == LONDON_CODE:
        return []
    from lib.metrics.similarity import most_similar_group

    codes = [b.code for b in mps_boroughs()]
    try:
        return list(most_similar_group(features, area_code, k=k, among=codes).members)
    except (KeyError, ValueError):
        return []


def rank_all_areas(
    series: pd.DataFrame,
    population: pd.DataFrame | None,
    to: str,
    kind: str = "r12",
    denominator: pd.DataFrame | None = None,
    special: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every area's figures for every series and the period: :func:`compare_periods`, :func:`add_rates`
    and :func:`add_ranks` (rank of 32 per series), with the hate and special crime series' rows after
    the others when ``special`` is given. What :func:`borough_report` selects each borough from.
    """
    _check_denominator(denominator, kind, to)
    rated = add_rates(compare_periods(series, kind, to), population, to, denominator)
    if special is not None and len(special):
        extra = add_rates(compare_periods(special, kind, to), population, to, denominator)
        rated = pd.concat([rated, extra], ignore_index=True)
    return add_ranks(rated)


def area_table_from(ranked: pd.DataFrame, indicator: str, series_kind: str = KIND_INDICATOR) -> pd.DataFrame:
    """:func:`area_table` for one series, selected from :func:`rank_all_areas` of the same period and
    denominator (each series' rates and ranks depend on that series' rows only)."""
    t = ranked[(ranked["indicator"] == indicator) & (ranked["kind"] == series_kind)]
    if not len(t):
        raise UsageError(f"no crime series called {indicator!r}")
    return _with_london(t.reset_index(drop=True))


def _with_london(t: pd.DataFrame) -> pd.DataFrame:
    lon = t.loc[t["area_code"] == LONDON_CODE, "pct_change"]
    t["london_pct_change"] = float(lon.iloc[0]) if len(lon) else np.nan
    lon_rate = t.loc[t["area_code"] == LONDON_CODE, "rate_per_1000"]
    t["london_rate_per_1000"] = float(lon_rate.iloc[0]) if len(lon_rate) else np.nan
    return t.sort_values("area_name").reset_index(drop=True)


def borough_report(ranked: pd.DataFrame, area_code: str, members: list[str], *, special_rows: bool = False,
                   target_pct: float = 0.0) -> pd.DataFrame:
    """The borough's full indicator table: :func:`summary_table` plus most-similar-group rank and RAG.

    Definition: the area's rows of ``ranked`` (:func:`rank_all_areas`: every area's figures for every
    series and one period, rated on one denominator) as :func:`summary_table` selects them; msg_rank /
    msg_size / msg_average per :func:`add_group_ranks` over ``members`` (:func:`similar_group_members`;
    [] for none); rag per ``lib.metrics.rag.rag`` (pct_change against ``target_pct`` and the London %
    change); the change test of every % change (``lib.metrics.change_test.change_test_table``:
    change_method, change_statistic, change_real, change_words). ``special_rows``: the store has the hate
    and special crime file (``ranked`` built with its series), whose pack rows (kind 'special') follow the
    main rows with the same columns; when the period is outside the file's months they have no figures and
    ``note`` says so. Everything period-, release- or basis-dependent comes from ``ranked`` alone.
    """
    from lib.metrics.rag import rag_series

    summ = _summary_from_rated(ranked, area_code)
    if special_rows:
        summ = _special_rows_complete(summ)
    if members:  # add_group_ranks for the borough's rows alone (not the merge of every area's rows)
        summ = summ.merge(_group_figures(ranked, members, area_code), on=GROUP_KEYS, how="left")
    else:
        summ = summ.assign(msg_rank=pd.Series(pd.NA, index=summ.index, dtype="Int64"),
                           msg_size=pd.Series(pd.NA, index=summ.index, dtype="Int64"),
                           msg_average=np.nan)
    # London against itself says nothing: London is rated against the target alone (rag's rule without London).
    beside = None if area_code == LONDON_CODE else summ["mps_pct_change"]
    summ["rag"] = rag_series(summ["pct_change"], beside, target_pct)
    if "note" not in summ.columns:
        summ["note"] = pd.Series("", index=summ.index, dtype="string")
    summ["note"] = summ["note"].fillna("").astype("string")
    return change_test_table(summ)


NO_FIGURES = "no figures for this period"


def _special_rows_complete(summ: pd.DataFrame) -> pd.DataFrame:
    """Every pack row of the hate and special crime table, in the pack's order after the main rows;
    a row without a full period of figures keeps its place with ``note`` = 'no figures for this period'."""
    order = special_row_order()
    main = summ[summ["kind"] != KIND_SPECIAL]
    have = summ[summ["kind"] == KIND_SPECIAL].set_index("indicator")
    rows = []
    for name in sorted(order, key=order.get):
        if name in have.index:
            rows.append(have.loc[[name]].reset_index())
        else:
            from lib.reference.special_crime import shown_special_rows

            major = next(r.major for r in shown_special_rows() if r.row == name)
            rows.append(pd.DataFrame({"indicator": [name], "kind": [KIND_SPECIAL], "major": [major],
                                      "note": [NO_FIGURES]}))
    spec = pd.concat(rows, ignore_index=True) if rows else summ.iloc[0:0]
    out = pd.concat([main, spec], ignore_index=True)
    out["note"] = out["note"].astype("string").fillna("") if "note" in out.columns else ""
    return out


# --- what the crime page shows --------------------------------------------------------------------


HEADLINE_KINDS = ("month", "fytd", "r12")


def headline_figures(series: pd.DataFrame, area_code: str, indicator: str, to: str) -> list[dict]:
    """The month, financial year to date and rolling 12 months for one area and indicator.

    Definition: :func:`compare_periods` for each period kind, with the London (MPS) % change beside
    it. One dict per kind: kind, label, period (words), previous_period (words), current, previous,
    pct_change, london_pct_change (None where not computable).
    """
    s = series[(series["indicator"] == indicator) & (series["kind"] == KIND_INDICATOR)
               & series["area_code"].isin([area_code, LONDON_CODE])]
    return headline_figures_from(headline_comparisons(s, to), area_code, indicator, to)


def headline_comparisons(series: pd.DataFrame, to: str) -> dict[str, pd.DataFrame]:
    """:func:`compare_periods` of the series' indicator rows (kind 'indicator') for each headline period
    kind (:data:`HEADLINE_KINDS`), as :func:`comparison_index`: what :func:`headline_figures_from` selects
    an area's headlines from."""
    s = series[series["kind"] == KIND_INDICATOR]
    return {kind: comparison_index(compare_periods(s, kind, to)) for kind in HEADLINE_KINDS}


def comparison_index(compared: pd.DataFrame) -> pd.DataFrame:
    """The indicator rows of a :func:`compare_periods` table (or one built on it) by (area_code, indicator):
    current, previous, pct_change."""
    c = compared[compared["kind"] == KIND_INDICATOR]
    return c[["area_code", "indicator", "current", "previous", "pct_change"]].set_index(["area_code", "indicator"])


def headline_figures_from(comparisons: Mapping[str, pd.DataFrame], area_code: str, indicator: str,
                          to: str) -> list[dict]:
    """:func:`headline_figures` selected from :func:`headline_comparisons` of the same series."""
    out = []
    for kind in HEADLINE_KINDS:
        p = period_for(kind, to)
        c = comparisons[kind]

        def val(code: str, col: str, c: pd.DataFrame = c) -> float | None:
            v = c.at[(code, indicator), col] if (code, indicator) in c.index else None
            return None if v is None or pd.isna(v) else float(v)

        out.append({
            "kind": kind, "label": PERIOD_KINDS[kind], "period": p.label, "previous_period": p.previous_label,
            "current": val(area_code, "current"), "previous": val(area_code, "previous"),
            "pct_change": val(area_code, "pct_change"), "london_pct_change": val(LONDON_CODE, "pct_change"),
        })
    return out


def trend(series: pd.DataFrame, area_code: str, indicator: str, to: str, years: int = 2) -> pd.DataFrame:
    """Monthly counts and rolling 12-month totals for the ``years`` years to ``to``, labelled by year.

    Definition: the published monthly count and the sum of the 12 months ending with each month
    (``lib.metrics.crime_series.rolling_12_series``); ``year`` names the 12 months each point belongs to
    ('12 months to Sep 2015', '12 months to Sep 2014') so this year and last can be overlaid by
    ``month_of_year``.
    """
    from lib.metrics.crime_series import monthly, rolling_12_series
    from lib.periods import add_months, month_index

    m = monthly(series, area_code, indicator)
    m = m[m["month"] <= to]
    if not len(m):
        return pd.DataFrame(columns=["month", "count", "rolling_12", "year", "month_of_year", "release"])
    r = rolling_12_series(m)
    r = r.merge(m[["month", "release"]], on="month", how="left")
    first = add_months(to, -12 * years + 1)
    r = r[r["month"] >= first].reset_index(drop=True)
    end_idx = month_index(to)
    back = [(end_idx - month_index(x)) // 12 for x in r["month"]]
    r["year"] = [f"12 months to {_short(add_months(to, -12 * b))}" for b in back]
    r["month_of_year"] = [x[5:7] for x in r["month"]]
    return r


def _short(month: str) -> str:
    from lib.periods import MONTH_NAMES

    return f"{MONTH_NAMES[int(month[5:7]) - 1][:3]} {month[:4]}"


def group_comparison(table: pd.DataFrame, members: list[str], area_code: str) -> pd.DataFrame:
    """Rate per 1,000 for the borough and its most similar boroughs, with the group average.

    Definition: the rates of ``table`` (:func:`area_table`, or :func:`area_table_from`: every area's figures
    for one series and period) for ``members`` (:func:`similar_group_members`), ranked ascending (1 = lowest
    rate), plus ``is_selected`` and ``group_average`` (unweighted mean of the members' rates). Empty when
    there are no members (no features, or London).
    """
    if not members:
        return pd.DataFrame(columns=["area_code", "area_name", "rate_per_1000", "current", "group_rank",
                                     "is_selected", "group_average"])
    t = table[table["area_code"].isin(members)].copy()
    t["group_rank"] = t["rate_per_1000"].rank(method="min").astype("Int64")
    t["is_selected"] = t["area_code"] == area_code
    t["group_average"] = float(t["rate_per_1000"].mean())
    cols = ["area_code", "area_name", "rate_per_1000", "current", "previous", "pct_change", "group_rank",
            "is_selected", "group_average"]
    return t[cols].sort_values("rate_per_1000").reset_index(drop=True)


# --- every area's figures for one period: the step every area's answer shares --------------------------

# Bump when what :func:`area_figures` works out changes (stored figures built by an older rule are then ignored).
AREA_FIGURES_VERSION = 1
HEADLINE_COLUMNS = ["kind", "area_code", "indicator", "current", "previous", "pct_change"]


def area_figures_rule(series_rule: str) -> str:
    """Names the rule stored figures were built by: the series' rule (``lib.metrics.crime_series.series_rule``)
    and this module's :data:`AREA_FIGURES_VERSION`."""
    return f"{series_rule} figures v{AREA_FIGURES_VERSION}"


def area_figures(series: pd.DataFrame, population: pd.DataFrame | None, estimates: pd.DataFrame | None,
                 special: pd.DataFrame | None, to: str, kind: str, basis: str,
                 ) -> tuple[pd.DataFrame | None, pd.DataFrame, pd.DataFrame]:
    """Every area's figures for the period ``kind`` to ``to`` on the population ``basis``: what every area's
    crime answer selects from, worked out once (the one path: the page computes it, and ingest calls this same
    function to store it for the newest months, ``lib/ingest/derived.py``).

    Returns (denominator, ranked, headlines): :func:`period_denominators` of the period; :func:`rank_all_areas`
    (every area's figures for every series, rated on that denominator, ranked of 32); and every area's
    indicator comparisons for each of :data:`HEADLINE_KINDS` (:func:`comparison_index` of ``ranked`` for
    ``kind``, of :func:`compare_periods` of the indicator rows for the others), one long table with the
    columns :data:`HEADLINE_COLUMNS`.
    """
    den, ranked = area_ranks(series, population, estimates, special, to, kind, basis)
    return den, ranked, area_headlines(series, ranked, to, kind)


def _months_to(series: pd.DataFrame, first: str, to: str) -> pd.DataFrame:
    """The rows of the months ``first``..``to``, selected once: each window's totals then group a tenth of the
    series' rows instead of filtering all of it for every window."""
    months = series["month"]
    return series[((months >= first) & (months <= to)).to_numpy(dtype=bool, na_value=False)]


def area_ranks(series: pd.DataFrame, population: pd.DataFrame | None, estimates: pd.DataFrame | None,
               special: pd.DataFrame | None, to: str, kind: str, basis: str,
               ) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """The first part of :func:`area_figures`: the period's denominator and :func:`rank_all_areas` (every area's
    figures for every series, rated on that denominator, ranked of 32), read from the period and the year before."""
    p = period_for(kind, to)
    den = period_denominators(population, estimates, p.first, p.last, basis)
    return den, rank_all_areas(_months_to(series, p.prev_first, to), population, to, kind, den, special)


def area_headlines(series: pd.DataFrame, ranked: pd.DataFrame, to: str, kind: str) -> pd.DataFrame:
    """The second part of :func:`area_figures`: every area's indicator comparisons for each of
    :data:`HEADLINE_KINDS` (:func:`comparison_index` of ``ranked`` for ``kind``, of :func:`compare_periods` of the
    indicator rows for the others), one long table with the columns :data:`HEADLINE_COLUMNS`."""
    others = [k for k in HEADLINE_KINDS if k != kind]
    heads = [comparison_index(ranked).reset_index().assign(kind=kind)]
    if others:
        rows = _months_to(series, min(period_for(k, to).prev_first for k in others), to)
        indicators = rows[(rows["kind"] == KIND_INDICATOR).to_numpy(dtype=bool, na_value=False)]
        heads += [comparison_index(compare_periods(indicators, k, to)).reset_index().assign(kind=k) for k in others]
    return pd.concat(heads, ignore_index=True)[HEADLINE_COLUMNS]


def headline_index(headlines: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """:func:`area_figures`' headlines as :func:`headline_figures_from` reads them: {kind: the kind's rows
    indexed by (area_code, indicator)}."""
    return {str(k): rows.drop(columns="kind").set_index(["area_code", "indicator"])
            for k, rows in headlines.groupby("kind", sort=False)}


# Every area's figures stored at ingest for the newest periods (``lib/ingest/derived.py``), each row with the keys
# it was worked out for: the rule (:func:`area_figures_rule`), the release rule ('newest': each month from the
# newest release holding it), the period's last month and kind, and the population basis.
AREA_FIGURES_TABLE, AREA_HEADLINES_TABLE = "crime_area_figures", "crime_area_headlines"
FIGURE_KEYS = ("figures_rule", "figures_release", "figures_to", "figures_kind", "figures_basis")
NEWEST_RELEASES = "newest"


def figure_keys(rule: str, release: str | None, to: str, kind: str, basis: str) -> dict[str, str]:
    """The key columns' values of stored figures for these choices (``release`` None: each month's newest;
    ``rule``: :func:`area_figures_rule` of the series' rule)."""
    return dict(zip(FIGURE_KEYS, (rule, release or NEWEST_RELEASES, to, kind, basis), strict=True))


def stored_area_figures(figures: pd.DataFrame, headlines: pd.DataFrame, rule: str, release: str | None, to: str,
                        kind: str, basis: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The (ranked, headlines) of :func:`area_figures` stored for exactly these keys, or None when the stored
    tables hold none for them, or are laid out otherwise (the caller then works them out): the reader checks
    every key."""
    want = figure_keys(rule, release, to, kind, basis)
    if any(k not in t.columns for t in (figures, headlines) for k in FIGURE_KEYS):
        return None

    def rows(t: pd.DataFrame) -> pd.DataFrame:
        hit = np.ones(len(t), dtype=bool)
        for k, v in want.items():
            hit &= (t[k] == v).to_numpy(dtype=bool, na_value=False)
        return t[hit].drop(columns=list(FIGURE_KEYS)).reset_index(drop=True)

    ranked, heads = rows(figures), rows(headlines)
    return (ranked, heads) if len(ranked) and len(heads) else None
