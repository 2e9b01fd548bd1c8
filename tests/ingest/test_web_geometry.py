"""Screen-ready geometry made at ingest (lib.ingest.web_geometry): hand-made coverages with known answers."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon

from lib.geography import (
    BNG,
    LONDON_TOLERANCE_M,
    LONDON_VIEW,
    OUTLINES_LONDON,
    WARD_TOLERANCE_M,
    WEB_DECIMALS,
    metres_per_pixel,
)
from lib.ingest.web_geometry import outline_table, polygon_table, web_geometry_tables

X0, Y0 = 530_000, 180_000  # central London on the British National Grid
KM = 1_000


def _squares() -> gpd.GeoDataFrame:
    """Two 1 km squares side by side (A west, B east) sharing one edge; A's south edge has a 2 m kink in its
    middle (a 1,000 m² triangle, under every tolerance squared: Visvalingam–Whyatt), which simplification
    must remove."""
    a = Polygon([(X0, Y0), (X0 + KM / 2, Y0 - 2), (X0 + KM, Y0), (X0 + KM, Y0 + KM), (X0, Y0 + KM)])
    b = Polygon([(X0 + KM, Y0), (X0 + 2 * KM, Y0), (X0 + 2 * KM, Y0 + KM), (X0 + KM, Y0 + KM)])
    return gpd.GeoDataFrame({"borough_code": ["A", "B"], "borough_name": ["West", "East"]},
                            geometry=[a, b], crs=BNG).to_crs("EPSG:4326")


def _segments(frame: pd.DataFrame) -> list[tuple]:
    """Every segment of every path of a vertex table, its ends in either order made one."""
    out = []
    for _, p in frame.groupby("part", sort=True):
        pts = list(zip(p["lon"], p["lat"], strict=True))
        out += [tuple(sorted((pts[i], pts[i + 1]))) for i in range(len(pts) - 1)]
    return out


def test_polygons_are_simplified_closed_rings_of_rounded_vertices_in_order():
    table = polygon_table(_squares(), "boroughs")
    assert list(table.columns) == ["borough_code", "borough_name", "part", "vertex", "lon", "lat"]
    assert table.groupby("part")["borough_code"].first().tolist() == ["A", "B"]
    for _, ring in table.groupby("part"):
        assert ring["vertex"].tolist() == list(range(len(ring)))
        assert len(ring) == 5  # the kink is gone: four corners and the closing vertex
        assert (ring["lon"].iloc[0], ring["lat"].iloc[0]) == (ring["lon"].iloc[-1], ring["lat"].iloc[-1])
    assert (table[["lon", "lat"]].round(WEB_DECIMALS) == table[["lon", "lat"]]).all().all()


def test_outlines_draw_each_shared_edge_once_for_london_and_each_borough_alone():
    table = outline_table(_squares())
    assert set(map(tuple, table[["scope", "tolerance_m"]].drop_duplicates().to_numpy().tolist())) == {
        (OUTLINES_LONDON, LONDON_TOLERANCE_M), (OUTLINES_LONDON, WARD_TOLERANCE_M),
        ("A", WARD_TOLERANCE_M), ("B", WARD_TOLERANCE_M)}
    london = _segments(table[(table["scope"] == OUTLINES_LONDON) & (table["tolerance_m"] == LONDON_TOLERANCE_M)])
    # a 2 km by 1 km rectangle has 6 unit edges (the shared edge's ends split the long sides), plus the shared edge
    assert len(london) == 7 and len(set(london)) == 7
    west = _segments(table[table["scope"] == "A"])
    assert len(west) == 4 and set(west) < set(london)


def test_tables_are_made_only_from_the_geometry_present():
    assert set(web_geometry_tables({"boroughs": _squares()})) == {"web_boroughs", "web_outlines"}
    assert web_geometry_tables({}) == {}


def test_the_london_tolerance_is_about_one_pixel_of_the_london_view():
    pixel = metres_per_pixel(LONDON_VIEW["latitude"], LONDON_VIEW["zoom"])
    # 40,075 km · cos(51.49°) / (512 · 2^8.15) = 171.5 m (deck.gl's 512 px world at zoom 0)
    assert pixel == pytest.approx(171.5, abs=0.5)
    assert pixel - 1 < LONDON_TOLERANCE_M <= pixel
