"""Small-count suppression for anything the public sees.

Rule (MOPAC / police.uk practice for published small areas): a count below 10 is not shown; the
cell reads '<10' and any rate or share computed from it is withheld too. Zero is also shown as
'<10' so that suppressed cells cannot be told apart. Arithmetic always uses the real counts; only
presentation is suppressed.
"""

from __future__ import annotations

import pandas as pd

THRESHOLD = 10
MASK = "<10"


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
    status or a rank computed from it would give away the hidden count or its direction (Homicide
    '<10 / <10' rated Red; 'Other Drugs <10 -> 10, +11.1%' reveals 9). Missing counts do not suppress.
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
