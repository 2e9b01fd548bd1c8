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


# ---------------------------------------------------------------- counts too large for the store (issue 22)

HUGE = "99999999999999999999"  # > 2**64: today's traceback (OverflowError) in the crime reader
CRIME_HUGE = {
    # file name, content, line, column of the bad cell
    "current_huge.csv": ("MajorText,MinorText,BoroughName,201601,201602,201603\n"
                         "BURGLARY,RES BURGLARY OF A HOME,Enfield,11,13,15\n"
                         f"ROBBERY,ROBBERY OF PERSONAL PROPERTY,Enfield,3,{HUGE},3\n"
                         "BURGLARY,RES BURGLARY OF A HOME,Barnet,25,25,25\n", 3, "201602"),
    "old_scheme_huge.csv": ("Borough,Major Category,Minor Category,201601,201602\n"
                            "Enfield,Burglary,Burglary in a Dwelling,10,1e300\n", 2, "201602"),
    "ward_huge.csv": ("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,201601,201602\n"
                      "BURGLARY,RES BURGLARY OF A HOME,Arnos Grove,E05013672,Enfield,4,5\n"
                      "ROBBERY,ROBBERY OF PERSONAL PROPERTY,Arnos Grove,E05013672,Enfield,1000000000001,0\n",
                      3, "201601"),
}


@pytest.mark.parametrize("name", sorted(CRIME_HUGE))
def test_a_count_too_large_stops_ingest_naming_file_row_and_column(
    name: str, good_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    content, row, column = CRIME_HUGE[name]
    before = store_hashes(good_store)
    src = tmp_path / "source"
    shutil.copytree(GOOD, src)
    (src / name).write_text(content, encoding="utf-8")
    code = main(["ingest", str(src), "--store", str(good_store)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert name in err[0] and f"row {row}" in err[0] and f"column '{column}'" in err[0] and "too large" in err[0]
    assert store_hashes(good_store) == before


def test_the_largest_count_allowed_is_read_exactly(tmp_path: Path) -> None:
    """MAX_COUNT itself is a count (read exactly, not through a float); one more is refused."""
    from lib.ingest.base import MAX_COUNT, parse_count

    assert parse_count(f"{MAX_COUNT:,}", tmp_path / "f.csv", 2, "c") == 10**12
    for text, words in [(str(MAX_COUNT + 1), "too large"), ("inf", "not a number"), ("nan", "not a number"),
                        ("1_000", "not a number"), ("٣", "not a number"), ("9" * 100_000, "too large")]:
        with pytest.raises(IngestError) as e:
            parse_count(text, tmp_path / "f.csv", 7, "201501")
        assert words in e.value.message and e.value.row == 7 and e.value.column == "201501"
        assert len(e.value.message) < 150  # a 100,000-digit value is shortened in the message


def _with_cell(src: Path, dest: Path, line: int, column: str, value: str, sep: str = ",") -> Path:
    """``src`` with the cell at 1-based ``line`` and header ``column`` replaced by ``value``."""
    import csv

    with open(src, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=sep))
    rows[line - 1][rows[0].index(column)] = value
    with open(dest, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=sep, quoting=csv.QUOTE_ALL if src.read_text()[:1] == '"' else csv.QUOTE_MINIMAL,
                   lineterminator="\n").writerows(rows)
    return dest


def _adapters():
    from lib.ingest.census import ALL_RESIDENTS, CensusEthnicityOA
    from lib.ingest.complaints import AllegationsAdapter
    from lib.ingest.stop_search import GovEthnicityFacts
    from lib.ingest.uss import UssAdapter

    return [
        (AllegationsAdapter(), FIXTURES / "complaints" / "enfield_pack" / "allegations.csv", 3, "allegations"),
        (UssAdapter(), FIXTURES / "uss" / "enfield_2015.csv", 3, "respondents"),
        (GovEthnicityFacts(), FIXTURES / "stop_search" / "gov_small.csv", 3, "Number of stop and searches"),
        (CensusEthnicityOA(), FIXTURES / "geo" / "census_ethnicity_oa.csv", 3, ALL_RESIDENTS),
    ]


@pytest.mark.parametrize("case", range(4), ids=["complaints", "uss", "gov_stop_search", "census_oa"])
def test_every_adapter_with_counts_refuses_one_too_large(case: int, tmp_path: Path) -> None:
    from lib.ingest.base import IngestContext

    adapter, fixture, line, column = _adapters()[case]
    adapter.read([fixture], IngestContext(source_dir=fixture.parent))  # the fixture itself reads
    bad = _with_cell(fixture, tmp_path / fixture.name, line, column, HUGE)
    assert adapter.recognises(bad, bad.read_text(encoding="utf-8")[:4096])
    with pytest.raises(IngestError) as e:
        adapter.read([bad], IngestContext(source_dir=tmp_path))
    assert e.value.row == line and e.value.column == column and "too large" in e.value.message, str(e.value)
    assert Path(e.value.file).name == fixture.name
