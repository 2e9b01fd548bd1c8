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


def test_missing_values_of_every_kind_are_null_and_numpy_numbers_are_numbers():
    """pd.NA (the string and nullable dtypes' missing value), NaT, numpy scalars and infinities: the JSON
    encoder raised 'Object of type NAType is not JSON serializable' on the first, and CSV printed '<NA>'."""
    import numpy as np
    import pandas as pd

    payload = {"na": pd.NA, "nat": pd.NaT, "i": np.int64(840), "f": np.float64(2.5), "inf": float("-inf"),
               "b": np.bool_(True), "when": pd.Timestamp("2015-09-01"),
               "rows": [{"releases": pd.array([None], dtype="string")[0], "n": pd.array([3], dtype="Int64")[0]}]}
    out = io.StringIO()
    emit(payload, "json", stream=out)
    assert json.loads(out.getvalue()) == {"na": None, "nat": None, "i": 840, "f": 2.5, "inf": None, "b": True,
                                          "when": "2015-09-01T00:00:00", "rows": [{"releases": None, "n": 3}]}
    out = io.StringIO()
    emit(payload, "csv", rows_key="rows", stream=out)
    assert "<NA>" not in out.getvalue() and "NaT" not in out.getvalue()
    assert out.getvalue().splitlines()[1] == ",,840,2.5,,True,2015-09-01T00:00:00,,3"


def test_a_question_that_prints_no_document_imports_no_printing_module():
    """``python -m lib.cli crime-summary`` in a fresh interpreter answers without importing Altair, vl-convert,
    WeasyPrint or lib.report (the pack and challenge commands import them when they make a document: 0.4-0.7 s of
    every command's start before); the answer is Enfield's MOPAC 7 count from the demonstration store."""
    import subprocess
    import sys
    from pathlib import Path

    import pandas as pd

    root = Path(__file__).resolve().parents[2]
    script = """import json, sys, io, contextlib
from lib.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["crime-summary", "--store", "data/demo", "--borough", "Enfield", "--to", "2025-06"])
print(json.dumps([code, out.getvalue(), [m for m in ("altair", "vl_convert", "weasyprint", "lib.report", "lib.pack")
                                         if m in sys.modules]]))"""
    run = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=300,
                         check=True)
    code, printed, heavy = json.loads(run.stdout.strip().splitlines()[-1])
    assert code == 0 and heavy == []
    rows = {r["indicator"]: r for r in json.loads(printed)["rows"]}
    # a hand count: Enfield's Total Notifiable Offences in the stored series, July 2024 to June 2025
    s = pd.read_parquet(root / "data" / "demo" / "crime_series.parquet")
    mine = s[(s["area_code"] == "E09000010") & (s["kind"] == "indicator")
             & (s["indicator"] == "Total Notifiable Offences") & s["month"].between("2024-07", "2025-06")]
    assert len(mine) == 12 and rows["Total Notifiable Offences"]["current"] == int(mine["count"].sum())
