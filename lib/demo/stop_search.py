"""Demonstration stop-and-search records and GOV.UK-style rates: invented, realistic in aggregate.

Levels are set from the real police.uk Met files (2017-12..2019-02) scaled down: about 3,000
searches a month across the 32 boroughs (the real Met did 9,000-18,000), arrest rate about 17%,
no further action about 68%, drugs about 60% of objects, weapons about 19% and key crime about
12% of searches, a few per cent without a location, and officer-defined ethnicity giving a
Black/White disproportionality ratio of about 3 (the Met's published 2018/19 ratio was 4.5).
Locations are random points inside each borough's boundary, half of them clustered around a few
invented hotspots so that the map has cells above the suppression threshold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.periods import add_months, month_range
from lib.reference.boroughs import mps_boroughs

MONTHS = 15
SEARCHES_PER_MONTH = 3000
UNLOCATED_SHARE = 0.03
HOTSPOT_SHARE = 0.5
HOTSPOTS_PER_BOROUGH = 6
HOTSPOT_SD_DEGREES = 0.003  # about 300 m
SEASONALITY = (1.05, 1.0, 1.05, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0, 1.05, 1.05, 0.95)  # Jan..Dec

TYPES = {"Person search": 0.74, "Person and Vehicle search": 0.245, "Vehicle search": 0.015}
# (legislation, object of search): share of searches.
POWERS = {
    ("Misuse of Drugs Act 1971 (section 23)", "Controlled drugs"): 0.60,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Offensive weapons"): 0.14,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Stolen goods"): 0.09,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Evidence of offences under the Act"): 0.05,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Articles for use in criminal damage"): 0.03,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Fireworks"): 0.02,
    ("Criminal Justice and Public Order Act 1994 (section 60)", "Anything to threaten or harm anyone"): 0.04,
    ("Firearms Act 1968 (section 47)", "Firearms"): 0.01,
    ("Criminal Justice Act 1988 (section 139B)", "Offensive weapons"): 0.02,
}
OUTCOMES = {
    "A no further action disposal": 0.68, "Arrest": 0.17, "Community resolution": 0.07,
    "Khat or Cannabis warning": 0.04, "Penalty Notice for Disorder": 0.02, "Summons / charged by post": 0.02,
}
AGES = {"10-17": 0.19, "18-24": 0.34, "25-34": 0.22, "over 34": 0.17, "under 10": 0.001, "": 0.079}
GENDERS = {"Male": 0.92, "Female": 0.06, "Other": 0.005, "": 0.015}
# Search rate relative to the White rate, by officer-defined group (demo: Black about 3x).
RELATIVE_RATE = {"White": 1.0, "Black": 3.0, "Asian": 1.1, "Other": 0.7}
NOT_RECORDED_SHARE = 0.015
SELF_DEFINED = {
    "White": "White - English/Welsh/Scottish/Northern Irish/British",
    "Black": "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background",
    "Asian": "Asian/Asian British - Any other Asian background",
    "Other": "Other ethnic group - Any other ethnic group",
}
SELF_NOT_STATED = "Other ethnic group - Not stated"
SELF_NOT_STATED_SHARE = 0.15
# Fallback shares of residents when the demo has no population table (London, Census 2011).
DEFAULT_POPULATION = {"White": 165_000, "Black": 36_000, "Asian": 50_000, "Other": 14_000}

# GOV.UK-style long-run Met rates (searches per 1,000 residents, all groups), invented but shaped
# like the published series (high around 2010, low around 2017, a rise, then a fall).
GOV_YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2010, 2025)]
GOV_MET_RATE = [72, 62, 44, 35, 21, 19, 17, 16, 22, 34, 38, 27, 20, 17, 16]
GOV_EW_RATE = [22.7, 20.9, 17.8, 15.8, 9.4, 6.7, 5.3, 4.9, 6.6, 9.9, 12.0, 9.0, 7.5, 7.0, 6.8]
GOV_GROUP_FACTOR = {"White": 0.55, "Black": 2.3, "Asian": 0.85, "Mixed": 0.75, "Other": 0.7}
GOV_MET_POPULATION = {"White": 4_881_636, "Black": 1_088_447, "Asian": 1_386_619, "Mixed": 404_990,
                      "Other": 404_874}
GOV_EW_POPULATION = {"White": 48_209_395, "Black": 1_864_890, "Asian": 4_213_531, "Mixed": 1_224_400,
                     "Other": 563_696}
GOV_MEASURE = "Number of stops and searches carried out (excluding vehicle only searches)"


def _choice(rng: np.random.Generator, table: dict, n: int) -> np.ndarray:
    keys = list(table)
    p = np.array([table[k] for k in keys], dtype="float64")
    idx = rng.choice(len(keys), size=n, p=p / p.sum())
    return np.array(keys, dtype=object)[idx]


def _points_in(rng: np.random.Generator, geom, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points inside ``geom``: half near a few hotspots, half uniform (rejection sampling)."""
    import shapely

    minx, miny, maxx, maxy = geom.bounds
    shapely.prepare(geom)

    def uniform(k: int) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = np.empty(0), np.empty(0)
        while len(xs) < k:
            x = rng.uniform(minx, maxx, 2 * k + 10)
            y = rng.uniform(miny, maxy, 2 * k + 10)
            ok = shapely.contains_xy(geom, x, y)
            xs, ys = np.concatenate([xs, x[ok]]), np.concatenate([ys, y[ok]])
        return xs[:k], ys[:k]

    hx, hy = uniform(HOTSPOTS_PER_BOROUGH)
    n_hot = int(round(n * HOTSPOT_SHARE))
    xs, ys = uniform(n - n_hot)
    px, py = np.empty(0), np.empty(0)
    while len(px) < n_hot:
        k = rng.integers(0, HOTSPOTS_PER_BOROUGH, 2 * n_hot + 10)
        x = hx[k] + rng.normal(0, HOTSPOT_SD_DEGREES * 1.6, len(k))
        y = hy[k] + rng.normal(0, HOTSPOT_SD_DEGREES, len(k))
        ok = shapely.contains_xy(geom, x, y)
        px, py = np.concatenate([px, x[ok]]), np.concatenate([py, y[ok]])
    lon = np.concatenate([xs, px[:n_hot]])
    lat = np.concatenate([ys, py[:n_hot]])
    order = rng.permutation(n)
    return np.round(lat[order], 6), np.round(lon[order], 6)


