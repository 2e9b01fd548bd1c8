"""Public confidence by borough and London (PAS): latest figures, trends, changes and drivers.

Works on the store table ``pas_borough``, passed in by :mod:`lib.views.confidence` (one row per
quarter, area and measure; each figure is the rolling 12 months to the quarter). Uncertainty comes
from :mod:`lib.metrics.survey` with the stated sample assumption (about 400 interviews per borough
and 12,800 for London per rolling year).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.errors import UsageError
from lib.metrics.survey import (
    DESIGN_EFFECT,
    PAS_BOROUGH_SAMPLE,
    PAS_LONDON_SAMPLE,
    change_verdict,
    difference,
    effective_sample,
    gap_verdict,
    wilson_interval,
)
from lib.periods import add_months, parse_month
from lib.reference.boroughs import LONDON_CODE, mps_boroughs
from lib.reference.surveys import pas_driver_measures, pas_measure_labels, pas_measure_order

HEADLINE_MEASURE = "good_job"


@dataclass(frozen=True)
class SampleAssumption:
    """Interviews per rolling year assumed behind each published figure, and the design effect."""

    borough: float = PAS_BOROUGH_SAMPLE
    london: float = PAS_LONDON_SAMPLE
    design_effect: float = DESIGN_EFFECT

    def n_for(self, area_code: str) -> float:
        """Effective sample size for an area: London's or a borough's interviews over the design effect."""
        return effective_sample(self.london if area_code == LONDON_CODE else self.borough, self.design_effect)


DEFAULT_SAMPLE = SampleAssumption()


def measure_order() -> list[str]:
    """Measure ids in the order of the reference table (good job first)."""
    return pas_measure_order()


def measure_labels() -> dict[str, str]:
    """Measure id -> short plain label (reference table)."""
    return pas_measure_labels()


def driver_measures() -> list[str]:
    """The drivers of confidence in the borough file: every measure except the headline 'good job'."""
    return pas_driver_measures()


def quarters(pas: pd.DataFrame) -> list[str]:
    """Quarters in the data, oldest first ('YYYY-MM', last month of each quarter)."""
    return sorted(pas["quarter"].astype(str).unique())


def latest_quarter(pas: pd.DataFrame) -> str:
    """The most recent quarter in the data."""
    return quarters(pas)[-1]


def check_quarter(pas: pd.DataFrame, quarter: str) -> str:
    """``quarter`` validated as a month with figures in the data (UsageError otherwise)."""
    q = parse_month(quarter)
    qs = quarters(pas)
    if q not in qs:
        raise UsageError(
            f"no PAS figures for {q}: quarters run {qs[0]}..{qs[-1]}, one per quarter (months 03, 06, 09, 12)"
        )
    return q


def _values(pas: pd.DataFrame, areas: list[str], quarters: list[str]) -> dict[tuple[str, str, str], float]:
    """{(area, quarter, measure): proportion} for these areas and quarters, from the first row of each
    (one pass over the table instead of three comparisons of the whole table for every figure)."""
    part = pas[pas["area_code"].isin(areas) & pas["quarter"].isin(quarters)]
    out: dict[tuple[str, str, str], float] = {}
    for key in zip(part["area_code"].astype(str), part["quarter"].astype(str), part["measure"].astype(str),
                   part["proportion"].astype("float64"), strict=True):
        out.setdefault(key[:3], key[3])
    return out


def borough_summary(
    pas: pd.DataFrame, area_code: str, quarter: str, sample: SampleAssumption = DEFAULT_SAMPLE
) -> pd.DataFrame:
    """Every PAS measure for one area at one quarter: value with 95% interval, London figure, and
    the change on a year earlier with its interval and verdict.

    Definition: proportion of PAS respondents over the rolling 12 months to ``quarter`` (MOPAC PAS);
    interval = Wilson 95% with the assumed effective sample; change = value − value 12 months earlier
    (independent rolling years), real when its Newcombe 95% interval excludes zero; gap to London =
    value − London value, same test with London's sample.
    """
    prev_q = add_months(quarter, -12)
    n = sample.n_for(area_code)
    n_lon = sample.n_for(LONDON_CODE)
    labels = measure_labels()
    figures = _values(pas, [area_code, LONDON_CODE], [quarter, prev_q])
    rows = []
    for m in measure_order():
        v = figures.get((area_code, quarter, m))
        if v is None:
            continue
        lo, hi = wilson_interval(v, n)
        lon = figures.get((LONDON_CODE, quarter, m))
        prev = figures.get((area_code, prev_q, m))
        row: dict = {
            "measure": m, "measure_label": labels[m], "value": v, "ci_low": lo, "ci_high": hi,
            "mps_value": lon, "year_earlier": prev_q, "year_earlier_value": prev,
            "change_points": None, "change_low_points": None, "change_high_points": None,
            "significant": None, "verdict": "no figure a year earlier",
            "vs_mps_points": None, "vs_mps_verdict": "",
        }
        if prev is not None:
            d = difference(v, n, prev, n)
            row.update(change_points=d.points, change_low_points=d.low * 100, change_high_points=d.high * 100,
                       significant=d.significant, verdict=change_verdict(d))
        if lon is not None and area_code != LONDON_CODE:
            g = difference(v, n, lon, n_lon)
            row.update(vs_mps_points=g.points, vs_mps_verdict=gap_verdict(g))
        rows.append(row)
    return pd.DataFrame(rows)


def measure_trend(
    pas: pd.DataFrame, area_code: str, measure: str, sample: SampleAssumption = DEFAULT_SAMPLE
) -> pd.DataFrame:
    """One measure for one area, every quarter since the series starts, with 95% interval and London.

    Definition: rolling 12-month PAS proportion at each quarter end (MOPAC PAS); Wilson 95% interval
    with the assumed effective sample; London (MPS) figure alongside.
    """
    n = sample.n_for(area_code)
    a = pas[(pas["area_code"] == area_code) & (pas["measure"] == measure)][["quarter", "proportion"]]
    lon = pas[(pas["area_code"] == LONDON_CODE) & (pas["measure"] == measure)][["quarter", "proportion"]]
    out = a.merge(lon.rename(columns={"proportion": "london"}), on="quarter", how="left")
    out = out.rename(columns={"proportion": "value"}).sort_values("quarter").reset_index(drop=True)
    ci = [wilson_interval(float(v), n) for v in out["value"]]
    out["ci_low"] = [c[0] for c in ci]
    out["ci_high"] = [c[1] for c in ci]
    return out[["quarter", "value", "ci_low", "ci_high", "london"]]


def ranked_boroughs(
    pas: pd.DataFrame, measure: str, quarter: str, sample: SampleAssumption = DEFAULT_SAMPLE
) -> pd.DataFrame:
    """The 32 boroughs on one measure at one quarter, highest first, with interval and London gap.

    Definition: rolling 12-month PAS proportion per borough (MOPAC PAS); rank 1 = highest, ties share
    the better rank; gap to London = borough − London in points, real when the Newcombe 95%
    interval excludes zero.
    """
    d = pas[(pas["quarter"] == quarter) & (pas["measure"] == measure)]
    lon = d.loc[d["area_code"] == LONDON_CODE, "proportion"]
    london = float(lon.iloc[0]) if len(lon) else None
    b = d[d["area_code"] != LONDON_CODE][["area_code", "area_name", "proportion"]].rename(
        columns={"proportion": "value"})
    b = b.sort_values(["value", "area_name"], ascending=[False, True]).reset_index(drop=True)
    b["rank"] = b["value"].rank(method="min", ascending=False).astype(int)
    n = sample.n_for("borough")
    n_lon = sample.n_for(LONDON_CODE)
    ci = [wilson_interval(float(v), n) for v in b["value"]]
    b["ci_low"] = [c[0] for c in ci]
    b["ci_high"] = [c[1] for c in ci]
    b["london"] = london
    if london is not None:
        gaps = [difference(float(v), n, london, n_lon) for v in b["value"]]
        b["vs_london_points"] = [g.points for g in gaps]
        b["vs_london"] = [gap_verdict(g) for g in gaps]
    else:
        b["vs_london_points"] = float("nan")
        b["vs_london"] = ""
    return b


def drivers_vs_london(
    pas: pd.DataFrame, area_code: str, quarter: str, sample: SampleAssumption = DEFAULT_SAMPLE
) -> pd.DataFrame:
    """How each driver of confidence in one borough compares with London at one quarter.

    Definition: for each driver measure (every PAS measure but 'good job': trust, fair treatment,
    listening, relied on, understanding issues, informed, contact), borough proportion − London
    proportion in percentage points (MOPAC PAS, MPS Confidence Model drivers), with a verdict from the
    Newcombe 95% interval.
    """
    s = borough_summary(pas, area_code, quarter, sample)
    s = s[s["measure"].isin(driver_measures())]
    return s[["measure", "measure_label", "value", "mps_value", "vs_mps_points", "vs_mps_verdict"]].reset_index(
        drop=True)


def similar_boroughs_comparison(
    pas: pd.DataFrame,
    features_long: pd.DataFrame,
    area_code: str,
    quarter: str,
    k: int | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Each measure for the borough against its most similar group of boroughs.

    Definition: the most similar group is the borough plus its ``k`` nearest boroughs on z-scored
    socio-demographic features (lib.metrics.similarity.most_similar_group, default 14 neighbours: a group of
    15); per measure, the group's unweighted mean proportion and the borough's rank within the group
    (1 = highest). Returns (table, member codes with the borough first).
    """
    from lib.metrics.similarity import DEFAULT_GROUP_NEIGHBOURS, most_similar_group

    group = most_similar_group(
        features_long, area_code, k=k or DEFAULT_GROUP_NEIGHBOURS, among=[b.code for b in mps_boroughs()]
    )
    members = list(group.members)
    d = pas[(pas["quarter"] == quarter) & (pas["area_code"].isin(members))]
    by_measure = {str(m): part for m, part in d.groupby("measure", sort=False, observed=True)}
    labels = measure_labels()
    rows = []
    for m in measure_order():
        part = by_measure.get(m)
        v = part.set_index("area_code")["proportion"] if part is not None else pd.Series(dtype="float64")
        if area_code not in v.index:
            continue
        ranks = v.rank(method="min", ascending=False)
        rows.append({
            "measure": m, "measure_label": labels[m], "value": float(v[area_code]),
            "group_average": float(v.mean()), "rank_in_group": int(ranks[area_code]), "group_size": int(len(v)),
            "group_best": float(v.max()), "group_worst": float(v.min()),
        })
    return pd.DataFrame(rows), members


def furthest_from_london(ranked: pd.DataFrame, n: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` boroughs furthest above London and the ``n`` furthest below, from :func:`ranked_boroughs`.

    Definition: borough − London in percentage points on the ranked measure (MOPAC PAS); above =
    the largest positive gaps, largest first; below = the most negative, most negative first (the
    MOPAC Challenge's "best and worst against the MPS average"). Boroughs level with London are in
    neither.
    """
    gaps = ranked.dropna(subset=["vs_london_points"])
    above = gaps[gaps["vs_london_points"] > 0].sort_values(["vs_london_points", "area_name"], ascending=[False, True])
    below = gaps[gaps["vs_london_points"] < 0].sort_values(["vs_london_points", "area_name"])
    return above.head(n).reset_index(drop=True), below.head(n).reset_index(drop=True)
