"""Command line: ``comparator`` and ``confidence`` on a store of the real PAS files and on the demo store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lib.cli import main
from lib.store import write_store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_comparator_json(capsys, pas_store: Path) -> None:
    code, out, _ = run(capsys, "comparator", "--store", str(pas_store), "--neighbourhood", "Newham - East")
    assert code == 0
    data = json.loads(out)
    assert data["neighbourhood"] == "Newham - East"
    assert data["group"] == 7
    assert len(data["members"]) == 13 and "Waltham Forest - Central" in data["members"]
    good = next(m for m in data["measures"] if m["measure"] == "good_job")
    assert good == {"measure": "good_job", "value": 0.7, "rank": 2, "group_size": 13, "group_best": 0.71,
                    "group_worst": 0.55, "group_median": 0.67}
    assert len(data["measures"]) == 18


def test_comparator_csv(capsys, pas_store: Path) -> None:
    code, out, _ = run(capsys, "comparator", "--store", str(pas_store), "--neighbourhood", "KF-KE", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 18
    assert rows[0]["neighbourhood"] == "Newham - East" and rows[0]["rank"] == "2"


def test_confidence_json(capsys, pas_store: Path) -> None:
    code, out, _ = run(capsys, "confidence", "--store", str(pas_store), "--borough", "Haringey", "--to", "2015-12")
    assert code == 0
    data = json.loads(out)
    assert data["borough"] == "Haringey" and data["to"] == "2015-12"
    assert data["sample_assumption"]["interviews_per_year"] == 400
    good = next(m for m in data["measures"] if m["measure"] == "good_job")
    assert (good["value"], good["mps_value"]) == (0.54, 0.67)
    assert good["ci_low"] == pytest.approx(0.4910, abs=1e-3) and good["ci_high"] == pytest.approx(0.5883, abs=1e-3)
    assert good["change"]["year_earlier"] == "2014-12"
    assert good["change"]["points"] == pytest.approx(-12.0)
    assert good["change"]["significant"] is True
    assert good["change"]["verdict"] == "a real fall"


def test_confidence_enfield_pack_and_csv(capsys, pas_store: Path) -> None:
    code, out, _ = run(capsys, "confidence", "--store", str(pas_store), "--borough", "enfield", "--to", "2015-09",
                       "--format", "csv")
    assert code == 0
    rows = {r["measure"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["good_job"]["value"] == "0.59" and rows["good_job"]["mps_value"] == "0.67"
    assert rows["good_job"]["change_significant"] == ""  # no figure for September 2014


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["comparator", "--neighbourhood", "Gotham - Central"], "'Gotham - Central' is not a neighbourhood"),
        (["confidence", "--borough", "Gotham"], "borough: 'Gotham' is not an area"),
        (["confidence", "--borough", "City of London"], "policed by the City of London Police"),
        (["confidence", "--borough", "Enfield", "--to", "2030-12"], "'2030-12' is not a quarter in the Public"),
        (["confidence", "--borough", "Enfield", "--to", "2015-08"], "to: '2015-08' is not a quarter"),
        (["confidence", "--borough", "Enfield", "--to", "September"], "not a month"),
        (["confidence", "--borough", "Enfield", "--sample", "0"], "'0' is out of range: a whole number from 50"),
    ],
)
def test_usage_errors_exit_2(capsys, pas_store: Path, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, argv[0], "--store", str(pas_store), *argv[1:])
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert out == ""


def test_store_without_pas_tables(capsys, tmp_path: Path) -> None:
    write_store(tmp_path / "s", {}, {}, {"kind": "official"})
    code, _, err = run(capsys, "comparator", "--store", str(tmp_path / "s"), "--neighbourhood", "x")
    assert code == 2 and "no table 'pas_neighbourhood'" in err


def test_commands_on_demo_store(capsys, demo_store: Path) -> None:
    code, out, _ = run(capsys, "confidence", "--store", str(demo_store), "--borough", "London")
    assert code == 0
    data = json.loads(out)
    assert data["to"] == "2025-12" and data["sample_assumption"]["interviews_per_year"] == 12800
    assert len(data["measures"]) == 8
    code, out, _ = run(capsys, "comparator", "--store", str(demo_store), "--neighbourhood", "Enfield - North (demo)")
    assert code == 0
    assert json.loads(out)["group_name"].startswith("Group ")


@pytest.mark.parametrize("area", ["London", "Enfield", "Hackney"])
def test_the_command_prints_the_page_views_figures(demo_store: Path, capsys, area: str) -> None:
    """confidence works out only the figures it prints (lib.views.confidence.confidence_summary), not the page's
    trend, ranking, map, drivers and similar boroughs; they are the page view's, measure for measure."""
    from lib import choices
    from lib.store import Store
    from lib.views.confidence import confidence_view

    code, out, _ = run(capsys, "confidence", "--store", str(demo_store), "--borough", area)
    assert code == 0
    printed = json.loads(out)
    view = confidence_view(Store(demo_store), choices.area(area).code)
    expected = json.loads(json.dumps(view.report(), default=float), parse_constant=lambda _: None)
    assert printed["to"] == view.quarter and len(printed["measures"]) >= 5 and printed["measures"] == expected
