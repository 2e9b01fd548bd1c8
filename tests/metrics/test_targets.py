"""The target tracker on tiny hand-made series: baseline vs 12 months to a month, meeting the target."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.metrics.targets import (
    meets_target,
    revision,
    round_half_up,
    target_summary,
    target_table,
    trajectory,
)
from lib.periods import month_range
from lib.reference.boroughs import LONDON_CODE

B2, B3 = "E09000002", "E09000003"
MONTHS = month_range("2011-04", "2013-03")  # baseline FY 2011/12, then FY 2012/13


def s(per_month: dict[str, tuple[int, int]], release="2016-12") -> pd.DataFrame:
    """MOPAC 7 series: per area (count in each baseline month, count in each later month)."""
    out = []
    for code, (a, b) in per_month.items():
        for i, m in enumerate(MONTHS):
            out.append({"area_code": code, "area_name": code, "kind": "indicator", "indicator": "MOPAC 7",
                        "major": "", "month": m, "release": release, "scheme": "pre2018",
                        "count": a if i < 12 else b})
    return pd.DataFrame(out).astype({"count": "int64"})


def data(release="2016-12"):
    # B2: 100 -> 80 a month (−20% exactly: meets); B3: 100 -> 81 (−19%: does not); London = sum.
    return s({B2: (100, 80), B3: (100, 81), LONDON_CODE: (200, 161)}, release)


def test_meets_target_at_twenty_or_higher_as_published():
    assert meets_target(-20.0) is True
    assert meets_target(-19.96) is True  # shown as −20.0%
    assert meets_target(-19.7) is False  # Merton, March 2015 (seed 004)
    assert meets_target(-30.1) is True
    assert meets_target(None) is None
    assert round_half_up(-19.765) == -19.8


def test_target_table_and_summary():
    t = target_table(data(), "2013-03")
    assert list(t["area_code"]) == [LONDON_CODE, B2, B3]  # London, then largest reduction first
    row = t.set_index("area_code").loc[B2]
    assert (row["baseline"], row["current"], row["pct_change"], row["meets_target"]) == (1200, 960, -20.0, True)
    assert bool(t.set_index("area_code").loc[B3, "meets_target"]) is False
    summ = target_summary(t, "2013-03", ("2011-04", "2012-03"), 20)
    assert summ.meeting == 1 and summ.total == 2
    assert summ.london_pct_change == pytest.approx(-19.5)


def test_target_table_reduction_is_configurable_and_months_checked():
    t = target_table(data(), "2013-03", reduction=15)
    assert t["meets_target"].tolist()[1:] == [True, True]
    with pytest.raises(UsageError, match="lack"):
        target_table(data(), "2014-03")  # 12 months to March 2014 are not in the data
    with pytest.raises(UsageError, match="unknown crime category"):
        target_table(data(), "2013-03", category="Nonsense")


def test_trajectory_month_by_month():
    tr = trajectory(data(), "2013-03")
    lon = tr[tr["area_code"] == LONDON_CODE].set_index("month")
    assert list(lon.index) == ["2013-03"]  # the first full 12 months after the baseline
    assert lon.loc["2013-03", "pct_change"] == pytest.approx(-19.5)
    assert lon.loc["2013-03", "target_pct"] == -20.0
    tr2 = trajectory(data(), "2013-03", baseline=("2011-04", "2011-09"))
    # 12 months to 2012-09 = 6×100+6×... first window after baseline end + 12 = 2012-09
    assert tr2["month"].min() == "2012-09"


def test_revision_then_and_now():
    then = data("2016-12")
    now = s({B2: (100, 79), B3: (100, 79), LONDON_CODE: (200, 158)}, "2025-12")
    r = revision(then, now, "2016-12", "2013-03")
    assert (r.meeting_then, r.meeting_now) == (1, 2)
    assert r.pct_then == pytest.approx(-19.5) and r.pct_now == pytest.approx(-21.0)
    assert "−19.5% then, −21.0% now" in r.words
