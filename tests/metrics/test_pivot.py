"""lib/metrics/pivot.py: a long table turned wide as pandas' pivot_table(aggfunc="first") turns it."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.metrics.pivot import pivot_first


@pytest.mark.parametrize("labels", ["string", "int64"])
def test_pivot_first_is_pandas_pivot_table(labels: str) -> None:
    """First non-missing value of a repeated pair; a missing value, row or column label left out; a row
    or column with no value at all dropped; labels sorted in their own dtype (2 before 10 for numbers)."""
    area = ["10", "2", "2", "10", "3", None, "2", "7"] if labels == "string" else [10, 2, 2, 10, 3, None, 2, 7]
    long = pd.DataFrame({
        "area": pd.array(area, dtype="string" if labels == "string" else "Int64"),
        "measure": pd.array(["b", "a", "a", "a", "c", "a", None, "b"], dtype="string"),
        "value": [2.0, float("nan"), 1.5, 7.0, 3.0, 9.0, 4.0, float("nan")],
    })
    expected = long.pivot_table(index="area", columns="measure", values="value", aggfunc="first")
    got = pivot_first(long, "area", "measure", "value")
    pd.testing.assert_frame_equal(got, expected)
    first = "10" if labels == "string" else 2
    assert got.index[0] == first and got.loc["2" if labels == "string" else 2, "a"] == 1.5
