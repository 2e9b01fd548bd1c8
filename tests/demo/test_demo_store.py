"""The shipped demonstration store: complete, labelled, and exactly what the generator makes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.ingest import all_schemas
from lib.store import DEFAULT_STORE, Store


@pytest.mark.slow  # generating the whole store takes about 15 s on two cores
def test_shipped_store_is_what_the_generator_writes(tmp_path: Path):
    """Byte for byte: the generator, run now, writes the shipped files (made on another day), so it is
    deterministic as well as current (and every test's ``demo_store``, a copy of the shipped files, is what
    it makes). Where bytes differ, the frames are compared to say how."""
    from lib.demo import build_demo

    demo_store = tmp_path / "demo"
    build_demo(demo_store)
    shipped, fresh = Store(DEFAULT_STORE), Store(demo_store)
    assert shipped.is_demo and fresh.is_demo
    assert set(shipped.manifest["tables"]) == set(fresh.manifest["tables"])
    differ = [name for name in fresh.manifest["tables"]
              if (demo_store / f"{name}.parquet").read_bytes() != (DEFAULT_STORE / f"{name}.parquet").read_bytes()]
    for name in differ:
        a, b = shipped.table(name), fresh.table(name)
        if "geometry" in a.columns:
            assert a.geometry.geom_equals_exact(b.geometry, tolerance=1e-9).all(), name
            a, b = a.drop(columns="geometry"), b.drop(columns="geometry")
        pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b), obj=name)
    assert differ == [], f"same values, different bytes: {differ}"


def test_demo_store_has_every_table_the_pages_need(demo_store: Path):
    tables = set(Store(demo_store).manifest["tables"])
    assert tables == set(all_schemas()), set(all_schemas()) ^ tables
