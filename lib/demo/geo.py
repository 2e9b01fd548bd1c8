"""Demonstration geography: real borough shapes and Census 2011 populations, synthetic wards.

Nothing here is read from the official data folder. Provenance of the two vendored files:

- ``lib/reference/demo_borough_shapes.geojson``: the 33 London borough outlines from the npm package
  ``vega-datasets`` 3.2.1, file ``data/londonBoroughs.json`` (TopoJSON, object ``boroughs``; package
  licence BSD-3-Clause; the outlines derive from ONS/GLA boundaries, Open Government Licence v3.0,
  contains National Statistics and Ordnance Survey data © Crown copyright and database right). Decoded
  with :func:`decode_topojson` and written by :func:`write_demo_shapes` (coordinates rounded to 5
  decimals). Regenerate: ``cd /tmp && npm pack vega-datasets@3.2.1 && tar xzf vega-datasets-3.2.1.tgz``
  then call ``lib.demo.geo.write_demo_shapes('/tmp/package/data/londonBoroughs.json')``.
- ``lib/reference/demo_borough_census2011.csv``: Census 2011 usual residents, household residents,
  households and hectares per borough, summed over the London LSOAs of
  ``crime_sim_toolkit/src/LSOA_data/census_2011_population_hh.csv`` in the PyPI package
  ``crime-sim-toolkit`` 1.5.0 (MIT licence; ONS Census 2011 data, OGL v3.0). Its London total is
  8,173,941, the Census 2011 count.

Everything else is synthetic and deterministic from ``ctx.rng("geo")``: population in other years
(2011 grown at a borough-specific rate), ethnic-group populations, borough features other than density
and household size, the wards (Voronoi cells of seeded points clipped to each borough, named
"<Borough> ward NN", coded "DEMO<bbb><nn>" with bbb the borough's GSS number) and their features.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

from lib.geography import BNG, WGS84
from lib.reference.boroughs import REFERENCE_DIR, all_boroughs, find_borough

SHAPES = REFERENCE_DIR / "demo_borough_shapes.geojson"
CENSUS = REFERENCE_DIR / "demo_borough_census2011.csv"
DEMO_SOURCE = "Demonstration data (lib/demo/geo.py): not official statistics"
YEARS = range(2001, 2031)


# --------------------------------------------------------------------------------------------------
# TopoJSON → shapes (used once to write the vendored GeoJSON)


def decode_topojson(topo: dict, obj: str) -> list[tuple[str, Polygon | MultiPolygon]]:
    """(id, polygon) for each geometry of a TopoJSON object; quantised, delta-encoded arcs decoded.

    Follows the TopoJSON specification: arc positions are cumulative deltas scaled by
    ``transform.scale`` and shifted by ``transform.translate``; a negative arc index ``~i`` means arc
    ``i`` reversed; consecutive arcs of a ring share their joining point.
    """
    tf = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts = np.asarray(arc, dtype="float64")
        if tf:
            pts = np.cumsum(pts, axis=0) * np.asarray(tf["scale"]) + np.asarray(tf["translate"])
        arcs.append(pts)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        coords: list[tuple[float, float]] = []
        for k, i in enumerate(indices):
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            coords.extend(map(tuple, pts if k == 0 else pts[1:]))
        return coords

    out = []
    for g in topo["objects"][obj]["geometries"]:
        if g["type"] == "Polygon":
            geom = Polygon(ring(g["arcs"][0]), [ring(r) for r in g["arcs"][1:]])
        elif g["type"] == "MultiPolygon":
            geom = MultiPolygon([Polygon(ring(p[0]), [ring(r) for r in p[1:]]) for p in g["arcs"]])
        else:
            continue
        out.append((str(g.get("id") or g.get("properties", {}).get("name")), shapely.make_valid(geom)))
    return out


def write_demo_shapes(topojson_path: str | Path, out: Path = SHAPES) -> None:
    """Decode vega-datasets' londonBoroughs.json and write the vendored GeoJSON (GSS codes added)."""
    topo = json.loads(Path(topojson_path).read_text(encoding="utf-8"))
    features = []
    for name, geom in decode_topojson(topo, "boroughs"):
        b = find_borough(name)
        if b is None:
            raise ValueError(f"not a London borough: {name!r}")
        geom = shapely.set_precision(geom, 1e-5)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": b.code, "name": b.name},
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    features.sort(key=lambda f: f["properties"]["code"])
    doc = {"type": "FeatureCollection", "features": features}
    out.write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Generator


