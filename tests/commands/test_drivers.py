"""``python -m lib.cli drivers`` on the real store, checked against pandas sums of the published CSVs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lib.cli import main
from lib.commands.drivers import drivers_payload, revisions_payload
from lib.metrics.crime_performance import area_table
from lib.reference.boroughs import LONDON_CODE
from lib.store import Store
from lib.views.crime import crime_dataset

ROOT = Path(__file__).resolve().parents[2]
HISTORICAL = "crime/borough/mps_borough_crime_historical_2010-04_to_2023-11.csv"  # release 2025-11
WARD_HISTORICAL = "crime/ward/mps_ward_crime_historical_2010-04_to_2024-02.csv"
ROBBERY = ["ROBBERY OF BUSINESS PROPERTY", "ROBBERY OF PERSONAL PROPERTY"]  # Robbery (Total), by hand


def _cols(first: int, last: int) -> list[str]:
    """Month columns YYYYMM of one calendar year (first..last inclusive)."""
    return [str(m) for m in range(first, last + 1)]


def _split(df: pd.DataFrame, key: str, prev: list[str], cur: list[str]) -> pd.DataFrame:
    g = pd.DataFrame({"previous": df[prev].sum(axis=1), "current": df[cur].sum(axis=1), key: df[key]})
    g = g.groupby(key)[["previous", "current"]].sum()
    g = g[(g["previous"] != 0) | (g["current"] != 0)]
    return g.assign(contribution=g["current"] - g["previous"])


@pytest.fixture(scope="module")
def enfield_robbery(real_store):
    return drivers_payload(Store(real_store), "Enfield", "Robbery (Total)", "2022-12")


def test_a_borough_s_categories_and_wards_equal_pandas_sums_of_the_csvs(enfield_robbery, shared_data):
    d = enfield_robbery
    prev, cur = _cols(202101, 202112), _cols(202201, 202212)  # none of these months is in a newer release
    b = pd.read_csv(shared_data / HISTORICAL)
    b = b[(b["BoroughName"] == "Enfield") & b["MinorText"].isin(ROBBERY)]
    want = _split(b, "MinorText", prev, cur)
    got = pd.DataFrame(d["categories"]).set_index("category")[["previous", "current", "contribution"]]
    pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_names=False, check_dtype=False)
    assert d["change"] == sum(c["contribution"] for c in d["categories"]) == want["contribution"].sum()
    w = pd.read_csv(shared_data / WARD_HISTORICAL)
    w = w[(w["LookUp_BoroughName"] == "Enfield") & w["MinorText"].isin(ROBBERY)]
    wards = _split(w, "WardName", prev, cur)
    got_w = pd.DataFrame(d["wards"]).set_index("ward")[["previous", "current", "contribution"]]
    pd.testing.assert_frame_equal(got_w.sort_index(), wards.sort_index(), check_names=False, check_dtype=False)
    assert d["wards_change"] == wards["contribution"].sum()
    sizes = [abs(r["contribution"]) for r in d["categories"]]
    assert sizes == sorted(sizes, reverse=True)
    sizes = [abs(r["contribution"]) for r in d["wards"]]
    assert sizes == sorted(sizes, reverse=True)


def test_the_change_is_the_crime_page_s(enfield_robbery, real_store):
    at = area_table(crime_dataset(Store(real_store)).series, None, "Robbery (Total)", "2022-12")
    row = at[at["area_name"] == "Enfield"].iloc[0]
    d = enfield_robbery
    assert (d["previous"], d["current"], d["change"]) == (row["previous"], row["current"],
                                                          row["current"] - row["previous"])


def test_london_total_notifiable_offences_across_the_burglary_recode(real_store, shared_data):
    d = drivers_payload(Store(real_store), "London", "TNO", "2023-06")
    prev, cur = _cols(202107, 202112) + _cols(202201, 202206), _cols(202207, 202212) + _cols(202301, 202306)
    b = pd.read_csv(shared_data / HISTORICAL)  # every row: 32 boroughs, airports and 'Unknown'; no NFIB fraud
    assert "NFIB FRAUD" not in set(b["MajorText"])
    want = _split(b, "MinorText", prev, cur)
    got = pd.DataFrame(d["categories"]).set_index("category")[["previous", "current", "contribution"]]
    pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_names=False, check_dtype=False)
    assert d["change"] == want["contribution"].sum()
    at = area_table(crime_dataset(Store(real_store)).series, None, "Total Notifiable Offences", "2023-06")
    lon = at[at["area_code"] == LONDON_CODE].iloc[0]
    assert d["change"] == lon["current"] - lon["previous"]
    w = pd.read_csv(shared_data / WARD_HISTORICAL)
    w = w[w["LookUp_BoroughName"] != "Aviation Security (SO18)"]  # the wards of the 32 boroughs
    wards = _split(w, "WardCode", prev, cur)
    assert len(d["wards"]) == len(wards) and d["wards_change"] == wards["contribution"].sum()
    assert [n["month"] for n in d["notes"]] == ["2023-04"]  # residential burglary recoded in the period
    recoded = {r["category"] for r in d["categories"] if r["crime_type"] == "residential burglary"}
    assert {"DOMESTIC BURGLARY", "RES BURGLARY OF A HOME"} <= recoded
    top = max((r for r in d["wards"] if r["previous"] >= 10 and r["current"] >= 10),
              key=lambda r: r["contribution"] * (1 if d["change"] > 0 else -1))
    assert f"in {top['ward']} ({top['borough']}) (" in d["sentence"]


def test_the_ward_file_s_empty_march_2024_gives_no_ward_split(real_store):
    d = drivers_payload(Store(real_store), "Enfield", "Total Notifiable Offences", "2025-12")
    assert d["wards"] == [] and d["wards_change"] is None
    assert "the ward file is incomplete in March 2024" in d["sentence"]
    assert d["change"] == sum(c["contribution"] for c in d["categories"])


AREAS = "London (or MPS, E12000007) or one of the 32 boroughs the Met polices"


@pytest.mark.parametrize(("args", "sentence"), [
    (["--borough", "Narnia", "--indicator", "MOPAC 7", "--to", "2022-12"],
     f"borough: 'Narnia' is not an area: {AREAS}"),
    (["--borough", "City of London", "--indicator", "MOPAC 7", "--to", "2022-12"],
     f"borough: 'City of London' is policed by the City of London Police, not the Met: {AREAS}"),
    (["--borough", "Enfield", "--indicator", "Knitting", "--to", "2022-12"],
     "indicator: 'Knitting' is not a crime category in the data: one of Total Notifiable Offences"),
    (["--borough", "Enfield", "--indicator", "MOPAC 7", "--to", "2022-13"], "to: '2022-13' is not a month"),
    (["--borough", "Enfield", "--indicator", "MOPAC 7", "--to", "2031-01"],
     "to: '2031-01' is outside the months ending 24 months of the data: a month from 2009-12 to 2026-02"),
    # the 24 months must all be in the pinned release: its first 23 months are not a --to
    (["--borough", "Enfield", "--indicator", "MOPAC 7", "--to", "2025-11", "--release", "2025-12"],
     "to: '2025-11' is outside the months ending 24 months of release 2025-12: a month from 2025-12\n"),
    (["--borough", "Enfield", "--indicator", "MOPAC 7", "--to", "2022-12", "--release", "2019-01"],
     "release: '2019-01' is not a release in the store: 'newest' or one of 2016-12, 2025-11, 2025-12, 2026-02"),
])
def test_bad_input_is_one_line_and_exit_2(real_store, capsys, args, sentence):
    assert main(["drivers", "--store", str(real_store), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: " + sentence) and err.count("\n") == 1, err


def test_the_command_runs_as_a_program(real_store):
    r = subprocess.run([sys.executable, "-m", "lib.cli", "drivers", "--store", str(real_store), "--borough",
                        "Nowhere", "--indicator", "MOPAC 7", "--to", "2022-12"], cwd=ROOT, capture_output=True,
                       text=True)
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr


def test_revisions_payload_for_one_borough(real_store, shared_data):
    d = revisions_payload(Store(real_store), "Enfield")
    assert (d["from_release"], d["to_release"], d["area"]) == ("2025-12", "2026-02", "Enfield")
    dec = next(m for m in d["totals"]["months"] if m["month"] == "2025-12")
    by_hand = [int(pd.read_csv(shared_data / f).query("BoroughName == 'Enfield'")["202512"].sum()) for f in (
        "crime/borough/mps_borough_crime_recent24_2024-01_to_2025-12.csv",
        "crime/borough/mps_borough_crime_recent24_2024-03_to_2026-02.csv")]
    assert [dec["before"], dec["after"]] == by_hand
    assert all(r["area"] == "Enfield" for r in d["revisions"]) and d["notes"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["--from-release", "2025-12"], "give both --from-release and --to-release"),
    (["--from-release", "2016-12", "--to-release", "2026-02"], "share no months"),
    (["--from-release", "2025-12", "--to-release", "2025-12"], "both 2025-12"),
    (["--from-release", "2019-01", "--to-release", "2026-02"],
     "from-release: '2019-01' is not a release in the store: 'newest' or one of 2016-12, 2025-11, 2025-12, 2026-02"),
    (["--from-release", "2019-1", "--to-release", "2026-02"], "from-release: '2019-1' is not a release"),
    (["--borough", "Narnia"], "borough: 'Narnia' is not an area: London (or MPS, E12000007)"),
])
def test_revisions_bad_input_is_one_line_and_exit_2(real_store, capsys, args, message):
    assert main(["revisions", "--store", str(real_store), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
