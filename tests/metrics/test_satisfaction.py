"""Victim satisfaction: by borough and the white–BME gap (Enfield SNB pack 2015 figures as a fixture)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.ingest.base import IngestContext
from lib.ingest.uss import UssAdapter
from lib.metrics import satisfaction as s

FIX = Path(__file__).parents[1] / "fixtures" / "uss"


@pytest.fixture(scope="module")
def enfield() -> pd.DataFrame:
    """The pack's published figures (12 months to September 2015): Enfield 79% overall, white 81%, BME 76%;
    MPS 80%, with a 6-point MPS gap (82% v 76% here); respondent numbers illustrative."""
    return UssAdapter().read([FIX / "enfield_2015.csv"], IngestContext(FIX))["uss"]


def test_white_bme_gap_as_the_enfield_pack(enfield: pd.DataFrame) -> None:
    """Enfield SNB pack: 'a 5 percentage point gap ... (white 81%, BME 76%). The MPS average is 6 percentage points'."""
    g = s.ethnic_gap(enfield, "E09000010", "2015-09")
    assert g is not None
    assert g["area"]["white"] == 0.81 and g["area"]["bme"] == 0.76
    assert g["area"]["gap_points"] == pytest.approx(5.0)
    assert g["london"]["gap_points"] == pytest.approx(6.0)
    # 5 points on 300 v 200 victims is within survey error; 6 points on 9,900 v 6,600 is not
    assert g["area"]["significant"] is False
    assert g["london"]["significant"] is True
    assert s.ethnic_gap(enfield, "E09000033", "2015-09") is None  # Westminster has no split in the fixture


def test_satisfaction_by_borough(enfield: pd.DataFrame) -> None:
    t = s.satisfaction_by_borough(enfield, "2015-09")
    assert list(t["borough_name"]) == ["Westminster", "Enfield"]
    enf = t.set_index("borough_name").loc["Enfield"]
    assert enf["proportion"] == 0.79 and enf["london"] == 0.80  # pack: 79%, below the MPS average (80%)
    assert enf["vs_london_points"] == pytest.approx(-1.0)
    assert enf["vs_london"] == "within the margin of error"
    assert enf["ci_low"] < 0.79 < enf["ci_high"]


def test_gap_by_borough_and_periods(enfield: pd.DataFrame) -> None:
    g = s.ethnic_gap_by_borough(enfield, "2015-09")
    assert list(g["borough_name"]) == ["Enfield"]
    assert s.periods(enfield) == ["2015-09"]
    assert s.check_period(enfield, "2015-09") == "2015-09"
    with pytest.raises(UsageError, match="no victim satisfaction figures for 2016-09"):
        s.check_period(enfield, "2016-09")


def test_trend(enfield: pd.DataFrame) -> None:
    t = s.satisfaction_trend(enfield, "E09000010")
    assert list(t["proportion"]) == [0.79]
    assert list(t["measure_label"]) == ["Overall satisfaction"]
