"""The store writes of the kill test (tests/ops/test_store_swap.py), and a small fork server for them.

``python -m tests.ops.swap_writer`` imports pandas and lib once, then for each JSON line on stdin
(``[dest, version, versioned, fault]``) forks a child that writes the store with the fault armed, and
prints the child's exit code (137: killed at the injected step). Forking from a process that only
imported is cheap and safe; forking the test process is not (its threads), and multiprocessing's
forkserver re-runs the test process's ``__main__`` in every child, which is app.py once AppTest has run
a page there (seconds a child).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
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


def serve() -> None:
    """One forked writer per line of stdin; its exit code printed on stdout."""
    for line in sys.stdin:
        dest, version, versioned, fault = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                write_child(dest, version, versioned, fault)
            except BaseException:  # noqa: BLE001 - any failure is the child's exit code 1, told on stderr
                traceback.print_exc()
                code = 1
            os._exit(code)
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)


if __name__ == "__main__":
    serve()
