"""An ingest that cannot lose data (issue 14): damaged inputs stop it with exit 2, the message names
the file, and the store is byte-identical afterwards; harmless variations read to the same table.

The sources are built here from small hand-made crime and PAS files: five boroughs, four categories.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lib.cli import main
from lib.ingest import IGNORE_FILE, read_ignore_file, run_ingest
from lib.store import Store
from tests.conftest import FIXTURES
from tests.helpers import store_hashes

BOROUGHS = ["Barnet", "Camden", "Enfield", "Hackney", "Westminster"]
CATEGORIES = [
    ("BURGLARY", "RES BURGLARY OF A HOME"),
    ("ROBBERY", "ROBBERY OF PERSONAL PROPERTY"),
    ("THEFT", "OTHER THEFT"),
    ("VIOLENCE AGAINST THE PERSON", "VIOLENCE WITH INJURY"),
]
PAS = FIXTURES / "pas"


def crime_csv(months: list[str], offset: int = 0) -> str:
    """Current-scheme borough crime file, rows in the published order (category, then borough)."""
    lines = ["MajorText,MinorText,BoroughName," + ",".join(m.replace("-", "") for m in months)]
    for c, (major, minor) in enumerate(CATEGORIES):
        for b, borough in enumerate(BOROUGHS):
            counts = [10 + c * 7 + b * 3 + i + offset for i in range(len(months))]
            lines.append(f"{major},{minor},{borough}," + ",".join(map(str, counts)))
    return "\n".join(lines) + "\n"


OLDER = [f"2015-{m:02d}" for m in range(1, 7)]
NEWER = [f"2015-{m:02d}" for m in range(3, 9)]


def make_source(folder: Path, *, newer: str | bytes | None = None, pas: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "crime_2015-01_to_2015-06.csv").write_text(crime_csv(OLDER), encoding="utf-8")
    target = folder / "crime_2015-03_to_2015-08.csv"
    if isinstance(newer, bytes):
        target.write_bytes(newer)
    else:
        target.write_text(crime_csv(NEWER, offset=1) if newer is None else newer, encoding="utf-8")
    if pas:
        shutil.copy(PAS / "borough_small.csv", folder / "pas_borough.csv")
        shutil.copy(PAS / "mps_small.csv", folder / "pas_mps.csv")
    return folder


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A source folder and the store ingested from it (reused read-only: tests copy the store)."""
    base = tmp_path_factory.mktemp("good")
    src = make_source(base / "source")
    store = base / "stores" / "store"
    assert main(["ingest", str(src), "--store", str(store)]) == 0
    return src, store


@pytest.fixture()
def store(good: tuple[Path, Path], tmp_path: Path) -> Path:
    dest = tmp_path / "stores" / "store"
    dest.parent.mkdir()
    shutil.copytree(good[1].resolve(), dest)  # a plain-folder copy of the good store
    return dest


