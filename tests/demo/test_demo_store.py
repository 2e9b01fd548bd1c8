"""The shipped demonstration store: complete, labelled, and exactly what the generator makes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.ingest import all_schemas
from lib.store import DEFAULT_STORE, Store


def test_shipped_store_is_what_the_generator_writes(demo_store: Path):
    shipped, fresh = Store(DEFAULT_STORE), Store(demo_store)
    assert shipped.is_demo and fresh.is_demo
    assert set(shipped.manifest["tables"]) == set(fresh.manifest["tables"])
    for name in fresh.manifest["tables"]:
        a, b = shipped.table(name), fresh.table(name)
        if "geometry" in a.columns:
            assert a.geometry.geom_equals_exact(b.geometry, tolerance=1e-9).all(), name
            a, b = a.drop(columns="geometry"), b.drop(columns="geometry")
        pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b), obj=name)


def test_demo_store_has_every_table_the_pages_need(demo_store: Path):
    tables = set(Store(demo_store).manifest["tables"])
    assert tables == set(all_schemas()), set(all_schemas()) ^ tables


def test_regenerating_gives_identical_tables(demo_store: Path, tmp_path: Path):
    from lib.demo import build_demo

    build_demo(tmp_path / "again")
    for p in sorted(demo_store.glob("*.parquet")):
        assert p.read_bytes() == (tmp_path / "again" / p.name).read_bytes(), p.name
