"""Small-count suppression for public display."""

import pandas as pd

from lib.metrics.suppression import MASK, is_suppressed, suppress_counts


def test_counts_under_ten_are_masked_with_their_rates():
    df = pd.DataFrame({"area": ["A", "B", "C"], "searches": [9, 10, 0], "rate": [0.5, 1.2, 0.0]})
    out = suppress_counts(df, ["searches"], {"rate": "searches"})
    assert out["searches"].tolist() == [MASK, 10, MASK]
    assert out["rate"].tolist() == [None, 1.2, None]
    assert df["searches"].tolist() == [9, 10, 0]  # the input is untouched


def test_is_suppressed():
    assert is_suppressed(9) and is_suppressed(0)
    assert not is_suppressed(10) and not is_suppressed(None)
