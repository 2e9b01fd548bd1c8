"""``serve.py``'s startup (``lib.ui.startup``) leaves nothing for the pages' own imports to load.

Each check runs in a fresh interpreter: it executes the top-level import statements of ``app.py`` and every
page, then reads two stored tables through the store (whole, and rows by a filter), and lists the modules
that this loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    """The modules loaded by the pages' imports and two store reads; ``mode`` 'warm' runs the startup first."""
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


def test_a_page_that_cannot_be_imported_is_named_and_the_startup_goes_on(tmp_path: Path) -> None:
    """One page imports a module that does not exist and another does not parse: the startup names the first,
    skips the second (each page shows its own error when opened, as without the startup) and returns."""
    from lib.ui.startup import import_page_modules, page_imports

    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text("import json\nfrom os import path\n")
    (tmp_path / "pages" / "1_A.py").write_text("import json\nimport no_such_module_for_this_test\n")
    (tmp_path / "pages" / "2_B.py").write_text("def broken(:\n")
    assert page_imports(tmp_path) == [("json", ()), ("os", ("path",)), ("no_such_module_for_this_test", ())]
    failed = import_page_modules(tmp_path)
    assert len(failed) == 1 and failed[0].startswith("no_such_module_for_this_test: ModuleNotFoundError")
