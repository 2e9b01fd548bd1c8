"""Bad input stops the ingest with file, row and column named, exit code 2, and the old store untouched.

A good store is built from the tiny crime fixtures; then each bad file is added to a copy of that
folder and ingested over the same store.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lib.cli import main
from lib.errors import IngestError
from lib.ingest import run_ingest
from tests.conftest import FIXTURES
from tests.helpers import store_hashes

GOOD = FIXTURES / "crime" / "good"
BAD = FIXTURES / "crime" / "bad"

# file, line, column, words the message must contain
CASES = [
    ("missing_column.csv", 1, "BoroughName", "missing column 'BoroughName'"),
    ("non_numeric.csv", 3, "201602", "not a number: 'x7'"),
    ("negative_count.csv", 2, "201603", "negative count: '-4'"),
    ("unknown_area.csv", 4, "BoroughName", "unknown area 'Gotham'"),
    ("duplicate_month.csv", 1, "201602", "month 2016-02 appears twice"),
    ("duplicate_row.csv", 4, "MinorText", "appears twice (first at line 2)"),
    ("truncated.csv", 4, "201603", "truncated"),
    ("wrong_encoding.csv", 3, "BoroughName", "is not UTF-8"),
    ("empty.csv", None, None, "the file is empty"),
    ("header_only.csv", 2, None, "no data rows"),
    ("city_of_london.csv", 3, "BoroughName", "City of London Police"),
    ("month_gap.csv", 1, "201604", "2016-03 is missing"),
    ("bad_ward_code.csv", 2, "WardCode", "not a ward code: 'E5013672'"),
]


@pytest.fixture()
def good_store(tmp_path: Path) -> Path:
    store = tmp_path / "stores" / "store"
    run_ingest(GOOD, store)
    return store


def _source_with(bad_file: str, tmp_path: Path) -> Path:
    src = tmp_path / "source"
    shutil.copytree(GOOD, src)
    shutil.copy(BAD / bad_file, src / bad_file)
    return src


def test_good_fixtures_ingest_cleanly(good_store: Path) -> None:
    names = {p.name for p in good_store.iterdir()}
    assert {"crime_borough.parquet", "crime_ward.parquet", "crime_other_areas.parquet",
            "crime_releases.parquet", "manifest.json"} <= names


@pytest.mark.parametrize(("bad_file", "row", "column", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_stops_ingest_and_leaves_store_unchanged(
    bad_file: str, row: int | None, column: str | None, words: str,
    good_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    before = store_hashes(good_store)
    siblings = sorted(p.name for p in good_store.parent.iterdir())
    src = _source_with(bad_file, tmp_path)

    with pytest.raises(IngestError) as caught:
        run_ingest(src, good_store)
    err = caught.value
    assert Path(err.file).name == bad_file
    assert err.row == row
    assert err.column == column
    assert words in err.message

    code = main(["ingest", str(src), "--store", str(good_store)])
    out = capsys.readouterr()
    assert code == 2
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert bad_file in lines[0] and words in lines[0]
    if row is not None:
        assert f"row {row}" in lines[0]
    if column is not None:
        assert f"column '{column}'" in lines[0]

    assert store_hashes(good_store) == before
    assert sorted(p.name for p in good_store.parent.iterdir()) == siblings  # no half-written folder left