def _populations(ctx) -> dict[str, dict[str, float]]:
    pop = ctx.tables.get("population_ethnicity")
    out: dict[str, dict[str, float]] = {}
    for b in mps_boroughs():
        groups = dict(DEFAULT_POPULATION)
        if pop is not None and len(pop):
            part = pop[(pop["borough_code"] == b.code) & (pop["scheme"] == "search4")]
            if len(part):
                groups = {str(g): float(v) for g, v in zip(part["group"], part["population"], strict=True)}
        out[b.code] = groups
    return out


def _geometries(ctx) -> dict[str, object]:
    boroughs = ctx.tables.get("boroughs")
    if boroughs is None or len(boroughs) == 0:
        return {}
    g = boroughs.to_crs("EPSG:4326") if boroughs.crs is not None else boroughs
    return dict(zip(g["borough_code"].astype(str), g.geometry, strict=True))


def _fallback_point(rng: np.random.Generator, i: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Without boundaries: points around a notional borough centre on a ring round central London."""
    angle = 2 * np.pi * i / 32
    lat0, lon0 = 51.5 + 0.1 * np.sin(angle), -0.12 + 0.16 * np.cos(angle)
    return np.round(lat0 + rng.normal(0, 0.01, n), 6), np.round(lon0 + rng.normal(0, 0.016, n), 6)


def _records(ctx, rng: np.random.Generator, last_month: str) -> pd.DataFrame:
    months = month_range(add_months(last_month, -(MONTHS - 1)), last_month)
    pops = _populations(ctx)
    geoms = _geometries(ctx)
    boroughs = list(mps_boroughs())
    residents = np.array([sum(pops[b.code].values()) for b in boroughs])
    intensity = rng.lognormal(0, 0.35, len(boroughs))
    weights = residents * intensity
    weights = weights / weights.sum()
    frames = []
    for month in months:
        season = SEASONALITY[int(month[5:7]) - 1]
        for i, b in enumerate(boroughs):
            n = int(rng.poisson(SEARCHES_PER_MONTH * season * weights[i]))
            if n == 0:
                continue
            frames.append(_borough_month(rng, month, b, n, pops[b.code], geoms.get(b.code), i))
    return pd.concat(frames, ignore_index=True)


def _borough_month(rng, month: str, b, n: int, pop: dict[str, float], geom, index: int) -> pd.DataFrame:
    types = _choice(rng, TYPES, n)
    powers = _choice(rng, {i: p for i, p in enumerate(POWERS.values())}, n)
    keys = list(POWERS)
    legislation = np.array([keys[int(k)][0] for k in powers], dtype=object)
    objects = np.array([keys[int(k)][1] for k in powers], dtype=object)
    groups = {g: pop.get(g, 0.0) * RELATIVE_RATE[g] for g in RELATIVE_RATE}
    eth = _choice(rng, groups, n)
    eth[rng.random(n) < NOT_RECORDED_SHARE] = ""
    eth[types == "Vehicle search"] = ""
    self_def = np.array([SELF_DEFINED.get(e, "") for e in eth], dtype=object)
    self_def[(rng.random(n) < SELF_NOT_STATED_SHARE) & (eth != "")] = SELF_NOT_STATED
    if geom is not None:
        lat, lon = _points_in(rng, geom, n)
    else:
        lat, lon = _fallback_point(rng, index, n)
    unlocated = rng.random(n) < UNLOCATED_SHARE
    lat, lon = lat.astype("float64"), lon.astype("float64")
    lat[unlocated], lon[unlocated] = np.nan, np.nan
    days = pd.Period(month, "M").days_in_month
    seconds = rng.integers(0, (days - 1) * 86400 + 79200, n) + 3600  # 01:00 on the 1st to 23:00 UTC
    when = pd.Timestamp(f"{month}-01T00:00:00", tz="UTC") + pd.to_timedelta(np.sort(seconds), unit="s")
    blank = lambda a: pd.array(np.where(a == "", None, a), dtype="string")  # noqa: E731
    return pd.DataFrame({
        "month": month,
        "datetime": when.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "type": types.astype(str),
        "part_of_operation": pd.array([False] * n, dtype="boolean"),
        "policing_operation": pd.array([None] * n, dtype="string"),
        "latitude": lat,
        "longitude": lon,
        "location_status": np.where(unlocated, "unlocated", "borough"),
        "borough_code": pd.array(np.where(unlocated, None, b.code), dtype="string"),
        "borough_name": pd.array(np.where(unlocated, None, b.name), dtype="string"),
        "gender": blank(_choice(rng, GENDERS, n)),
        "age_range": blank(_choice(rng, AGES, n)),
        "self_defined_ethnicity": blank(self_def),
        "officer_defined_ethnicity": blank(eth),
        "legislation": legislation.astype(str),
        "object_of_search": objects.astype(str),
        "outcome": _choice(rng, OUTCOMES, n).astype(str),
        "outcome_linked": pd.array([None] * n, dtype="boolean"),
        "removal_outer_clothing": pd.array([None] * n, dtype="boolean"),
    })


def _gov_rates(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for geography, rates, pops in (("Metropolitan Police", GOV_MET_RATE, GOV_MET_POPULATION),
                                   ("All - excluding BTP", GOV_EW_RATE, GOV_EW_POPULATION)):
        total_pop = sum(pops.values())
        for year, rate in zip(GOV_YEARS, rates, strict=True):
            by_group = {}
            for g, factor in GOV_GROUP_FACTOR.items():
                r = rate * factor * float(rng.normal(1, 0.04))
                by_group[g] = int(round(r * pops[g] / 1000))
            reported = sum(by_group.values())
            unreported = int(round(reported * 0.12))
            common = {"financial_year": year, "geography": geography, "geography_type": "Police Force Area",
                      "legislation_type": "All", "measure": GOV_MEASURE, "searches_reported_ethnicity": reported}
            rows.append({**common, "ethnicity": "All", "ethnicity_type": "All",
                         "searches": reported + unreported, "population": total_pop,
                         "rate_per_1000": round((reported + unreported) / total_pop * 1000, 2),
                         "share_pct": None})
            etype = "ONS 2011 5+1" if year >= "2019/20" else "ONS 2001 5+1"
            for g, count in by_group.items():
                rows.append({**common, "ethnicity": g if g != "Other" or etype.startswith("ONS 2011")
                             else "Other inc Chinese", "ethnicity_type": etype, "searches": count,
                             "population": pops[g], "rate_per_1000": round(count / pops[g] * 1000, 2),
                             "share_pct": round(count / reported * 100, 1)})
            rows.append({**common, "ethnicity": "Unreported", "ethnicity_type": etype, "searches": unreported,
                         "population": None, "rate_per_1000": None, "share_pct": None})
    out = pd.DataFrame(rows)
    out["searches"] = out["searches"].astype("Int64")
    out["population"] = out["population"].astype("Int64")
    out["rate_per_1000"] = out["rate_per_1000"].astype("float64")
    out["share_pct"] = out["share_pct"].astype("float64")
    return out


def generate(ctx) -> dict[str, pd.DataFrame]:
    """Demo ``stop_search`` (about 45,000 searches over 15 months) and ``stop_search_rates_gov``."""
    from lib.demo import DEMO_LAST_MONTH

    rng = ctx.rng("stop_search")
    searches = _records(ctx, rng, DEMO_LAST_MONTH)
    searches = searches.sort_values(["month", "datetime"], kind="stable").reset_index(drop=True)
    return {"stop_search": searches, "stop_search_rates_gov": _gov_rates(rng)}
