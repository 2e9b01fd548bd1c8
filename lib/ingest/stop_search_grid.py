"""The stop-and-search map's grid, worked out once at ingest so the app imports no pyproj, shapely or geopandas.

Two tables, made by the functions the map used to call in the app (one path per figure):

- ``stop_search_locations``: every distinct point of the located searches with its British National Grid
  easting and northing (:func:`lib.metrics.spatial_bins.grid_locations`). The app puts each search on the grid by
  looking its latitude and longitude up in it (:func:`lib.metrics.spatial_bins.place_on_grid`), then counts
  searches per square with :func:`lib.metrics.spatial_bins.grid_counts` as before.
- ``stop_search_squares``: every 500 m square that holds at least one located search (the map of any area and
  period draws a subset of them), keyed by its size and id, with its name in words
  (:func:`lib.metrics.grid_places.square_places`: "Borough, near Ward" from the ward boundaries; missing without
  them) and its corners in WGS84 as pydeck draws them (:func:`lib.metrics.spatial_bins.cell_polygons`: from the
  south-west corner, anticlockwise, rounded to :data:`lib.metrics.spatial_bins.COORD_DECIMALS` decimals).

Both are made from the tables as the store holds them (conformed to their schemas), so a lookup in the app finds
exactly the stored searches' points.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from lib.metrics import spatial_bins as sb
from lib.schema import Column, TableSchema

LOCATIONS_TABLE = "stop_search_locations"
SQUARES_TABLE = "stop_search_squares"
CORNERS = ("sw", "se", "ne", "nw")  # the order of lib.metrics.spatial_bins.cell_polygons' ring
CORNER_COLUMNS = tuple(f"{axis}_{corner}" for corner in CORNERS for axis in ("lon", "lat"))

STOP_SEARCH_LOCATIONS = TableSchema(
    name=LOCATIONS_TABLE,
    description=("Derived at ingest: each distinct point of the located searches in stop_search with its British "
                 "National Grid easting and northing (EPSG:27700); the app looks each search's point up in it"),
    source="lib.metrics.spatial_bins.grid_locations over stop_search",
    columns=(
        Column("latitude", "float", "Latitude (WGS84) as in stop_search"),
        Column("longitude", "float", "Longitude (WGS84) as in stop_search"),
        Column(sb.GRID_COLUMNS[0], "float", "British National Grid easting of the point, metres"),
        Column(sb.GRID_COLUMNS[1], "float", "British National Grid northing of the point, metres"),
    ),
)
STOP_SEARCH_SQUARES = TableSchema(
    name=SQUARES_TABLE,
    description=("Derived at ingest: every British National Grid square holding at least one located search in "
                 "stop_search, with its name in words and its corners in WGS84 for the map"),
    source="lib.metrics.spatial_bins.grid_counts and cell_polygons, lib.metrics.grid_places.square_places over "
           "stop_search and wards",
    columns=(
        Column("cell_metres", "int", "Key: the side of the square, metres"),
        Column("cell_id", "str", "Key: 'E_N', the south-west corner's easting and northing in metres"),
        Column("easting", "int", "Easting of the south-west corner, metres"),
        Column("northing", "int", "Northing of the south-west corner, metres"),
        Column("place", "str", "The square's name: 'Borough, near Ward' (the ward holding its centre, else the "
               "nearest); missing without ward boundaries", nullable=True),
        *(Column(c, "float", f"{'Longitude' if c.startswith('lon') else 'Latitude'} of the square's "
                 f"{c.split('_')[1].upper()} corner, WGS84, {sb.COORD_DECIMALS} decimals") for c in CORNER_COLUMNS),
    ),
)
TABLES = (STOP_SEARCH_LOCATIONS, STOP_SEARCH_SQUARES)


def squares_table(searches: pd.DataFrame, wards, cell_m: int = sb.CELL_METRES) -> pd.DataFrame:
    """The ``stop_search_squares`` rows of ``searches`` (module docstring); ``wards`` the ward boundaries, or None."""
    from lib.metrics.grid_places import square_places

    cells = sb.grid_counts(searches, cell_m)
    rings = sb.cell_polygons(cells, cell_m)
    out = pd.DataFrame({"cell_metres": cell_m, "cell_id": cells["cell_id"].astype(str),
                        "easting": cells["easting"], "northing": cells["northing"]})
    out["place"] = square_places(cells["cell_id"], wards, cell_m).to_numpy()
    for i, corner in enumerate(CORNERS):
        out[f"lon_{corner}"] = [r[i][0] for r in rings]
        out[f"lat_{corner}"] = [r[i][1] for r in rings]
    return out


def stop_search_grid_tables(stored: Callable[[str], pd.DataFrame | None]) -> dict[str, pd.DataFrame]:
    """The two tables (module docstring) from ``stored`` (a reader of the tables as the store will hold them),
    when it has searches; else none."""
    searches = stored("stop_search")
    if searches is None or not len(searches):
        return {}
    wards = stored("wards")
    locations = sb.grid_locations(searches)
    placed = sb.place_on_grid(searches, locations)  # as the app places them
    return {LOCATIONS_TABLE: locations,
            SQUARES_TABLE: squares_table(placed, wards if wards is not None and len(wards) else None)}
