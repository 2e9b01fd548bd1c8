"""The one cache (lib/ui/cache.py): Streamlit's own caches keyed by explicit arguments.

The same arguments give the same answer (the shared object, worked out once), different arguments their own
answer, a rewritten store a fresh one, and a cached answer equals the uncached view function's.
"""

import os
import shutil
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from lib.reference.boroughs import find_borough
from lib.reference.categories import MOPAC7
from lib.store import MANIFEST, Store
from lib.ui import cache, charts
from lib.views import crime as crime_views

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def _demo() -> cache.CachedStore:
    return cache.CachedStore(DEMO)


def test_a_table_is_read_once_per_store_version_and_views_get_independent_copies():
    store = _demo()
    shared = cache.table(store, "population")
    assert cache.table(cache.CachedStore(DEMO), "population") is shared  # keyed by folder and stamp, not object
    first, second = store.table("population"), store.table("population")
    assert first is not second and first is not shared
    pd.testing.assert_frame_equal(first, Store(DEMO).table("population"))
    first["extra"] = 1  # a view adding a column changes its own copy only
    first.loc[first.index[0], "population"] = -1
    assert "extra" not in second.columns and "extra" not in shared.columns
    assert (shared["population"] >= 0).all() and (second["population"] >= 0).all()


def test_an_area_view_is_the_view_functions_answer_and_each_area_has_its_own():
    store = _demo()
    data = cache.crime_dataset(store, None)
    to, basis = data.ends[-1], crime_views.population_default(data)
    enfield, barnet = find_borough("Enfield"), find_borough("Barnet")
    a = cache.crime_area_view(store, None, to, basis, enfield.code, enfield.name, MOPAC7)
    assert cache.crime_area_view(store, None, to, basis, enfield.code, enfield.name, MOPAC7) is a  # worked out once
    b = cache.crime_area_view(store, None, to, basis, barnet.code, barnet.name, MOPAC7)
    assert b is not a
    # the cached steps give what the one-call view gives for each area
    for area, view in ((enfield, a), (barnet, b)):
        direct = crime_views.crime_view(crime_views.crime_dataset(Store(DEMO), None), area.code, area.name, to,
                                        MOPAC7, population=basis)
        pd.testing.assert_frame_equal(view.indicator_table, direct.indicator_table)
        assert [h.value_text for h in view.headlines] == [h.value_text for h in direct.headlines]
    assert not a.indicator_table.equals(b.indicator_table)


def test_a_rewritten_store_is_a_new_key(tmp_path):
    folder = tmp_path / "store"
    shutil.copytree(DEMO, folder)
    store = cache.CachedStore(folder)
    before = cache.about_view(store)
    assert cache.about_view(cache.CachedStore(folder)) is before
    stamp = (folder / MANIFEST).stat().st_mtime_ns
    os.utime(folder / MANIFEST, ns=(stamp + 10**9, stamp + 10**9))  # what an ingest's new manifest does
    assert cache.store_key(store) != (str(folder), str(stamp))
    assert cache.about_view(cache.CachedStore(folder)) is not before


def _bars(table: pd.DataFrame) -> alt.Chart:
    return charts.value_bars(table, "c", "v", "Count")


def _other_bars(table: pd.DataFrame) -> alt.Chart:
    return charts.value_bars(table, "c", "v", "Searches")


def test_chart_specs_are_keyed_by_builder_name_and_argument_values_never_by_source_line():
    """Issue 22: the identity memo keyed on a function's source line, so ``derived(lambda o: o.a, v),
    derived(lambda o: o.b, v)`` written on one line returned the first answer twice. Specs are now keyed by the
    builder's dotted name and the arguments' values: two builders on one line each get their own spec, equal
    tables (different objects) share one, and an unnamed builder is refused."""
    t = pd.DataFrame({"c": ["Enfield", "Barnet"], "v": [3.0, 5.0]})
    one, two = cache.chart_spec(_bars, t), cache.chart_spec(_other_bars, t)
    assert one["layer"][0]["encoding"]["x"]["title"] == "Count"
    assert two["layer"][0]["encoding"]["x"]["title"] == "Searches"
    assert cache.chart_spec(_bars, t.copy()) == one  # the same content from another object: the same spec
    changed = cache.chart_spec(_bars, t.assign(v=[3.0, 6.0]))
    assert [r["v"] for r in next(iter(changed["datasets"].values()))] == [3.0, 6.0]
    assert [r["v"] for r in next(iter(one["datasets"].values()))] == [3.0, 5.0]
    with pytest.raises(ValueError, match="module-level"):
        cache.chart_spec(lambda df: _bars(df), t)


def test_a_stores_key_is_its_folder_and_stamp_not_its_contents():
    store = _demo()
    assert cache.store_key(store) == (str(store.folder), str((DEMO / MANIFEST).stat().st_mtime_ns))
    assert cache.store_key(Store(DEMO)) == cache.store_key(store)


def test_a_table_fingerprint_follows_its_content() -> None:
    """Drawn tables are keyed by content: the same content gives the same key whatever the object; any change
    of a value, a column name, a type, the index or the length gives another; a cell that cannot be pickled
    falls back to hashing the rows."""
    def table() -> pd.DataFrame:
        return pd.DataFrame({"area": pd.array(["Enfield", None], dtype="string"), "rate": [1.5, float("nan")]})

    base = cache.table_fingerprint(table())
    assert cache.table_fingerprint(table()) == base
    changed = [table().assign(rate=[1.5, 2.0]), table().rename(columns={"rate": "value"}),
               table().astype({"rate": "float32"}), table().set_axis([1, 2]), table().iloc[:1]]
    assert len({base, *map(cache.table_fingerprint, changed)}) == 1 + len(changed)
    odd = pd.DataFrame({"f": [lambda: 1, lambda: 2]})  # lambdas cannot be pickled
    assert cache.table_fingerprint(odd) != cache.table_fingerprint(odd.iloc[:1])


def test_a_chart_nobody_selects_in_is_drawn_once_and_replayed_with_the_same_spec():
    """A rerun replays the drawn chart (lib.ui.cache.drawn_chart): the page shows the same charts, spec for spec
    and in place, on its first run and every rerun; the same chart under two keys is drawn twice."""
    from streamlit.testing.v1 import AppTest

    script = '''
import pandas as pd
from lib.ui import charts, widgets
t = pd.DataFrame({"c": ["Enfield", "Barnet"], "v": [3.0, 5.0]})
widgets.vega_chart(widgets.chart_spec(charts.value_bars, t, "c", "v", "Count"), key="plain")
widgets.vega_chart(widgets.chart_spec(charts.value_bars, t, "c", "v", "Count"), key="again")
'''
    at = AppTest.from_string(script, default_timeout=120)
    runs = []
    for _ in range(3):
        at.run()
        assert not at.exception
        runs.append([(c.proto.id, c.proto.spec) for c in at.get("vega_lite_chart")])
    assert len(runs[0]) == 2 and runs[0] == runs[1] == runs[2]
    import json

    want = cache.chart_spec(_bars, pd.DataFrame({"c": ["Enfield", "Barnet"], "v": [3.0, 5.0]}))
    drawn = json.loads(runs[0][0][1])
    assert drawn["layer"][0]["encoding"]["x"]["title"] == want["layer"][0]["encoding"]["x"]["title"] == "Count"
