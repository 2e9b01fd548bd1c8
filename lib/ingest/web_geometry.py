"""Screen-ready geometry, made once at ingest so the app never reads GeoParquet or imports geopandas.

For each map geometry (``boroughs``, ``wards``) a plain table of its polygons as the browser draws them:
simplified coverage-preserving (:func:`lib.geography.simplify_for_web`: neighbours keep one shared edge) to
the map's tolerance (:data:`lib.geography.WEB_TABLES`: about one pixel at the view the map is drawn at),
one row per vertex of each polygon part's exterior ring, rounded to :data:`lib.geography.WEB_DECIMALS`.
And ``web_outlines``: the borough outlines drawn on every map as paths, each shared edge once, for all of
London at the London-wide tolerance and the ward maps' tolerance, and each borough's own outline at the
ward maps' tolerance (a ward map draws its borough's outline).

Rows are in drawing order (``part``, then ``vertex``); ``lib.ui.maps`` turns them back into coordinate lists.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.geography import (
    LONDON_TOLERANCE_M,
    OUTLINES_LONDON,
    WARD_TOLERANCE_M,
    WEB_DECIMALS,
    WEB_OUTLINES,
    WEB_TABLES,
    polygon_records,
    simplify_for_web,
)
from lib.schema import Column, TableSchema

_VERTEX = (
    Column("part", "int", "Polygon part, numbered from 0 in drawing order within the table"),
    Column("vertex", "int", "Vertex of the part's exterior ring, from 0 (the ring closes on its first vertex)"),
    Column("lon", "float", f"Longitude, WGS84, rounded to {WEB_DECIMALS} decimals"),
    Column("lat", "float", f"Latitude, WGS84, rounded to {WEB_DECIMALS} decimals"),
)


def _polygon_schema(source: str) -> TableSchema:
    name, id_col, name_col, tol = WEB_TABLES[source]
    return TableSchema(
        name=name,
        description=(f"Derived at ingest: the {source} polygons as the screen draws them, simplified "
                     f"coverage-preserving to {tol:g} m and rounded; one row per vertex of each part's "
                     "exterior ring (holes left out)"),
        source=f"lib.ingest.web_geometry over {source}",
        columns=(Column(id_col, "str", "GSS code"), Column(name_col, "str", "Name"), *_VERTEX),
    )


WEB_OUTLINE_SCHEMA = TableSchema(
    name=WEB_OUTLINES,
    description=("Derived at ingest: borough outlines as paths for the screen, each shared edge once: "
                 f"'{OUTLINES_LONDON}' (every borough) at the London-wide and the ward maps' tolerances, and "
                 "each borough's own outline at the ward maps' tolerance; one row per vertex"),
    source="lib.ingest.web_geometry over boroughs",
    columns=(
        Column("scope", "str", f"'{OUTLINES_LONDON}' or a borough's GSS code"),
        Column("tolerance_m", "float", "Simplification tolerance, metres"),
        Column("part", "int", "Path, numbered from 0 within the scope and tolerance"),
        *_VERTEX[1:],
    ),
)
TABLES = (*(_polygon_schema(s) for s in WEB_TABLES), WEB_OUTLINE_SCHEMA)


def _rows(rings: list[list], keys: dict[str, list]) -> pd.DataFrame:
    """One row per vertex of ``rings`` (part = position in the list), with ``keys``' value of each ring."""
    sizes = [len(r) for r in rings]
    coords = np.asarray([xy for r in rings for xy in r], dtype="float64").reshape(-1, 2)
    out = {k: np.repeat(np.asarray(v, dtype=object), sizes) for k, v in keys.items()}
    out.update(part=np.repeat(np.arange(len(rings)), sizes),
               vertex=np.concatenate([np.arange(n) for n in sizes]) if sizes else np.array([], dtype="int64"),
               lon=coords[:, 0], lat=coords[:, 1])
    return pd.DataFrame(out)


def _round(ring) -> list:
    return [[round(x, WEB_DECIMALS), round(y, WEB_DECIMALS)] for x, y in ring]


def polygon_table(gdf, source: str) -> pd.DataFrame:
    """The screen-ready table of geometry table ``source`` (module docstring)."""
    _, id_col, name_col, tol = WEB_TABLES[source]
    records = polygon_records(simplify_for_web(gdf, tol), [id_col, name_col])
    return _rows([_round(r["polygon"]) for r in records],
                 {id_col: [r[id_col] for r in records], name_col: [r[name_col] for r in records]})


def outline_paths(web) -> list[list]:
    """The outlines of a simplified borough table as paths, each shared edge once."""
    import shapely

    merged = shapely.line_merge(shapely.union_all(web.geometry.boundary.values))
    lines = list(merged.geoms) if hasattr(merged, "geoms") else [merged]
    return [_round(list(line.coords)) for line in lines if not line.is_empty]


def outline_table(boroughs) -> pd.DataFrame:
    """The ``web_outlines`` table of the borough geometry (module docstring)."""
    frames = []
    for tol in (LONDON_TOLERANCE_M, WARD_TOLERANCE_M):
        web = simplify_for_web(boroughs, tol)
        paths = outline_paths(web)
        frames.append(_rows(paths, {"scope": [OUTLINES_LONDON] * len(paths), "tolerance_m": [tol] * len(paths)}))
        if tol == WARD_TOLERANCE_M:
            for code in sorted(web["borough_code"].astype(str)):
                paths = outline_paths(web[web["borough_code"] == code])
                frames.append(_rows(paths, {"scope": [code] * len(paths), "tolerance_m": [tol] * len(paths)}))
    return pd.concat(frames, ignore_index=True)


def web_geometry_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The screen-ready tables of the geometry tables present in ``tables``."""
    out = {}
    for source, (name, *_) in WEB_TABLES.items():
        if source in tables and len(tables[source]):
            out[name] = polygon_table(tables[source], source)
    if "boroughs" in tables and len(tables["boroughs"]):
        out[WEB_OUTLINES] = outline_table(tables["boroughs"])
    return out
