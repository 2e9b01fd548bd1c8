"""The ``unusual`` command and ``target --forecast-to`` on the real store: JSON shape, figures checked
against published counts, and one-line errors naming the option (exit 2)."""

from __future__ import annotations

import json
import math

import pytest

from lib.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def no_nan(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(no_nan(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nan(v) for v in value)
    return True


def test_unusual_for_a_borough_adds_up_to_the_published_year(capsys, real_store):
    # Enfield burglary, October 2014 to September 2015: 2,816 on the newest release, 2,830 as published in
    # the pre-2018-scheme release (shared/data README; the crime-summary tests check the same figures).
    code, out, err = run(capsys, "unusual", "--store", str(real_store), "--borough", "Enfield",
                         "--indicator", "Burglary (Total)", "--from", "2014-10", "--to", "2015-09")
    assert code == 0, err
    d = json.loads(out)
    assert set(d) >= {"method", "months"} and "quasi-Poisson" in d["method"]
    assert [m["month"] for m in d["months"]][:2] == ["2014-10", "2014-11"] and len(d["months"]) == 12
    assert sum(m["count"] for m in d["months"]) == 2816
    for m in d["months"]:
        assert set(m) >= {"month", "count", "expected", "lower", "upper", "flag"}
        assert m["lower"] <= m["expected"] <= m["upper"]
        assert m["flag"] in (None, "high", "low")
        assert m["flag"] == ("high" if m["count"] > m["upper"] else "low" if m["count"] < m["lower"] else None)
    code, out, _ = run(capsys, "unusual", "--store", str(real_store), "--borough", "Enfield", "--indicator",
                       "burglary (total)", "--from", "2014-10", "--to", "2015-09", "--release", "2016-12")
    assert code == 0 and sum(m["count"] for m in json.loads(out)["months"]) == 2830


def test_unusual_for_london_says_why_early_months_have_no_expectation(capsys, real_store):
    code, out, err = run(capsys, "unusual", "--store", str(real_store), "--borough", "London",
                         "--indicator", "MOPAC 7", "--from", "2010-11", "--to", "2011-02")
    assert code == 0, err
    d = json.loads(out)
    assert no_nan(d)
    by = {m["month"]: m for m in d["months"]}
    # The series starts in January 2008: December 2010 has 35 months before it, January 2011 has 36.
    assert by["2010-12"]["expected"] is None and by["2010-12"]["flag"] is None
    assert "needs the 36 months" in by["2010-12"]["reason"]
    assert by["2011-01"]["expected"] is not None and by["2011-01"]["reason"] is None
    assert all(m["count"] > 20_000 for m in d["months"])  # London's MOPAC 7 is tens of thousands a month


@pytest.mark.parametrize(("argv", "sentence"), [
    (("--borough", "Enfield", "--indicator", "Burglaries", "--from", "2015-01", "--to", "2015-06"),
     "indicator: 'Burglaries' is not a crime category in the data: one of Total Notifiable Offences"),
    (("--borough", "Narnia", "--indicator", "MOPAC 7", "--from", "2015-01", "--to", "2015-06"),
     "borough: 'Narnia' is not an area: London (or MPS, E12000007) or one of the 32 boroughs"),
    (("--borough", "Enfield", "--indicator", "MOPAC 7", "--from", "2015-13", "--to", "2015-06"),
     "from: '2015-13' is not a month: a month YYYY-MM in ASCII digits"),
    (("--borough", "Enfield", "--indicator", "MOPAC 7", "--from", "2015-06", "--to", "2015-01"),
     "to: '2015-01' ends before it starts (from 2015-06): give 'to' on or after 'from'"),
    (("--borough", "Enfield", "--indicator", "MOPAC 7", "--from", "2007-12", "--to", "2008-06"),
     "from: '2007-12' is outside the data: a month from 2008-01 to 2026-02"),
    (("--borough", "Enfield", "--indicator", "MOPAC 7", "--from", "2015-01", "--to", "2017-01", "--release",
      "2016-12"), "to: '2017-01' is outside release 2016-12: a month from 2008-01 to 2016-12"),
    (("--borough", "Enfield", "--indicator", "MOPAC 7", "--from", "2015-01", "--to", "2015-06", "--release",
      "2019-01"), "release: '2019-01' is not a release in the store: 'newest' or one of 2016-12, 2025-11"),
])
def test_unusual_refuses_bad_input_in_one_line(capsys, real_store, argv, sentence):
    code, out, err = run(capsys, "unusual", "--store", str(real_store), *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: " + sentence) and err.count("\n") == 1, err


def test_target_forecast_to_the_last_month_is_the_published_change(capsys, real_store):
    # Standing at March 2015 and forecasting the 12 months to March 2015: every month is observed, so the
    # forecast is the tracker's own change, with no spread, for London and every borough.
    code, out, err = run(capsys, "target", "--store", str(real_store), "--baseline", "2011/12", "--to", "2015-03",
                         "--release", "2016-12", "--forecast-to", "2015-03")
    assert code == 0, err
    d = json.loads(out)
    rows = [d["london"], *d["boroughs"]]
    assert len(d["boroughs"]) == 32
    for r in rows:
        f = r["forecast"]
        assert f["to"] == "2015-03"
        assert f["central"] == pytest.approx(r["pct_change"], abs=0.005)
        assert f["interval_80"] == pytest.approx([r["pct_change"]] * 2, abs=0.005)
        assert f["probability_of_target"] == (1 if r.get("meets_target", r["pct_change"] <= -19.95) else 0)


def test_target_forecast_defaults_to_the_end_of_the_financial_year(capsys, real_store):
    # The March 2015 Challenge session: "We are at 19.8% based on February figures" (MOPAC 7, release 2016-12).
    code, out, err = run(capsys, "target", "--store", str(real_store), "--baseline", "2011/12", "--to", "2015-02",
                         "--release", "2016-12", "--forecast-to")
    assert code == 0, err
    d = json.loads(out)
    assert no_nan(d) and "bootstrap" in d["forecast_method"]
    lon = d["london"]
    assert round(lon["pct_change"], 1) == -19.8
    f = lon["forecast"]
    assert f["to"] == "2015-03"
    lo95, hi95 = f["interval_95"]
    lo80, hi80 = f["interval_80"]
    assert lo95 <= lo80 <= f["central"] <= hi80 <= hi95
    assert 0 <= f["probability_of_target"] <= 1
    # One month of twelve to come: the change can move by about a twelfth of a month's share, not more.
    assert hi95 - lo95 < 2.0
    assert all("forecast" in b and b["forecast"]["central"] is not None for b in d["boroughs"])


REACH = "is outside the forecast's reach (--to and the 24 months after it): a month from 2015-02 to 2017-02"


@pytest.mark.parametrize(("value", "words"), [("2015-13", "forecast-to: '2015-13' is not a month: a month YYYY-MM"),
                                              ("٢٠١٥-03", "forecast-to: '٢٠١٥-03' is not a month"),
                                              ("2014-12", f"forecast-to: '2014-12' {REACH}"),
                                              ("2019-01", f"forecast-to: '2019-01' {REACH}")])
def test_target_forecast_refuses_bad_months(capsys, real_store, value, words):
    code, out, err = run(capsys, "target", "--store", str(real_store), "--baseline", "2011/12", "--to", "2015-02",
                         "--forecast-to", value)
    assert code == 2 and out == "" and err.startswith("error: " + words) and err.count("\n") == 1, err
