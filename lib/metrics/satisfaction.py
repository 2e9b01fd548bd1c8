"""Victim satisfaction (User Satisfaction Survey) by borough, and the white–BME gap.

Works on the store table ``uss``, passed in by :mod:`lib.views.confidence` (documented import
format, ``docs/import_formats/uss.md``): proportion of victims satisfied over the rolling 12 months
to a quarter, by borough (or London), measure and ethnic group, with the number of respondents, so
intervals use the real sample sizes.
"""

from __future__ import annotations

import pandas as pd

from lib.errors import UsageError
from lib.metrics.survey import VERDICT_NONE, difference, gap_verdict, wilson_interval
from lib.reference.boroughs import LONDON_CODE
from lib.reference.surveys import USS_ETHNIC_GROUPS, USS_MEASURES

OVERALL = "overall"


def periods(uss: pd.DataFrame) -> list[str]:
    """Quarters in the data, oldest first."""
    return sorted(uss["period"].astype(str).unique())


def check_period(uss: pd.DataFrame, period: str) -> str:
    """``period`` if the data has it, else UsageError with the range."""
    ps = periods(uss)
    if period not in ps:
        raise UsageError(f"no victim satisfaction figures for {period}: quarters run {ps[0]}..{ps[-1]}")
    return period


def satisfaction_by_borough(uss: pd.DataFrame, period: str, measure: str = OVERALL) -> pd.DataFrame:
    """Every borough's satisfaction (all victims) at one quarter, highest first, with London.

    Definition: proportion of USS respondents completely, very or fairly satisfied over the rolling
    12 months to ``period`` (Enfield SNB pack, figure 4), with a Wilson 95% interval from the
    respondents; gap to London in points with a Newcombe 95% verdict.
    """
    d = uss[(uss["period"] == period) & (uss["measure"] == measure) & (uss["ethnic_group"] == "all")]
    lon = d[d["borough_code"] == LONDON_CODE]
    b = d[d["borough_code"] != LONDON_CODE][["borough_code", "borough_name", "proportion", "respondents"]]
    b = b.sort_values(["proportion", "borough_name"], ascending=[False, True]).reset_index(drop=True)
    ci = [wilson_interval(float(p), float(n)) for p, n in zip(b["proportion"], b["respondents"], strict=True)]
    b["ci_low"] = [c[0] for c in ci]
    b["ci_high"] = [c[1] for c in ci]
    if len(lon):
        lp, ln = float(lon["proportion"].iloc[0]), float(lon["respondents"].iloc[0])
        gaps = [difference(float(p), float(n), lp, ln) for p, n in zip(b["proportion"], b["respondents"],
                                                                        strict=True)]
        b["london"] = lp
        b["vs_london_points"] = [g.points for g in gaps]
        b["vs_london"] = [gap_verdict(g) for g in gaps]
    else:
        b["london"] = float("nan")
        b["vs_london_points"] = float("nan")
        b["vs_london"] = ""
    return b


def ethnic_gap(uss: pd.DataFrame, area_code: str, period: str, measure: str = OVERALL) -> dict | None:
    """The white–BME satisfaction gap for an area and for London at one quarter.

    Definition: proportion of white victims satisfied minus proportion of Black and minority ethnic
    victims satisfied, in percentage points (Enfield SNB pack 2015: "a 5 percentage point gap ...
    white 81%, BME 76%. The MPS average is 6 percentage points"), with a Newcombe 95% interval from
    the respondents. None when the area lacks either group.
    """
    d = uss[(uss["period"] == period) & (uss["measure"] == measure)]

    def one(code: str) -> dict | None:
        x = d[d["borough_code"] == code].set_index("ethnic_group")
        if not {"white", "bme"} <= set(x.index):
            return None
        w, b = x.loc["white"], x.loc["bme"]
        diff = difference(float(w["proportion"]), float(w["respondents"]), float(b["proportion"]),
                          float(b["respondents"]))
        return {
            "white": float(w["proportion"]), "white_respondents": int(w["respondents"]),
            "bme": float(b["proportion"]), "bme_respondents": int(b["respondents"]),
            "gap_points": round(diff.points, 6), "gap_low_points": diff.low * 100,
            "gap_high_points": diff.high * 100, "significant": diff.significant,
            "verdict": "beyond survey error" if diff.significant else VERDICT_NONE,
        }

    area = one(area_code)
    if area is None:
        return None
    return {"area": area, "london": one(LONDON_CODE)}


def ethnic_gap_by_borough(uss: pd.DataFrame, period: str, measure: str = OVERALL) -> pd.DataFrame:
    """The white–BME gap for every borough at one quarter, widest first (see :func:`ethnic_gap`)."""
    rows = []
    for code, part in uss[uss["borough_code"] != LONDON_CODE].groupby("borough_code"):
        g = ethnic_gap(uss, str(code), period, measure)
        if g is None:
            continue
        rows.append({"borough_code": code, "borough_name": part["borough_name"].iloc[0], **g["area"]})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.sort_values(["gap_points", "borough_name"], ascending=[False, True]).reset_index(drop=True)


def satisfaction_trend(uss: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Every measure for an area (all victims), every quarter, with respondents (Enfield pack figure 5)."""
    d = uss[(uss["borough_code"] == area_code) & (uss["ethnic_group"] == "all")]
    out = d[["period", "measure", "proportion", "respondents"]].copy()
    out["measure_label"] = out["measure"].map(USS_MEASURES)
    return out.sort_values(["measure", "period"]).reset_index(drop=True)


def ethnic_group_label(group: str) -> str:
    """Plain label for an ethnic group id."""
    return USS_ETHNIC_GROUPS.get(group, group)
