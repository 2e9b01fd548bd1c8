"""JSON and CSV output of the command line."""

import io
import json

from lib.commands.common import emit


def test_json_numbers_stay_numbers_and_nan_becomes_null():
    out = io.StringIO()
    emit({"a": 1, "b": float("nan"), "c": [{"x": 1.5}]}, "json", stream=out)
    assert json.loads(out.getvalue()) == {"a": 1, "b": None, "c": [{"x": 1.5}]}


def test_csv_repeats_scalars_and_flattens_objects():
    out = io.StringIO()
    payload = {"borough": "Enfield", "period": {"from": "2014-10", "to": "2015-09"},
               "rows": [{"indicator": "Burglary (Total)", "current": 2830}, {"indicator": "MOPAC 7", "current": 11413}]}
    emit(payload, "csv", rows_key="rows", stream=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "borough,period_from,period_to,indicator,current"
    assert lines[1] == "Enfield,2014-10,2015-09,Burglary (Total),2830"
    assert len(lines) == 3
