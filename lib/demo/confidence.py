"""Demonstration PAS and USS tables: invented figures with plausible levels, not official statistics.

Deterministic from ``ctx.rng("confidence")``. Levels are calibrated to the published files in spirit
(London "good job" about 0.6–0.7, boroughs spread about ±0.08, 'informed' and 'contact ward officer'
far lower than the rest) and to the Enfield SNB pack for victim satisfaction (about 80% overall,
white–BME gap of a few points). Neighbourhoods are invented ('Enfield - North (demo)', so that no
demo name can coincide with a real neighbourhood the group-label evidence names): three or four per
borough, in 11 numbered similarity groups formed from an invented latent score. No real
neighbourhood, group or USS figure is reproduced.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.periods import add_months
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, mps_boroughs
from lib.reference.surveys import USS_MEASURES, borough_measures, ethnicity_measures, neighbourhood_measures

FIRST_QUARTER = "2014-12"
LAST_QUARTER = "2025-12"
N_GROUPS = 11
SECTORS = ("North", "South", "East", "West", "Central")
# London level of each borough measure at the start of the series (demo calibration).
PAS_LEVELS = {
    "good_job": 0.66, "trust": 0.78, "fair_treatment": 0.74, "listens": 0.72, "relied_on": 0.74,
    "understands_issues": 0.72, "informed": 0.43, "contact_ward_officer": 0.33,
}
NEIGHBOURHOOD_LEVELS = {
    "good_job": 0.67, "deals_with_what_matters": 0.71, "relied_on": 0.75, "fair_treatment": 0.77,
    "listens": 0.73, "informed": 0.44, "contact_ward_officer": 0.33, "respect": 0.88, "tackle_gun_crime": 0.66,
    "tackle_drugs": 0.58, "gangs_not_a_problem": 0.80, "asb_not_worried": 0.74, "crime_not_worried": 0.63,
    "safe_after_dark": 0.74, "visible_patrols": 0.57, "life_satisfaction": 0.80, "friendly_approachable": 0.87,
    "understands_issues": 0.78,
}
ETHNIC_OFFSETS = {"White British": 0.0, "Asian": 0.03, "Black": -0.06}
USS_LEVELS = {"overall": 0.80, "ease_of_contact": 0.90, "police_actions": 0.74, "treatment": 0.87, "follow_up": 0.68}
USS_RESPONDENTS_PER_BOROUGH = 515  # ≈ 16,500 victims a year (Enfield SNB pack) / 32
USS_WHITE_SHARE = 0.6
USS_BME_GAP = 0.05


def _quarters() -> list[str]:
    out, q = [], FIRST_QUARTER
    while q <= LAST_QUARTER:
        out.append(q)
        q = add_months(q, 3)
    return out


def _clip(x: np.ndarray | float, lo: float = 0.05, hi: float = 0.97) -> np.ndarray:
    return np.clip(x, lo, hi)


def _pas_borough(rng: np.random.Generator) -> pd.DataFrame:
    qs = _quarters()
    boroughs = mps_boroughs()
    labels = dict(zip(borough_measures()["measure"], borough_measures()["short_label"], strict=True))
    effect = rng.normal(0, 0.055, len(boroughs))  # a borough's general standing
    years = np.array([(int(q[:4]) + int(q[5:]) / 12) - 2015.0 for q in qs])
    trend = np.where(years < 2.0, 0.01 * years, 0.02 - 0.012 * (years - 2.0))  # rise to 2017, then decline
    rows = []
    for m, base in PAS_LEVELS.items():
        loading = 1.0 if m not in ("informed", "contact_ward_officer") else 0.6
        london = []
        for bi, b in enumerate(boroughs):
            drift = np.cumsum(rng.normal(0, 0.006, len(qs)))
            noise = rng.normal(0, 0.012, len(qs))
            values = np.round(_clip(base + loading * effect[bi] + trend + drift + noise), 2)
            london.append(values)
            rows += [{"quarter": q, "area_code": b.code, "area_name": b.name, "measure": m,
                      "measure_label": labels[m], "proportion": float(v)} for q, v in zip(qs, values, strict=True)]
        lon = np.round(np.mean(london, axis=0), 2)
        rows += [{"quarter": q, "area_code": LONDON_CODE, "area_name": LONDON_NAME, "measure": m,
                  "measure_label": labels[m], "proportion": float(v)} for q, v in zip(qs, lon, strict=True)]
    return pd.DataFrame(rows).sort_values(["quarter", "area_code", "measure"]).reset_index(drop=True)


def _neighbourhoods(rng: np.random.Generator) -> pd.DataFrame:
    """Invented neighbourhoods (3 or 4 per borough) with a latent score and a numbered group."""
    recs = []
    for bi, b in enumerate(mps_boroughs()):
        count = 4 if bi % 4 == 0 else 3
        standing = rng.normal(0, 1)
        for j in range(count):
            recs.append({
                "neighbourhood": f"{b.name} - {SECTORS[j]} (demo)", "borough_code": b.code, "borough_name": b.name,
                "neighbourhood_code": f"{chr(65 + bi // 26)}{chr(65 + bi % 26)}-{SECTORS[j][0]}D",
                "score": standing + rng.normal(0, 0.7),
            })
    df = pd.DataFrame(recs).sort_values("score", kind="mergesort").reset_index(drop=True)
    numbers = rng.permutation(np.arange(1, N_GROUPS + 1))
    chunk = np.array_split(np.arange(len(df)), N_GROUPS)
    group = np.empty(len(df), dtype=int)
    for k, idx in enumerate(chunk):
        group[idx] = numbers[k]
    df["group"] = group
    return df


def _pas_neighbourhood(rng: np.random.Generator, hoods: pd.DataFrame) -> pd.DataFrame:
    labels = dict(zip(neighbourhood_measures()["measure"], neighbourhood_measures()["short_label"], strict=True))
    group_effect = {g: rng.normal(0, 0.02) for g in range(1, N_GROUPS + 1)}
    rows = []
    for _, h in hoods.iterrows():
        for m, base in NEIGHBOURHOOD_LEVELS.items():
            v = base + 0.035 * h["score"] + group_effect[int(h["group"])] + rng.normal(0, 0.035)
            rows.append({**{k: h[k] for k in ("neighbourhood", "borough_code", "borough_name",
                                              "neighbourhood_code", "group")},
                         "measure": m, "measure_label": labels[m], "value": float(np.round(_clip(v), 2))})
    return pd.DataFrame(rows)


def _pas_neighbourhood_ethnicity(rng: np.random.Generator, nb: pd.DataFrame) -> pd.DataFrame:
    base = nb.pivot_table(index="neighbourhood", columns="measure", values="value", aggfunc="first")
    codes = nb.drop_duplicates("neighbourhood").set_index("neighbourhood")["borough_code"]
    rows = []
    for name in base.index:
        for group, offset in ETHNIC_OFFSETS.items():
            if rng.random() < 0.05:  # some neighbourhoods have too few respondents of a group: blank
                continue
            for m in ethnicity_measures()["measure"]:
                ref = base.at[name, m] if m in base.columns else base.at[name, "fair_treatment"] - 0.05
                v = ref + offset + rng.normal(0, 0.04) - (0.04 if m == "stop_search_fair" and group == "Black" else 0)
                rows.append({"neighbourhood": name, "borough_code": codes[name], "ethnic_group": group,
                             "measure": m, "value": float(np.round(_clip(v), 2))})
    return pd.DataFrame(rows)


def _uss(rng: np.random.Generator) -> pd.DataFrame:
    qs = _quarters()
    rows = []
    totals: dict[tuple[str, str, str], list[tuple[float, int]]] = {}
    for b in mps_boroughs():
        effect = rng.normal(0, 0.025)
        gap = USS_BME_GAP + rng.normal(0, 0.02)
        n_all = int(USS_RESPONDENTS_PER_BOROUGH * rng.uniform(0.8, 1.2))
        n_white = int(round(n_all * _clip(USS_WHITE_SHARE + rng.normal(0, 0.12), 0.25, 0.9)))
        n_bme = n_all - n_white
        for m, base in USS_LEVELS.items():
            drift = np.cumsum(rng.normal(0, 0.005, len(qs)))
            for qi, q in enumerate(qs):
                white = float(_clip(base + effect + drift[qi] + gap * (1 - USS_WHITE_SHARE) + rng.normal(0, 0.01)))
                bme = float(_clip(white - gap + rng.normal(0, 0.015)))
                allv = (white * n_white + bme * n_bme) / n_all
                for group, p, n in (("all", allv, n_all), ("white", white, n_white), ("bme", bme, n_bme)):
                    p = round(p, 2)
                    rows.append({"borough_code": b.code, "borough_name": b.name, "period": q, "measure": m,
                                 "measure_label": USS_MEASURES[m], "ethnic_group": group, "proportion": p,
                                 "respondents": n})
                    totals.setdefault((q, m, group), []).append((p, n))
    for (q, m, group), parts in totals.items():
        n = sum(x[1] for x in parts)
        p = round(sum(x[0] * x[1] for x in parts) / n, 2)
        rows.append({"borough_code": LONDON_CODE, "borough_name": LONDON_NAME, "period": q, "measure": m,
                     "measure_label": USS_MEASURES[m], "ethnic_group": group, "proportion": p, "respondents": n})
    return pd.DataFrame(rows)


def generate(ctx) -> dict[str, pd.DataFrame]:
    """Demonstration tables pas_borough, pas_neighbourhood, pas_neighbourhood_ethnicity and uss."""
    rng = ctx.rng("confidence")
    pas = _pas_borough(rng)
    hoods = _neighbourhoods(rng)
    nb = _pas_neighbourhood(rng, hoods)
    nbe = _pas_neighbourhood_ethnicity(rng, nb)
    uss = _uss(rng)
    return {"pas_borough": pas, "pas_neighbourhood": nb, "pas_neighbourhood_ethnicity": nbe, "uss": uss}
