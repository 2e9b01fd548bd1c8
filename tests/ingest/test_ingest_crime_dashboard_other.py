"""The MPS Monthly Crime Dashboard 'Other' sheet: a tiny hand-made file, bad input, the join with the older
hate and special crime file, then the real file against sums worked out here with the csv module."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from lib.errors import IngestError
from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.crime import CrimeAdapter
from lib.ingest.crime_dashboard_other import (
    CRIME_SPECIAL_OUTCOMES,
    CrimeDashboardOtherAdapter,
    month_runs,
)
from lib.ingest.special_crime import CRIME_SPECIAL, SpecialCrimeAdapter
from lib.schema import conform
from lib.store import Store
from tests.conftest import FIXTURES

TINY = FIXTURES / "crime" / "dashboard_other" / "other_borough.csv"
OLDER = FIXTURES / "crime" / "special" / "hate_special.csv"
REAL = "crime/other/mps_monthly_crime_dashboard_other_borough_2021-08_to_2025-07.csv"


def _read(*paths: Path, older: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, IngestContext]:
    ctx = IngestContext(source_dir=paths[0].parent)
    if older is not None:
        ctx.tables.update(SpecialCrimeAdapter().read([older], ctx))
    out = CrimeDashboardOtherAdapter().read(list(paths), ctx)
    return (conform(out["crime_special"], CRIME_SPECIAL),
            conform(out["crime_special_outcomes"], CRIME_SPECIAL_OUTCOMES), ctx)


def _series(t: pd.DataFrame, area: str, minor: str) -> dict[str, int]:
    rows = t[(t["area_name"] == area) & (t["minor"] == minor)]
    return {str(k): int(v) for k, v in rows.set_index("month")["count"].items()}


def test_recognised_by_header_and_by_no_other_adapter(tmp_path: Path) -> None:
    renamed = tmp_path / "MPS_MonthlyCrimeDashboard_Other (3).csv"
    renamed.write_bytes(TINY.read_bytes())
    head = sniff_head(renamed)
    assert CrimeDashboardOtherAdapter().recognises(renamed, head)
    assert not CrimeAdapter().recognises(renamed, head)
    assert not SpecialCrimeAdapter().recognises(renamed, head)
    for p in [OLDER, *(FIXTURES / "crime" / "good").glob("*.csv")]:
        assert not CrimeDashboardOtherAdapter().recognises(p, sniff_head(p)), p.name


def test_offences_under_the_older_names_outcomes_apart_and_omitted_zeros_written() -> None:
    special, outcomes, ctx = _read(TINY)
    # the older file's names (lib/reference/crime_dashboard_other_names.csv); 'Racist Crime' has none
    assert set(special["minor"]) == {"Racist and Religious Hate Crime", "Transgender Hate", "Racist Crime",
                                     "Knife Crime With Injury"}
    assert set(special.groupby("minor")["major"].first().items()) == {
        ("Racist and Religious Hate Crime", "Hate"), ("Transgender Hate", "Hate"), ("Racist Crime", "Hate"),
        ("Knife Crime With Injury", "Special")}
    assert _series(special, "Enfield", "Racist and Religious Hate Crime") == {"2021-08": 40, "2021-09": 45}
    assert _series(outcomes, "Enfield", "Racist and Religious Hate Crime") == {"2021-08": 6, "2021-09": 0}
    assert _series(outcomes, "Barnet", "Racist and Religious Hate Crime") == {"2021-08": 0, "2021-09": 4}
    # zeros the file leaves out: every borough, month and series of the file
    assert _series(special, "Enfield", "Transgender Hate") == {"2021-08": 2, "2021-09": 0}
    assert _series(special, "Barnet", "Knife Crime With Injury") == {"2021-08": 0, "2021-09": 9}
    assert _series(special, "Croydon", "Racist Crime") == {"2021-08": 0, "2021-09": 0}
    boroughs = special[special["area_kind"] == "borough"]
    assert len(boroughs) == 4 * 2 * 32 and len(outcomes) == 1 * 2 * 32
    # the published counts are all there, once: offences 40+2+37+30+1+3+45+41+35+9, outcomes 6+4
    assert special["count"].sum() == 243 and outcomes["count"].sum() == 10
    # non-borough rows: kept, no borough code, in the London total (40 + 30 + 1 + 3 in August)
    other = special[special["area_kind"] != "borough"].set_index("area_name")
    assert other["area_kind"].to_dict() == {"Other / NK": "unknown",
                                            "Aviation Security (SO18) (Legacy Only)": "airports"}
    assert other["borough_code"].isna().all()
    aug = special[(special["month"] == "2021-08") & (special["minor"] == "Racist and Religious Hate Crime")]
    assert aug["count"].sum() == 74
    assert ctx.notes["crime_special_months"] == "2021-08..2021-09"
    assert ctx.notes["crime_special_outcomes_months"] == "2021-08..2021-09"
    assert ctx.warnings == []


def test_continues_the_older_file_and_says_the_gap() -> None:
    special, _, ctx = _read(TINY, older=OLDER)
    assert ctx.notes["crime_special_months"] == "2014-01..2014-03, 2021-08..2021-09"
    assert _series(special, "Enfield", "Racist and Religious Hate Crime") == {
        "2014-01": 20, "2014-02": 25, "2014-03": 30, "2021-08": 40, "2021-09": 45}
    assert not special.duplicated(["month", "area_name", "major", "minor"]).any()


def test_month_runs_split_at_every_missing_month() -> None:
    assert month_runs(["2021-05", "2021-04", "2021-08", "2021-09", "2021-11"]) == (
        "2021-04..2021-05, 2021-08..2021-09, 2021-11..2021-11")


def _edit(tmp_path: Path, line: int, field: str, value: str) -> Path:
    rows = list(csv.reader(TINY.read_text().splitlines()))
    rows[line - 1][rows[0].index(field)] = value
    bad = tmp_path / "other.csv"
    bad.write_text("\n".join(",".join(r) for r in rows) + "\n")
    return bad


@pytest.mark.parametrize(
    ("line", "field", "value", "words"),
    [
        (3, "count", "1.5", "not a whole number"),
        (3, "count", "x", "not a number"),
        (3, "count", "-2", "negative"),
        (4, "month_year", "2021-08", "YYYY-MM-01"),
        (4, "month_year", "2021-08-15", "YYYY-MM-01"),
        (5, "measure", "Arrests", "unknown measure 'Arrests'"),
        (6, "area_name", "Atlantis", "unknown area"),
        (6, "area_name", "City of London", "City of London Police"),
        (6, "area_code", "E09000010", "is not Barnet's"),
    ],
)
def test_bad_rows_name_file_row_and_column(tmp_path: Path, line, field, value, words) -> None:
    with pytest.raises(IngestError) as e:
        _read(_edit(tmp_path, line, field, value))
    assert e.value.row == line and e.value.column == field and words in str(e.value)
    assert "other.csv" in str(e.value)


def test_a_row_twice_is_an_error_and_an_overlap_with_the_older_file_too(tmp_path: Path) -> None:
    lines = TINY.read_text().splitlines()
    twice = tmp_path / "twice.csv"
    twice.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(IngestError, match="appears twice") as e:
        _read(twice)
    assert e.value.row == len(lines) + 1
    older = tmp_path / "older.csv"  # the older file's layout, for the months of the tiny sheet
    older.write_text("Borough,MajorText,MinorText,202108\nEnfield,Hate,Racist and Religious Hate Crime,40\n")
    with pytest.raises(IngestError, match="must not share months"):
        _read(TINY, older=older)


def test_unlisted_subtypes_are_kept_as_published_with_a_warning_and_other_rows_skipped(tmp_path: Path) -> None:
    rows = TINY.read_text().splitlines()
    rows.append(rows[1].replace("Racist and Religious Crime", "Sexual orientation").replace(",40,", ",7,"))
    rows.append(rows[1].replace(",Borough,", ",SNT,"))
    f = tmp_path / "other.csv"
    f.write_text("\n".join(rows) + "\n")
    special, _, ctx = _read(f)
    assert _series(special, "Enfield", "Sexual orientation") == {"2021-08": 7, "2021-09": 0}
    assert set(special[special["minor"] == "Sexual orientation"]["major"]) == {"Hate crime"}
    assert any("'Hate crime' / 'Sexual orientation' is not in lib/reference" in w for w in ctx.warnings)
    assert any("1 row(s) with area_type 'SNT' not read" in w for w in ctx.warnings)
    assert special["count"].sum() == 243 + 7


# --- the real file ------------------------------------------------------------------------------------


def _real_rows(shared_data: Path) -> list[dict[str, str]]:
    with open(shared_data / REAL, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_real_file_offences_and_outcomes_add_up_apart(real_store: Path, shared_data: Path) -> None:
    """Sums of the published rows, worked out here with the csv module, against the store's tables."""
    rows = _real_rows(shared_data)
    by_measure = Counter()
    for r in rows:
        by_measure[r["measure"]] += int(r["count"])
    store = Store(real_store)
    special = store.table("crime_special")
    outcomes = store.table("crime_special_outcomes")
    assert special[special["month"] >= "2021-08"]["count"].sum() == by_measure["Offences"] == 4_753_121
    assert outcomes["count"].sum() == by_measure["Positive Outcomes"] == 423_533
    assert store.manifest["notes"]["crime_special_months"] == "2010-04..2021-05, 2021-08..2025-07"
    assert store.manifest["notes"]["crime_special_outcomes_months"] == "2021-08..2025-07"
    # Enfield's racist and religious hate crime, 12 months to July 2025, by hand from the file
    hand = sum(int(r["count"]) for r in rows if r["area_name"] == "Enfield" and r["measure"] == "Offences"
               and r["crime_subtype"] == "Racist and Religious Crime"
               and "2024-08-01" <= r["month_year"] <= "2025-07-01")
    enfield = special[(special["borough_name"] == "Enfield") & (special["minor"] == "Racist and Religious Hate Crime")]
    assert enfield[enfield["month"].between("2024-08", "2025-07")]["count"].sum() == hand > 0
    # the zeros written: every borough has all 48 months of every flag, the older file's 134 before them
    per = special[special["area_kind"] == "borough"].groupby(["minor", "borough_code"])["month"].nunique()
    assert per.loc["Anti-Semitic"].eq(134 + 48).all() and per.loc["Racist Crime"].eq(48).all()
    # no outcomes among the offences: Enfield's August 2021 domestic abuse, each measure in its own table
    da = {r["measure"]: int(r["count"]) for r in rows if r["area_name"] == "Enfield"
          and r["month_year"] == "2021-08-01" and r["crime_subtype"] == "Domestic Abuse"}
    pick = {}
    for name, t in (("Offences", special), ("Positive Outcomes", outcomes)):
        pick[name] = t[(t["borough_name"] == "Enfield") & (t["month"] == "2021-08")
                       & (t["minor"] == "Domestic Abuse")]["count"].tolist()
    assert pick == {"Offences": [da["Offences"]], "Positive Outcomes": [da["Positive Outcomes"]]}
    assert da["Offences"] != da["Positive Outcomes"]


def test_the_stale_ingestignore_line_is_a_warning_and_the_file_is_read(real_store: Path, shared_data: Path) -> None:
    """shared/data is read-only and its .ingestignore still lists the Other sheet: the ingest reads the file
    anyway, and says so among the warnings (exit 0: the store was written)."""
    assert REAL in (shared_data / ".ingestignore").read_text()
    store = Store(real_store)
    assert {s["path"]: s["adapter"] for s in store.manifest["sources"]}[REAL] == "crime_dashboard_other"
    assert f"{REAL} is read by crime_dashboard_other although .ingestignore line 2 ignores it: remove that line" \
        in store.manifest["warnings"]
    assert REAL not in {i["path"] for i in store.manifest["ignored"]}
