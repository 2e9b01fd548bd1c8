"""lib.geography: point-in-polygon borough assignment, pydeck polygon records, web simplification."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from lib.geography import assign_borough, polygon_records, simplify_for_web


def squares() -> gpd.GeoDataFrame:
    """Two unit squares sharing the edge x=1: A (code E09000002) left, B (E09000003) right."""
    return gpd.GeoDataFrame(
        {"borough_code": ["E09000003", "E09000002"], "name": ["B", "A"]},
        geometry=[box(1, 0, 2, 1), box(0, 0, 1, 1)],
        crs="EPSG:4326",
    )


def test_assign_inside_outside_and_missing():
    pts = pd.DataFrame(
        {"latitude": [0.5, 0.5, 5.0, None, np.nan, 0.5], "longitude": [0.5, 1.5, 5.0, 0.5, 1.0, "x"]},
        index=[10, 11, 12, 13, 14, 15],
    )
    got = assign_borough(pts, squares())
    assert list(got.index) == [10, 11, 12, 13, 14, 15]
    assert got.loc[10] == "E09000002"
    assert got.loc[11] == "E09000003"
    assert got.iloc[2:].isna().all()  # outside, missing lat, missing lon, non-numeric lon
    assert str(got.dtype) == "string"


def test_point_on_shared_edge_goes_to_lowest_code():
    pts = pd.DataFrame({"latitude": [0.5, 1.0, 0.0], "longitude": [1.0, 1.0, 0.5]})
    got = assign_borough(pts, squares())
    # on the shared edge x=1 and on the shared corner (1, 1): the lower code E09000002 wins
    assert got.tolist() == ["E09000002", "E09000002", "E09000002"]


def test_assign_custom_columns_and_projected_polygons():
    bng = gpd.GeoDataFrame(
        {"borough_code": ["E09000033"]},
        geometry=[box(529000, 180000, 531000, 181000)],  # around Trafalgar Square, British National Grid
        crs="EPSG:27700",
    )
    pts = pd.DataFrame({"lat": [51.5080, 51.60], "lng": [-0.1281, -0.1281]})
    got = assign_borough(pts, bng, lat="lat", lon="lng")
    assert got.tolist()[0] == "E09000033"
    assert pd.isna(got.iloc[1])


def test_assign_empty_inputs():
    assert assign_borough(pd.DataFrame({"latitude": [], "longitude": []}), squares()).empty


def test_polygon_records_explodes_rounds_and_keeps_columns():
    multi = MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)])
    holed = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], holes=[[(1, 1), (2, 1), (2, 2), (1, 2)]])
    tri = Polygon([(0.123456789, 51.987654321), (1, 51), (1, 52)])
    gdf = gpd.GeoDataFrame(
        {"code": ["M", "H", "T", "E"], "value": [np.int64(3), 1.5, np.nan, 0]},
        geometry=[multi, holed, tri, None],
        crs="EPSG:4326",
    )
    recs = polygon_records(gdf, ["code", "value"])
    assert [r["code"] for r in recs] == ["M", "M", "H", "T"]  # multipolygon exploded, empty skipped
    assert sorted(map(tuple, recs[0]["polygon"][:-1])) == [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    assert sorted(map(tuple, recs[1]["polygon"][:-1])) == [(2.0, 2.0), (2.0, 3.0), (3.0, 2.0), (3.0, 3.0)]
    assert len(recs[2]["polygon"]) == 5 and max(max(pt) for pt in recs[2]["polygon"]) == 4.0  # exterior only
    assert recs[3]["polygon"][0] == [0.12346, 51.98765]
    assert recs[0]["value"] == 3.0 and type(recs[0]["value"]) is float  # numpy scalar unwrapped
    assert recs[3]["value"] is None
    assert set(recs[0]) == {"polygon", "code", "value"}
    with pytest.raises(KeyError):
        polygon_records(gdf, ["nope"])


def test_polygon_records_reprojects_to_wgs84():
    gdf = gpd.GeoDataFrame({"c": ["x"]}, geometry=[box(529000, 180000, 531000, 181000)], crs="EPSG:27700")
    ring = polygon_records(gdf, ["c"])[0]["polygon"]
    lons, lats = zip(*ring, strict=True)
    assert -0.15 < min(lons) < max(lons) < -0.09 and 51.50 < min(lats) < max(lats) < 51.52


def test_simplify_for_web_keeps_shared_edges():
    # two neighbours sharing a wiggly edge: after simplification they still share it (no gap/overlap)
    wiggle = [(529000 + i * 10, 180000 + (3 if i % 2 else 0)) for i in range(101)]
    south = Polygon([(529000, 179000), (530000, 179000), *wiggle[::-1]])
    north = Polygon([*wiggle, (530000, 181000), (529000, 181000)])
    gdf = gpd.GeoDataFrame({"k": ["S", "N"]}, geometry=[south, north], crs="EPSG:27700")
    out = simplify_for_web(gdf, 25)
    assert out.crs.to_epsg() == 4326
    assert out.is_valid.all()
    assert (
        shapely.get_num_coordinates(out.geometry.values).sum() < shapely.get_num_coordinates(gdf.geometry.values).sum()
    )
    back = out.to_crs(27700)
    overlap = back.geometry.iloc[0].intersection(back.geometry.iloc[1]).area
    union = shapely.union_all(back.geometry.values).area
    assert overlap < 1.0  # square metres
    assert abs(union - (1000 * 2000)) < 1000 * 2000 * 0.001


# ---- real boundaries -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_boroughs(shared_data):
    from lib.ingest.geo import boroughs_from_file

    path = shared_data / "boundaries" / "london_boroughs_wgs84.geojson"
    return boroughs_from_file(gpd.read_file(path), path)


def test_real_points(real_boroughs):
    pts = pd.DataFrame(
        {
            "latitude": [51.5080, 51.6523, 51.5155, 50.8225, 51.4700, 51.5033],
            "longitude": [-0.1281, -0.0807, -0.0922, -0.1372, -0.4543, -0.1195],
        },
        index=["trafalgar", "enfield_town", "guildhall", "brighton", "heathrow", "thames_by_london_eye"],
    )
    got = assign_borough(pts, real_boroughs)
    assert got["trafalgar"] == "E09000033"  # Westminster
    assert got["enfield_town"] == "E09000010"  # Enfield
    assert got["guildhall"] == "E09000001"  # City of London
    assert got["heathrow"] == "E09000017"  # Hillingdon
    assert pd.isna(got["brighton"])
    assert pd.isna(got["thames_by_london_eye"])  # boundaries stop at mean high water


def test_real_shared_boundary_vertex_goes_to_lower_code(real_boroughs):
    westminster = real_boroughs.set_index("borough_code").geometry["E09000033"]
    camden = real_boroughs.set_index("borough_code").geometry["E09000007"]
    shared = westminster.boundary.intersection(camden.boundary)
    coords = shapely.get_coordinates(shared)
    assert len(coords) > 10
    x, y = coords[len(coords) // 2]
    got = assign_borough(pd.DataFrame({"latitude": [y], "longitude": [x]}), real_boroughs)
    assert got.iloc[0] == "E09000007"  # Camden's code is lower than Westminster's
    # a few metres either side of the edge, each borough gets its own points
    inside_w = westminster.representative_point()
    inside_c = camden.representative_point()
    got2 = assign_borough(
        pd.DataFrame({"latitude": [inside_w.y, inside_c.y], "longitude": [inside_w.x, inside_c.x]}), real_boroughs
    )
    assert got2.tolist() == ["E09000033", "E09000007"]
