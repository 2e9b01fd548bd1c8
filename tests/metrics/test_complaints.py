"""Complaints arithmetic: tiny hand-made tables, then the Enfield SNB pack's published figures."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.ingest import run_ingest
from lib.metrics import complaints as c
from lib.reference.boroughs import LONDON_CODE
from lib.store import Store
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "complaints" / "enfield_pack"
ENFIELD = "E09000010"
BARNET = "E09000003"
CAMDEN = "E09000007"


def _alleg(rows: list[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    names = {ENFIELD: "Enfield", BARNET: "Barnet", CAMDEN: "Camden"}
    return pd.DataFrame(
        [(code, names[code], m, t, o, n) for code, m, t, o, n in rows],
        columns=["borough_code", "borough_name", "month", "allegation_type", "outcome", "allegations"],
    )


def _workforce(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(code, "x", m, o, s, m) for code, m, o, s in rows],
        columns=["borough_code", "borough_name", "month", "officers", "staff", "source_period"],
    )


def _months(start: str, end: str) -> list[str]:
    from lib.periods import month_range

    return month_range(start, end)


@pytest.fixture()
def tiny() -> tuple[pd.DataFrame, pd.DataFrame]:
    return tiny_tables()


def tiny_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two years (2014-01..2015-12): Enfield 1 allegation a month in 2014 and 2 a month in 2015;
    Barnet 3 a month throughout; Enfield workforce 80 + 20, Barnet 150 + 50 (2015 only)."""
    rows = []
    for m in _months("2014-01", "2015-12"):
        rows.append((ENFIELD, m, "Incivility", "Withdrawn", 1))
        if m >= "2015-01":
            rows.append((ENFIELD, m, "Failures in Duty", "Not yet finalised", 1))
        rows.append((BARNET, m, "Oppressive Behaviour", "No Case to Answer", 3))
    wf = [(ENFIELD, m, 80, 20) for m in _months("2015-01", "2015-12")]
    wf += [(BARNET, m, 150, 50) for m in _months("2015-01", "2015-12")]
    return _alleg(rows), _workforce(wf)


# --- reference tables ---------------------------------------------------------------------------


def test_reference_tables_hold_the_pack_categories_and_glossary() -> None:
    types = c.allegation_types()
    assert list(types["name"]) == [
        "Oppressive Behaviour", "Discrimination", "Malpractice", "Failures in Duty", "Incivility",
        "Traffic Irregularity", "Other",
    ]
    outs = c.outcomes()
    assert list(outs["name"]) == [
        "Case to Answer", "No Case to Answer", "Local Resolution", "Disapplication", "Discontinuance",
        "Withdrawn", "Not yet finalised",
    ]
    assert list(outs["finalised"]) == [True] * 6 + [False]
    g = c.glossary().set_index("name")
    assert g.loc["Traffic Irregularity", "definition"].startswith("Complaints about the driving")
    assert "IPCC agreement for a discontinuance" in g.loc["Discontinuance", "definition"]
    assert g.loc["Withdrawn", "kind"] == "Outcome"
    assert (g["definition"].str.len() > 40).all()


# --- periods ------------------------------------------------------------------------------------


def test_period_to_is_rolling_12_and_the_year_before() -> None:
    p = c.period_to("2015-09")
    assert (p.first, p.last, p.prev_first, p.prev_last) == ("2014-10", "2015-09", "2013-10", "2014-09")
    assert p.label == "October 2014 to September 2015"
    assert p.previous_label == "October 2013 to September 2014"
    assert p.kind == "r12"


