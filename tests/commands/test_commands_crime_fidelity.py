"""crime-summary with issue 13's fields on the whole real store: hate and special crime rows,
change_test fields, the population basis and figure beside every rate, --population, --help."""

from __future__ import annotations

import csv
import io
import json

import pytest

from lib.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_crime_summary_special_rows_change_test_and_population(capsys, real_store):
    code, out, _ = run(capsys, "crime-summary", "--store", str(real_store), "--borough", "Enfield",
                       "--to", "2015-09", "--release", "2016-12")
    assert code == 0
    d = json.loads(out)
    assert d["population_choice"] == "as_published"
    assert "summer of N+1" in d["population_rule"] and "not iQuanta" not in d["population_rule"]
    assert "iQuanta" in d["similar_group"] and "April 2010 to May 2021" in d["special_crime"]
    special = {r["indicator"]: r for r in d["rows"] if r["kind"] == "special"}
    kwi = special["Knife Crime with Injury"]
    assert (kwi["previous"], kwi["current"]) == (147, 112)
    assert kwi["change_test"]["words"] == "a real fall" and kwi["change_test"]["real"] is True
    assert kwi["change_test"]["method"] == "poisson_sqrt"
    assert kwi["change_test"]["statistic"] == pytest.approx(2 * (112**0.5 - 147**0.5))
    assert special["Homophobic Crime"]["current"] == 23
    tno = next(r for r in d["rows"] if r["indicator"] == "Total Notifiable Offences")
    assert tno["population"] == 324_600 and "mid-2014" in tno["population_basis"]
    assert tno["rate_per_1000"] == pytest.approx(tno["current"] / 324_600 * 1000)
    assert tno["mps_rate_per_1000"] > 0 and "rate_basis" in tno  # keys added, none renamed


def test_crime_summary_population_option_and_csv_flattening(capsys, real_store, shared_data):
    code, out, _ = run(capsys, "crime-summary", "--store", str(real_store), "--borough", "Enfield",
                       "--to", "2022-09", "--population", "current", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    hate = next(r for r in rows if r["indicator"] == "Racist & Religious Hate Crime")
    # the older file stops in May 2021 and the Monthly Crime Dashboard starts in August 2021: the year to
    # September 2022 is the newer file's (summed here from it), the year before touches the gap and says so
    with open(shared_data / "crime/other/mps_monthly_crime_dashboard_other_borough_2021-08_to_2025-07.csv",
              encoding="utf-8-sig", newline="") as fh:
        want = sum(int(r["count"]) for r in csv.DictReader(fh) if r["area_name"] == "Enfield"
                   and r["crime_subtype"] == "Racist and Religious Crime" and r["measure"] == "Offences"
                   and "2021-10-01" <= r["month_year"] <= "2022-09-01")
    assert float(hate["current"]) == want > 0
    assert hate["note"] == "no figures for this period: no file covers June 2021 to July 2021"
    tno = next(r for r in rows if r["indicator"] == "Total Notifiable Offences")
    assert "current series" in tno["population_basis"]
    assert tno["change_test_words"] in {"a real fall", "a real rise", "within normal variation"}


def test_crime_summary_bad_population_and_help(capsys, real_store):
    code, _, err = run(capsys, "crime-summary", "--store", str(real_store), "--borough", "Enfield",
                       "--to", "2015-09", "--population", "nonsense")
    assert code == 2 and "population basis" in err
    with pytest.raises(SystemExit):
        main(["crime-summary", "--help"])
    text = capsys.readouterr().out
    assert "--population" in text and "summer of N+1" in " ".join(text.split())
