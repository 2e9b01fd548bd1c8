"""The stop-search and disproportionality commands: JSON/CSV output and errors (exit 2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from lib.cli import main
from lib.ingest.stop_search import STOP_SEARCH, STOP_SEARCH_RATES_GOV
from lib.schema import Column, TableSchema
from lib.store import write_store
from tests.ingest.test_ingest_stop_search import FIX, read_police

POP_SCHEMA = TableSchema("population_ethnicity", "test", "test", (
    Column("borough_code", "str", ""), Column("borough_name", "str", ""), Column("scheme", "str", ""),
    Column("group", "str", ""), Column("population", "int", ""),
))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    searches, _ = read_police([FIX / "police_uk_small.csv"])
    pop = pd.DataFrame({
        "borough_code": ["E09000010"] * 4, "borough_name": ["Enfield"] * 4, "scheme": ["search4"] * 4,
        "group": ["White", "Black", "Asian", "Other"], "population": [1000, 500, 400, 100],
    })
    dest = tmp_path_factory.mktemp("ss") / "store"
    write_store(dest, {"stop_search": searches, "population_ethnicity": pop},
                {"stop_search": STOP_SEARCH, "population_ethnicity": POP_SCHEMA,
                 "stop_search_rates_gov": STOP_SEARCH_RATES_GOV}, {"kind": "official"})
    return dest


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_stop_search_borough_json(store, capsys):
    code, out, _ = run(capsys, "stop-search", "--store", str(store), "--borough", "Enfield",
                       "--from", "2018-06", "--to", "2018-07")
    assert code == 0
    data = json.loads(out)
    # Enfield squares: the 31 May 23:30 UTC search (June in London) and the 30 June 23:30 UTC one (July)
    assert data["searches"] == 2 and data["arrests"] == 1 and data["arrest_rate"] == 0.5
    assert data["unlocated"] is None
    eth = {r["group"]: r for r in data["ethnicity"]}
    assert eth["White"]["searches"] == 2 and eth["White"]["population"] == 1000
    assert eth["White"]["rate_per_1000"] == 2.0 and eth["White"]["disproportionality"] == 1.0
    assert eth["Black"]["disproportionality"] == 0.0


def test_stop_search_london_counts_unlocated_and_csv(store, capsys):
    code, out, _ = run(capsys, "stop-search", "--store", str(store), "--borough", "London",
                       "--from", "2018-06", "--to", "2018-06")
    data = json.loads(out)
    assert code == 0 and data["searches"] == 5 and data["unlocated"] == 1
    assert data["weapons_share"] == pytest.approx(3 / 5)  # offensive weapons, firearms, s60 object
    code, out, _ = run(capsys, "stop-search", "--store", str(store), "--borough", "London",
                       "--from", "2018-06", "--to", "2018-06", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["group"] for r in rows] == ["White", "Black", "Asian", "Other", "Not recorded"]
    assert rows[0]["total_searches"] == "5" and rows[1]["searches"] == "1"


@pytest.mark.parametrize(("argv", "message"), [
    (["--borough", "Narnia", "--from", "2018-06", "--to", "2018-06"], "borough: 'Narnia' is not an area"),
    (["--borough", "City of London", "--from", "2018-06", "--to", "2018-06"], "policed by the City of London Police"),
    (["--borough", "Enfield", "--from", "2015-01", "--to", "2015-02"], "'2015-01' is outside the stop and search"),
    (["--borough", "Enfield", "--from", "June", "--to", "2018-06"], "not a month"),
    (["--borough", "Enfield", "--from", "2018-07", "--to", "2018-06"], "ends before"),
])
def test_stop_search_errors_exit_2(store, capsys, argv, message):
    code, _, err = run(capsys, "stop-search", "--store", str(store), *argv)
    assert code == 2 and message in err


def test_disproportionality_from_the_pack(capsys):
    code, out, _ = run(capsys, "disproportionality", "--counts", "White=191,Black=148,Asian=29,Other=3",
                       "--population", "White=190640,Black=60923,Asian=36494,Other=24409")
    assert code == 0
    groups = {g["group"]: g for g in json.loads(out)["groups"]}
    assert groups["Black"]["disproportionality_2dp"] == 2.42
    assert groups["Asian"]["disproportionality_2dp"] == 0.79
    assert groups["Other"]["disproportionality_2dp"] == 0.12
    assert groups["White"]["population"] == 190640
    code, out, _ = run(capsys, "disproportionality", "--counts", "White=191,Black=148,Not recorded=1",
                       "--population", "White=190640,Black=60923", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["group"] for r in rows] == ["White", "Black", "Not recorded"]
    assert float(rows[2]["share_of_searches"]) == pytest.approx(1 / 340)


@pytest.mark.parametrize(("counts", "population", "message"), [
    ("White=1,Purple=2", "White=10", "counts: 'Purple' is not a group"),
    ("White=x", "White=10", "not a number"),
    ("White=1", "Black=10", "White population"),
    ("White=1,Black=2", "White=10", "does not"),
    ("White=-1", "White=10", "counts White: '-1' is out of range: a number from 0"),
    ("White", "White=10", "GROUP=NUMBER"),
])
def test_disproportionality_errors(capsys, counts, population, message):
    code, _, err = run(capsys, "disproportionality", "--counts", counts, "--population", population)
    assert code == 2 and message in err


def test_stop_search_census_option_and_intervals(capsys, real_store):
    """--census 2021 divides by Census 2021 populations; every ratio carries its 95% interval."""
    code = main(["stop-search", "--store", str(real_store), "--borough", "Enfield", "--from", "2018-04",
                 "--to", "2019-02", "--census", "2021"])
    d = json.loads(capsys.readouterr().out)
    assert code == 0 and d["census"] == 2021
    black = next(r for r in d["ethnicity"] if r["group"] == "Black")
    assert black["population"] != 60923  # not the Census 2011 figure
    assert black["ratio_low"] < black["disproportionality"] < black["ratio_high"]


@pytest.mark.parametrize("area", ["London", "Enfield", "Hackney"])
def test_the_command_prints_the_page_views_summary(demo_store, capsys, area):
    """stop-search works out only the figures it prints (lib.views.stop_search.area_summary), not the page's
    tables, map and 32-borough comparison; they are the page view's summary, field for field."""
    from lib import choices
    from lib.store import Store
    from lib.views.stop_search import period_choices, stop_search_view

    months, first, last = period_choices(Store(demo_store))
    code, out, _ = run(capsys, "stop-search", "--store", str(demo_store), "--borough", area, "--from", first,
                       "--to", last, "--census", "2021")
    assert code == 0
    printed = json.loads(out)
    view = stop_search_view(Store(demo_store), choices.area(area).code, first, last, 2021).summary
    keep = set(printed["ethnicity"][0])
    expected = {**view, "ethnicity": [{k: r[k] for k in keep} for r in view["ethnicity"]]}
    # JSON's form of the view's values: a missing value (NaN, as for 'Not recorded''s population) is null
    expected = json.loads(json.dumps(expected, default=float), parse_constant=lambda _: None)
    assert printed["searches"] > 0 and expected == printed
