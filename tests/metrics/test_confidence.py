"""Borough PAS arithmetic: summary with intervals and changes, trends, ranking, drivers, similar group."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.pas import PasBoroughAdapter
from lib.metrics import confidence as c

ENF, HAR, CAM, LON = "E09000010", "E09000014", "E09000007", "E12000007"


def tiny() -> pd.DataFrame:
    """Two boroughs and London, two quarters a year apart, two measures."""
    rows = []
    data = {
        ("2014-09", ENF, "good_job"): 0.59, ("2015-09", ENF, "good_job"): 0.67,
        ("2014-09", ENF, "informed"): 0.40, ("2015-09", ENF, "informed"): 0.41,
        ("2014-09", HAR, "good_job"): 0.70, ("2015-09", HAR, "good_job"): 0.60,
        ("2014-09", HAR, "informed"): 0.45, ("2015-09", HAR, "informed"): 0.45,
        ("2014-09", LON, "good_job"): 0.65, ("2015-09", LON, "good_job"): 0.66,
        ("2014-09", LON, "informed"): 0.44, ("2015-09", LON, "informed"): 0.43,
    }
    names = {ENF: "Enfield", HAR: "Haringey", LON: "London"}
    for (q, a, m), v in data.items():
        rows.append({"quarter": q, "area_code": a, "area_name": names[a], "measure": m, "measure_label": m,
                     "proportion": v})
    return pd.DataFrame(rows)


def test_borough_summary_on_tiny_table() -> None:
    s = c.borough_summary(tiny(), ENF, "2015-09").set_index("measure")
    assert list(s.index) == ["good_job", "informed"]  # reference order, only measures present
    g = s.loc["good_job"]
    assert g["value"] == 0.67 and g["mps_value"] == 0.66
    assert g["ci_low"] < 0.67 < g["ci_high"]
    assert g["year_earlier"] == "2014-09" and g["year_earlier_value"] == 0.59
    assert g["change_points"] == pytest.approx(8.0)
    assert bool(g["significant"]) is True
    assert g["verdict"] == "a real rise"  # 8 points on 400 + 400: interval (1.3, 14.6)
    i = s.loc["informed"]
    assert i["change_points"] == pytest.approx(1.0)
    assert i["verdict"] == "within the margin of error"
    assert i["vs_mps_verdict"] == "within the margin of error"


def test_summary_without_year_earlier_says_so() -> None:
    s = c.borough_summary(tiny(), ENF, "2014-09")
    assert set(s["verdict"]) == {"no figure a year earlier"}
    assert s["significant"].isna().all()


def test_london_summary_uses_london_sample() -> None:
    s = c.borough_summary(tiny(), LON, "2015-09").set_index("measure")
    width_london = s.at["good_job", "ci_high"] - s.at["good_job", "ci_low"]
    b = c.borough_summary(tiny(), ENF, "2015-09").set_index("measure")
    width_borough = b.at["good_job", "ci_high"] - b.at["good_job", "ci_low"]
    assert width_london < width_borough / 5  # 12,800 interviews against 400


def test_sample_assumption_changes_intervals() -> None:
    wide = c.SampleAssumption(borough=100)
    s = c.borough_summary(tiny(), ENF, "2015-09", wide).set_index("measure")
    assert s.at["good_job", "verdict"] == "within the margin of error"  # 8 points on 100 + 100 is not real


def test_ranked_boroughs_and_drivers() -> None:
    r = c.ranked_boroughs(tiny(), "good_job", "2015-09")
    assert list(r["area_name"]) == ["Enfield", "Haringey"]
    assert list(r["rank"]) == [1, 2]
    assert set(r["london"]) == {0.66}
    assert r.loc[r.area_name == "Haringey", "vs_london_points"].iloc[0] == pytest.approx(-6.0)
    d = c.drivers_vs_london(tiny(), HAR, "2015-09")
    assert list(d["measure"]) == ["informed"]  # good job is the outcome, not a driver
    assert d["vs_mps_points"].iloc[0] == pytest.approx(2.0)


def test_trend() -> None:
    t = c.measure_trend(tiny(), HAR, "good_job")
    assert list(t["quarter"]) == ["2014-09", "2015-09"]
    assert list(t["value"]) == [0.70, 0.60]
    assert list(t["london"]) == [0.65, 0.66]


def test_check_quarter() -> None:
    assert c.check_quarter(tiny(), "2015-09") == "2015-09"
    with pytest.raises(UsageError, match="no PAS figures for 2015-08"):
        c.check_quarter(tiny(), "2015-08")
    with pytest.raises(UsageError, match="not a month"):
        c.check_quarter(tiny(), "Sept")


def test_similar_boroughs_comparison() -> None:
    """Three boroughs with one feature: Enfield (1.0) is nearest Haringey (1.1), then Camden (5.0)."""
    pas = tiny()
    extra = pas[pas.area_code == HAR].assign(area_code=CAM, area_name="Camden",
                                             proportion=lambda d: d["proportion"] - 0.1)
    pas = pd.concat([pas, extra], ignore_index=True)
    feats = pd.DataFrame({"borough_code": [ENF, HAR, CAM], "feature": ["x"] * 3, "value": [1.0, 1.1, 5.0]})
    t, members = c.similar_boroughs_comparison(pas, feats, ENF, "2015-09", k=1)
    assert members == [ENF, HAR]
    g = t.set_index("measure").loc["good_job"]
    assert g["group_average"] == pytest.approx((0.67 + 0.60) / 2)
    assert g["rank_in_group"] == 1 and g["group_size"] == 2


# ---------------------------------------------------------------- real files


@pytest.fixture(scope="module")
def real_pas(shared_data: Path) -> pd.DataFrame:
    d = shared_data / "confidence"
    a = PasBoroughAdapter()
    paths = [p for p in sorted(d.iterdir()) if a.recognises(p, sniff_head(p))]
    return a.read(paths, IngestContext(source_dir=d))["pas_borough"]


def test_enfield_pack_confidence(real_pas: pd.DataFrame) -> None:
    """Enfield SNB pack 2015: 'confidence currently at 59%. This is below the MPS average (67%)'."""
    s = c.borough_summary(real_pas, ENF, "2015-09").set_index("measure")
    assert s.at["good_job", "value"] == pytest.approx(0.59)
    assert s.at["good_job", "mps_value"] == pytest.approx(0.67)
    assert s.at["good_job", "vs_mps_points"] == pytest.approx(-8.0)
    assert s.at["good_job", "vs_mps_verdict"] == "really lower"
    assert (s.at["good_job", "ci_low"], s.at["good_job", "ci_high"]) == (pytest.approx(0.5412, abs=1e-4),
                                                                         pytest.approx(0.6371, abs=1e-4))
    r = c.ranked_boroughs(real_pas, "good_job", "2015-09")
    assert len(r) == 32
    assert int(r.loc[r.area_code == ENF, "rank"].iloc[0]) >= 28  # among the lowest in the pack's figure 3


def test_haringey_real_fall(real_pas: pd.DataFrame) -> None:
    """Haringey 'good job': 66% in the 12 months to December 2014, 54% a year later: a real fall."""
    s = c.borough_summary(real_pas, HAR, "2015-12").set_index("measure")
    assert s.at["good_job", "change_points"] == pytest.approx(-12.0)
    assert s.at["good_job", "verdict"] == "a real fall"
    assert bool(s.at["good_job", "significant"]) is True


def test_real_extremes_december_2014(real_pas: pd.DataFrame) -> None:
    """MOPAC Challenge, March 2015: Richmond highest, Tower Hamlets lowest ('only 51%'). The file, 12 months
    to December 2014: Tower Hamlets 50% (lowest); Richmond 78% (joint highest with Kensington and Chelsea)."""
    r = c.ranked_boroughs(real_pas, "good_job", "2014-12")
    assert r.iloc[-1]["area_name"] == "Tower Hamlets" and r.iloc[-1]["value"] == pytest.approx(0.50)
    top = r[r["rank"] == 1]
    assert set(top["area_name"]) == {"Kensington and Chelsea", "Richmond upon Thames"}
    assert r["london"].tolist() == [pytest.approx(0.67)] * 32


def test_furthest_from_london() -> None:
    """September 2015, good job: London 66; Enfield 67 (+1) above, Haringey 60 (−6) below."""
    above, below = c.furthest_from_london(c.ranked_boroughs(tiny(), "good_job", "2015-09"), n=3)
    assert list(above["area_name"]) == ["Enfield"] and above["vs_london_points"].iloc[0] == pytest.approx(1.0)
    assert list(below["area_name"]) == ["Haringey"] and below["vs_london_points"].iloc[0] == pytest.approx(-6.0)
    assert {"ci_low", "ci_high", "vs_london"} <= set(above.columns)