def _boroughs() -> gpd.GeoDataFrame:
    doc = json.loads(SHAPES.read_text(encoding="utf-8"))
    census = pd.read_csv(CENSUS, dtype={"borough_code": str}).set_index("borough_code")
    rows = []
    for f in doc["features"]:
        code = f["properties"]["code"]
        b = next(x for x in all_boroughs() if x.code == code)
        rows.append(
            {
                "borough_code": code,
                "borough_name": b.name,
                "policed_by_mps": b.policed_by_mps,
                "inner": b.inner,
                "area_hectares": float(census.loc[code, "hectares"]),
                "geometry": shape(f["geometry"]),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84).sort_values("borough_code").reset_index(drop=True)


def _wards(boroughs: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Voronoi cells of seeded points inside each borough, clipped to it (15-25 wards; City 4)."""
    bng = boroughs.to_crs(BNG)
    rows = []
    for _, b in bng.iterrows():
        poly = b.geometry
        n = 4 if b["borough_code"] == "E09000001" else int(rng.integers(15, 26))
        minx, miny, maxx, maxy = poly.bounds
        pts: list = []
        while len(pts) < n:
            cand = shapely.points(rng.uniform(minx, maxx, 4 * n), rng.uniform(miny, maxy, 4 * n))
            pts.extend(p for p in cand[shapely.contains(poly, cand)] if len(pts) < n)
        cells = shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=poly.envelope.buffer(1000))
        parts = [c.intersection(poly) for c in cells.geoms]
        parts = [p for p in parts if not p.is_empty and p.area > 0]
        # order cells north to south, west to east, so "ward 01" is the northernmost
        parts.sort(key=lambda p: (-round(p.centroid.y, -2), p.centroid.x))
        num = int(b["borough_code"][-3:])
        for i, p in enumerate(parts, start=1):
            rows.append(
                {
                    "ward_code": f"DEMO{num:03d}{i:02d}",
                    "ward_name": f"{b['borough_name']} ward {i:02d}",
                    "borough_code": b["borough_code"],
                    "borough_name": b["borough_name"],
                    "area_hectares": p.area / 10_000,
                    "lsoa_count": max(1, round(p.area / 10_000 / 30)),
                    "geometry": shapely.set_precision(p, 1.0),
                }
            )
    w = gpd.GeoDataFrame(rows, geometry="geometry", crs=BNG).to_crs(WGS84)
    w["geometry"] = shapely.make_valid(w.geometry.values)
    return w


def _population(census: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, c in census.iterrows():
        growth = rng.uniform(0.004, 0.016)
        for year in YEARS:
            pop = c["population_2011"] * (1 + growth) ** (year - 2011)
            rows.append(
                {
                    "borough_code": code,
                    "borough_name": c["borough_name"],
                    "year": year,
                    "population": float(round(pop, -1)) if year != 2011 else float(c["population_2011"]),
                    "households": float(c["households_2011"]) if year == 2011 else np.nan,
                    "source": "Census 2011 (crime-sim-toolkit)"
                    if year == 2011
                    else "Demonstration: 2011 grown at a made-up rate",
                    "households_source": "Census 2011 (crime-sim-toolkit)" if year == 2011 else None,
                }
            )
    return pd.DataFrame(rows)


def _split(total: int, shares: np.ndarray) -> np.ndarray:
    """Whole numbers in proportion to ``shares`` adding up exactly to ``total`` (largest remainders)."""
    raw = total * shares / shares.sum()
    out = np.floor(raw).astype("int64")
    out[np.argsort(-(raw - out))[: total - out.sum()]] += 1
    return out


def _ethnicity(census: pd.DataFrame, boroughs: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    inner = boroughs.set_index("borough_code")["inner"]
    rows = []
    for code, c in census.iterrows():
        # census5 shares White, Mixed, Asian, Black, Other around London's 2011 mix
        base = np.array([0.55, 0.055, 0.17, 0.16, 0.065]) if inner[code] else np.array([0.65, 0.045, 0.19, 0.09, 0.025])
        c5 = _split(int(c["population_2011"]), rng.dirichlet(base * 60))
        white, mixed, asian, black, other = (int(v) for v in c5)
        m = _split(mixed, np.array([0.45, 0.25, 0.30]))  # mixed → Black, Asian, Other
        chinese = int(round(asian * rng.uniform(0.04, 0.12)))
        s4 = {
            "White": white,
            "Black": black + int(m[0]),
            "Asian": asian - chinese + int(m[1]),
            "Other": other + chinese + int(m[2]),
        }
        for scheme, values in (
            ("census5", dict(zip(("White", "Mixed", "Asian", "Black", "Other"), c5, strict=True))),
            ("search4", s4),
        ):
            for g, v in values.items():
                rows.append(
                    {
                        "borough_code": code,
                        "borough_name": c["borough_name"],
                        "scheme": scheme,
                        "group": g,
                        "population": int(v),
                    }
                )
    return pd.DataFrame(rows)


def _borough_features(
    census: pd.DataFrame, eth: pd.DataFrame, boroughs: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    inner = boroughs.set_index("borough_code")["inner"]
    white = eth[(eth["scheme"] == "census5") & (eth["group"] == "White")].set_index("borough_code")["population"]
    rows = []

    def add(code: str, name: str, feature: str, label: str, value: float, unit: str, source: str = DEMO_SOURCE):
        rows.append(
            {
                "borough_code": code,
                "borough_name": name,
                "feature": feature,
                "label": label,
                "value": float(value),
                "unit": unit,
                "source": source,
            }
        )

    real = "Census 2011 via crime-sim-toolkit (demonstration store)"
    for code, c in census.iterrows():
        name, is_inner = c["borough_name"], bool(inner[code])
        add(
            code,
            name,
            "population_density",
            "Population density, Census 2011",
            c["population_2011"] / c["hectares"],
            "persons per hectare",
            real,
        )
        add(
            code,
            name,
            "avg_household_size",
            "Average household size, Census 2011",
            c["household_residents_2011"] / c["households_2011"],
            "persons per household",
            real,
        )
        add(
            code,
            name,
            "pct_aged_0_15",
            "Share of residents aged 0 to 15 (demonstration)",
            rng.normal(17 if is_inner else 21, 2),
            "%",
        )
        add(
            code,
            name,
            "pct_aged_65_plus",
            "Share of residents aged 65 and over (demonstration)",
            rng.normal(9 if is_inner else 14, 2),
            "%",
        )
        add(
            code,
            name,
            "pct_bame",
            "Share of residents from Black, Asian and minority ethnic groups (demonstration)",
            100 * (1 - white[code] / c["population_2011"]),
            "%",
        )
        add(
            code,
            name,
            "imd2019_avg_score",
            "Deprivation score (demonstration; higher = more deprived)",
            rng.uniform(18, 36) if is_inner else rng.uniform(10, 30),
            "score",
        )
        if code != "E09000001":  # like the real files: City of London not published
            add(
                code,
                name,
                "pct_social_rented",
                "Share of households renting from the council or a housing association (demonstration)",
                rng.uniform(25, 45) if is_inner else rng.uniform(10, 28),
                "%",
            )
            add(
                code,
                name,
                "median_weekly_pay",
                "Median gross weekly pay (demonstration)",
                rng.uniform(650, 900) if is_inner else rng.uniform(550, 750),
                "£ per week",
            )
    return pd.DataFrame(rows)


def _ward_features(wards: gpd.GeoDataFrame, census: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, ws in wards.groupby("borough_code", sort=True):
        c = census.loc[code]
        pops = _split(int(c["population_2011"]), ws["area_hectares"].to_numpy() * rng.uniform(0.5, 1.5, len(ws)))
        for (_, w), pop in zip(ws.iterrows(), pops, strict=True):
            base = {k: w[k] for k in ("ward_code", "ward_name", "borough_code", "borough_name")}
            rank = float(np.clip(rng.normal(14000, 7000), 300, 33000))
            for feature, label, value, unit in (
                (
                    "imd2025_mean_rank",
                    "Deprivation: mean national rank of the ward's small areas (demonstration)",
                    rank,
                    "rank",
                ),
                (
                    "imd2025_pct_most_deprived_20",
                    "Share of the ward's small areas among the 20% most deprived (demonstration)",
                    float(np.clip(100 * (1 - rank / 12000) + rng.normal(0, 10), 0, 100)),
                    "%",
                ),
                (
                    "population_2011",
                    "Usual residents (demonstration split of the borough's Census 2011 count)",
                    float(pop),
                    "persons",
                ),
                (
                    "population_density_2011",
                    "Population density (demonstration)",
                    pop / w["area_hectares"],
                    "persons per hectare",
                ),
                (
                    "avg_household_size_2011",
                    "Average household size (demonstration)",
                    float(np.clip(rng.normal(2.5, 0.25), 1.5, 3.6)),
                    "persons per household",
                ),
            ):
                rows.append(
                    {
                        **base,
                        "feature": feature,
                        "label": label,
                        "value": float(value),
                        "unit": unit,
                        "source": DEMO_SOURCE,
                    }
                )
    return pd.DataFrame(rows)


def generate(ctx) -> dict:
    """The six geography tables of the demonstration store (plus ``boroughs_detailed``)."""
    rng = ctx.rng("geo")
    boroughs = _boroughs()
    census = pd.read_csv(CENSUS, dtype={"borough_code": str}).set_index("borough_code").sort_index()
    wards = _wards(boroughs, rng)
    eth = _ethnicity(census, boroughs, rng)
    return {
        "boroughs": boroughs,
        "boroughs_detailed": boroughs.copy(),
        "wards": wards,
        "population": _population(census, rng),
        "population_ethnicity": eth,
        "borough_features": _borough_features(census, eth, boroughs, rng),
        "ward_features": _ward_features(wards, census, rng),
    }
