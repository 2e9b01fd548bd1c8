"""Small helpers shared by tests: what a page run shows, and a fingerprint of a store folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest


def checked(at: AppTest) -> AppTest:
    """The page run, after asserting that it raised no exception."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    """Every piece of text the page shows: markdown, notices, headings and captions, one per line."""
    parts = [*at.markdown, *at.info, *at.warning, *at.header, *at.subheader, *at.caption]
    return "\n".join(str(p.value) for p in parts)


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table (data grid or wrapped table) on the page that has ``column``."""
    return next(t.value for t in [*at.table, *at.dataframe] if column in t.value.columns)


def store_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder``, by relative path: equal before and after means untouched."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
