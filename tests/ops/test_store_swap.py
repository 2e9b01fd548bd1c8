"""The store swap survives kill -9 at any step (issue 14): the store path always opens as the old or
the new store, and the next write cleans what the killed one left.

The kill is injected, not timed: ``POLICING_STORE_FAULT=<step>`` makes write_store call os._exit at
that step (lib/store.WRITE_STEPS), in a child process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from lib.store import WRITE_STEPS, Store, write_store
from tests.helpers import store_hashes
from tests.ops.swap_writer import SCHEMA, write_here

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def writer() -> Iterator[subprocess.Popen]:
    """The fork server of ``tests.ops.swap_writer``: each write is a child forked from a process that has
    imported pandas and lib once (see that module)."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.ops.swap_writer"], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    yield proc
    proc.stdin.close()
    proc.wait(30)


def _write(writer: subprocess.Popen, dest: Path, version: int, versioned: bool, fault: str | None = None) -> int:
    """Exit code of a separate process writing the store (137: killed at ``fault``)."""
    writer.stdin.write(json.dumps([str(dest), version, versioned, fault]) + "\n")
    writer.stdin.flush()
    return int(writer.stdout.readline())


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
def test_kill_at_every_step_leaves_old_or_new_store(layout: str, writer: subprocess.Popen, tmp_path: Path) -> None:
    results = {}
    for step in WRITE_STEPS:
        dest = tmp_path / step / "store"
        write_here(dest, 1, versioned=layout == "versioned")
        before = store_hashes(dest)
        code = _write(writer, dest, 2, versioned=layout != "plain", fault=step)
        assert code == 137, (step, code)  # died at the injected step
        seen = _version(dest)  # opens, as one store or the other
        results[step] = seen
        if seen == "1":
            assert store_hashes(dest) == before, step
        # the next write cleans up and succeeds
        write_here(dest, 3, versioned=layout != "plain")
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
