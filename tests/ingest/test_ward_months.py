"""The ward file's incomplete months found at ingest (lib.metrics.ward_months, recorded by lib/ingest/derived.py):
a hand-made ward file with one thin month at the threshold's edge, and the real files' March 2024."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.crime import CrimeAdapter
from lib.ingest.derived import derived_tables
from lib.metrics.ward_months import WARD_MONTHS_NOTE, check_rule
from lib.reference.ward_file import WARD_MONTH_MIN_SHARE
from lib.schema import conform
from lib.store import Store

MONTHS = ["202401", "202402", "202403", "202404", "202405"]
WARD_FILE = "crime/ward/mps_ward_crime_recent_2024-03_to_2026-03.csv"


def _write(folder: Path, thin: int) -> None:
    """Borough file: Enfield 600 and Barnet 400 residential burglaries (a TNO category) every month, and an
    'Unknown' row of 5,000 in 2024-03 (a non-borough row: in neither side's total). Ward file: two Enfield
    wards and a Barnet ward holding all 1,000 every month except 2024-03, where they hold ``thin`` in all;
    and an Aviation Security (SO18) row of 5,000 every month (non-borough: also left out)."""
    (folder / "crime").mkdir()
    head = "MajorText,MinorText,BoroughName," + ",".join(MONTHS)
    burglary = "BURGLARY,RES BURGLARY OF A HOME"
    (folder / "crime" / "borough_2024-01_to_2024-05.csv").write_text("\n".join([
        head,
        f"{burglary},Enfield," + ",".join(["600"] * 5),
        f"{burglary},Barnet," + ",".join(["400"] * 5),
        f"{burglary},Unknown,0,0,5000,0,0",
    ]) + "\n", encoding="utf-8")
    arnos, bowes = thin // 2, thin // 4

    def row(ward: str, code: str, borough: str, usual: int, in_march: int) -> str:
        return f"{burglary},{ward},{code},{borough}," + ",".join(
            str(in_march if m == "202403" else usual) for m in MONTHS)

    (folder / "crime" / "ward_2024-01_to_2024-05.csv").write_text("\n".join([
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName," + ",".join(MONTHS),
        row("Arnos Grove", "E05013672", "Enfield", 300, arnos),
        row("Bowes", "E05013673", "Enfield", 300, bowes),
        row("Barnet Vale", "E05013628", "Barnet", 400, thin - arnos - bowes),
        row("Heathrow Villages", "E05013570", "Aviation Security (SO18)", 5000, 5000),
    ]) + "\n", encoding="utf-8")


def _ingest(folder: Path) -> tuple[dict[str, object], list[str]]:
    """The crime adapter then the derived step, as run_ingest does: the notes and the warnings."""
    adapter = CrimeAdapter()
    paths = sorted(p for p in folder.rglob("*.csv") if adapter.recognises(p, sniff_head(p)))
    ctx = IngestContext(source_dir=folder)
    out = adapter.read(paths, ctx)
    tables = {t.name: conform(out[t.name], t) for t in adapter.tables}
    warnings: list[str] = []
    _, notes = derived_tables(tables, warn=warnings.append)
    return notes, warnings


@pytest.mark.parametrize(("thin", "incomplete"), [(499, True), (500, False), (501, False)])
def test_a_thin_month_at_the_edge_of_the_share(tmp_path: Path, thin: int, incomplete: bool):
    """The boroughs hold 1,000 a month (Enfield and Barnet; the Unknown row's 5,000 is not a borough) and
    the share is 50%: 499 in the wards is incomplete, 500 (exactly half) and 501 are not."""
    assert WARD_MONTH_MIN_SHARE == 0.5
    _write(tmp_path, thin)
    notes, warnings = _ingest(tmp_path)
    record = notes[WARD_MONTHS_NOTE]
    assert record["rule"] == check_rule()
    if incomplete:
        assert record["incomplete"] == {"2024-05": {"2024-03": [499, 1000]}}
        assert warnings == [
            "ward file crime/ward_2024-01_to_2024-05.csv: 2024-03 holds 499 offences against 1,000 in the borough "
            "files (49.9%; Total Notifiable Offences, the 32 boroughs): an incomplete month (under 50%); no ward "
            "figures for periods that include it"]
    else:
        assert record["incomplete"] == {} and warnings == []


def test_a_ward_month_the_borough_files_lack_cannot_be_checked(tmp_path: Path):
    _write(tmp_path, 1000)
    borough = tmp_path / "crime" / "borough_2024-01_to_2024-05.csv"
    lines = borough.read_text(encoding="utf-8").splitlines()
    borough.write_text("\n".join(",".join(line.split(",")[:-2]) for line in lines) + "\n", encoding="utf-8")
    notes, warnings = _ingest(tmp_path)  # the borough file now ends in 2024-03
    assert notes[WARD_MONTHS_NOTE]["incomplete"] == {}
    assert warnings == ["ward file crime/ward_2024-01_to_2024-05.csv: April 2024 to May 2024 cannot be checked for "
                        "completeness: the borough files do not cover it"]


def test_the_real_ward_files_march_2024_is_incomplete(real_store: Path, shared_data: Path):
    """March 2024 of the recent ward file: 47 offences in its rows (all of them TNO categories, all in
    borough wards), against the 32 boroughs' TNO in the borough file to February 2026 (its default release).
    Both sides summed here from the CSVs; every other checked month is complete. The ward file's March
    2026 is after the borough files' last month, so it cannot be checked and the report says so."""
    store = Store(real_store)
    ward = pd.read_csv(shared_data / WARD_FILE)
    assert ward["202403"].sum() == 47
    assert ward.loc[ward["LookUp_BoroughName"] == "Aviation Security (SO18)", "202403"].sum() == 0
    borough = pd.read_csv(shared_data / "crime/borough/mps_borough_crime_recent24_2024-03_to_2026-02.csv")
    from lib.reference.categories import TNO, members

    tno = set(members("current", TNO))
    boroughs = borough[~borough["BoroughName"].isin(["London Heathrow and London City Airports", "Unknown",
                                                     "Aviation Security (SO18)"])]
    in_tno = [(a, b) in tno for a, b in zip(boroughs["MajorText"], boroughs["MinorText"], strict=True)]
    assert boroughs.loc[in_tno, "202403"].sum() == 75507
    assert store.manifest["notes"][WARD_MONTHS_NOTE] == {"rule": check_rule(),
                                                           "incomplete": {"2026-03": {"2024-03": [47, 75507]}}}
    warnings = [w for w in store.manifest["warnings"] if w.startswith("ward file")]
    assert warnings == [
        f"ward file {WARD_FILE}: 2024-03 holds 47 offences against 75,507 in the borough files (0.1%; Total "
        "Notifiable Offences, the 32 boroughs): an incomplete month (under 50%); no ward figures for periods "
        "that include it",
        f"ward file {WARD_FILE}: March 2026 cannot be checked for completeness: the borough files do not cover it",
    ]
