"""Nearest neighbours and most similar groups on tiny hand-made feature tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.metrics.similarity import (
    feature_matrix,
    group_average,
    most_similar_group,
    nearest_neighbours,
    rank_in_group,
    standardise,
)


def _line() -> pd.DataFrame:
    # Five areas on a line in feature a; b is constant (no spread, carries nothing).
    return pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0, 10.0], "b": [5, 5, 5, 5, 5]}, index=list("ABCDE"))


def test_standardise_zero_mean_unit_sd_and_constant_column_zero():
    z = standardise(_line())
    assert z["a"].mean() == pytest.approx(0.0)
    assert z["a"].std(ddof=0) == pytest.approx(1.0)
    assert (z["b"] == 0).all()


def test_nearest_neighbours_order_and_distance():
    nn = nearest_neighbours(_line(), "C", 2)
    # B and D are both one unit away; tie broken by id.
    assert list(nn.index) == ["B", "D"]
    assert list(nn["order"]) == [1, 2]
    sd = pd.Series([0.0, 1.0, 2.0, 3.0, 10.0]).std(ddof=0)
    assert nn.loc["B", "distance"] == pytest.approx(1.0 / sd)
    assert "C" not in nn.index


def test_nearest_neighbours_standardises_so_units_do_not_matter():
    # Area X is close to Y in 'big' (thousands) but far in 'small'; z-scoring makes both count.
    f = pd.DataFrame(
        {"big": [1000.0, 1001.0, 3000.0], "small": [0.0, 1.0, 0.0]}, index=["X", "Y", "Z"]
    )
    nn = nearest_neighbours(f, "X", 2)
    # Without standardising Y (distance ~1.4) would be far nearer than Z (2000).
    zx = standardise(f)
    d_y = math.dist(zx.loc["X"], zx.loc["Y"])
    d_z = math.dist(zx.loc["X"], zx.loc["Z"])
    assert nn.loc["Y", "distance"] == pytest.approx(d_y)
    assert nn.loc["Z", "distance"] == pytest.approx(d_z)


def test_nearest_neighbours_k_larger_than_areas_and_unknown_target():
    assert len(nearest_neighbours(_line(), "A", 10)) == 4
    with pytest.raises(KeyError):
        nearest_neighbours(_line(), "Q", 2)


def _long() -> pd.DataFrame:
    rows = []
    for code, dens, dep in [("E1", 1, 1), ("E2", 2, 2), ("E3", 3, 3), ("E4", 9, 9), ("E5", 10, 10)]:
        rows.append({"borough_code": code, "feature": "density", "value": dens})
        rows.append({"borough_code": code, "feature": "deprivation", "value": dep})
    return pd.DataFrame(rows)


def test_feature_matrix_and_group_of_k_plus_one():
    wide = feature_matrix(_long(), "borough_code")
    assert wide.shape == (5, 2)
    g = most_similar_group(_long(), "E1", k=2)
    assert g.members == ("E1", "E2", "E3")
    assert g.size == 3
    assert g.distances[0] == 0.0
    assert set(g.features) == {"density", "deprivation"}


def test_group_among_restricts_areas():
    g = most_similar_group(_long(), "E1", k=2, among=["E1", "E4", "E5"])
    assert g.members == ("E1", "E4", "E5")


def test_rank_in_group_and_average():
    g = most_similar_group(_long(), "E2", k=2)  # E2, E1, E3
    rates = pd.Series({"E1": 5.0, "E2": 7.0, "E3": 6.0, "E4": 1.0})
    assert rank_in_group(rates, g) == (3, 3)  # highest of the three: rank 3 of 3
    assert group_average(rates, g) == pytest.approx(6.0)
    assert rank_in_group(pd.Series({"E1": 1.0}), g) == (None, 1)


def _pandas_pivot(long: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """The definition as pandas writes it: pivot_table(aggfunc='first'), then the same tidying."""
    wide = long.pivot_table(index=id_column, columns="feature", values="value", aggfunc="first")
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.dropna(how="all").astype("float64")
    wide.index = wide.index.astype(str)
    wide.index.name = id_column
    return wide


def test_feature_matrix_is_pandas_pivot_with_duplicates_and_gaps():
    """First non-missing value of a repeated pair; a missing value, area or feature left out; an area
    with no value at all dropped; areas and features sorted."""
    long = pd.DataFrame({
        "ward_code": ["W2", "W1", "W1", "W2", "W3", None, "W1", "W4"],
        "feature": ["b", "a", "a", "a", "a", "a", None, "b"],
        "value": [2.0, float("nan"), 1.5, 7.0, 3.0, 9.0, 4.0, float("nan")],
    }).astype({"ward_code": "string", "feature": "string"})
    wide = feature_matrix(long, "ward_code")
    pd.testing.assert_frame_equal(wide, _pandas_pivot(long, "ward_code"))
    assert list(wide.index) == ["W1", "W2", "W3"] and list(wide.columns) == ["a", "b"]
    assert wide.loc["W1", "a"] == 1.5 and math.isnan(wide.loc["W1", "b"]) and wide.loc["W2", "b"] == 2.0


def test_feature_matrix_on_the_real_features_is_pandas_pivot(real_store):
    from lib.store import Store

    store = Store(real_store)
    for table, id_column in (("borough_features", "borough_code"), ("ward_features", "ward_code")):
        long = store.table(table)
        pd.testing.assert_frame_equal(feature_matrix(long, id_column), _pandas_pivot(long, id_column))
