"""Hate and special crime rows: the Enfield pack's "Other Crime" rows from the ``crime_special`` flags.

Definition (Enfield Safer Neighbourhood Board pack, seed 000, "Other Crime" table and glossary;
issue 13 part 1): each row is the count of offences carrying one MPS hate or special crime flag
(``lib/reference/special_crime_rows.csv`` names the flag and the pack's row), over the same periods
as the main rows. London (MPS) is the sum of every area of the file, non-borough rows included,
as the MPS total of the main file is. The flags overlap each other and the main categories: a row
is its own count, never added to TNO or to another row.
"""

from __future__ import annotations

import pandas as pd

from lib.reference.boroughs import LONDON_CODE, LONDON_NAME
from lib.reference.special_crime import shown_special_rows

KIND_SPECIAL = "special"
RELEASE = "hate-special"  # the file is one release (the London Datastore dashboard extract)
# The store table holding :func:`special_series` of ``crime_special`` (written at ingest by lib/ingest/derived.py)
# and the manifest note naming the rule it was built by (:func:`special_rule`).
SPECIAL_SERIES_TABLE, SPECIAL_RULE_NOTE = "crime_special_series", "crime_special_series_rule"
SPECIAL_RULE_VERSION = 1  # bump when special_series' definition changes
SERIES_COLUMNS = ["area_code", "area_name", "kind", "indicator", "major", "month", "release", "count"]


def special_rule() -> str:
    """Names the rule a special series is built by: the version and the rows shown (flag and row name). A series
    stored at ingest is the one :func:`special_series` would give now exactly when this text is the same."""
    import hashlib

    text = "\n".join(f"{r.major}\t{r.minor}\t{r.row}" for r in shown_special_rows())
    return f"v{SPECIAL_RULE_VERSION} rows {hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def as_series(stored: pd.DataFrame) -> pd.DataFrame:
    """A stored special series (text kept as the store's strings) with the types :func:`special_series` gives."""
    return stored[SERIES_COLUMNS].astype({c: "str" for c in SERIES_COLUMNS if c != "count"}).astype({"count": "int64"})


def special_series(special: pd.DataFrame) -> pd.DataFrame:
    """``crime_special`` as a crime series (the columns of ``lib.metrics.crime_series``), the rows a crime table
    shows only (``lib.reference.special_crime.shown_special_rows``: not Homicide, which the main file's
    indicator shows).

    Columns: area_code, area_name, kind ('special'), indicator (the pack's row name), major ('Hate' or
    'Special'), month, release, count. One series per borough and London (the sum of every area).
    """
    rows = pd.DataFrame([{"major": r.major, "minor": r.minor, "indicator": r.row} for r in shown_special_rows()])
    s = special.merge(rows, on=["major", "minor"], how="inner")
    boroughs = s[s["borough_code"].notna() & (s["borough_code"].astype("str") != "")]
    b = boroughs.groupby(["borough_code", "borough_name", "indicator", "major", "month"], as_index=False,
                         observed=True)["count"].sum()
    b = b.rename(columns={"borough_code": "area_code", "borough_name": "area_name"})
    lon = s.groupby(["indicator", "major", "month"], as_index=False, observed=True)["count"].sum()
    lon["area_code"], lon["area_name"] = LONDON_CODE, LONDON_NAME
    out = pd.concat([b, lon], ignore_index=True)
    out["kind"] = KIND_SPECIAL
    out["release"] = RELEASE
    out = out.astype({"area_code": "str", "area_name": "str", "indicator": "str", "major": "str", "month": "str",
                      "kind": "str", "release": "str"})
    out["count"] = out["count"].astype("int64")
    return out[SERIES_COLUMNS]


def special_row_order() -> dict[str, int]:
    """Row name -> display order (the pack's order) of the rows shown."""
    return {r.row: r.order for r in shown_special_rows()}


def coverage(series: pd.DataFrame) -> tuple[str, str] | None:
    """First and last month the special series covers (None when empty)."""
    if series is None or not len(series):
        return None
    return str(series["month"].min()), str(series["month"].max())
