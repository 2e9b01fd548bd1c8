"""Search locations binned into a regular grid for a map, with small counts suppressed.

Cells are squares on the British National Grid (EPSG:27700), 500 m a side by default, aligned to
multiples of the cell size (so the same cell always has the same id). Each cell's square is
returned as a WGS84 polygon (its four corners re-projected) ready for a pydeck polygon layer.
The projections run at ingest (``lib.ingest.stop_search_grid``: each distinct search point's position,
:func:`grid_locations`, and every square's corners); the app looks points up (:func:`place_on_grid`) and
counts (:func:`grid_counts`), and imports no pyproj (imported here only when a projection runs).
Cells with fewer than 10 searches are not drawn and their counts not shown (``lib.metrics.suppression``):
police.uk locations are already approximate, and a handful of searches in one street could point
to individuals.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from lib.metrics.suppression import THRESHOLD

CELL_METRES = 500
BNG = "EPSG:27700"
WGS84 = "EPSG:4326"
COORD_DECIMALS = 5


@functools.cache
def _transformers():
    """The two re-projections, built once a process: fixed reference objects, not a store cache (building
    one costs about 0.1 s; pyproj 3.1+ Transformers are safe to share between threads)."""
    from pyproj import Transformer

    return (
        Transformer.from_crs(WGS84, BNG, always_xy=True),
        Transformer.from_crs(BNG, WGS84, always_xy=True),
    )


GRID_COLUMNS = ("grid_easting", "grid_northing")  # British National Grid metres of each search's point
LOCATION_COLUMNS = ("latitude", "longitude")  # a search's published point (WGS84), the key of grid_locations


def _to_grid(located: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    to_bng, _ = _transformers()
    x, y = to_bng.transform(located["longitude"].to_numpy(dtype="float64"),
                            located["latitude"].to_numpy(dtype="float64"))
    return np.asarray(x), np.asarray(y)


def _points(searches: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latitude and longitude as float64 (NaN where missing) and which rows have both."""
    lat = searches["latitude"].to_numpy(dtype="float64", na_value=np.nan)
    lon = searches["longitude"].to_numpy(dtype="float64", na_value=np.nan)
    return lat, lon, ~(np.isnan(lat) | np.isnan(lon))


def grid_locations(searches: pd.DataFrame) -> pd.DataFrame:
    """Each distinct point of the located searches (latitude, longitude) with its British National Grid easting
    and northing (:data:`GRID_COLUMNS`), projected from WGS84 (EPSG:4326 to EPSG:27700). police.uk snaps every
    search to one of a set of points, so the table is much shorter than the searches (the Met's 218,000 searches
    are at about 25,000 points); sorted by latitude, then longitude."""
    lat, lon, where = _points(searches)
    located = (pd.DataFrame({"latitude": lat[where], "longitude": lon[where]}).drop_duplicates()
               .sort_values(list(LOCATION_COLUMNS)).reset_index(drop=True))
    x, y = _to_grid(located) if len(located) else (np.array([], dtype="float64"), np.array([], dtype="float64"))
    return located.assign(**{GRID_COLUMNS[0]: x, GRID_COLUMNS[1]: y})


def place_on_grid(searches: pd.DataFrame, locations: pd.DataFrame) -> pd.DataFrame:
    """``searches`` with each point's easting and northing (:data:`GRID_COLUMNS`, NaN where unlocated) looked up
    by its latitude and longitude in ``locations`` (:func:`grid_locations` of a table holding these searches: the
    point is the key, so a row found is the same projection). ValueError naming the first located search whose
    point ``locations`` lacks."""
    lat, lon, where = _points(searches)
    key = pd.MultiIndex.from_arrays([locations["latitude"].to_numpy(dtype="float64"),
                                     locations["longitude"].to_numpy(dtype="float64")])
    pos = key.get_indexer(pd.MultiIndex.from_arrays([lat[where], lon[where]]))
    if (pos < 0).any():
        i = int(np.flatnonzero(where)[int(np.argmax(pos < 0))])
        raise ValueError(f"the search at {lat[i]}, {lon[i]} (row {i}) has no grid location: the locations "
                         "table was made from other searches")
    out = searches.copy()
    for col in GRID_COLUMNS:
        values = np.full(len(out), np.nan)
        values[where] = locations[col].to_numpy(dtype="float64")[pos]
        out[col] = values
    return out


def with_grid(searches: pd.DataFrame) -> pd.DataFrame:
    """``searches`` with each point's British National Grid easting and northing (:data:`GRID_COLUMNS`,
    NaN where unlocated), projected once so that every later :func:`grid_counts` skips the projection:
    :func:`place_on_grid` of the searches' own :func:`grid_locations`."""
    return place_on_grid(searches, grid_locations(searches))


def grid_reference(easting: int, northing: int) -> str:
    """The Ordnance Survey grid reference of a point to 100 m, as printed on OS maps (a six-figure reference):
    the two letters of its 100 km square, then its easting and northing inside that square in hundreds of metres,
    cut short (so the reference names the 100 m square the point is in). Ben Nevis, (216667, 771255), is
    "NN 166 712"; central London is in TQ, the north of Enfield in TL. ValueError off the National Grid."""
    e100k, n100k = easting // 100_000, northing // 100_000
    if not (0 <= e100k < 7 and 0 <= n100k < 13):
        raise ValueError(f"({easting}, {northing}) is off the National Grid")
    first = (19 - n100k) - (19 - n100k) % 5 + (e100k + 10) // 5
    second = (19 - n100k) * 5 % 25 + e100k % 5
    letters = "".join(chr(ord("A") + i + (i > 7)) for i in (first, second))  # the letters skip I
    return f"{letters} {easting % 100_000 // 100:03d} {northing % 100_000 // 100:03d}"


