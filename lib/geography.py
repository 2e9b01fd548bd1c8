"""Geography helpers: which borough a point is in, and polygons ready for a pydeck map.

Coordinates are WGS84 longitude/latitude (EPSG:4326) unless a function says otherwise; lengths
(simplification tolerances) are metres on the British National Grid (EPSG:27700), the grid every
GLA/ONS London boundary file is drawn on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # imported where used: the app reads ready geometry and never loads these
    import geopandas as gpd

WGS84 = "EPSG:4326"
BNG = "EPSG:27700"
COORD_DECIMALS = 5  # 1e-5 degrees is about 1 metre in London

# --- the geometry the screen draws, made at ingest (lib.ingest.web_geometry) and read by lib.ui.maps ---------
# The London-wide view: deck.gl's world is 512 px wide at zoom 0 (512·2^z at zoom z). The 32 boroughs span
# 0.845° of longitude (-0.510 to 0.334): at zoom 8.9 that is 570 px, so a phone's 358 px map cut east London
# off. Zoom 8.15 draws London 340 px wide: whole on a phone, and in the middle of a wide column on a projector.
LONDON_VIEW = {"latitude": 51.49, "longitude": -0.088, "zoom": 8.15}
DECK_TILE_PX = 512
EARTH_CIRCUMFERENCE_M = 40_075_016.686  # at the equator (Web Mercator's sphere)


def metres_per_pixel(latitude: float, zoom: float) -> float:
    """Ground metres one screen pixel covers at ``latitude`` and deck.gl ``zoom`` (Web Mercator):
    the equator's circumference times cos(latitude), over the world's width in pixels (512·2^zoom)."""
    return EARTH_CIRCUMFERENCE_M * math.cos(math.radians(latitude)) / (DECK_TILE_PX * 2**zoom)


# London-wide maps (the borough maps and their outlines): simplified to about one pixel at the London view,
# ~171 m at zoom 8.15, rounded down to whole metres. A finer outline is drawn inside the same pixel and
# only costs bytes to send and milliseconds to serialise on every rerun of a clickable map.
LONDON_TOLERANCE_M = float(math.floor(metres_per_pixel(LONDON_VIEW["latitude"], LONDON_VIEW["zoom"])))
# Ward maps are zoomed to one borough fitted to ~330 px (lib.ui.maps.FIT_WIDTH_PX): boroughs span ~3-20 km,
# 10-60 m a pixel, so 50 m is about one pixel for the larger boroughs and a few for the City.
WARD_TOLERANCE_M = 50.0
WEB_DECIMALS = 4  # coordinates sent to the browser: 1e-4 degrees is ~7-11 m in London, under a pixel
# Geometry table -> the screen-ready table made from it at ingest, its id and name columns and tolerance.
WEB_TABLES = {
    "boroughs": ("web_boroughs", "borough_code", "borough_name", LONDON_TOLERANCE_M),
    "wards": ("web_wards", "ward_code", "ward_name", WARD_TOLERANCE_M),
}
WEB_OUTLINES = "web_outlines"  # borough outlines as paths (lib.ingest.web_geometry)
OUTLINES_LONDON = "London"  # the outlines table's scope for every borough's outline, each shared edge once


def assign_borough(
    points: pd.DataFrame,
    boroughs: gpd.GeoDataFrame,
    lat: str = "latitude",
    lon: str = "longitude",
    code: str = "borough_code",
) -> pd.Series:
    """The GSS code of the borough polygon containing each point (point-in-polygon), else <NA>.

    Definition: a point belongs to the borough whose polygon *covers* it (interior or boundary).
    A point exactly on an edge shared by two boroughs (or on a shared corner) is given to the
    borough with the lowest GSS code among those touching it, so the rule is deterministic and
    every point counts once. Points with a missing, non-numeric or non-finite latitude/longitude,
    and points outside every polygon (outside London, or on the Thames where the boundaries stop
    at mean high water) get <NA>. Returns a ``string`` Series aligned with ``points.index``.
    Vectorised through a spatial index of the points; ``boroughs`` in any CRS (points are WGS84).
    """
    import geopandas as gpd
    import shapely

    out = pd.Series(pd.NA, index=points.index, dtype="string")
    if len(points) == 0 or len(boroughs) == 0:
        return out
    y = pd.to_numeric(points[lat], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    x = pd.to_numeric(points[lon], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90) & (np.abs(x) <= 180)
    if not ok.any():
        return out
    pts = gpd.GeoSeries(gpd.points_from_xy(x[ok], y[ok]), crs=WGS84)
    polys = boroughs
    if polys.crs is not None and not polys.crs.equals(pts.crs):
        pts = pts.to_crs(polys.crs)
    # Index the points and query with each polygon: the polygon is then the prepared geometry,
    # which is ~20x faster than indexing 33 large polygons and querying 200,000 points.
    tree = shapely.STRtree(pts.values)
    poly_idx, point_idx = tree.query(polys.geometry.values, predicate="intersects")
    if len(point_idx) == 0:
        return out
    codes = polys[code].astype("string").to_numpy()[poly_idx]
    hits = pd.DataFrame({"p": point_idx, "code": codes}).sort_values(["p", "code"], kind="mergesort")
    first = hits.drop_duplicates("p", keep="first")
    positions = np.flatnonzero(ok)[first["p"].to_numpy()]
    values = out.to_numpy(dtype=object)
    values[positions] = first["code"].to_numpy(dtype=object)
    return pd.Series(values, index=points.index, dtype="string")


def simplify_for_web(gdf: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` simplified to within ``tolerance_m`` metres, returned in WGS84.

    Definition: coverage-preserving Visvalingam–Whyatt simplification (shapely
    ``coverage_simplify``) on the British National Grid, so neighbouring polygons keep one shared
    edge (no slivers, gaps or overlaps between boroughs or wards), then ``make_valid``. Areas not
    forming a clean coverage fall back to per-polygon topology-preserving simplification.
    """
    import geopandas as gpd
    import shapely

    src = gdf if gdf.crs is not None else gdf.set_crs(WGS84)
    proj = src.to_crs(BNG)
    geoms = proj.geometry.values
    try:
        simple = shapely.coverage_simplify(geoms, tolerance_m)
    except Exception:  # not a valid coverage: simplify each polygon on its own
        simple = shapely.simplify(geoms, tolerance_m, preserve_topology=True)
    simple = shapely.make_valid(simple)
    simple = np.array([_polygonal(g) for g in simple], dtype=object)
    out = proj.copy()
    out = out.set_geometry(gpd.GeoSeries(simple, index=proj.index, crs=BNG))
    return out.to_crs(WGS84)


