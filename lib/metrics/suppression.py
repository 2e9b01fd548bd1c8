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
