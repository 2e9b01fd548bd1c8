"""A long table turned wide, as pandas' ``pivot_table(aggfunc="first")`` turns it, built directly."""

from __future__ import annotations

import numpy as np
import pandas as pd


def pivot_first(long: pd.DataFrame, index: str, columns: str, values: str) -> pd.DataFrame:
    """One row per ``index`` value, one column per ``columns`` value, holding the first non-missing
    ``values`` of each pair.

    Definition: pandas' ``long.pivot_table(index=index, columns=columns, values=values, aggfunc="first")``:
    rows and columns sorted, a pair, row or column without any value left out, values as float64, the
    labels in their columns' dtypes. Built with one sort of each label set instead of a group-by (a tenth
    to a twentieth of the time: the similar groups and the comparator pivot on every view).
    """
    rows = long[long[index].notna() & long[columns].notna() & long[values].notna()]
    rows = rows.drop_duplicates([index, columns], keep="first")
    row_labels = pd.Index(rows[index].unique(), name=index).sort_values()
    col_labels = pd.Index(rows[columns].unique(), name=columns).sort_values()
    cells = np.full((len(row_labels), len(col_labels)), np.nan)
    cells[row_labels.get_indexer(rows[index]), col_labels.get_indexer(rows[columns])] = \
        rows[values].to_numpy(dtype="float64")
    return pd.DataFrame(cells, index=row_labels, columns=col_labels)