def grid_counts(searches: pd.DataFrame, cell_m: int = CELL_METRES) -> pd.DataFrame:
    """Number of located searches in each grid cell of ``cell_m`` metres (British National Grid).

    Definition: a search is in the cell whose south-west corner is (floor(easting / cell) × cell,
    floor(northing / cell) × cell). Searches without latitude/longitude are left out (count them
    with :func:`unlocated_count`). Returns cell_id ('E_N' of the south-west corner in metres),
    easting, northing, searches; only cells with at least one search.
    """
    located = searches[searches["latitude"].notna() & searches["longitude"].notna()]
    cols = ["cell_id", "easting", "northing", "searches"]
    if located.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c != "cell_id" else "string") for c in cols})
    if GRID_COLUMNS[0] in located.columns:  # projected once already (:func:`with_grid`)
        x, y = located[GRID_COLUMNS[0]].to_numpy(), located[GRID_COLUMNS[1]].to_numpy()
    else:
        x, y = _to_grid(located)
    e = (np.floor(np.asarray(x) / cell_m) * cell_m).astype("int64")
    n = (np.floor(np.asarray(y) / cell_m) * cell_m).astype("int64")
    counts = pd.DataFrame({"easting": e, "northing": n}).value_counts().rename("searches").reset_index()
    counts = counts.sort_values(["northing", "easting"]).reset_index(drop=True)
    counts.insert(0, "cell_id", (counts["easting"].astype(str) + "_" + counts["northing"].astype(str))
                  .astype("string"))
    counts["searches"] = counts["searches"].astype("int64")
    return counts[cols]


def cell_polygons(cells: pd.DataFrame, cell_m: int = CELL_METRES) -> list[list[list[float]]]:
    """Each cell's square as a WGS84 ring [[lon, lat], ...] from the south-west corner, anticlockwise."""
    if cells.empty:
        return []
    _, to_wgs = _transformers()
    e = cells["easting"].to_numpy(dtype="float64")
    n = cells["northing"].to_numpy(dtype="float64")
    xs = np.stack([e, e + cell_m, e + cell_m, e], axis=1)
    ys = np.stack([n, n, n + cell_m, n + cell_m], axis=1)
    lon, lat = to_wgs.transform(xs.ravel(), ys.ravel())
    lon = np.round(np.asarray(lon).reshape(xs.shape), COORD_DECIMALS)
    lat = np.round(np.asarray(lat).reshape(ys.shape), COORD_DECIMALS)
    return [
        [[float(a), float(b)] for a, b in zip(lo, la, strict=True)] for lo, la in zip(lon, lat, strict=True)
    ]


def shown_cells(searches: pd.DataFrame, cell_m: int = CELL_METRES, threshold: int = THRESHOLD) -> pd.DataFrame:
    """The grid cells the public map may draw: cells with at least ``threshold`` (10) searches.

    Returns cell_id, easting, northing and searches (:func:`grid_counts`), busiest first (then by cell_id).
    Cells under the threshold are not returned at all (see :func:`bin_summary` for how many searches they hold).
    """
    cells = grid_counts(searches, cell_m)
    shown = cells[cells["searches"] >= threshold]
    return shown.sort_values(["searches", "cell_id"], ascending=[False, True]).reset_index(drop=True)


def map_cells(searches: pd.DataFrame, cell_m: int = CELL_METRES, threshold: int = THRESHOLD) -> pd.DataFrame:
    """:func:`shown_cells` as cell_id, searches and polygon (each square's WGS84 ring, :func:`cell_polygons`)."""
    shown = shown_cells(searches, cell_m, threshold)
    out = pd.DataFrame({
        "cell_id": shown["cell_id"].astype(str),
        "searches": shown["searches"].astype("int64"),
    })
    out["polygon"] = cell_polygons(shown, cell_m)
    return out


def unlocated_count(searches: pd.DataFrame) -> int:
    """Searches with no latitude/longitude (not on any map)."""
    return int((searches["latitude"].isna() | searches["longitude"].isna()).sum())


def bin_summary(searches: pd.DataFrame, cell_m: int = CELL_METRES, threshold: int = THRESHOLD) -> dict:
    """How the searches divide between the map and what it cannot show.

    Returns searches (all), located, unlocated, cells_shown, searches_in_cells_shown,
    cells_suppressed (cells with 1-9 searches, not drawn) and searches_in_cells_suppressed.
    """
    cells = grid_counts(searches, cell_m)
    small = cells["searches"] < threshold
    return {
        "searches": int(len(searches)),
        "located": int(len(searches) - unlocated_count(searches)),
        "unlocated": unlocated_count(searches),
        "cells_shown": int((~small).sum()),
        "searches_in_cells_shown": int(cells.loc[~small, "searches"].sum()),
        "cells_suppressed": int(small.sum()),
        "searches_in_cells_suppressed": int(cells.loc[small, "searches"].sum()),
        "cell_metres": cell_m,
    }
