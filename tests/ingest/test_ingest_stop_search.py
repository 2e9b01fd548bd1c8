"""police.uk stop-and-search and GOV.UK ethnicity-facts adapters: fixtures, bad input, real files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box, shape

from lib.errors import IngestError
from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.stop_search import (
    GovEthnicityFacts,
    PoliceUkStopSearch,
    assign_locations,
)
from lib.schema import conform
from tests.conftest import FIXTURES

FIX = FIXTURES / "stop_search"
BARNET, ENFIELD, CITY = "E09000003", "E09000010", "E09000001"


def squares() -> gpd.GeoDataFrame:
    """Three hand-made 'boroughs' side by side: Barnet | Enfield | City of London."""
    return gpd.GeoDataFrame(
        {"borough_code": [BARNET, ENFIELD, CITY], "borough_name": ["Barnet", "Enfield", "City of London"]},
        geometry=[box(-0.2, 51.45, -0.1, 51.6), box(-0.1, 51.45, 0.0, 51.6), box(0.0, 51.45, 0.1, 51.6)],
        crs="EPSG:4326",
    )


def read_police(paths: list[Path], boroughs=None) -> tuple[pd.DataFrame, IngestContext]:
    ctx = IngestContext(source_dir=FIX)
    ctx.tables["boroughs"] = squares() if boroughs is None else boroughs
    out = PoliceUkStopSearch().read(paths, ctx)["stop_search"]
    return out, ctx


def test_recognises_by_header_not_name(tmp_path):
    a = PoliceUkStopSearch()
    renamed = tmp_path / "anything.csv"
    shutil.copy(FIX / "police_uk_small.csv", renamed)
    assert a.recognises(renamed, sniff_head(renamed))
    assert not a.recognises(FIX / "gov_small.csv", sniff_head(FIX / "gov_small.csv"))
    g = GovEthnicityFacts()
    assert g.recognises(FIX / "gov_small.csv", sniff_head(FIX / "gov_small.csv"))
    assert not g.recognises(renamed, sniff_head(renamed))


def test_fixture_rows_months_and_locations():
    df, ctx = read_police([FIX / "police_uk_small.csv"])
    assert len(df) == 6  # nothing dropped
    # 23:30 UTC on 31 May is 00:30 BST on 1 June; 23:30 UTC on 30 June is July in London.
    assert df["month"].tolist() == ["2018-06"] * 5 + ["2018-07"]
    assert df["datetime"].iloc[0] == "2018-05-31T23:30:00+00:00"
    assert df["location_status"].tolist() == [
        "borough", "borough", "unlocated", "borough", "outside_mps", "borough",
    ]
    assert df["borough_code"].tolist()[:2] == [ENFIELD, BARNET]
    assert pd.isna(df["borough_code"].iloc[2]) and pd.isna(df["borough_code"].iloc[4])
    assert df["borough_name"].iloc[0] == "Enfield"
    assert pd.isna(df["officer_defined_ethnicity"].iloc[2])
    assert pd.isna(df["outcome_linked"].iloc[0])
    assert bool(df["outcome_linked"].iloc[1]) is True and bool(df["removal_outer_clothing"].iloc[4]) is True
    assert pd.isna(df["part_of_operation"].iloc[2])
    assert df["policing_operation"].iloc[4] == "Operation Test"
    assert df["latitude"].iloc[0] == pytest.approx(51.5)
    assert "stop_search" in ctx.notes and "1 unlocated" in ctx.notes["stop_search"]
    # conforms to its declared schema (nullable types kept)
    from lib.ingest.stop_search import STOP_SEARCH

    c = conform(df, STOP_SEARCH)
    assert str(c["outcome_linked"].dtype) == "boolean"
    assert str(c["latitude"].dtype) == "float64"


def test_checked_reader_gives_same_table_as_fast_reader():
    from lib.ingest.stop_search import _read_police_uk_file, _read_police_uk_file_checked

    fast = _read_police_uk_file(FIX / "police_uk_small.csv")
    slow = _read_police_uk_file_checked(FIX / "police_uk_small.csv")
    pd.testing.assert_frame_equal(fast, slow)


def test_point_on_shared_edge_counts_once_and_city_is_outside_mps():
    pts = pd.DataFrame({
        "latitude": [51.5, 51.5, 51.5, 51.5, None],
        "longitude": [-0.1, -0.1000001, -0.0999999, 0.05, None],
    })
    out = assign_locations(pts, squares())
    # exactly on the Barnet|Enfield edge: one borough only (the lower GSS code, lib.geography's rule)
    assert out["borough_code"].tolist()[:3] == [BARNET, BARNET, ENFIELD]
    assert out["location_status"].tolist() == ["borough", "borough", "borough", "outside_mps", "unlocated"]
    assert out["borough_code"].iloc[3] == CITY and out["borough_name"].iloc[3] == "City of London"


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def fixture_lines() -> list[str]:
    return (FIX / "police_uk_small.csv").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("row_index", "old", "new", "column", "message"),
    [
        (3, "Person search", "Bicycle search", "Type", "unknown search type"),
        (3, "2018-06-02T12:00:00+00:00", "yesterday", "Date", "not a date"),
        (3, "51.5,-0.15", "north,-0.15", "Latitude", "not a number"),
        (3, "51.5,-0.15", "51.5,", "Longitude", "both be given"),
        (3, "True,False", "Yes,False", "Outcome linked to object of search", "not True/False"),
    ],
)
def test_bad_values_name_file_row_and_column(tmp_path, row_index, old, new, column, message):
    lines = fixture_lines()
    assert old in lines[row_index - 1]
    lines[row_index - 1] = lines[row_index - 1].replace(old, new, 1)
    p = write(tmp_path, "bad.csv", "\n".join(lines) + "\n")
    with pytest.raises(IngestError) as e:
        read_police([p])
    assert e.value.row == row_index and e.value.column == column and message in e.value.message
    assert "bad.csv" in str(e.value)


def test_truncated_row_missing_column_empty_file_and_duplicate_month(tmp_path):
    lines = fixture_lines()
    truncated = write(tmp_path, "trunc.csv", "\n".join(lines[:4]) + "\n" + lines[4].rsplit(",", 3)[0] + "\n")
    with pytest.raises(IngestError) as e:
        read_police([truncated])
    assert e.value.row == 5 and "truncated" in e.value.message

    text = "\n".join([lines[0].replace("Latitude", "Lat")] + lines[1:]) + "\n"
    renamed = write(tmp_path, "renamed.csv", text)
    with pytest.raises(IngestError) as e:
        read_police([renamed])
    assert e.value.column == "Latitude" and e.value.row == 1

    with pytest.raises(IngestError, match="empty"):
        read_police([write(tmp_path, "empty.csv", "")])

    copy = tmp_path / "again.csv"
    shutil.copy(FIX / "police_uk_small.csv", copy)
    with pytest.raises(IngestError, match="duplicate month 2018-06"):
        read_police([FIX / "police_uk_small.csv", copy])


def test_wrong_encoding_is_named(tmp_path):
    data = (FIX / "police_uk_small.csv").read_bytes()
    data = data.replace(b"Male,18-24,White - Irish", b"Male,18-24,White \xe9")
    p = tmp_path / "latin1.csv"
    p.write_bytes(data)
    with pytest.raises(IngestError, match="encoding"):
        read_police([p])


def test_no_boundaries_means_no_borough_but_nothing_dropped():
    ctx = IngestContext(source_dir=FIX)
    df = PoliceUkStopSearch().read([FIX / "police_uk_small.csv"], ctx)["stop_search"]
    assert len(df) == 6
    assert set(df["location_status"]) == {"outside_mps", "unlocated"}
    assert any("no borough boundaries" in w for w in ctx.warnings)


def test_gov_file_numbers_with_separators_and_not_available():
    ctx = IngestContext(source_dir=FIX)
    t = GovEthnicityFacts().read([FIX / "gov_small.csv"], ctx)["stop_search_rates_gov"]
    assert len(t) == 8
    black = t[(t["ethnicity"] == "Black") & (t["financial_year"] == "2018/19")].iloc[0]
    assert black["searches"] == 55855 and black["population"] == 1088447
    assert black["rate_per_1000"] == pytest.approx(51.32) and black["share_pct"] == pytest.approx(37.3)
    white13 = t[(t["financial_year"] == "2013/14")].iloc[0]
    assert white13["searches"] == 133106 and white13["population"] == 4881636  # "133,106", "4,881,636"
    ew = t[t["geography"] == "All - excluding BTP"].iloc[0]
    assert ew["searches"] == 0 and pd.isna(ew["rate_per_1000"]) and pd.isna(ew["share_pct"])  # '-' and 'N/A'
    from lib.ingest.stop_search import STOP_SEARCH_RATES_GOV

    assert str(conform(t, STOP_SEARCH_RATES_GOV)["searches"].dtype) == "Int64"


def read_gov(tmp_path: Path, lines: list[str]) -> pd.DataFrame:
    path = write(tmp_path, "g.csv", "\n".join(lines) + "\n")
    return GovEthnicityFacts().read([path], IngestContext(source_dir=tmp_path))["stop_search_rates_gov"]


def test_gov_file_bad_number_and_year(tmp_path):
    lines = (FIX / "gov_small.csv").read_text(encoding="utf-8").splitlines()
    bad = list(lines)
    bad[2] = bad[2].replace('"26213"', '"lots"')
    with pytest.raises(IngestError) as e:
        read_gov(tmp_path, bad)
    assert e.value.row == 3 and e.value.column == "Number of stop and searches"
    bad = list(lines)
    bad[2] = bad[2].replace('"2018/19"', '"2018-19"')
    with pytest.raises(IngestError) as e:
        read_gov(tmp_path, bad)
    assert e.value.row == 3 and e.value.column == "Time"


# --- the real published files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_boroughs(shared_data):
    g = gpd.read_file(shared_data / "boundaries" / "london_boroughs_wgs84.geojson")
    return g.rename(columns={"GSS_CODE": "borough_code", "NAME": "borough_name"})[
        ["borough_code", "borough_name", "geometry"]
    ]


@pytest.fixture(scope="module")
def real_searches(shared_data, real_boroughs):
    paths = sorted((shared_data / "stop_search" / "police_uk").glob("*.csv"))
    df, ctx = read_police(paths, real_boroughs)
    return df, ctx


def test_real_files_all_rows_kept(real_searches):
    df, ctx = real_searches
    # Row counts of the 17 files as listed in SOURCES.md (16 from 2016-2019 and 2022-09).
    counts = df["month"].value_counts()
    assert len(df) == 217_964 and counts["2022-09"] == 12_447
    assert counts["2016-06"] == 10_490 and counts["2018-06"] == 10_581 and counts["2019-02"] == 18_402
    feb = df[df["month"] == "2018-02"]
    assert (feb["location_status"] == "unlocated").sum() == 10_237  # blank Latitude in the file
    assert any("2018-02" in w and "no location" in w for w in ctx.warnings)
    assert any("2016-06" in w and "same object of search" in w for w in ctx.warnings)


def test_real_enfield_june_2018_counted_by_hand(shared_data, real_searches):
    """Independent count: the raw CSV read with the csv module, each point tested with shapely
    against Enfield's polygon from the published GeoJSON."""
    df, _ = real_searches
    g = gpd.read_file(shared_data / "boundaries" / "london_boroughs_wgs84.geojson")
    enfield = shape(g[g["NAME"] == "Enfield"].geometry.iloc[0].__geo_interface__)
    path = shared_data / "stop_search" / "police_uk" / "2018-06-metropolitan-stop-and-search.csv"
    by_hand = 0
    with open(path, encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            if r["Latitude"] and enfield.covers(Point(float(r["Longitude"]), float(r["Latitude"]))):
                by_hand += 1
    ours = int(((df["month"] == "2018-06") & (df["borough_code"] == ENFIELD)).sum())
    assert by_hand > 200
    assert ours == by_hand


def test_real_gov_file(shared_data):
    path = shared_data / "stop_search" / "gov_ethnicity_facts_stop_search_by_pfa_2006-07_to_2019-20.csv"
    t = GovEthnicityFacts().read([path], IngestContext(source_dir=shared_data))["stop_search_rates_gov"]
    assert len(t) == 16_444
    met = t[(t["geography"] == "Metropolitan Police") & (t["ethnicity"] == "All")
            & (t["legislation_type"] == "All")].set_index("financial_year")
    assert met.loc["2006/07", "searches"] == 365_068
    assert met.loc["2006/07", "rate_per_1000"] == pytest.approx(44.7)
    assert met.loc["2019/20", "searches"] == 275_571


# ---------------------------------------------------------------- locations outside the United Kingdom (issue 22)


@pytest.mark.parametrize(
    ("new", "column"),
    [
        ("48.85,2.35", "Latitude"),  # Paris: latitude south of the UK box (and longitude east of it)
        ("51.5,2.35", "Longitude"),  # the latitude of London, the longitude of Paris
        ("-0.15,51.5", "Latitude"),  # latitude and longitude swapped
        ("0,0", "Latitude"),  # 'null island'
        ("91,-0.15", "Latitude"),  # not a latitude at all
        ("inf,-0.15", "Latitude"),
    ],
)
def test_a_location_outside_the_uk_names_file_row_and_column(tmp_path, new, column):
    lines = fixture_lines()
    lines[4] = lines[4].replace("51.5,-0.15", new, 1)  # line 5 of the file
    p = write(tmp_path, "abroad.csv", "\n".join(lines) + "\n")
    with pytest.raises(IngestError) as e:
        read_police([p])
    assert (e.value.row, e.value.column) == (5, column), str(e.value)
    assert "outside the United Kingdom" in e.value.message and "abroad.csv" in str(e.value)


def test_a_location_in_the_uk_beyond_london_is_kept_outside_with_a_warning(tmp_path):
    lines = fixture_lines()
    lines[4] = lines[4].replace("51.5,-0.15", "53.48,-2.24", 1)  # Manchester
    p = write(tmp_path, "travel.csv", "\n".join(lines) + "\n")
    df, ctx = read_police([p])
    assert len(df) == 6 and df["location_status"].iloc[3] == "outside_mps"  # rows sort by time: line 5 is 4th
    # line 5 (Manchester) and line 6 (51.5, 0.5: Essex, east of the London box) are beyond Greater London
    expected = ("stop_search: travel.csv: 2 search(es) located outside Greater London (first: row 5, 53.48, -2.24); "
                "kept and counted as located outside the 32 MPS boroughs")
    assert [w for w in ctx.warnings if "travel" in w] == [expected]


def test_a_refused_location_leaves_the_store_unchanged(tmp_path, capsys):
    from lib.cli import main
    from tests.helpers import store_hashes

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIX / "police_uk_small.csv", src / "2018-06-metropolitan-stop-and-search.csv")
    store = tmp_path / "stores" / "store"
    assert main(["ingest", str(src), "--store", str(store)]) == 0
    before = store_hashes(store)
    lines = fixture_lines()
    lines[4] = lines[4].replace("51.5,-0.15", "-0.15,51.5", 1)
    write(src, "2018-06-metropolitan-stop-and-search.csv", "\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["ingest", str(src), "--store", str(store)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "row 5, column 'Latitude'" in err[0] and "outside the United Kingdom" in err[0], err
    assert store_hashes(store) == before


def test_real_searches_beyond_london_are_kept_and_named(real_searches):
    """The published files locate two Met searches beyond Greater London (near Redditch in 2018-05, near
    Cambridge in 2018-09): both kept as located outside, one warning per file, none refused."""
    df, ctx = real_searches
    far = [w for w in ctx.warnings if "outside Greater London" in w]
    assert len(far) == 2 and all("1 search(es)" in w for w in far), far
    assert "2018-05" in far[0] and "52.303776" in far[0] and "2018-09" in far[1] and "52.104193" in far[1]
    assert ((df["latitude"] > 51.75) & (df["location_status"] == "outside_mps")).sum() == 2
