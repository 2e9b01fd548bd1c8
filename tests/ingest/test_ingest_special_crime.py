"""The hate and special crime adapter: a tiny hand-made file, bad input, then the real file against the Enfield pack."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.errors import IngestError
from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.crime import CrimeAdapter
from lib.ingest.special_crime import CRIME_SPECIAL, SpecialCrimeAdapter
from lib.schema import conform
from lib.store import Store
from tests.conftest import FIXTURES

TINY = FIXTURES / "crime" / "special" / "hate_special.csv"


def _read(*paths: Path) -> pd.DataFrame:
    out = SpecialCrimeAdapter().read(list(paths), IngestContext(source_dir=paths[0].parent))
    return conform(out["crime_special"], CRIME_SPECIAL)


def test_recognised_by_header_and_not_taken_for_a_crime_release(tmp_path: Path) -> None:
    renamed = tmp_path / "Monthly Crime Other Crime Borough Level Off Type (2).csv"
    renamed.write_bytes(TINY.read_bytes())
    head = sniff_head(renamed)
    assert SpecialCrimeAdapter().recognises(renamed, head)
    assert not CrimeAdapter().recognises(renamed, head)
    release = FIXTURES / "crime" / "good"
    for p in release.glob("*.csv"):
        assert not SpecialCrimeAdapter().recognises(p, sniff_head(p)), p.name


def test_long_table_with_boroughs_resolved_and_the_airport_row_kept() -> None:
    t = _read(TINY)
    assert len(t) == 5 * 3
    enfield = t[(t["borough_code"] == "E09000010") & (t["minor"] == "Racist and Religious Hate Crime")]
    assert enfield.set_index("month")["count"].to_dict() == {"2014-01": 20, "2014-02": 25, "2014-03": 30}
    airport = t[t["area_kind"] == "airports"]
    assert airport["borough_code"].isna().all() and airport["count"].sum() == 1
    # London total of a flag is every row, airport included: 1 + 75 + 18
    assert t[t["minor"] == "Racist and Religious Hate Crime"]["count"].sum() == 94


@pytest.mark.parametrize(
    ("line", "replacement", "row", "column", "words"),
    [
        (3, "Enfield,Hate,Racist and Religious Hate Crime,20,x,30", 3, "201402", "not a number"),
        (3, "Enfield,Hate,Racist and Religious Hate Crime,20,-1,30", 3, "201402", "negative"),
        (3, "Atlantis,Hate,Racist and Religious Hate Crime,20,25,30", 3, "Borough", "unknown area"),
        (3, "City of London,Hate,Racist and Religious Hate Crime,20,25,30", 3, "Borough", "City of London Police"),
        (3, "Enfield,Hate,Racist and Religious Hate Crime,20,25", 3, "201403", "truncated"),
        (6, "Barnet,Hate,Racist and Religious Hate Crime,5,6,7", 6, "MinorText", "appears twice"),
    ],
)
def test_bad_rows_name_file_row_and_column(tmp_path: Path, line, replacement, row, column, words) -> None:
    lines = TINY.read_text().splitlines()
    lines[line - 1] = replacement
    bad = tmp_path / "special.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(IngestError) as e:
        _read(bad)
    assert e.value.row == row and e.value.column == column and words in str(e.value)
    assert "special.csv" in str(e.value)


def test_the_same_months_in_two_files_is_an_error(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(TINY.read_bytes())
    b.write_bytes(TINY.read_bytes())
    with pytest.raises(IngestError, match="same figures twice"):
        _read(a, b)


# Enfield SNB performance summary (October 2015), Figure 1 "Other Crime", Oct-Sep 2013/14 and 2014/15.
ENFIELD_PACK = {
    "Racist and Religious Hate Crime": (277, 294),
    "Homophobic Hate Crime": (17, 23),
    "Disability Hate Crime": (4, 3),
    "Transgender Hate": (0, 3),
    "Faith Hate Crime": (24, 26),
    "Knife Crime With Injury": (147, 112),
    "Domestic Abuse": (2300, None),  # 2014/15: file 2,777, pack 2,769 (later recording)
    "Knife Crime": (403, None),  # 2014/15: file 474, pack 472
    "Homicide": (4, None),  # 2014/15: file 8, pack 7
}


def test_real_file_reproduces_the_enfield_pack_other_crime_rows(real_store: Path) -> None:
    t = Store(real_store).table("crime_special")
    # the older file's months, then the Monthly Crime Dashboard's after the two-month gap no file covers
    assert (t["month"].min(), t["month"].max()) == ("2010-04", "2025-07")
    assert not t["month"].isin(["2021-06", "2021-07"]).any() and t["month"].nunique() == 134 + 48
    enfield = t[t["borough_name"] == "Enfield"]
    before = enfield[enfield["month"].between("2013-10", "2014-09")].groupby("minor")["count"].sum()
    after = enfield[enfield["month"].between("2014-10", "2015-09")].groupby("minor")["count"].sum()
    for flag, (then, now) in ENFIELD_PACK.items():
        assert before[flag] == then, flag
        if now is not None:
            assert after[flag] == now, flag
    assert (after["Domestic Abuse"], after["Knife Crime"], after["Homicide"]) == (2777, 474, 8)
