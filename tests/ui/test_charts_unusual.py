"""The unusual-months chart drawn by Vega (vl-convert, as the packs print): a flagged month carries a shape
and its word, an unflagged one neither, and no 'None' or 'NaN' reaches the picture."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import vl_convert as vlc

from lib.ui.charts import unusual_months_chart

# Four months with a known truth: March high (50 above 20..30), April low (3 below 10..30), May not modelled.
TABLE = pd.DataFrame({
    "month": ["2023-02", "2023-03", "2023-04", "2023-05"],
    "count": [21.0, 50.0, 3.0, 22.0],
    "expected": [20.0, 25.0, 20.0, np.nan],
    "lower": [10.0, 20.0, 10.0, np.nan],
    "upper": [30.0, 30.0, 30.0, np.nan],
    "flag": [None, "high", "low", None],
    "reason": [None, None, None, "needs the 36 months before it"],
})


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_flagged_months_have_a_word_and_a_shape() -> None:
    svg = vlc.vegalite_to_svg(unusual_months_chart(TABLE).to_dict())
    texts = _texts(svg)
    assert texts.count("high") == 1 and texts.count("low") == 1  # one word per flagged month, on the chart
    assert "higher than expected" in texts and "lower than expected" in texts  # the shapes' legend
    assert not any(t in ("None", "NaN", "null", "undefined") for t in texts)


def test_no_flag_no_word() -> None:
    calm = TABLE.assign(flag=[None, None, None, None])
    texts = _texts(vlc.vegalite_to_svg(unusual_months_chart(calm).to_dict()))
    assert "high" not in texts and "low" not in texts
