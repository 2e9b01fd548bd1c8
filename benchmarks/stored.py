"""The store a benchmark times must hold the opening answers this code stores (``lib.views.stored_views``).

A store ingested before the code changed still answers every question rightly, but the crime page then works its
opening answer out on every cold start instead of reading it: a benchmark on it times the wrong path, with no
error (measured 7 December 2026: the cold deep link 1.98x on such a store, 1.80x on a fresh one).
"""

from __future__ import annotations

from pathlib import Path


def require_stored_answers(path: Path) -> None:
    """Stop, saying how to mend it, unless the store at ``path`` holds the opening answers of this code."""
    from lib.store import Store
    from lib.views.stored_views import written_by_this_code

    if not written_by_this_code(Store(path)):
        raise SystemExit(f"{path}: no opening answers stored by this code (the code changed after the ingest, or "
                         f"the store has none), so the pages would time the slower path. Ingest it again: "
                         f"python -m lib.cli ingest ../shared/data --store {path}")
