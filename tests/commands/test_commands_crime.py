"""The crime-summary and target commands on the real crime files: JSON keys, CSV, errors (exit 2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lib.cli import main


@pytest.fixture(scope="module")
def crime_store(real_store: Path) -> Path:
    """The run's real store (every file of ../shared/data, ingested once for the whole run): its crime tables are
    the crime folder's, as a store of that folder alone would hold them (one ingest less, about 15 CPU-s)."""
    return real_store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_crime_summary_json_enfield_pack(capsys, crime_store):
    code, out, _ = run(capsys, "crime-summary", "--store", str(crime_store), "--borough", "Enfield",
                       "--to", "2015-09", "--release", "2016-12")
    assert code == 0
    d = json.loads(out)
    assert d["borough"] == "Enfield"
    assert d["period"] == {"from": "2014-10", "to": "2015-09"}
    assert d["previous"] == {"from": "2013-10", "to": "2014-09"}
    rows = {r["indicator"]: r for r in d["rows"] if r["kind"] == "indicator"}
    for key in ("indicator", "current", "previous", "pct_change", "mps_pct_change", "rate_per_1000", "rank",
                "msg_rank", "rag"):
        assert key in rows["Burglary (Total)"]
    assert rows["Burglary (Total)"]["current"] == 2830 and rows["Burglary (Total)"]["previous"] == 3210
    assert isinstance(rows["Burglary (Total)"]["pct_change"], float)
    assert rows["Robbery (Total)"]["current"] == 883
    assert rows["Robbery (Total)"]["rag"] == "red"  # +8.9% while the MPS fell 8.0%
    names = [r["indicator"] for r in d["rows"]]
    # the pack's Figure 1 lines first, in its order (a line's published breakdown, if any, right under it)
    lines = [r["indicator"] for r in d["rows"] if r["kind"] == "indicator"]
    assert lines[:9] == ["Total Notifiable Offences", "Violence with Injury", "Robbery (Total)",
                         "Burglary (Total)", "Theft From Person", "Theft/Taking Of Motor Vehicle",
                         "Theft From Motor Vehicle", "Criminal Damage", "MOPAC 7"]
    assert "Common Assault" in names  # published minor categories too
    assert "Burglary in a Dwelling" not in names  # ... but not one that repeats an indicator (Burglary (Residential))
    assert d["releases_used"] == ["2016-12"]


def test_crime_summary_default_release_and_csv(capsys, crime_store):
    code, out, _ = run(capsys, "crime-summary", "--store", str(crime_store), "--borough", "enfield",
                       "--to", "2015-09", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    burg = next(r for r in rows if r["indicator"] == "Burglary (Total)" and r["kind"] == "indicator")
    assert burg["current"] == "2816"  # newest release revises 2,830 to 2,816
    assert burg["borough"] == "Enfield" and burg["period_to"] == "2015-09"


def test_target_json_transcript(capsys, crime_store):
    code, out, _ = run(capsys, "target", "--store", str(crime_store), "--baseline", "2011-04:2012-03",
                       "--to", "2015-02", "--release", "2016-12")
    assert code == 0
    d = json.loads(out)
    assert d["london"]["baseline"] == 410193 and d["london"]["current"] == 329118
    assert round(d["london"]["pct_change"], 1) == -19.8
    assert d["meeting_target"] == 16 and d["total"] == 32
    b = {r["borough"]: r for r in d["boroughs"]}
    assert set(b["Merton"]) == {"borough", "baseline", "current", "pct_change", "meets_target"}
    assert b["Merton"]["meets_target"] is False and b["Kingston upon Thames"]["meets_target"] is True


def test_target_options_and_csv(capsys, crime_store):
    code, out, _ = run(capsys, "target", "--store", str(crime_store), "--baseline", "2011/12", "--to", "2015-02",
                       "--reduction", "15", "--category", "Burglary (Total)", "--release", "2016-12",
                       "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 32
    assert rows[0]["category"] == "Burglary (Total)" and rows[0]["reduction"] == "15.0"
    assert int(rows[0]["meeting_target"]) >= 16


@pytest.mark.parametrize(
    "argv, message",
    [
        (["crime-summary", "--borough", "Narnia", "--to", "2015-09"], "borough: 'Narnia' is not an area"),
        (["crime-summary", "--borough", "City of London", "--to", "2015-09"], "policed by the City of London Police"),
        (["crime-summary", "--borough", "Enfield", "--to", "2030-01"], "outside"),
        (["crime-summary", "--borough", "Enfield", "--to", "Sept 2015"], "not a month"),
        (["crime-summary", "--borough", "Enfield", "--to", "2015-09", "--release", "2019-01"], "not a release in"),
        (["target", "--baseline", "2011-04-2012", "--to", "2015-02"], "not a period"),
        (["target", "--baseline", "2012-03:2011-04", "--to", "2015-02"], "ends before it starts"),
        (["target", "--baseline", "2011/12", "--to", "2017-02", "--release", "2016-12"], "is outside release 2016-12"),
        (["target", "--baseline", "2011/12", "--to", "2015-02", "--category", "Nonsense"], "'Nonsense' is not a crime"),
    ],
)
def test_errors_are_one_line_exit_2(capsys, crime_store, argv, message):
    code, out, err = run(capsys, *argv[:1], "--store", str(crime_store), *argv[1:])
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1
