"""Test helpers on the code the app uses: a crime table's rows by release, and indicator totals."""

from __future__ import annotations

import pandas as pd

from lib.metrics.crime_series import KIND_INDICATOR, indicator_series, release_rows


def default_rows(table: pd.DataFrame, release: str | None = None) -> pd.DataFrame:
    """The rows the dashboard uses: each month from the newest release containing it, or one release's."""
    return release_rows(table, release)


def indicator_totals(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sum of ``count`` per indicator and the ``by`` columns, through :func:`indicator_series`."""
    key = rows[by].astype(str).agg("\x00".join, axis=1) if by else pd.Series("all", index=rows.index)
    counts = rows.assign(area_code=key.to_numpy(), area_name=key.to_numpy())
    for col, value in (("month", "2000-01"), ("release", "2000-01")):
        if col not in counts.columns:
            counts[col] = value
    s = indicator_series(counts[[c for c in counts.columns if c not in ("borough_code", "borough_name")]])
    s = s[s["kind"] == KIND_INDICATOR]
    t = s.groupby(["area_code", "indicator"], as_index=False, observed=True)["count"].sum()
    if by:
        parts = t["area_code"].str.split("\x00", expand=True)
        for i, c in enumerate(by):
            t[c] = parts[i]
    return t[[*by, "indicator", "count"]]
