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


def test_a_row_is_suppressed_when_either_count_is_small():
    from lib.metrics.suppression import suppressed_rows, withhold

    df = pd.DataFrame({"previous": [9, 200, 5, None], "current": [10, 180, 4, 50],
                       "pct_change": [11.1, -10.0, -20.0, None], "rank": pd.array([3, 1, 2, None], dtype="Int64")})
    rows = suppressed_rows(df, ["previous", "current"])
    assert rows.tolist() == [True, False, True, False]  # 'Other Drugs <10 -> 10, +11.1%' is suppressed
    out = withhold(df, rows, ["pct_change", "rank"])
    assert out["pct_change"].isna().tolist() == [True, False, True, True]
    assert str(out["rank"].dtype) == "Int64" and out["rank"].tolist()[1] == 1  # still numbers, not text
    assert df["pct_change"].tolist()[0] == 11.1  # the input is untouched
