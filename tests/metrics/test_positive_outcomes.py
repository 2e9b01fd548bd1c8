"""Positive outcomes against offences: sums over the period, the rate, and the rate withheld under 10."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.metrics.positive_outcomes import OUTCOME_COLUMNS, positive_outcomes


def _series(rows: dict[str, list[int]], area: str = "E09000010") -> pd.DataFrame:
    out = []
    for indicator, counts in rows.items():
        for i, n in enumerate(counts):
            out.append({"area_code": area, "indicator": indicator, "major": "Special", "month": f"2024-{i + 1:02d}",
                        "count": n})
    return pd.DataFrame(out)


def test_outcomes_offences_and_rate_over_the_months_asked() -> None:
    offences = _series({"Knife Crime": [50] * 12, "Gun Crime": [1] * 12})
    outcomes = _series({"Knife Crime": [5] * 12, "Gun Crime": [0] * 11 + [3]})
    t = positive_outcomes(offences, outcomes, "E09000010", "2024-01", "2024-12").set_index("indicator")
    assert list(t.reset_index().columns) == OUTCOME_COLUMNS
    assert (t.loc["Knife Crime", "offences"], t.loc["Knife Crime", "outcomes"]) == (600, 60)
    assert t.loc["Knife Crime", "rate"] == pytest.approx(0.1)
    # 12 offences, 3 outcomes: the outcomes are under 10, so the rate is withheld; the counts are not
    assert (t.loc["Gun Crime", "offences"], t.loc["Gun Crime", "outcomes"]) == (12, 3)
    assert pd.isna(t.loc["Gun Crime", "rate"])
    half = positive_outcomes(offences, outcomes, "E09000010", "2024-07", "2024-12").set_index("indicator")
    assert (half.loc["Knife Crime", "offences"], half.loc["Knife Crime", "outcomes"]) == (300, 30)


def test_another_area_is_not_counted() -> None:
    offences = pd.concat([_series({"Knife Crime": [50] * 12}), _series({"Knife Crime": [999] * 12}, "E09000001")])
    outcomes = pd.concat([_series({"Knife Crime": [20] * 12}), _series({"Knife Crime": [999] * 12}, "E09000001")])
    t = positive_outcomes(offences, outcomes, "E09000010", "2024-01", "2024-12")
    assert t[["offences", "outcomes"]].values.tolist() == [[600, 240]]
