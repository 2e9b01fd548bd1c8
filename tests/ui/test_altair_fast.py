"""lib/ui/altair_fast.py: Altair's converters share one schema table, and charts come out the same."""

import pandas as pd
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