def test_check_period_end(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, _ = tiny
    assert c.available_period_ends(a)[0] == "2014-12"
    assert c.available_period_ends(a)[-1] == "2015-12"
    assert c.check_period_end(a, "201506") == "2015-06"
    with pytest.raises(UsageError, match="choose a month from 2014-12 to 2015-12"):
        c.check_period_end(a, "2016-01")
    with pytest.raises(UsageError, match="choose a month"):
        c.check_period_end(a, "2014-11")
    with pytest.raises(UsageError, match="not a month"):
        c.check_period_end(a, "June")


def test_resolve_area() -> None:
    assert c.resolve_area(None) == (LONDON_CODE, "London")
    assert c.resolve_area("london") == (LONDON_CODE, "London")
    assert c.resolve_area("barking & dagenham") == ("E09000002", "Barking and Dagenham")
    with pytest.raises(UsageError, match="unknown borough"):
        c.resolve_area("Gotham")
    with pytest.raises(UsageError, match="City of London Police"):
        c.resolve_area("City of London")


# --- headline figures ---------------------------------------------------------------------------


def test_totals_previous_and_change(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, _ = tiny
    assert c.allegations_12_months(a, ENFIELD, "2015-12") == 24
    assert c.previous_12_months(a, ENFIELD, "2015-12") == 12
    assert c.allegations_12_months(a, LONDON_CODE, "2015-12") == 24 + 36
    assert c.previous_12_months(a, LONDON_CODE, "2015-12") == 12 + 36
    # the year before 2014-12 is outside the data
    assert c.previous_12_months(a, ENFIELD, "2014-12") is None
    assert c.allegations_total(a, ENFIELD, "2015-06", "2015-07") == 4


def test_pct_change_and_share() -> None:
    assert c.pct_change(24, 12) == 100.0
    assert c.pct_change(9, 12) == -25.0
    assert c.pct_change(5, 0) is None
    assert c.pct_change(5, None) is None
    assert c.share(1, 4) == 25.0
    assert c.share(1, 0) is None


def test_workforce_and_rate(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, w = tiny
    assert c.workforce_average(w, ENFIELD, "2015-01", "2015-12") == 100.0
    # only the months with a figure count: 2015 alone for the 12 months to 2015-06
    assert c.workforce_average(w, ENFIELD, "2014-07", "2015-06") == 100.0
    assert c.workforce_average(w, ENFIELD, "2014-01", "2014-12") is None
    assert c.workforce_average(w, LONDON_CODE, "2015-01", "2015-12") == 300.0
    assert c.per_100_workforce(24, 100.0) == 24.0
    assert c.per_100_workforce(24, None) is None
    assert c.per_100_workforce(24, 0) is None
    assert c.area_per_100_workforce(a, w, ENFIELD, "2015-12") == 24.0
    assert c.area_per_100_workforce(a, w, BARNET, "2015-12") == 18.0
    assert c.area_per_100_workforce(a, w, LONDON_CODE, "2015-12") == 20.0


def test_workforce_average_is_the_mean_of_the_months() -> None:
    w = _workforce([(ENFIELD, "2015-01", 90, 10), (ENFIELD, "2015-02", 150, 50)])
    assert c.workforce_average(w, ENFIELD, "2015-01", "2015-12") == 150.0


def test_london_rate_uses_only_boroughs_with_a_workforce() -> None:
    a = _alleg([
        (ENFIELD, "2015-01", "Other", "Withdrawn", 10),
        (CAMDEN, "2015-01", "Other", "Withdrawn", 99),
    ])
    w = _workforce([(ENFIELD, "2015-01", 40, 10)])
    assert c.area_per_100_workforce(a, w, LONDON_CODE, "2015-01") == 20.0


def test_summary(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, w = tiny
    s = c.summary(a, w, ENFIELD, "2015-12")
    assert (s.borough_name, s.allegations, s.previous, s.pct_change) == ("Enfield", 24, 12, 100.0)
    assert (s.workforce, s.per_100_workforce) == (100.0, 24.0)
    london = c.summary(a, w, LONDON_CODE, "2015-12")
    assert (london.borough_name, london.allegations, london.previous) == ("London", 60, 48)
    assert london.pct_change == 25.0
    assert london.workforce == 300.0


def test_by_borough_ranked_with_london_average(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, w = tiny
    t = c.by_borough(a, w, "2015-12")
    assert list(t["borough_name"]) == ["Barnet", "Enfield"]
    assert list(t["rank"]) == [1, 2]
    assert list(t["allegations"]) == [36, 24]
    assert list(t["pct_change"]) == [0.0, 100.0]
    assert list(t["per_100_workforce"]) == [18.0, 24.0]
    avg = c.london_average(a, w, "2015-12")
    assert avg == {"allegations": 30.0, "pct_change": 25.0, "per_100_workforce": 20.0}


def test_by_allegation_type(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, _ = tiny
    t = c.by_allegation_type(a, ENFIELD, "2015-12").set_index("name")
    assert len(t) == 7
    assert t.loc["Incivility", "count"] == 12
    assert t.loc["Incivility", "share"] == 50.0
    assert t.loc["Incivility", "pct_change"] == 0.0
    assert t.loc["Failures in Duty", "previous"] == 0
    assert t.loc["Failures in Duty", "pct_change"] is None or pd.isna(t.loc["Failures in Duty", "pct_change"])
    assert t.loc["Malpractice", "count"] == 0
    assert t["share"].sum() == 100.0


def test_by_outcome_shares_are_of_finalised_outcomes(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, _ = tiny
    t = c.by_outcome(a, ENFIELD, "2015-12").set_index("name")
    assert t.loc["Withdrawn", "count"] == 12
    assert t.loc["Not yet finalised", "count"] == 12
    assert t.loc["Withdrawn", "share"] == 100.0  # 12 of 12 finalised, not of 24 allegations
    assert pd.isna(t.loc["Not yet finalised", "share"])
    assert not t.loc["Not yet finalised", "finalised"]
    assert c.finalised_total(a, ENFIELD, "2015-12") == 12


def test_monthly_trend(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, _ = tiny
    t = c.monthly_trend(a, ENFIELD, "2015-12", months=36)
    assert t["month"].iloc[0] == "2014-01"  # as far back as the data go
    assert len(t) == 24
    assert t.set_index("month").loc["2015-03", "allegations"] == 2
    assert t.set_index("month").loc["2015-12", "rolling_12_months"] == 24
    assert t.set_index("month").loc["2014-12", "rolling_12_months"] == 12
    assert pd.isna(t.set_index("month").loc["2014-11", "rolling_12_months"])
    assert len(c.monthly_trend(a, ENFIELD, "2015-12", months=6)) == 6


# --- the Enfield pack's own figures, from counts -------------------------------------------------


@pytest.fixture(scope="module")
def enfield(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    dest = tmp_path_factory.mktemp("enfield") / "store"
    run_ingest(FIXTURE, dest)
    store = Store(dest)
    return store.table("complaints_allegations"), store.table("complaints_workforce")


def test_enfield_pack_headline_figures(enfield: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """Enfield SNB pack 2015: 496 allegations Oct 2014-Sep 2015, up 9%, 36.5 per 100 workforce."""
    a, w = enfield
    s = c.summary(a, w, ENFIELD, "2015-09")
    assert s.period.label == "October 2014 to September 2015"
    assert s.allegations == 496
    assert s.previous == 455
    assert round(s.pct_change) == 9
    assert round(s.per_100_workforce, 1) == 36.5


def test_enfield_pack_allegation_types(enfield: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """Failures in duty 53% (up 19%), oppressive behaviour 23% (up 33%) of allegations."""
    a, _ = enfield
    t = c.by_allegation_type(a, ENFIELD, "2015-09").set_index("name")
    assert t["count"].sum() == 496
    assert round(t.loc["Failures in Duty", "share"]) == 53
    assert round(t.loc["Failures in Duty", "pct_change"]) == 19
    assert round(t.loc["Oppressive Behaviour", "share"]) == 23
    assert round(t.loc["Oppressive Behaviour", "pct_change"]) == 33


def test_enfield_pack_outcomes(enfield: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """No case to answer 69.0% (339), disapplication 8.8% (43), case to answer 1.2% (6)."""
    a, _ = enfield
    t = c.by_outcome(a, ENFIELD, "2015-09").set_index("name")
    assert c.finalised_total(a, ENFIELD, "2015-09") == 491
    published = {"No Case to Answer": (339, 69.0), "Disapplication": (43, 8.8), "Case to Answer": (6, 1.2)}
    for name, (count, pct) in published.items():
        assert t.loc[name, "count"] == count
        assert round(t.loc[name, "share"], 1) == pct
    # 'No case to answer' is the largest share, then disapplication is second to local resolution
    assert t["share"].idxmax() == "No Case to Answer"


# --- the demonstration data: deterministic, complete, at the pack's levels ----------------------


@pytest.fixture(scope="module")
def demo_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    from lib.demo import DEFAULT_SEED, DemoContext
    from lib.demo.complaints import generate

    t = generate(DemoContext(seed=DEFAULT_SEED))
    return t["complaints_allegations"], t["complaints_workforce"]


def test_demo_is_deterministic_and_conforms(demo_tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    from lib.demo import DEFAULT_SEED, DemoContext
    from lib.demo.complaints import generate
    from lib.ingest.complaints import ALLEGATIONS, WORKFORCE
    from lib.schema import conform

    again = generate(DemoContext(seed=DEFAULT_SEED))
    a, w = demo_tables
    pd.testing.assert_frame_equal(a, again["complaints_allegations"])
    pd.testing.assert_frame_equal(w, again["complaints_workforce"])
    other = generate(DemoContext(seed=DEFAULT_SEED + 1))["complaints_allegations"]
    assert int(other["allegations"].sum()) != int(a["allegations"].sum())
    assert len(conform(a, ALLEGATIONS)) == len(a)
    assert len(conform(w, WORKFORCE)) == len(w)
    assert not a.duplicated(["borough_code", "month", "allegation_type", "outcome"]).any()
    assert set(a["allegation_type"]) <= set(c.allegation_types()["name"])
    assert set(a["outcome"]) <= set(c.outcomes()["name"])


def test_demo_covers_32_boroughs_monthly_to_the_demo_month(
    demo_tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    from lib.demo import DEMO_LAST_MONTH

    a, w = demo_tables
    assert a["borough_code"].nunique() == 32
    assert w["borough_code"].nunique() == 32
    assert a["month"].max() == DEMO_LAST_MONTH == "2025-12"
    assert a["month"].nunique() >= 36
    assert len(w) == 32 * w["month"].nunique()
    assert "E09000001" not in set(a["borough_code"])


def test_demo_levels_are_like_the_pack(demo_tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    a, w = demo_tables
    to = "2025-12"
    enfield = c.summary(a, w, ENFIELD, to)
    assert 400 <= enfield.allegations <= 600  # pack: 496
    assert 30 <= enfield.per_100_workforce <= 43  # pack: 36.5
    assert 30 <= c.summary(a, w, LONDON_CODE, to).per_100_workforce <= 40
    types = c.by_allegation_type(a, LONDON_CODE, to).set_index("name")["share"]
    assert 45 <= types["Failures in Duty"] <= 55  # pack: 53%
    assert 20 <= types["Oppressive Behaviour"] <= 26  # pack: 23%
    outs = c.by_outcome(a, LONDON_CODE, to).set_index("name")["share"]
    assert 65 <= outs["No Case to Answer"] <= 75  # pack: 69.0%
    # older allegations are finalised; the most recent month has many still open
    trend_open = a[a["outcome"] == "Not yet finalised"].groupby("month")["allegations"].sum()
    assert trend_open.get("2025-12", 0) > trend_open.get("2024-12", 0)
