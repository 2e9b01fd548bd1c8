"""``serve.py``'s startup (``lib.ui.startup``) leaves nothing for the pages' own imports to load.

Each check runs in a fresh interpreter: it executes the top-level import statements of ``app.py`` and every
page, then reads two stored tables through the store (whole, and rows by a filter), and lists the modules
that this loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT
from tests.ui.test_app_imports import HEAVY

PROBE = f"HEAVY = {HEAVY!r}" + """
import ast, json, sys
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root))
if sys.argv[2] == "warm":
    from lib.ui.startup import import_page_modules
    import_page_modules()
before = set(sys.modules)
for path in [root / "app.py", *sorted((root / "pages").glob("*.py"))]:
    body = [n for n in ast.parse(path.read_text()).body if isinstance(n, (ast.Import, ast.ImportFrom))]
    exec(compile(ast.Module(body=body, type_ignores=[]), str(path), "exec"), {"__name__": "page"})
from lib.store import Store
demo = Store(root / "data" / "demo")
demo.table("crime_releases"), demo.rows("crime_series", {"area_code": "E09000010"})
print(json.dumps({"new": sorted(set(sys.modules) - before), "heavy": [m for m in HEAVY if m in sys.modules]}))
"""


def _probe(mode: str) -> dict[str, list[str]]:
    """The modules loaded by the pages' imports and one store read; ``mode`` 'warm' runs the startup first."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT), mode], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_after_the_startup_the_pages_imports_and_the_first_store_read_load_nothing() -> None:
    warm = _probe("warm")
    assert warm["new"] == []
    assert warm["heavy"] == []  # what only printing or ingest needs still waits (tests/ui/test_app_imports.py)


def test_without_it_the_first_page_run_loads_the_data_stack() -> None:
    cold = set(_probe("cold")["new"])
    assert {"pandas", "altair", "pydeck", "lib.ui.frame", "lib.ui.cache", "pyarrow.parquet"} <= cold
