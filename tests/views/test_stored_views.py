"""The crime page's opening answer stored at ingest (lib/views/stored_views.py) is the answer the page works out,
field for field, for every area; it is read only for exactly its keys and by the code that wrote it, and a cold
crime dataset reads the series only when an answer needs it (issue 22 item 6)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import pandas as pd
import pytest

from lib.metrics import crime_series as cs
from lib.metrics.population import AS_PUBLISHED, CURRENT
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, mps_boroughs
from lib.reference.categories import MOPAC7
from lib.store import Store
from lib.views import crime as views
from lib.views import stored_views as sv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(real_store):
    return Store(real_store)


@pytest.fixture(scope="module")
def computed(store):
    """Every area's opening view worked out from the tables, by a dataset held without its store."""
    data = views.crime_dataset(store, None)
    data = replace(data, frame=data.series, store=None)
    to = data.months[-1]
    shared = views.crime_indicator_areas(views.crime_areas(data, to, "r12", CURRENT), MOPAC7)
    return to, {code: views.crime_area_view(shared, code, name) for code, name in sv.opening_areas()}


def _same(a: views.CrimeView, b: views.CrimeView) -> None:
    for f in fields(views.CrimeView):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y, check_exact=True, obj=f.name)
            for c in x.columns[[pd.api.types.is_object_dtype(t) for t in x.dtypes]]:  # None stays None
                assert list(map(type, x[c])) == list(map(type, y[c])), (f.name, c)
        else:
            assert x == y, f.name


def test_every_area_is_stored_for_the_newest_month(store, computed):
    to, _ = computed
    keys = store.table(sv.VIEWS_TABLE)[list(sv.KEYS)].drop_duplicates()
    assert len(keys) == 33 == len(mps_boroughs()) + 1
    assert set(keys["area_code"]) == {b.code for b in mps_boroughs()} | {LONDON_CODE}
    assert keys.loc[keys["area_code"] == LONDON_CODE, "area_name"].tolist() == [LONDON_NAME]
    assert set(keys["to"]) == {to} == {"2026-02"}  # the borough release to February 2026
    assert set(keys["basis"]) == {CURRENT} and set(keys["indicator"]) == {MOPAC7}
    assert set(keys["release"]) == {sv.NEWEST} and set(keys["code"]) == {sv.code_digest()}


def test_the_stored_view_is_the_view_worked_out_for_every_area(store, computed):
    to, want = computed
    for code, name in sv.opening_areas():
        got = sv.stored_view(store, None, to, CURRENT, code, name, MOPAC7)
        assert got is not None, name
        _same(got, want[code])
    # a hand check of one figure beside the comparison: Enfield's MOPAC 7 count in the 12 months is the sum of
    # the stored series' 12 monthly counts
    s = views.stored_series(store)
    months = [m for m in sorted(s["month"].unique()) if "2025-03" <= m <= to]
    rows = s[(s["area_code"] == "E09000010") & (s["kind"] == cs.KIND_INDICATOR) & (s["indicator"] == MOPAC7)]
    enfield = sv.stored_view(store, None, to, CURRENT, "E09000010", "Enfield", MOPAC7)
    year = next(h for h in enfield.headlines if h.kind == "r12")
    assert len(months) == 12 and year.current == rows[rows["month"].isin(months)]["count"].sum()


@pytest.mark.parametrize("change", [
    {"release": "2026-02"}, {"to": "2026-01"}, {"basis": AS_PUBLISHED}, {"indicator": "Burglary (Residential)"},
    {"area": "enfield"}, {"code": "E09000009"},
])
def test_only_exactly_its_keys_read_a_stored_view(store, computed, change):
    to, _ = computed
    asked = {"release": None, "to": to, "basis": CURRENT, "code": "E09000010", "area": "Enfield",
             "indicator": MOPAC7} | change
    assert sv.stored_view(store, asked["release"], asked["to"], asked["basis"], asked["code"], asked["area"],
                          asked["indicator"]) is None


def test_other_code_never_reads_a_stored_view(store, computed, monkeypatch):
    to, _ = computed
    assert sv.stored_view(store, None, to, CURRENT, "E09000010", "Enfield", MOPAC7) is not None
    assert sv.written_by_this_code(store)  # what the benchmarks check before timing (benchmarks/stored.py)
    monkeypatch.setattr(sv, "code_digest", lambda: "another version of the code")
    assert sv.stored_view(store, None, to, CURRENT, "E09000010", "Enfield", MOPAC7) is None
    assert not sv.written_by_this_code(store)


def test_a_store_without_stored_answers_is_not_written_by_this_code(demo_store):
    assert not Store(demo_store).has(sv.VIEWS_TABLE) and not sv.written_by_this_code(Store(demo_store))


def test_a_stored_view_missing_a_field_is_refused(store, computed):
    to, _ = computed
    wanted = dict(zip(sv.KEYS, (sv.code_digest(), sv.NEWEST, to, "r12", CURRENT, MOPAC7, "E09000010", "Enfield"),
                      strict=True))
    rows = store.rows(sv.VIEWS_TABLE, wanted)
    assert len(rows) == len(fields(views.CrimeView))
    with pytest.raises(ValueError, match="not the view's"):
        sv.decode(rows[rows["field"] != "trend"])


def test_a_cold_dataset_reads_the_series_only_when_an_answer_needs_it(store):
    data = views.crime_dataset(store, None)
    assert "series" not in vars(data)  # months and crime types from three of the series' columns
    assert views.series_index(data.series) == (data.months, data.indicators)
    assert data.months[0] == "2008-01" and data.months[-1] == "2026-02" and MOPAC7 in data.indicators


def test_the_code_digest_covers_every_module_a_view_imports():
    """A stored view is keyed by the files of lib.views and the layers below it (VIEW_LAYERS): every lib module
    that importing the views loads must be one of them, or a change to it could leave a stale answer in use."""
    out = subprocess.run(
        [sys.executable, "-c", "import sys, lib.views.crime, lib.views.stored_views, lib.views.answers; "
         "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'lib'))"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    lib = ROOT / "lib"
    outside = [f for f in out if Path(f).relative_to(lib).parts[0] not in sv.VIEW_LAYERS]
    assert out and outside == []
