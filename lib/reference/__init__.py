"""Reference data shared by ingest and the arithmetic: the only place the two meet.

The CSV tables beside this file are reviewed like code (borough spellings, crime category
mappings, survey measure lists, stop-and-search groupings, complaints glossaries). The modules
here read them: ``boroughs`` (GSS codes, London spellings, non-borough areas) and ``categories``
(the MOPAC 7 and TNO membership of every published crime category). Nothing here opens the store,
imports Streamlit or formats text for a screen.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pandas as pd

REFERENCE_DIR = Path(__file__).parent


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")


def read_table(name: str) -> pd.DataFrame:
    """A reference CSV (``lib/reference/NAME``) as strings, empty cells as ''; read once, shared: do not mutate."""
    return _read(name)


def read_rows(name: str) -> list[dict[str, str]]:
    """A reference CSV as a list of dicts (for small lookups at import time)."""
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
