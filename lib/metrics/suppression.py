"""Small numbers for anything the public sees: counts as published, unreliable comparisons withheld.

Rule for recorded crime (issue 23, as the MPS and the Enfield SNB pack publish: "Homicide 4 -> 7"): a
count is shown as the MPS publishes it, however small. What a count under 10 makes unreliable is
withheld, and the screen says so where it happens: the % change (either count under 10), the rate per
1,000 (the latest count under 10), the rank and the RAG rating (:func:`suppressed_rows`,
:func:`withhold`, :data:`WITHHELD_NOTE`).

The older rule, a count under 10 shown as '<10' (:data:`MASK`, :func:`suppress_counts`), is kept for
what is not published by the MPS as counts per area (complaints allegations, stop-and-search cells).
Arithmetic always uses the real counts; only presentation changes.
"""

from __future__ import annotations

import pandas as pd

THRESHOLD = 10
MASK = "<10"
# Said where a figure of a count under 10 is withheld ("Homicide 4 -> 7, change not shown: under 10").
WITHHELD_NOTE = f"not shown: under {THRESHOLD}"
WITHHELD_CELL = f"under {THRESHOLD}"  # a withheld change, rate or share in a printed table's cell (short: A4)


def is_suppressed(count: float | int | None, threshold: int = THRESHOLD) -> bool:
    """True when a count is under the threshold and must not be shown to the public."""
    return count is not None and not pd.isna(count) and count < threshold


def suppress_counts(
    df: pd.DataFrame,
    count_columns: list[str],
    dependent_columns: dict[str, str] | None = None,
    threshold: int = THRESHOLD,
) -> pd.DataFrame:
    """Copy of ``df`` for display: counts under ``threshold`` become '<10'.

    ``dependent_columns`` maps a derived column (a rate, a share) to the count it is computed from;
    the derived value is blanked wherever its count is suppressed.
    """
    out = df.copy()
    dependent_columns = dependent_columns or {}
    for col, source in dependent_columns.items():
        mask = out[source].notna() & (out[source] < threshold)
        out[col] = out[col].astype("object").where(~mask, None)
    for col in count_columns:
        mask = out[col].notna() & (out[col] < threshold)
        out[col] = out[col].astype("object").where(~mask, MASK)
    return out


def suppressed_rows(df: pd.DataFrame, count_columns: list[str], threshold: int = THRESHOLD) -> pd.Series:
    """True for each row where any of ``count_columns`` is under ``threshold``.

    Definition: a row is suppressed when any count it compares is small, because a % change, a RAG
    status or a rank computed from so few is not reliable (Homicide 4 -> 7 is +75%, rated Red, by three
    offences; 'Other Drugs 9 -> 10, +11.1%'). Missing counts do not suppress.
    """
    mask = pd.Series(False, index=df.index)
    for col in count_columns:
        values = pd.to_numeric(df[col], errors="coerce")
        mask |= values.notna() & (values < threshold)
    return mask


def withhold(df: pd.DataFrame, rows: pd.Series, columns: list[str]) -> pd.DataFrame:
    """Copy of ``df`` with ``columns`` set missing on ``rows`` (a boolean Series), each column keeping its
    type (floats NaN, nullable integers and strings <NA>): a withheld figure is missing, not text."""
    out = df.copy()
    for col in columns:
        if col in out.columns:
            out[col] = out[col].where(~rows.to_numpy())
    return out
