"""Small helpers shared by tests: what a page run shows, and a fingerprint of a store folder."""

from __future__ import annotations

import functools
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


@functools.cache
def release_2016_12_rows(store_dir: Path) -> pd.DataFrame:
    """The raw crime_borough table's rows of release 2016-12 (pre-2018 categories), read once per test process
    (read-only: copy-on-write keeps a caller's changes its own), with ``pair`` = 'major|minor'."""
    cb = pd.read_parquet(store_dir / "crime_borough.parquet")
    cb = cb[(cb["release"] == "2016-12") & (cb["scheme"] == "pre2018")].reset_index(drop=True)
    return cb.assign(pair=cb["major"] + "|" + cb["minor"])


def release_2016_12_type_rows(store_dir: Path, name: str, first: str, last: str) -> pd.DataFrame:
    """Release 2016-12's rows of the published categories that make up ``name`` (``lib.reference.categories``'
    members), months ``first``..``last``: the raw counts the tests sum with pandas, independently of lib/."""
    from lib.reference.categories import members

    cb = release_2016_12_rows(store_dir)
    keep = cb["pair"].isin([f"{a}|{b}" for a, b in members("pre2018", name)])
    return cb[keep & (cb["month"] >= first) & (cb["month"] <= last)]


def challenge_target_count(store_dir: Path) -> tuple[float, int]:
    """London % change and boroughs at -20% or beyond: MOPAC 7, release 2016-12, 12 months to 2015-02
    against April 2011 to March 2012, by pandas on the raw crime_borough table (independent of lib/)."""
    from lib.reference.categories import MOPAC7

    cb = release_2016_12_type_rows(store_dir, MOPAC7, "2011-04", "2015-02")
    base = cb[(cb["month"] >= "2011-04") & (cb["month"] <= "2012-03")].groupby("borough_code")["count"].sum()
    cur = cb[(cb["month"] >= "2014-03") & (cb["month"] <= "2015-02")].groupby("borough_code")["count"].sum()
    pct = (cur / base - 1) * 100
    return round((cur.sum() / base.sum() - 1) * 100, 1), int((pct <= -20).sum())
