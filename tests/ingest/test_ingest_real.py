"""The whole of ../shared/data ingested into a store, checked against published figures."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from lib.cli import main
from lib.store import Store

EXPECTED_TABLES = {
    "boroughs", "wards", "population", "population_ethnicity", "borough_features", "ward_features",
    "crime_borough", "crime_ward", "crime_other_areas", "crime_releases", "crime_special",
    "pas_borough", "pas_neighbourhood", "pas_neighbourhood_ethnicity",
    "stop_search", "stop_search_rates_gov",
}


def test_every_table_is_written_with_its_sources(real_store: Path):
    store = Store(real_store)
    assert set(store.manifest["tables"]) >= EXPECTED_TABLES
    assert store.manifest["kind"] == "official"
    paths = {s["path"] for s in store.manifest["sources"]}
    assert "crime/borough/mps_borough_crime_historic_oldcategories_2008-01_to_2016-12.csv" in paths
    assert len([p for p in paths if p.startswith("stop_search/police_uk/")]) == 17
    assert all(len(s["sha256"]) == 64 for s in store.manifest["sources"])


def test_enfield_burglary_as_published_in_2015(real_store: Path):
    """Enfield SNB pack, Figure 1: Burglary (Total) 3,210 (Oct 2013-Sep 2014) and 2,830 (Oct 2014-Sep 2015)."""
    crime = Store(real_store).table("crime_borough")
    pinned = crime[(crime["release"] == "2016-12") & (crime["borough_name"] == "Enfield")
                   & (crime["major"] == "Burglary")]
    assert pinned[pinned["month"].between("2013-10", "2014-09")]["count"].sum() == 3210
    assert pinned[pinned["month"].between("2014-10", "2015-09")]["count"].sum() == 2830


def test_city_of_london_in_boundaries_not_in_crime(real_store: Path):
    store = Store(real_store)
    assert "E09000001" in set(store.table("boroughs")["borough_code"])
    assert "E09000001" not in set(store.table("crime_borough")["borough_code"])
    other = store.table("crime_other_areas")
    assert {"London Heathrow and London City Airports", "Unknown"} <= set(other["area_name"])


def _parquet_hashes(store: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in store.iterdir() if p.suffix == ".parquet"}


def test_command_line_ingest_reports_and_is_repeatable(shared_data: Path, tmp_path: Path, capsys):
    """The command writes a store and prints its report; run again over that store, it writes the same
    tables. On the borough crime, other crime and survey folders (the releases, the special-crime and
    dashboard tables, the derived series and the PAS files): the whole of ../shared/data, ward history
    included, is ingested once per run by the ``real_store`` fixture; the ward history here would more
    than double this test's two ingests (9 s each without it)."""
    source = tmp_path / "source"
    for folder in ("crime/borough", "crime/other", "confidence"):
        shutil.copytree(shared_data / folder, source / folder)
    dest = tmp_path / "store"
    assert main(["ingest", str(source), "--store", str(dest)]) == 0
    report = capsys.readouterr().out
    assert "crime_borough:" in report and "Warnings:" in report and "2016-12" in report
    assert "pas_borough: 9,603 rows" in report
    first = _parquet_hashes(dest)
    assert len(first) >= 8
    assert main(["ingest", str(source), "--store", str(dest)]) == 0
    assert _parquet_hashes(dest) == first  # same files in, same tables out
