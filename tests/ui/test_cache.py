"""The UI store reads each table once per store version and hands out copies a view cannot spoil."""

from pathlib import Path

import pandas as pd

from lib.store import Store
from lib.ui import cache

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def test_cached_store_reads_a_table_once_and_copies_are_independent():
    store = cache._load_store(str(DEMO), cache.store_stamp(DEMO))
    assert isinstance(store, cache.CachedStore)
    first = store.table("population")
    second = store.table("population")
    shared = cache._folder_table(str(store.folder), cache.store_stamp(store.folder), "population")
    assert shared is cache._folder_table(str(store.folder), cache.store_stamp(store.folder), "population")
    assert first is not second and first is not shared
    pd.testing.assert_frame_equal(first, Store(DEMO).table("population"))
    first["extra"] = 1  # a view adding a column changes its own copy only
    first.loc[first.index[0], "population"] = -1
    assert "extra" not in second.columns and "extra" not in shared.columns
    assert (shared["population"] >= 0).all() and (second["population"] >= 0).all()
    assert cache.table(store, "population") is shared  # the page's read-only frame: one object per version


def test_sessions_arriving_together_work_an_answer_out_once():
    """Two sessions asking for the same derived answer at once: one works it out, the other waits for it."""
    import threading
    import time

    source = pd.DataFrame({"a": [1, 2, 3]})
    calls: list[int] = []

    def slow_total(df: pd.DataFrame, k: int) -> int:
        calls.append(k)
        time.sleep(0.3)
        return int(df["a"].sum()) * k

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.derived(slow_total, source, 2))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [12, 12, 12]
    assert calls == [2]
    assert cache.derived(slow_total, source, 3) == 18 and calls == [2, 3]  # another argument: its own answer


def test_a_table_fingerprint_follows_its_content() -> None:
    """The same content gives the same fingerprint whatever the object; any change of a value, a column
    name, a type or the index gives another; a cell that cannot be pickled falls back to hashing rows."""
    from lib.ui.cache import _fingerprint

    def table() -> pd.DataFrame:
        return pd.DataFrame({"area": pd.array(["Enfield", None], dtype="string"), "rate": [1.5, float("nan")]})

    base = _fingerprint(table())
    assert _fingerprint(table()) == base
    changed = [table().assign(rate=[1.5, 2.0]), table().rename(columns={"rate": "value"}),
               table().astype({"rate": "float32"}), table().set_axis([1, 2]), table().iloc[:1]]
    assert len({base, *map(_fingerprint, changed)}) == 1 + len(changed)
    odd = pd.DataFrame({"f": [lambda: 1, lambda: 2]})  # lambdas cannot be pickled
    assert _fingerprint(odd) != _fingerprint(odd.iloc[:1])
