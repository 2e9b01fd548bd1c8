"""USS adapter: the documented import format (docs/import_formats/uss.md) and every bad-row case."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.errors import IngestError
from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.uss import UssAdapter

FIX = Path(__file__).parents[1] / "fixtures" / "uss"
GOOD = FIX / "enfield_2015.csv"
HEADER = "borough,period,measure,ethnic_group,proportion,respondents\n"


def run(paths):
    ctx = IngestContext(source_dir=FIX)
    return UssAdapter().read(list(paths), ctx), ctx


def write(tmp_path: Path, text: str, name: str = "uss.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_recognised_by_header_only() -> None:
    a = UssAdapter()
    assert a.recognises(GOOD, sniff_head(GOOD))
    other = Path(__file__).parents[1] / "fixtures" / "pas" / "mps_small.csv"
    assert not a.recognises(other, sniff_head(other))


def test_enfield_pack_figures_read() -> None:
    tables, ctx = run([GOOD])
    df = tables["uss"]
    assert len(df) == 7
    v = df.set_index(["borough_code", "ethnic_group"])["proportion"]
    assert v[("E09000010", "all")] == 0.79
    assert v[("E09000010", "white")] == 0.81
    assert v[("E09000010", "bme")] == 0.76
    assert v[("E12000007", "all")] == 0.80
    assert set(df.loc[df.borough_name == "Westminster", "borough_code"]) == {"E09000033"}
    assert df["respondents"].sum() == 500 + 300 + 200 + 16500 + 9900 + 6600 + 480
    assert set(df["measure_label"]) == {"Overall satisfaction"}
    assert "uss" in ctx.notes


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("Narnia,2015-09,overall,all,0.79,500", "borough", "unknown borough"),
        ("City of London,2015-09,overall,all,0.79,500", "borough", "unknown borough"),
        ("Enfield,2015/09,overall,all,0.79,500", "period", "not a month"),
        ("Enfield,2015-08,overall,all,0.79,500", "period", "not the last month of a quarter"),
        ("Enfield,2015-09,happiness,all,0.79,500", "measure", "unknown measure"),
        ("Enfield,2015-09,overall,asian,0.79,500", "ethnic_group", "unknown ethnic group"),
        ("Enfield,2015-09,overall,all,,500", "proportion", "empty proportion"),
        ("Enfield,2015-09,overall,all,high,500", "proportion", "not a number"),
        ("Enfield,2015-09,overall,all,79,500", "proportion", "write 0.79"),
        ("Enfield,2015-09,overall,all,-0.1,500", "proportion", "outside 0..1"),
        ("Enfield,2015-09,overall,all,0.79,500.5", "respondents", "not a whole number"),
        ("Enfield,2015-09,overall,all,0.79,-3", "respondents", "at least 1"),
        ("Enfield,2015-09,overall,all,0.79,0", "respondents", "at least 1"),
    ],
)
def test_bad_rows(tmp_path: Path, line: str, column: str, message: str) -> None:
    p = write(tmp_path, HEADER + "Enfield,2015-09,overall,white,0.81,300\n" + line + "\n")
    with pytest.raises(IngestError, match=message) as e:
        run([p])
    assert e.value.row == 3
    assert e.value.column == column
    assert e.value.file == p


def test_duplicate_row_within_a_file(tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "Enfield,2015-09,overall,all,0.79,500\nE09000010,2015-09,overall,all,0.78,500\n")
    with pytest.raises(IngestError, match="duplicate row for Enfield.*first at row 2") as e:
        run([p])
    assert e.value.row == 3


def test_duplicate_row_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, HEADER + "Enfield,2015-09,overall,all,0.79,500\n", "a.csv")
    b = write(tmp_path, HEADER + "Enfield,2015-09,overall,all,0.79,500\n", "b.csv")
    with pytest.raises(IngestError, match="duplicate row"):
        run([a, b])


def test_missing_column_truncated_row_empty_file(tmp_path: Path) -> None:
    p = write(tmp_path, "borough,period,measure,ethnic_group,proportion\nEnfield,2015-09,overall,all,0.79\n")
    with pytest.raises(IngestError, match="missing column 'respondents'") as e:
        run([p])
    assert e.value.row == 1 and e.value.column == "respondents"
    t = write(tmp_path, HEADER + "Enfield,2015-09,overall,all,0.79,500\nEnfield,2015-09,overall\n", "t.csv")
    with pytest.raises(IngestError, match="truncated") as e:
        run([t])
    assert e.value.row == 3
    empty = write(tmp_path, "", "e.csv")
    with pytest.raises(IngestError, match="empty"):
        run([empty])
    header_only = write(tmp_path, HEADER, "h.csv")
    with pytest.raises(IngestError, match="no data rows"):
        run([header_only])


def test_wrong_encoding(tmp_path: Path) -> None:
    p = tmp_path / "latin.csv"
    p.write_bytes((HEADER + "Enfield,2015-09,overall,all,0.79,500\n").encode() + "Caf\xe9,2015-09\n".encode("latin-1"))
    with pytest.raises(IngestError, match="wrong encoding") as e:
        run([p])
    assert e.value.row == 3


def test_documented_example_is_valid(tmp_path: Path) -> None:
    """The example block in docs/import_formats/uss.md ingests as written."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "import_formats" / "uss.md").read_text(encoding="utf-8")
    block = doc.split("## Example", 1)[1].split("```", 2)[1].strip() + "\n"
    tables, _ = run([write(tmp_path, block)])
    assert len(tables["uss"]) == 4
