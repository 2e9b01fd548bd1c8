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
