"""``python -m lib.cli complaints``: JSON and CSV output, and exit code 2 for unanswerable requests."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lib import cli
from lib.ingest import run_ingest

FIXTURE = Path(__file__).parents[1] / "fixtures" / "complaints" / "enfield_pack"


@pytest.fixture(scope="module")
def enfield_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("cmd") / "store"
    run_ingest(FIXTURE, dest)
    return dest


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_gives_the_enfield_pack_figures(enfield_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["complaints", "--store", str(enfield_store), "--borough", "Enfield", "--to", "2015-09"]
    code, out, _ = _run(args, capsys)
    assert code == 0
    p = json.loads(out)
    assert p["borough"] == "Enfield"
    assert p["period"] == {"start": "2014-10", "end": "2015-09"}
    assert p["previous_period"] == {"start": "2013-10", "end": "2014-09"}
    assert (p["allegations"], p["previous"]) == (496, 455)
    assert round(p["pct_change"]) == 9
    assert p["per_100_workforce"] == 36.5
    assert p["finalised_outcomes"] == 491
    assert p["demonstration_data"] is False
    types = {i["name"]: i for i in p["by_type"]}
    assert set(types["Failures in Duty"]) == {"name", "count", "share", "pct_change"}
    assert types["Failures in Duty"]["count"] == 263
    assert round(types["Failures in Duty"]["share"]) == 53
    assert round(types["Oppressive Behaviour"]["pct_change"]) == 33
    outcomes = {i["name"]: i for i in p["by_outcome"]}
    assert outcomes["No Case to Answer"]["count"] == 339
    assert round(outcomes["No Case to Answer"]["share"], 1) == 69.0
    assert round(outcomes["Disapplication"]["share"], 1) == 8.8
    assert round(outcomes["Case to Answer"]["share"], 1) == 1.2
    assert outcomes["Not yet finalised"]["share"] is None


def test_defaults_are_london_and_the_latest_month(
    enfield_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["complaints", "--store", str(enfield_store)], capsys)
    assert code == 0
    p = json.loads(out)
    assert p["borough"] == "London"
    assert p["period"]["end"] == "2015-09"
    assert p["allegations"] == 496  # the fixture holds Enfield only: London is the sum of boroughs


def test_csv_has_one_line_per_category(enfield_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["complaints", "--store", str(enfield_store), "--borough", "enfield", "--format", "csv"]
    code, out, _ = _run(args, capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 7 + 7
    assert {r["pct_change"] for r in rows} == {"9.01"}
    assert {r["allegations"] for r in rows} == {"496"}
    fid = next(r for r in rows if r["category"] == "Failures in Duty")
    assert (fid["breakdown"], fid["category_count"]) == ("allegation_type", "263")
    assert fid["category_pct_change"] == "19.0"
    nyf = next(r for r in rows if r["category"] == "Not yet finalised")
    assert (nyf["breakdown"], nyf["category_share"]) == ("outcome", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--borough", "Gotham"], "borough: 'Gotham' is not an area"),
        (["--borough", "City of London"], "City of London Police"),
        (["--to", "2016-01"], "a month from 2014-09 to 2015-09"),
        (["--to", "2014-08"], "a month from 2014-09"),
        (["--to", "Sept"], "not a month"),
    ],
)
def test_unanswerable_requests_exit_2(
    enfield_store: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _run(["complaints", "--store", str(enfield_store), *args], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and message in err


def test_store_without_complaints_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from lib.store import write_store

    write_store(tmp_path / "empty", {}, {}, {"kind": "official"})
    code, _, err = _run(["complaints", "--store", str(tmp_path / "empty")], capsys)
    assert code == 2
    assert "no table 'complaints_allegations'" in err


def test_missing_store_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["complaints", "--store", str(tmp_path / "nowhere")], capsys)
    assert code == 2
    assert "is not a store" in err