def run(src: Path, store: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["ingest", str(src), "--store", str(store), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_refused(src: Path, store: Path, capsys, file_name: str, *words: str) -> str:
    before = store_hashes(store)
    siblings = sorted(p.name for p in store.parent.iterdir())
    code, _, err = run(src, store, capsys)
    assert code == 2, err
    assert err.startswith("error: ")
    assert file_name in err
    for w in words:
        assert w in err, err
    assert store_hashes(store) == before
    assert sorted(p.name for p in store.parent.iterdir()) == siblings
    return err


def test_good_source_ingests_and_reingests_without_complaint(good, store, tmp_path, capsys) -> None:
    src, _ = good
    code, out, err = run(src, store, capsys)
    assert code == 0, err
    assert "Removed with --allow-removal" not in out
    s = Store(store)
    crime = s.table("crime_borough")
    # Westminster violence with injury, newer release, 2015-08: 10 + 3*7 + 4*3 + 5 + 1 = 49
    row = crime[(crime["release"] == "2015-08") & (crime["borough_name"] == "Westminster")
                & (crime["minor"] == "VIOLENCE WITH INJURY") & (crime["month"] == "2015-08")]
    assert row["count"].tolist() == [49]


def test_tables_worked_out_when_the_store_is_written_are_not_compared(tmp_path) -> None:
    """The crime page's stored answers (``write_store``'s ``finish``) are not in the tables an ingest compares, so
    the next ingest must not count them lost; a published table gone still is."""
    from lib.ingest.safety import compare
    from lib.schema import Column, TableSchema
    from lib.store import write_store

    counts = TableSchema("counts", "t", "t", (Column("month", "str", "m"), Column("count", "int", "c")))
    extra = TableSchema("answers", "t", "t", (Column("text", "str", "t"),))
    tables = {"counts": pd.DataFrame({"month": ["2015-01"], "count": [3]})}
    write_store(tmp_path / "s", tables, {"counts": counts}, {"kind": "official"},
                finish=lambda new: ({"answers": pd.DataFrame({"text": ["x"]})}, {"answers": extra}))
    old = Store(tmp_path / "s")
    assert sorted(old.manifest["tables"]) == ["answers", "counts"]
    assert compare(old, tables).lost == []
    assert compare(old, {}).lost == ["table counts (1 rows) would be gone"]


@pytest.mark.parametrize("keep_rows", [19, 18, 17, 15, 12, 6, 1])
def test_crime_file_cut_at_a_row_boundary_fails(keep_rows, store, tmp_path, capsys) -> None:
    lines = crime_csv(NEWER, offset=1).splitlines(keepends=True)
    src = make_source(tmp_path / "src", newer="".join(lines[: 1 + keep_rows]))
    # against the current store
    assert_refused(src, store, capsys, "crime_2015-03_to_2015-08.csv", "file cut short?")
    # and with no store at all: the file's own completeness, or the older release it overlaps
    fresh = tmp_path / "fresh" / "store"
    code, _, err = run(src, fresh, capsys)
    assert code == 2 and "crime_2015-03_to_2015-08.csv" in err and "file cut short?" in err
    assert not fresh.parent.exists() or not any(fresh.parent.iterdir())


def test_the_cut_names_the_missing_borough_and_category(store, tmp_path, capsys) -> None:
    lines = crime_csv(NEWER, offset=1).splitlines(keepends=True)
    src = make_source(tmp_path / "src", newer="".join(lines[:-1]))
    err = assert_refused(src, store, capsys, "crime_2015-03_to_2015-08.csv")
    assert "VIOLENCE AGAINST THE PERSON / VIOLENCE WITH INJURY" in err and "Westminster" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (crime_csv(NEWER, offset=1).encode("utf-16"), "UTF-16"),
        (crime_csv(NEWER, offset=1).encode("utf-16-le"), "UTF-16"),
        (b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head></html>\n", "HTML"),
        (os.urandom(3000), "binary or random bytes"),
    ],
    ids=["utf16-bom", "utf16-no-bom", "html-error-page", "random-bytes"],
)
def test_unreadable_crime_file_is_named_not_dropped(content, words, store, tmp_path, capsys) -> None:
    src = make_source(tmp_path / "src", newer=content)
    assert_refused(src, store, capsys, "crime_2015-03_to_2015-08.csv", words)


def test_unrecognised_data_file_names_the_nearest_format_unless_ignored(store, tmp_path, capsys) -> None:
    src = make_source(tmp_path / "src")
    (src / "survey_extract.csv").write_text("Date,Survey,Area,Indicator,Share\n31/12/2014,PAS,Enfield,x,0.5\n")
    err = assert_refused(src, store, capsys, "survey_extract.csv", "matches no format we read", "nearest: pas")
    assert "--ignore" in err
    code, out, err = run(src, store, capsys, "--ignore", "survey_*.csv")
    assert code == 0, err
    assert "survey_extract.csv  (--ignore on the command line)" in out


def test_source_ignore_file_needs_a_reason(store, tmp_path, capsys) -> None:
    src = make_source(tmp_path / "src")
    (src / "extra.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (src / ".ingestignore").write_text("extra.xlsx\n")
    assert_refused(src, store, capsys, ".ingestignore", "row 1", "reason")
    (src / ".ingestignore").write_text("# local files\nextra.xlsx  # the analyst's own workbook, not published data\n")
    code, out, err = run(src, store, capsys)
    assert code == 0, err
    assert "extra.xlsx  (the analyst's own workbook, not published data)" in out


def test_a_missing_table_stops_the_ingest_unless_allowed(store, tmp_path, capsys) -> None:
    src = make_source(tmp_path / "src", pas=False)
    err = assert_refused(src, store, capsys, str(store), "table pas_borough", "--allow-removal")
    assert "nothing was written" in err
    code, out, err = run(src, store, capsys, "--allow-removal")
    assert code == 0, err
    assert "Removed with --allow-removal" in out and "table pas_borough" in out
    assert "table pas_borough" in " ".join(Store(store).manifest["removed"])
    assert not Store(store).has("pas_borough")


def test_a_release_a_borough_or_a_falling_row_count_stops_the_ingest(store, tmp_path, capsys) -> None:
    # the newer release is gone: the older file alone
    src = make_source(tmp_path / "a")
    (src / "crime_2015-03_to_2015-08.csv").unlink()
    err = assert_refused(src, store, capsys, str(store), "release 2015-08")
    # PAS: half of the borough file's rows (one borough) gone
    src = make_source(tmp_path / "b")
    rows = (PAS / "borough_small.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [rows[0]] + [r for r in rows[1:] if "Westminster" not in r]
    (src / "pas_borough.csv").write_text("".join(kept), encoding="utf-8")
    err = assert_refused(src, store, capsys, str(store), "table pas_borough: rows fall", "borough E09000033")
    assert "table pas_borough" in err


def test_harmless_variations_read_to_the_same_tables(good, store, tmp_path, capsys) -> None:
    src = make_source(tmp_path / "src")
    crime = src / "crime_2015-03_to_2015-08.csv"
    text = crime.read_text(encoding="utf-8")
    quoted = "\r\n".join(",".join(f'"{c}"' for c in line.split(",")) for line in text.splitlines()) + "\r\n"
    crime.write_bytes(b"\xef\xbb\xbf" + quoted.encode("utf-8"))  # BOM, CRLF, every field quoted
    pas = (src / "pas_borough.csv").read_text(encoding="utf-8")
    import csv
    import io
    rows = list(csv.reader(io.StringIO(pas), delimiter=";"))
    out = io.StringIO()
    w = csv.writer(out, delimiter=",", lineterminator="\n")
    for r in rows:
        w.writerow([c.replace(",", ".") if c[:1].isdigit() else c for c in r])
    (src / "pas_borough.csv").write_text(out.getvalue(), encoding="utf-8")  # ',' with '.' decimals
    code, _, err = run(src, store, capsys)
    assert code == 0, err
    for name in ("crime_borough", "pas_borough", "crime_releases"):
        a, b = Store(good[1]).table(name), Store(store).table(name)
        if name == "crime_releases":
            a, b = a.drop(columns="source_file"), b.drop(columns="source_file")
        pd.testing.assert_frame_equal(a, b)


def test_comma_pas_file_with_comma_decimals_is_refused(store, tmp_path, capsys) -> None:
    src = make_source(tmp_path / "src")
    pas = (src / "pas_borough.csv").read_text(encoding="utf-8").replace(";", ",")
    (src / "pas_borough.csv").write_text(pas, encoding="utf-8")  # ',' delimiter AND ',' decimals: ambiguous
    assert_refused(src, store, capsys, "pas_borough.csv", "row 2", "fields where the header has")


def test_shipped_ignore_file_gives_a_reason_for_every_line() -> None:
    rules = read_ignore_file(IGNORE_FILE)
    assert len(rules) >= 8  # the shapes, atlases and profiles on 2014 wards that no page can join
    assert all(len(r.reason) > 20 for r in rules)
    data = Path(os.environ.get("POLICING_SHARED_DATA", "/nonexistent"))
    if data.is_dir():  # every line names a file that is there (no stale lines)
        files = [p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()]
        for r in rules:
            assert any(r.matches(f) for f in files), r.pattern


def test_a_plain_store_becomes_versioned_on_ingest(good, store, capsys) -> None:
    code, _, err = run(good[0], store, capsys)
    assert code == 0, err
    assert store.is_symlink()
    assert Store(store).folder.parent.name == "store.versions"
    assert run_ingest(good[0], store).store == store


def test_missing_values_are_not_reported_as_lost(tmp_path: Path) -> None:
    from lib.ingest.safety import removals
    from lib.schema import Column, TableSchema
    from lib.store import write_store

    schema = TableSchema("t", "t", "hand-made", (Column("borough_code", "str", "code", True),
                                                 Column("month", "str", "month")))
    df = pd.DataFrame({"borough_code": ["E09000010", None], "month": ["2015-01", "2015-02"]})
    write_store(tmp_path / "s", {"t": df}, {"t": schema}, {"kind": "official"})
    assert removals(Store(tmp_path / "s"), {"t": df.copy()}) == []
    assert removals(Store(tmp_path / "s"), {"t": df.iloc[:1]}) == [
        "table t: rows fall from 2 to 1 (-50.0%)", "table t: borough (missing)", "table t: month 2015-02"]


@pytest.mark.parametrize("keep_rows", [19, 17, 16, 12])
def test_a_lone_crime_file_cut_inside_a_category_fails_on_a_fresh_store(keep_rows, tmp_path, capsys) -> None:
    src = tmp_path / "src"
    src.mkdir()
    lines = crime_csv(OLDER).splitlines(keepends=True)
    (src / "crime.csv").write_text("".join(lines[: 1 + keep_rows]), encoding="utf-8")
    code, _, err = run(src, tmp_path / "store", capsys)
    assert code == 2 and "crime.csv" in err and "file cut short?" in err
    assert not (tmp_path / "store").exists()


def test_an_ignore_line_for_a_file_that_is_now_read_is_reported_stale(store, tmp_path, capsys) -> None:
    src = make_source(tmp_path / "src")
    (src / ".ingestignore").write_text("pas_mps.csv  # not read yet\n")
    code, out, err = run(src, store, capsys)
    assert code == 0, err
    assert "pas_mps.csv is read by pas_borough although .ingestignore line 1 ignores it" in out


def test_a_lone_crime_file_cut_between_categories_fails(tmp_path, capsys) -> None:
    """The MPS lists category by category: a cut at a category boundary drops the last majors whole."""
    from lib.reference.categories import mapping_table

    m = mapping_table()
    firsts = m[m["scheme"] == "current"].drop_duplicates("major").sort_values("major")
    months = OLDER
    lines = ["MajorText,MinorText,BoroughName," + ",".join(x.replace("-", "") for x in months)]
    for c, (major, minor) in enumerate(zip(firsts["major"], firsts["minor"], strict=True)):
        for b, borough in enumerate(BOROUGHS):
            lines.append(f'"{major}","{minor}",{borough},' + ",".join(str(20 + c + b + i) for i in range(len(months))))
    per_major = len(BOROUGHS)
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    whole.mkdir(), cut.mkdir()
    (whole / "crime.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (cut / "crime.csv").write_text("\n".join(lines[: 1 + per_major * (len(firsts) - 2)]) + "\n", encoding="utf-8")
    code, _, err = run(whole, tmp_path / "store_whole", capsys)
    assert code == 0, err
    code, _, err = run(cut, tmp_path / "store_cut", capsys)
    missing = ", ".join(firsts["major"].iloc[-2:])
    assert code == 2 and "crime.csv" in err and f"no rows for the major categories {missing}" in err, err
    assert not (tmp_path / "store_cut").exists()


def test_no_shipped_ignore_line_is_stale_on_the_real_files(real_store) -> None:
    """The real ingest reads no file that lib/ingest/ignore.txt lists (it would warn 'remove that line', and
    the About page shows the warnings to the public). The read-only ../shared/data/.ingestignore still lists
    the Monthly Crime Dashboard 'Other' sheet, which is read now: that warning is expected (see
    tests/ingest/test_ingest_crime_dashboard_other.py)."""
    import json

    warnings = json.loads((Path(real_store) / "manifest.json").read_text())["warnings"]
    assert not [w for w in warnings if "although ignore.txt" in w and "ignores it: remove that line" in w]


# ---------------------------------------------------------------- updates are not losses (issue 22, item 8)

NEWEST = "mps_borough_crime_recent24_2024-03_to_2026-02.csv"
OLDER_RECENT = "mps_borough_crime_recent24_2023-12_to_2025-11.csv"
# the published file's rows that are not boroughs (shared/data/README.md): they go to crime_other_areas
NOT_BOROUGHS = {"London Heathrow and London City Airports", "Unknown", "Aviation Security (SO18)"}


def link_source(folder: Path, borough_dir: Path, names: list[str]) -> Path:
    """A source tree of symbolic links to the published borough crime files ``names``."""
    (folder / "crime" / "borough").mkdir(parents=True)
    for n in names:
        (folder / "crime" / "borough" / n).symlink_to(borough_dir / n)
    return folder


def test_a_newer_release_is_an_update_and_a_gone_release_is_a_loss(shared_data, tmp_path, capsys) -> None:
    """The routine monthly update (the next MPS borough release beside the others) goes through with the
    change listed; taking an older release away afterwards is refused, naming it, and writes nothing. On the
    three 24-month releases (2025-11, 2025-12, 2026-02): what the update and the loss are is decided release by
    release, and the two long histories would only triple each of the three ingests."""
    borough_dir = shared_data / "crime" / "borough"
    names = sorted(p.name for p in borough_dir.glob("*recent24*.csv"))
    assert len(names) == 3 and NEWEST in names and OLDER_RECENT in names
    store = tmp_path / "store"
    before = link_source(tmp_path / "before", borough_dir, [n for n in names if n != NEWEST])
    code, _, err = run(before, store, capsys)
    assert code == 0, err

    code, out, err = run(link_source(tmp_path / "update", borough_dir, names), store, capsys)
    assert code == 0, err
    # the new release's rows, counted here from the published file: one row per borough line and month
    published = pd.read_csv(borough_dir / NEWEST, dtype=str)
    months = [c for c in published.columns if c.isdigit()]
    borough_lines = int((~published["BoroughName"].isin(NOT_BOROUGHS)).sum())
    assert (months[0], months[-1]) == ("202403", "202602")
    rows = borough_lines * len(months)
    expected = f"table crime_borough: release 2026-02 added ({rows:,} rows, months 2024-03..2026-02)"
    assert "Changes from the previous store:" in out and expected in out, out
    # the derived series' months move to the newer release: a change, not a loss
    assert "table crime_series: months 2024-03..2025-12 (22) now from release 2026-02 (were 2025-12)" in out
    manifest = Store(store).manifest
    assert manifest["removed"] == [] and expected in manifest["changed"]
    assert "Removed with --allow-removal" not in out

    gone = [n for n in names if n != OLDER_RECENT]
    err = assert_refused(link_source(tmp_path / "loss", borough_dir, gone), store, capsys, str(store),
                         "table crime_borough: release 2025-11", "table crime_releases: release 2025-11",
                         "--allow-removal")
    assert "nothing was written" in err


def test_a_release_that_shrinks_is_a_loss_even_with_every_key_still_there(tmp_path: Path) -> None:
    """Row counts per release: the same release with 10 of its 100 rows gone (every borough, month and
    category still there) is a loss; the other release growing is a change."""
    from lib.ingest.safety import compare
    from lib.schema import Column, TableSchema
    from lib.store import write_store

    schema = TableSchema("t", "t", "hand-made", (Column("release", "str", "release"),
                                                 Column("month", "str", "month"), Column("count", "int", "n")))
    df = pd.DataFrame({"release": ["2015-06"] * 100 + ["2015-08"] * 50,
                       "month": ["2015-01", "2015-02"] * 75, "count": range(150)})
    write_store(tmp_path / "s", {"t": df}, {"t": schema}, {"kind": "official"})
    new = pd.concat([df.iloc[10:], df.iloc[100:110]], ignore_index=True)  # 2015-06: 90 rows; 2015-08: 60
    result = compare(Store(tmp_path / "s"), {"t": new})
    assert result.lost == ["table t: release 2015-06: rows fall from 100 to 90 (-10.0%)"]
    assert result.changed == []  # 150 rows before and after: no total change, no new release or month
