"""The complaints import format: recognised by header, validated row by row, written atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from lib import cli
from lib.errors import IngestError
from lib.ingest import run_ingest, sniff_head
from lib.ingest.base import IngestContext
from lib.ingest.complaints import ALLEGATIONS, WORKFORCE, AllegationsAdapter, WorkforceAdapter
from lib.store import Store
from tests.conftest import FIXTURES
from tests.helpers import store_hashes

FIXTURE = FIXTURES / "complaints" / "enfield_pack"
ENFIELD = "E09000010"
ALLEGATIONS_HEADER = "borough,month,allegation_type,outcome,allegations\n"
WORKFORCE_HEADER = "borough,month,officers,staff\n"


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture()
def good_source(tmp_path: Path) -> Path:
    src = tmp_path / "source"
    shutil.copytree(FIXTURE, src)
    return src


@pytest.fixture()
def good_store(good_source: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "store"
    run_ingest(good_source, dest)
    return dest


# --- the good path ----------------------------------------------------------------------------


def test_enfield_fixture_ingests_to_both_tables(good_store: Path) -> None:
    store = Store(good_store)
    a = store.table("complaints_allegations")
    w = store.table("complaints_workforce")
    assert list(a.columns) == ALLEGATIONS.column_names
    assert list(w.columns) == WORKFORCE.column_names
    assert set(a["borough_code"]) == {ENFIELD}
    assert set(a["borough_name"]) == {"Enfield"}
    assert int(a["allegations"].sum()) == 455 + 496
    assert (a["month"].min(), a["month"].max()) == ("2013-10", "2015-09")
    assert len(w) == 24
    assert set(w["officers"] + w["staff"]) == {1359.0}
    assert store.manifest["tables"]["complaints_allegations"]["rows"] == 325


def test_spellings_aliases_and_yearly_workforce(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write(src, "a.csv", (
        "Borough,Month,Allegation Type,Outcome,Allegations,Note\n"
        "barking & dagenham,201504,failure in duty,Substantiated,3,x\n"
        "E09000010,2015-04,OPPRESSIVE BEHAVIOUR,unsubstantiated/no case to answer,\"1,204\",\n"
        "Richmond upon Thames,2015-05,traffic irregularity,pending,0,\n"
    ))
    _write(src, "w.csv", "borough,year,officers,staff\nEnfield,2014/15,1000.5,300\nEnfield,2016,900,250\n")
    report = run_ingest(src, tmp_path / "store")
    store = Store(tmp_path / "store")
    a = store.table("complaints_allegations").set_index("borough_name")
    assert a.loc["Barking and Dagenham", "allegation_type"] == "Failures in Duty"
    assert a.loc["Barking and Dagenham", "outcome"] == "Case to Answer"
    assert a.loc["Barking and Dagenham", "month"] == "2015-04"
    assert a.loc["Enfield", "allegations"] == 1204
    assert a.loc["Enfield", "outcome"] == "No Case to Answer"
    assert a.loc["Richmond upon Thames", "outcome"] == "Not yet finalised"
    w = store.table("complaints_workforce")
    assert len(w) == 24  # 12 months of 2014/15 and 12 of 2016
    assert (w["month"].min(), w["month"].max()) == ("2014-04", "2016-12")
    assert set(w.loc[w["month"] == "2015-03", "source_period"]) == {"2014/15"}
    assert float(w.loc[w["month"] == "2015-03", "officers"].iloc[0]) == 1000.5
    assert any("extra columns ignored" in x and "note" in x for x in report.manifest["warnings"])


def test_recognised_by_header_not_name(tmp_path: Path) -> None:
    a = _write(tmp_path, "anything.txtdata", ALLEGATIONS_HEADER + "Enfield,2015-01,Other,Withdrawn,1\n")
    w = _write(tmp_path, "x.csv", "Borough,Year,Officers,Staff\nEnfield,2015,1,1\n")
    other = _write(tmp_path, "crime.csv", "MajorText,MinorText,BoroughName,201501\nA,B,Enfield,3\n")
    assert AllegationsAdapter().recognises(a, sniff_head(a))
    assert not WorkforceAdapter().recognises(a, sniff_head(a))
    assert WorkforceAdapter().recognises(w, sniff_head(w))
    assert not AllegationsAdapter().recognises(w, sniff_head(w))
    for adapter in (AllegationsAdapter(), WorkforceAdapter()):
        assert not adapter.recognises(other, sniff_head(other))


def test_no_other_adapter_claims_the_complaints_files() -> None:
    from lib.ingest import adapters

    owners = {
        p.name: [a.name for a in adapters() if a.recognises(p, sniff_head(p))] for p in FIXTURE.glob("*.csv")
    }
    assert owners == {"allegations.csv": ["complaints_allegations"], "workforce.csv": ["complaints_workforce"]}


def test_claims_none_of_the_real_published_files(shared_data: Path) -> None:
    claimed = [
        str(p)
        for p in shared_data.rglob("*")
        if p.is_file() and p.suffix.lower() in {".csv", ".txt", ".tsv"}
        for adapter in (AllegationsAdapter(), WorkforceAdapter())
        if adapter.recognises(p, sniff_head(p))
    ]
    assert claimed == []


def test_two_allegation_files_are_combined(good_source: Path, tmp_path: Path) -> None:
    _write(good_source, "later.csv", ALLEGATIONS_HEADER + "Enfield,2015-10,Other,Not yet finalised,4\n")
    run_ingest(good_source, tmp_path / "s2")
    a = Store(tmp_path / "s2").table("complaints_allegations")
    assert int(a["allegations"].sum()) == 455 + 496 + 4
    assert a["month"].max() == "2015-10"


# --- bad input: each case names file, row and column; the store is untouched; exit code 2 ------

A = "allegations.csv"
W = "workforce.csv"
GOOD_ROW = "Enfield,2015-09,Other,Withdrawn,2\n"
H = ALLEGATIONS_HEADER
WH = WORKFORCE_HEADER
BAD_CASES = [
    # id, file, content, message fragment, row, column
    ("missing-column", A,
     "borough,month,allegation_type,result,allegations\nEnfield,2015-09,Other,Withdrawn,2\n",
     "missing column 'outcome'", 1, "outcome"),
    ("unknown-borough", A, H + GOOD_ROW + "Gotham,2015-09,Other,Withdrawn,2\n",
     "unknown borough 'Gotham'", 3, "borough"),
    ("london-total-row", A, H + "MPS,2015-09,Other,Withdrawn,2\n",
     "London is computed as their sum", 2, "borough"),
    ("city-of-london", A, H + "City of London,2015-09,Other,Withdrawn,2\n",
     "City of London Police", 2, "borough"),
    ("non-borough-unit", A, H + "Aviation Security (SO18),2015-09,Other,Withdrawn,2\n",
     "unknown borough", 2, "borough"),
    ("unknown-type", A, H + GOOD_ROW + "Enfield,2015-09,Rudeness,Withdrawn,2\n",
     "unknown allegation type 'Rudeness'", 3, "allegation_type"),
    ("unknown-outcome", A, H + "Enfield,2015-09,Other,Dismissed,2\n",
     "unknown outcome 'Dismissed'", 2, "outcome"),
    ("bad-month", A, H + GOOD_ROW + "Enfield,2015-13,Malpractice,Withdrawn,2\n",
     "not a month: '2015-13'", 3, "month"),
    ("month-words", A, H + "Enfield,Sep 2015,Other,Withdrawn,2\n",
     "not a month: 'Sep 2015'", 2, "month"),
    ("non-numeric-count", A, H + "Enfield,2015-09,Other,Withdrawn,twelve\n",
     "not a number: 'twelve'", 2, "allegations"),
    ("negative-count", A, H + "Enfield,2015-09,Other,Withdrawn,-3\n",
     "negative count", 2, "allegations"),
    ("fractional-count", A, H + "Enfield,2015-09,Other,Withdrawn,2.5\n",
     "not a whole number", 2, "allegations"),
    ("empty-count", A, H + "Enfield,2015-09,Other,Withdrawn,\n",
     "empty count", 2, "allegations"),
    ("duplicate-key", A,
     H + GOOD_ROW + "Enfield,2015-08,Other,Withdrawn,1\n" + "enfield,2015-09,other,WITHDRAWN,5\n",
     "duplicate row for Enfield, 2015-09, Other, Withdrawn", 4, None),
    ("header-only", A, H, "no data rows", 2, None),
    ("wrong-encoding", A, (H + GOOD_ROW + "Enfield,2015-08,Other,Withdrawn,1 caf\xe9\n").encode("latin-1"),
     "wrong encoding", 3, None),
    ("truncated-row", A, H + GOOD_ROW + "Enfield,2015-08,Oth",
     "truncated or malformed row", 3, None),
    ("workforce-missing-staff", W, "borough,month,officers\nEnfield,2015-09,1000\n",
     "missing column 'staff'", 1, "staff"),
    ("workforce-no-period", W, "borough,officers,staff\nEnfield,1000,300\n",
     "missing column 'month'", 1, "month"),
    ("workforce-two-periods", W, "borough,month,year,officers,staff\nEnfield,2015-09,2015,1000,300\n",
     "both 'month' and 'year'", 1, "year"),
    ("workforce-bad-year", W, "borough,year,officers,staff\nEnfield,2015/17,1000,300\n",
     "not a year", 2, "year"),
    ("workforce-negative", W, WH + "Enfield,2015-09,-1000,300\n",
     "negative value", 2, "officers"),
    ("workforce-non-numeric", W, WH + "Enfield,2015-09,1000,lots\n",
     "not a number: 'lots'", 2, "staff"),
    ("workforce-unknown-borough", W, WH + "Westminstr,2015-09,1000,300\n",
     "unknown borough", 2, "borough"),
    ("workforce-overlap", W, "borough,year,officers,staff\nEnfield,2014/15,1000,300\nEnfield,2015,1000,300\n",
     "duplicate workforce figure for Enfield, 2015-01", 3, "year"),
]


@pytest.mark.parametrize(("file", "content", "message", "row", "column"),
                         [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES])
def test_bad_input_names_file_row_column_and_leaves_store_untouched(
    good_source: Path, good_store: Path, file: str, content: str | bytes, message: str, row: int,
    column: str | None, capsys: pytest.CaptureFixture[str],
) -> None:
    before = store_hashes(good_store)
    bad = _write(good_source, file, content)
    with pytest.raises(IngestError) as info:
        run_ingest(good_source, good_store)
    err = info.value
    assert Path(err.file) == bad
    assert message in err.message
    assert err.row == row
    assert err.column == column
    assert store_hashes(good_store) == before
    assert not [p for p in good_store.parent.iterdir() if p.name.startswith(".store.new")]

    assert cli.main(["ingest", str(good_source), "--store", str(good_store)]) == 2
    printed = capsys.readouterr().err
    assert printed.startswith("error: ")
    assert file in printed and f"row {row}" in printed and message in printed
    assert store_hashes(good_store) == before


def test_duplicate_key_across_two_files(good_source: Path, good_store: Path) -> None:
    before = store_hashes(good_store)
    existing = pd.read_csv(FIXTURE / A).iloc[0]
    line = ",".join(str(v) for v in existing) + "\n"
    bad = _write(good_source, "zz_again.csv", ALLEGATIONS_HEADER + line)
    with pytest.raises(IngestError) as info:
        run_ingest(good_source, good_store)
    assert Path(info.value.file) == bad
    assert info.value.row == 2
    assert "first at allegations.csv row 2" in info.value.message
    assert store_hashes(good_store) == before


def test_zero_byte_file_is_an_error_for_the_adapter(tmp_path: Path) -> None:
    empty = _write(tmp_path, "allegations.csv", b"")
    with pytest.raises(IngestError, match="the file is empty") as info:
        AllegationsAdapter().read([empty], IngestContext(source_dir=tmp_path))
    assert Path(info.value.file) == empty


def test_folder_with_only_an_empty_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "src", "allegations.csv", b"")
    assert cli.main(["ingest", str(tmp_path / "src"), "--store", str(tmp_path / "store")]) == 2
    assert "error:" in capsys.readouterr().err
    assert not (tmp_path / "store").exists()