def _polygonal(geom: Any) -> Any:
    """Keep only the polygon parts of a geometry (make_valid can add stray lines or points)."""
    if geom is None or geom.is_empty:
        return geom
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    import shapely

    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else geom


def _plain(value: Any) -> Any:
    """A JSON-friendly Python value (numpy scalars unwrapped, missing values as None)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, np.generic):
        return value.item()
    return value


def polygon_records(gdf: gpd.GeoDataFrame, columns: Sequence[str]) -> list[dict]:
    """Plain records for a pydeck ``PolygonLayer``: one per polygon part, exterior ring only.

    Definition: each (multi)polygon is exploded into its parts; each part becomes
    ``{"polygon": [[lon, lat], ...], <column>: value, ...}`` with coordinates in WGS84 rounded to
    5 decimal places (about 1 m) and the requested attribute columns as plain Python values
    (missing values as None). Holes are left out (a lean payload for the browser); empty or
    missing geometries are skipped.
    """
    if gdf.crs is not None and not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise KeyError(f"columns not in the table: {missing}")
    records: list[dict] = []
    attrs = gdf[list(columns)].to_dict("records")
    for geom, attr in zip(gdf.geometry.values, attrs, strict=True):
        if geom is None or geom.is_empty:
            continue
        parts = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
        plain = {k: _plain(v) for k, v in attr.items()}
        for part in parts:
            if part.geom_type != "Polygon" or part.is_empty:
                continue
            ring = np.round(np.asarray(part.exterior.coords)[:, :2], COORD_DECIMALS).tolist()
            records.append({"polygon": ring, **plain})
    return records
