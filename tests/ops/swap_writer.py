"""The store writes of the kill test (tests/ops/test_store_swap.py), importable by a child process
without the test module's imports (Streamlit's AppTest via tests.helpers costs seconds a child)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from lib.schema import Column, TableSchema
from lib.store import FAULT_ENV, write_store

SCHEMA = TableSchema("counts", "Test counts.", "hand-made", (Column("month", "str", "month"),
                                                             Column("count", "int", "count")))


def write_here(dest: Path, version: int, versioned: bool) -> None:
    df = pd.DataFrame({"month": ["2015-01", "2015-02"], "count": [version, 7]})
    write_store(dest, {"counts": df}, {"counts": SCHEMA}, {"kind": "official", "version": str(version)},
                versioned=versioned)


def write_child(dest: str, version: int, versioned: bool, fault: str | None) -> None:
    """In a child process: write ``version`` with the fault armed (os._exit(137) at that step)."""
    os.environ.pop(FAULT_ENV, None)
    if fault:
        os.environ[FAULT_ENV] = fault
    write_here(Path(dest), version, versioned)
