"""lib.demo.geo: the demonstration geography tables (real shapes and Census 2011 populations)."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import shape

from lib.demo import DemoContext
from lib.demo import geo as demo_geo
from lib.geography import assign_borough
from lib.ingest import census, geo
from lib.reference.boroughs import all_boroughs
from lib.schema import conform

SCHEMAS = {t.name: t for a in geo.ADAPTERS + census.ADAPTERS for t in a.tables}


@pytest.fixture(scope="module")
def tables():
    return demo_geo.generate(DemoContext(seed=20151001))


def test_same_tables_and_schemas_as_ingest(tables):
    assert set(tables) == set(SCHEMAS)
    for name, df in tables.items():
        conform(df, SCHEMAS[name])  # raises on a missing column or missing value


def test_deterministic(tables):
    again = demo_geo.generate(DemoContext(seed=20151001))
    for name in tables:
        assert tables[name].equals(again[name]), name
    other = demo_geo.generate(DemoContext(seed=1))
    assert not other["population_ethnicity"].equals(tables["population_ethnicity"])


def test_real_shapes_put_known_points_in_the_right_borough(tables):
    b = tables["boroughs"]
    assert b["borough_code"].tolist() == [x.code for x in all_boroughs()]
    pts = pd.DataFrame({"latitude": [51.5080, 51.6523, 51.37, 50.82], "longitude": [-0.1281, -0.0807, -0.10, -0.14]})
    assert assign_borough(pts, b).tolist()[:3] == ["E09000033", "E09000010", "E09000008"]  # + Croydon
    assert pd.isna(assign_borough(pts, b).iloc[3])


def test_real_census_2011_populations(tables):
    pop = tables["population"].set_index(["borough_code", "year"])
    assert pop.loc[("E09000010", 2011), "population"] == 312_466  # Enfield, Census 2011
    assert pop.xs(2011, level="year")["population"].sum() == 8_173_941  # London, Census 2011
    eth = tables["population_ethnicity"]
    sums = eth.groupby(["borough_code", "scheme"])["population"].sum().unstack()
    assert (sums["search4"] == sums["census5"]).all()
    assert sums.loc["E09000010", "search4"] == 312_466


def test_wards_and_size(tables):
    w = tables["wards"]
    per = w.groupby("borough_code").size()
    assert per.drop("E09000001").between(15, 25).all() and len(per) == 33
    assert w["ward_code"].is_unique and w.is_valid.all()
    assert w.iloc[0]["ward_name"] == "City of London ward 01"
    # wards tile their borough (area within 0.5%)
    ward_area = w.to_crs(27700).groupby("borough_code").geometry.apply(lambda s: s.area.sum())
    borough_area = tables["boroughs"].set_index("borough_code").to_crs(27700).area
    assert (abs(ward_area / borough_area - 1) < 0.005).all()
    size = 0
    for name in ("boroughs", "boroughs_detailed", "wards"):
        buf = io.BytesIO()
        tables[name].to_parquet(buf)
        size += len(buf.getvalue())
    assert size < 300_000


def test_features_cover_every_area(tables):
    bf = tables["borough_features"]
    assert bf.groupby("feature")["borough_code"].nunique().min() >= 32
    wf = tables["ward_features"]
    assert wf.groupby("feature")["ward_code"].nunique().eq(len(tables["wards"])).all()


def test_decode_topojson_by_hand():
    topo = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {
            "o": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0, 1]], "id": "sq"}]}
        },
    }
    [(name, poly)] = demo_geo.decode_topojson(topo, "o")
    assert name == "sq" and poly.area == 4 and poly.bounds == (10, 20, 12, 22)
    reversed_topo = json.loads(json.dumps(topo))
    reversed_topo["objects"]["o"]["geometries"][0]["arcs"] = [[~1, ~0]]
    assert demo_geo.decode_topojson(reversed_topo, "o")[0][1].area == 4


def test_vendored_shapes_are_small_and_complete():
    doc = json.loads(demo_geo.SHAPES.read_text(encoding="utf-8"))
    assert len(doc["features"]) == 33
    assert demo_geo.SHAPES.stat().st_size < 60_000
    enfield = next(f for f in doc["features"] if f["properties"]["code"] == "E09000010")
    area_ha = gpd.GeoSeries([shape(enfield["geometry"])], crs=4326).to_crs(27700).area.iloc[0] / 10_000
    assert area_ha == pytest.approx(8_220, rel=0.08)  # Enfield is about 8,220 hectares
