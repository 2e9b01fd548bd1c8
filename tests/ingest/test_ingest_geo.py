"""lib.ingest.geo: borough boundaries and wards dissolved from LSOA 2021 polygons."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from lib.errors import IngestError
from lib.geography import assign_borough
from lib.ingest import geo
from lib.ingest.base import IngestContext, sniff_head
from lib.reference.boroughs import all_boroughs
from lib.schema import conform


@cache
def real_geo_tables(shared_data: Path) -> dict[str, pd.DataFrame]:
    """Run the geo adapters on ../shared/data once (shared with test_ingest_census)."""
    ctx = IngestContext(source_dir=shared_data)
    files = sorted(p for p in (shared_data / "boundaries").rglob("*") if p.is_file())
    files += sorted((shared_data / "lookups").glob("*.csv"))
    for a in geo.ADAPTERS:
        mine = [p for p in files if a.recognises(p, sniff_head(p))]
        assert mine, f"{a.name} recognised no file"
        ctx.tables.update(a.read(mine, ctx))
    ctx.tables["_warnings"] = pd.DataFrame({"warning": ctx.warnings})
    return ctx.tables


@pytest.fixture(scope="module")
def tables(shared_data):
    return real_geo_tables(shared_data)


def test_real_boroughs(tables):
    b = conform(tables["boroughs"], geo.BOROUGHS)
    assert len(b) == 33
    assert b["borough_code"].tolist() == [x.code for x in all_boroughs()]
    city = b.set_index("borough_code").loc["E09000001"]
    assert city["borough_name"] == "City of London" and not city["policed_by_mps"] and city["inner"]
    assert b["policed_by_mps"].sum() == 32
    assert b.crs.to_epsg() == 4326 and b.is_valid.all()
    enfield = b.set_index("borough_code").loc["E09000010"]
    assert enfield["area_hectares"] == pytest.approx(8220.0, abs=5)  # GLA HECTARES for Enfield
    buf = io.BytesIO()
    b.to_parquet(buf)
    assert len(buf.getvalue()) < 300_000  # small enough for the browser


def test_real_boroughs_detailed_is_unsimplified(tables):
    d = conform(tables["boroughs_detailed"], geo.BOROUGHS_DETAILED)
    b = tables["boroughs"]
    import shapely

    assert (
        shapely.get_num_coordinates(d.geometry.values).sum() > 3 * shapely.get_num_coordinates(b.geometry.values).sum()
    )
    # the two versions agree on area to within 0.5% per borough
    ratio = b.to_crs(27700).area.to_numpy() / d.to_crs(27700).area.to_numpy()
    assert abs(ratio - 1).max() < 0.005


def test_real_wards_cover_the_ward_crime_file(tables, shared_data):
    w = conform(tables["wards"], geo.WARDS)
    assert 670 <= len(w) <= 690
    assert w["ward_code"].is_unique and w.is_valid.all() and w.crs.to_epsg() == 4326
    assert set(w["borough_code"]) == {b.code for b in all_boroughs()}
    codes = set()
    for f in (shared_data / "crime" / "ward").glob("*.csv"):
        codes |= set(pd.read_csv(f, usecols=["WardCode"])["WardCode"])
    assert len(codes) > 600
    assert codes <= set(w["ward_code"])  # every ward in the crime file has a shape
    # the approximate wards tile their borough: ward areas add up to the borough area within 1%
    enfield_w = w[w["borough_code"] == "E09000010"].to_crs(27700).area.sum()
    enfield_b = tables["boroughs_detailed"].set_index("borough_code").to_crs(27700).area["E09000010"]
    assert enfield_w == pytest.approx(enfield_b, rel=0.01)


def test_real_point_in_ward(tables):
    w = tables["wards"]
    pts = pd.DataFrame({"latitude": [51.6523], "longitude": [-0.0807]})  # Enfield Town
    got = assign_borough(pts, w.rename(columns={"ward_code": "code"}), code="code")
    assert w.set_index("ward_code").loc[got.iloc[0], "borough_code"] == "E09000010"
    assert w.set_index("ward_code").loc[got.iloc[0], "ward_name"] == "Town"


# ---- hand-made inputs ------------------------------------------------------------------------------


def _borough_gdf(codes: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"GSS_CODE": codes, "HECTARES": [100.0] * len(codes)},
        geometry=[box(i * 0.01, 51.5, i * 0.01 + 0.01, 51.51) for i in range(len(codes))],
        crs="EPSG:4326",
    )


def test_boroughs_from_file_validates():
    codes = [b.code for b in all_boroughs()]
    ok = geo.boroughs_from_file(_borough_gdf(codes[::-1]), "x.geojson")
    assert ok["borough_code"].tolist() == codes  # sorted by code
    assert ok["borough_name"].iloc[-1] == "Westminster"
    with pytest.raises(IngestError, match=r"lacks boroughs \['E09000033'\]"):
        geo.boroughs_from_file(_borough_gdf(codes[:-1]), "x.geojson")
    with pytest.raises(IngestError, match="appears twice"):
        geo.boroughs_from_file(_borough_gdf([*codes, "E09000010"]), "x.geojson")
    with pytest.raises(IngestError, match="not a London borough"):
        geo.boroughs_from_file(_borough_gdf([*codes[:-1], "E06000001"]), "x.geojson")
    no_code = _borough_gdf(codes).rename(columns={"GSS_CODE": "ZZZ"})
    with pytest.raises(IngestError) as e:
        geo.boroughs_from_file(no_code, "x.geojson")
    assert e.value.column == "GSS_CODE"


def test_dissolve_wards_from_squares():
    lsoas = gpd.GeoDataFrame(
        {"lsoa21cd": ["L1", "L2", "L3", "L4"]},
        geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100), box(300, 0, 400, 100)],
        crs="EPSG:27700",
    )
    lookup = pd.DataFrame(
        {
            "lsoa21cd": ["L1", "L2", "L3"],
            "ward_code": ["W1", "W1", "W2"],
            "ward_name": ["One", "One", "Two"],
            "borough_code": ["E09000010"] * 3,
            "borough_name": ["Enfield"] * 3,
        }
    )
    ctx = IngestContext(source_dir=Path("."))
    w = geo.dissolve_wards(lsoas, lookup, ctx)
    assert w["ward_code"].tolist() == ["W1", "W2"]
    assert w["lsoa_count"].tolist() == [2, 1]
    assert w.geometry.iloc[0].geom_type == "Polygon"  # the two squares merged into one
    assert w["area_hectares"].tolist() == pytest.approx([2.0, 1.0])
    assert any("L4" in m for m in ctx.warnings)  # polygon with no ward in the lookup is reported


def test_ward_shapes_need_the_lookup(tmp_path):
    ctx = IngestContext(source_dir=tmp_path)
    with pytest.raises(IngestError, match="best-fit lookup"):
        geo.LsoaShapes2021().read([tmp_path / "lsoa.zip"], ctx)


def test_ward_lookup_bad_input(tmp_path):
    p = tmp_path / "lookup.csv"
    p.write_text("LSOA21CD,WD25CD,WD25NM\nE01000001,E05009288,Aldersgate\n", encoding="utf-8")
    assert geo.WardLookup().recognises(p, sniff_head(p))
    with pytest.raises(IngestError) as e:
        geo.WardLookup().read([p], IngestContext(source_dir=tmp_path))
    assert e.value.column == "LAD25CD" and e.value.file == p
