"""The store swap survives kill -9 at any step (issue 14): the store path always opens as the old or
the new store, and the next write cleans what the killed one left.

The kill is injected, not timed: ``POLICING_STORE_FAULT=<step>`` makes write_store call os._exit at
that step (lib/store.WRITE_STEPS), in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lib.schema import Column, TableSchema
from lib.store import FAULT_ENV, WRITE_STEPS, Store, write_store
from tests.helpers import store_hashes

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = TableSchema("counts", "Test counts.", "hand-made", (Column("month", "str", "month"),
                                                             Column("count", "int", "count")))
WRITER = """
import sys, pandas as pd
from lib.schema import Column, TableSchema
from lib.store import write_store
schema = TableSchema("counts", "Test counts.", "hand-made", (Column("month", "str", "month"),
                                                              Column("count", "int", "count")))
df = pd.DataFrame({"month": ["2015-01", "2015-02"], "count": [int(sys.argv[2]), 7]})
write_store(sys.argv[1], {"counts": df}, {"counts": schema}, {"kind": "official", "version": sys.argv[2]},
            versioned={"yes": True, "no": False}[sys.argv[3]])
"""


def _write(dest: Path, version: int, versioned: bool, fault: str | None = None) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(FAULT_ENV, None)
    if fault:
        env[FAULT_ENV] = fault
    return subprocess.run([sys.executable, "-c", WRITER, str(dest), str(version), "yes" if versioned else "no"],
                          env=env, cwd=ROOT, timeout=120).returncode


def _write_here(dest: Path, version: int, versioned: bool) -> None:
    df = pd.DataFrame({"month": ["2015-01", "2015-02"], "count": [version, 7]})
    write_store(dest, {"counts": df}, {"counts": SCHEMA}, {"kind": "official", "version": str(version)},
                versioned=versioned)


def _version(dest: Path) -> str:
    store = Store(dest)
    assert store.table("counts")["count"].tolist()[1] == 7
    return store.manifest["version"]


def _clutter(parent: Path) -> list[str]:
    names = [p.name for p in parent.iterdir()]
    versions = parent / "store.versions"
    if versions.is_dir():
        names += [f"store.versions/{p.name}" for p in versions.iterdir()]
    return sorted(n for n in names if ".new-" in n or ".old-" in n or ".link-" in n or n.endswith(".partial"))


@pytest.mark.parametrize("layout", ["versioned", "plain", "plain-to-versioned"])
def test_kill_at_every_step_leaves_old_or_new_store(layout: str, tmp_path: Path) -> None:
    results = {}
    for step in WRITE_STEPS:
        dest = tmp_path / step / "store"
        _write_here(dest, 1, versioned=layout == "versioned")
        before = store_hashes(dest)
        code = _write(dest, 2, versioned=layout != "plain", fault=step)
        assert code == 137, (step, code)  # died at the injected step
        seen = _version(dest)  # opens, as one store or the other
        results[step] = seen
        if seen == "1":
            assert store_hashes(dest) == before, step
        # the next write cleans up and succeeds
        _write_here(dest, 3, versioned=layout != "plain")
        assert _version(dest) == "3"
        assert _clutter(dest.parent) == [], step
        versions = dest.parent / "store.versions"
        if versions.is_dir():
            assert len(list(versions.iterdir())) <= 2  # current and previous
    swapped_at = WRITE_STEPS.index("swapped")
    assert [results[s] for s in WRITE_STEPS] == ["1"] * swapped_at + ["2"] * (len(WRITE_STEPS) - swapped_at)


def test_reader_keeps_its_version_across_a_swap(tmp_path: Path) -> None:
    dest = tmp_path / "store"
    df = pd.DataFrame({"month": ["2015-01"], "count": [1]})
    write_store(dest, {"counts": df}, {"counts": SCHEMA}, {"kind": "official", "version": "1"}, versioned=True)
    old = Store(dest)
    mtime = (dest / "manifest.json").stat().st_mtime_ns
    write_store(dest, {"counts": df.assign(count=2)}, {"counts": SCHEMA}, {"kind": "official", "version": "2"})
    assert old.table("counts")["count"].tolist() == [1]  # the previous version is kept for readers in flight
    assert Store(dest).table("counts")["count"].tolist() == [2]
    assert (dest / "manifest.json").stat().st_mtime_ns != mtime  # what lib/ui/cache.store_stamp sees changes
    assert json.loads((dest / "manifest.json").read_text())["version"] == "2"


def test_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    dest = tmp_path / "photos"
    dest.mkdir()
    (dest / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(Exception, match="is not a store"):
        write_store(dest, {}, {}, {"kind": "official"})
    assert (dest / "holiday.jpg").read_bytes() == b"x"
