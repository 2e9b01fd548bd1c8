"""The store: schemas are enforced and writes are atomic."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from lib.schema import Column, SchemaError, TableSchema, conform
from lib.store import Store, StoreError, write_store

SCHEMA = TableSchema(
    "counts", "Test counts.", "hand-made",
    (Column("month", "str", "month"), Column("count", "int", "count"), Column("note", "str", "note", True)),
)


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_write_and_read_back(tmp_path):
    df = pd.DataFrame({"month": ["2015-01", "2015-02"], "count": [3, 4], "note": ["a", None], "extra": [1, 2]})
    write_store(tmp_path / "s", {"counts": df}, {"counts": SCHEMA}, {"kind": "official"})
    store = Store(tmp_path / "s")
    back = store.table("counts")
    assert list(back.columns) == ["month", "count", "note"]
    assert back["count"].tolist() == [3, 4]
    assert store.manifest["tables"]["counts"] == {
        "rows": 2, "columns": ["month", "count", "note"], "months": ["2015-01", "2015-02"]}
    assert not store.is_demo


def test_failed_write_leaves_previous_store_byte_for_byte(tmp_path):
    good = pd.DataFrame({"month": ["2015-01"], "count": [3], "note": ["x"]})
    write_store(tmp_path / "s", {"counts": good}, {"counts": SCHEMA}, {"kind": "official"})
    before = _hashes(tmp_path / "s")
    bad = pd.DataFrame({"month": [None], "count": [1], "note": ["x"]})
    with pytest.raises(SchemaError):
        write_store(tmp_path / "s", {"counts": bad}, {"counts": SCHEMA}, {"kind": "official"})
    assert _hashes(tmp_path / "s") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]  # no temporary folders left behind


def test_conform_rejects_missing_columns_and_undeclared_tables(tmp_path):
    with pytest.raises(SchemaError):
        conform(pd.DataFrame({"month": ["2015-01"]}), SCHEMA)
    with pytest.raises(StoreError):
        write_store(tmp_path / "s", {"other": pd.DataFrame()}, {"counts": SCHEMA}, {})


def test_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="not a store"):
        Store(tmp_path)


EXTRA = TableSchema("totals", "Test totals.", "hand-made", (Column("total", "int", "sum of counts"),))


def test_finishing_tables_come_from_the_new_store_before_it_goes_live(tmp_path):
    """``finish`` sees the new store as written (not the old one) and its tables land in the same atomic write."""
    old = pd.DataFrame({"month": ["2015-01"], "count": [1], "note": ["x"]})
    write_store(tmp_path / "s", {"counts": old}, {"counts": SCHEMA}, {"kind": "official"}, versioned=True)
    seen = []

    def finish(new: Store):
        seen.append(new.folder)
        return {"totals": pd.DataFrame({"total": [int(new.table("counts")["count"].sum())]})}, {"totals": EXTRA}

    df = pd.DataFrame({"month": ["2015-01", "2015-02"], "count": [3, 4], "note": ["a", None]})
    write_store(tmp_path / "s", {"counts": df}, {"counts": SCHEMA}, {"kind": "official"}, finish=finish)
    store = Store(tmp_path / "s")
    assert store.table("totals")["total"].tolist() == [7]  # 3 + 4: the new counts, not the old
    assert seen[0] != store.folder and seen[0].name.endswith(".partial")  # read before the switch
    assert store.manifest["tables"]["totals"] == {"rows": 1, "columns": ["total"]}
    assert store.manifest["finished_tables"] == ["totals"]  # never counted as a loss by the next ingest


@pytest.mark.parametrize("extra", [
    ({"counts": pd.DataFrame({"total": [1]})}, {"counts": EXTRA}),  # would overwrite a stored table
    ({"totals": pd.DataFrame({"total": [1]})}, {}),  # no schema
])
def test_finishing_tables_that_clash_or_lack_a_schema_leave_the_store_as_it_was(tmp_path, extra):
    old = pd.DataFrame({"month": ["2015-01"], "count": [1], "note": ["x"]})
    write_store(tmp_path / "s", {"counts": old}, {"counts": SCHEMA}, {"kind": "official"})
    before = _hashes(tmp_path / "s")
    with pytest.raises(StoreError, match="clash|schema"):
        write_store(tmp_path / "s", {"counts": old}, {"counts": SCHEMA}, {"kind": "official"},
                    finish=lambda new: extra)
    assert _hashes(tmp_path / "s") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def test_rows_and_categories_read_part_of_a_table(tmp_path):
    df = pd.DataFrame({"month": ["2015-01", "2015-02", "2015-02"], "count": [3, 4, 5], "note": ["a", "b", None]})
    write_store(tmp_path / "s", {"counts": df}, {"counts": SCHEMA}, {"kind": "official"})
    store = Store(tmp_path / "s")
    assert store.rows("counts", {"month": "2015-02"})["count"].tolist() == [4, 5]
    assert store.rows("counts", {"month": "2015-02", "note": "b"})["count"].tolist() == [4]
    assert store.rows("counts", {"month": "2016-01"}).empty
    got = store.categories("counts", ["month"])
    assert list(got.columns) == ["month"] and isinstance(got["month"].dtype, pd.CategoricalDtype)
    assert got["month"].astype(str).tolist() == ["2015-01", "2015-02", "2015-02"]
    with pytest.raises(StoreError, match="no table"):
        store.rows("missing", {"month": "2015-01"})
