"""lib/ui/altair_fast.py: Altair's converters share one schema table, and charts come out the same."""

import pandas as pd
import pytest
from altair.utils import schemapi

from lib.ui import altair_fast
from lib.ui.charts import crime_group_chart, crime_trajectory_chart


def _specs() -> list[dict]:
    traj = pd.DataFrame({"month": [f"2024-{m:02d}" for m in range(1, 13)], "pct_change": range(12),
                         "target_pct": -20.0})
    grp = pd.DataFrame({"area_name": ["Enfield", "Barnet"], "label": ["▶ Enfield", "Barnet"],
                        "rate_per_1000": [35.95, None], "is_selected": [True, False], "current": ["11,770", "<10"],
                        "group_rank": [3, None], "group_average": [33.1, 33.1]})
    return [crime_trajectory_chart(traj).to_dict(), crime_group_chart(grp).to_dict()]


def test_converters_share_one_table_and_charts_are_unchanged() -> None:
    assert altair_fast.active()
    shared = _specs()
    one, two = schemapi._FromDict((schemapi.SchemaBase,)), schemapi._FromDict((schemapi.SchemaBase,))
    assert one.class_dict is two.class_dict  # built once, not on every channel
    schemapi._FromDict.__init__ = altair_fast._original_init  # Altair as shipped, for comparison
    try:
        assert _specs() == shared
    finally:
        schemapi._FromDict.__init__ = altair_fast._shared_init


def _more_specs() -> list[dict]:
    """Specs of more builders (maps' keys, the trend and the tracker), from small hand-made tables."""
    from lib.ui import maps
    from lib.ui.charts import crime_tracker_chart, crime_trend_chart

    months = [f"2024-{m:02d}" for m in range(1, 13)]
    trend = pd.DataFrame({"month": months * 2, "year": ["12 months to Dec 2024"] * 12 + ["12 months to Dec 2023"] * 12,
                          "month_of_year": [m[5:] for m in months] * 2, "count": [float(v) for v in range(24)],
                          "rolling_12": [float(100 + v) for v in range(24)], "release": "2025-12"})
    boroughs = pd.DataFrame({"area_name": ["Enfield", "Barnet", "Camden"], "pct_change": [-22.5, -10.0, None],
                             "rank": [1, 2, 3], "status": ["Meets the target", "Short of it", "Short of it"],
                             "baseline": [1000.0, 900.0, 800.0], "current": [775.0, 810.0, None]})
    return [maps.legend(((1.0, 2.0), (2.5, 4.0)), "{:,.1f}", True).to_dict(),
            maps.class_legend((("Lower", "#2166ac"), ("Higher", "#b2182b"))).to_dict(),
            crime_trend_chart(trend).to_dict(),
            crime_tracker_chart(boroughs, "Dec 2024", "2011/12", 20, "Enfield").to_dict()]


def test_debug_mode_off_and_specs_are_the_same_as_with_it_on() -> None:
    """Altair's validation of every object as it is made is off on the server; the specs are the same as
    Altair's own with it on (and ``to_dict`` still validates each whole spec)."""
    assert altair_fast.debug_mode_off()
    off = _specs() + _more_specs()
    with schemapi.debug_mode(True):
        on = _specs() + _more_specs()
    assert on == off
    assert altair_fast.debug_mode_off()  # the context restored it


def _frame_of_every_dtype() -> pd.DataFrame:
    """One column per dtype a chart table holds, each with a missing value (and ±inf for floats)."""
    import numpy as np

    return pd.DataFrame({
        "str": pd.Series(["Enfield", None, "Barnet", "Camden"], dtype="str"),
        "string": pd.Series(["a", pd.NA, "c", "d"], dtype="string"),
        "object": pd.Series(["x", None, np.array([1, 2]), 3.5], dtype=object),
        "float": [1.5, np.nan, np.inf, -np.inf],
        "int": [1, 2, 3, 4],
        "bool": [True, False, True, False],
        "boolean": pd.Series([True, pd.NA, False, True], dtype="boolean"),
        "Int64": pd.Series([1, pd.NA, 3, 4], dtype="Int64"),
        "Float64": pd.Series([0.5, pd.NA, 1.5, 2.0], dtype="Float64"),
        "category": pd.Series(["Lower", None, "Higher", "Lower"], dtype="category"),
        "month": pd.to_datetime(["2024-01-01", None, "2024-03-01", "2024-04-15 12:30"], format="ISO8601"),
    })


def test_fast_values_are_altairs_own_records() -> None:
    """The server's data transformer inlines a table as the same records as Altair's own ``to_values``
    (missing, NaN and ±inf as null; datetimes as full ISO strings, NaT as '')."""
    from altair.utils import data as altair_data

    frame = _frame_of_every_dtype()
    assert all(altair_fast._column_values(frame[c]) is not None for c in frame)  # none left to Altair
    fast = altair_fast.fast_values(frame)
    assert fast == altair_data.to_values(frame)
    assert fast["values"][1] == {"str": None, "string": None, "object": None, "float": None, "int": 2,
                                 "bool": False, "boolean": None, "Int64": None, "Float64": None,
                                 "category": None, "month": ""}
    assert fast["values"][2]["float"] is None and fast["values"][2]["object"] == [1, 2]
    assert fast["values"][3]["month"] == "2024-04-15T12:30:00"


def test_specs_are_the_same_with_altairs_own_transformer() -> None:
    import altair as alt

    assert alt.data_transformers.active == "policing"
    fast = _specs() + _more_specs()
    with alt.data_transformers.enable("default"):
        assert _specs() + _more_specs() == fast


def test_the_transformer_inlines_without_altairs_sanitizer(monkeypatch) -> None:
    """Through Altair's row limit (which wraps the frame in Narwhals) the frame still takes the fast path."""
    from altair.utils import data as altair_data

    frame = _frame_of_every_dtype()
    expected = altair_data.to_values(frame)
    monkeypatch.setattr(altair_data, "to_values", lambda data: pytest.fail("fell back to Altair's to_values"))
    assert altair_fast.policing_transformer(frame) == expected
