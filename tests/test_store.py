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
