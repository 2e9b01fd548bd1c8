"""The stop-and-search map's grid made at ingest (lib.ingest.stop_search_grid): a hand-made point with a known
square, and the real store's stored squares against the metric functions run afresh."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import Point, Polygon, box

from lib.ingest.stop_search_grid import CORNERS, stop_search_grid_tables
from lib.metrics import spatial_bins as sb
from lib.metrics.grid_places import prepare_wards, square_places
from lib.reference.boroughs import find_borough
from lib.store import Store

TO_WGS = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
# A month of each year the Met's records cover (2019 and 2022 each hold one or two months).
SAMPLE_MONTHS = ("2016-06", "2017-12", "2018-06", "2019-01", "2022-09")


def _ring(row) -> list[list[float]]:
    return [[row[f"lon_{c}"], row[f"lat_{c}"]] for c in CORNERS]


def test_a_point_by_hand_lies_in_its_square() -> None:
    """A search at easting 533,900, northing 185,100 (Dalston; its latitude and longitude project back to within a
    millimetre) is in the 500 m square whose south-west corner is (floor(533900 / 500) x 500, floor(185100 / 500)
    x 500) = (533500, 185000); the square's stored corners are that corner and the three others re-projected to
    WGS84 (5 decimals), and the search's own latitude and longitude lie inside them. The ward holding the
    square's centre (533750, 185250) names it."""
    lon, lat = TO_WGS.transform(533_900, 185_100)
    searches = pd.DataFrame({"latitude": [lat, None], "longitude": [lon, None]})
    wards = gpd.GeoDataFrame({"ward_name": ["Dalston"], "borough_name": ["Hackney"]},
                             geometry=[box(533_000, 184_000, 535_000, 186_000)], crs="EPSG:27700")
    tables = stop_search_grid_tables({"stop_search": searches, "wards": wards}.get)
    loc = tables["stop_search_locations"]
    assert len(loc) == 1 and (round(loc["grid_easting"].iloc[0], 1), round(loc["grid_northing"].iloc[0], 1)) == (
        533_900, 185_100)
    sq = tables["stop_search_squares"]
    assert sq[["cell_metres", "cell_id", "easting", "northing", "place"]].to_dict("records") == [
        {"cell_metres": 500, "cell_id": "533500_185000", "easting": 533_500, "northing": 185_000,
         "place": "Hackney, near Dalston"}]
    row = sq.iloc[0]
    for corner, (e, n) in zip(CORNERS, [(533_500, 185_000), (534_000, 185_000), (534_000, 185_500),
                                        (533_500, 185_500)], strict=True):
        x, y = TO_WGS.transform(e, n)
        assert (row[f"lon_{corner}"], row[f"lat_{corner}"]) == (round(x, 5), round(y, 5))
    assert Polygon(_ring(row)).contains(Point(lon, lat))


def test_no_searches_no_grid_tables() -> None:
    assert stop_search_grid_tables({}.get) == {}
    assert stop_search_grid_tables({"stop_search": pd.DataFrame({"latitude": [], "longitude": []})}.get) == {}


@pytest.mark.parametrize("borough", ["Enfield", "Westminster"])
def test_stored_squares_are_what_the_metric_functions_give(real_store: Path, borough: str) -> None:
    """For a month of each year: the borough's searches projected afresh (``with_grid``, pyproj) fall in the
    squares the stored locations put them in, and each square's stored corners and name equal ``cell_polygons``
    and ``square_places`` over the store's ward boundaries, run now."""
    store = Store(real_store)
    searches = store.table("stop_search")
    placed = sb.place_on_grid(searches, store.table("stop_search_locations"))
    squares = store.table("stop_search_squares").set_index("cell_id")
    wards = prepare_wards(store.table("wards"))
    code = find_borough(borough).code
    for month in SAMPLE_MONTHS:
        rows = (searches["month"] == month) & (searches["borough_code"] == code)
        fresh = sb.grid_counts(sb.with_grid(searches[rows]))
        assert len(fresh) >= 50, (month, len(fresh))  # squares enough for the comparison to mean something
        pd.testing.assert_frame_equal(sb.grid_counts(placed[rows]), fresh)
        stored = squares.loc[fresh["cell_id"]]
        assert stored["easting"].tolist() == fresh["easting"].tolist()
        assert [_ring(r) for _, r in stored.iterrows()] == sb.cell_polygons(fresh), month
        names = square_places(fresh["cell_id"], wards)
        assert stored["place"].tolist() == names.tolist(), month
        assert names.str.startswith(f"{borough}, near ").mean() > 0.9  # the borough's own squares, in words


def test_every_located_search_has_a_stored_square(real_store: Path) -> None:
    """The squares table holds every square with a search (so any area and period's map finds its squares), and
    only those: the squares of all the store's searches projected afresh."""
    store = Store(real_store)
    fresh = sb.grid_counts(sb.with_grid(store.table("stop_search")))
    stored = store.table("stop_search_squares")
    assert sorted(stored["cell_id"].astype(str)) == sorted(fresh["cell_id"].astype(str))
    assert len(stored) > 4000 and stored["place"].notna().all()
