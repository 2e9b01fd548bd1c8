"""What a server does before it answers anyone: import the modules the pages import.

A fresh Streamlit server imports a page's modules (numpy, pandas, Altair, pydeck and lib) during the first
reader's first run: 1.2-1.7 s of a cold deep link to the crime page (docs/PERFORMANCE.md). ``serve.py``
runs :func:`lifespan` in ``st.App``'s startup, so a server answers its health check only once they are
loaded, and the first reader after a start waits for the page, not for imports. Nothing is read from the
store here: the first reader still loads the figures (one path, the pages' own cache).
"""

from __future__ import annotations

import ast
import io
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOG = logging.getLogger(__name__)


def page_imports(root: Path = ROOT) -> list[tuple[str, tuple[str, ...]]]:
    """Every top-level import of ``app.py`` and ``pages/*.py``, as (module, names) in first-seen order:
    ``import a.b`` is ("a.b", ()); ``from a import b, c`` is ("a", ("b", "c")). Relative imports are skipped."""
    seen: dict[tuple[str, tuple[str, ...]], None] = {}
    for path in [root / "app.py", *sorted((root / "pages").glob("*.py"))]:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError:  # the page shows its own error when it is opened
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                seen.update(dict.fromkeys((a.name, ()) for a in node.names))
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                seen[(node.module, tuple(a.name for a in node.names))] = None
    return list(seen)


def import_page_modules(root: Path = ROOT) -> list[str]:
    """Import what the pages import (as their own import statements would), then the store's reader: pandas
    loads its Parquet reader at the first read, so one table of one cell is written and read in memory.

    Returns what could not be imported, one line each. A page whose imports fail still shows its own error
    when it is opened, as it would without this step, and the other pages are served: a speed-up must not
    take the whole site down."""
    failed = []
    for module, names in page_imports(root):
        try:
            __import__(module, fromlist=names)  # `from a import b` imports the submodule a.b when b is one
        except Exception as e:  # noqa: BLE001 - any import error is the page's to show, not the server's
            failed.append(f"{module}: {type(e).__name__}: {e}")
    import pandas as pd

    buffer = io.BytesIO()
    pd.DataFrame({"a": ["x"]}).to_parquet(buffer)
    pd.read_parquet(io.BytesIO(buffer.getvalue()))
    return failed


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """``st.App``'s startup hook: the server starts listening once the pages' modules are imported."""
    for line in import_page_modules():
        LOG.error("not imported at startup (the page will show the error): %s", line)
    yield
