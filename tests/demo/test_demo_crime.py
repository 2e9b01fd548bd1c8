"""The demonstration crime tables: same schemas as ingest, realistic levels, two releases, wards that add up."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.demo import DEMO_LAST_MONTH, DemoContext
from lib.demo import crime as demo_crime
from lib.ingest.crime import TABLES, revision_warnings
from lib.reference.boroughs import mps_boroughs
from lib.reference.categories import MOPAC7, TNO, unmapped_categories
from lib.schema import conform
from tests.metrics.crime_helpers import default_rows, indicator_totals

SEED = 20151001
ENFIELD = "E09000010"


def _fake_wards() -> pd.DataFrame:
    """Three wards in Enfield, two in Barnet, one in Hillingdon, one in the City (not MPS)."""
    return pd.DataFrame(
        {
            "ward_code": ["E05013672", "E05013673", "E05013674", "E05013628", "E05013629", "E05013570", "E05009288"],
            "ward_name": ["Arnos Grove", "Bowes", "Brimsdown", "Barnet Vale", "Brunswick Park", "Heathrow Villages",
                          "Aldgate"],
            "borough_code": ["E09000010"] * 3 + ["E09000003"] * 2 + ["E09000017", "E09000001"],
        }
    )


@pytest.fixture(scope="module")
def plain() -> dict[str, pd.DataFrame]:
    """Generated with no geography tables: fallback populations, no wards."""
    out = demo_crime.generate(DemoContext(seed=SEED))
    return {t.name: conform(out[t.name], t) for t in TABLES}


@pytest.fixture(scope="module")
def with_wards() -> dict[str, pd.DataFrame]:
    ctx = DemoContext(seed=SEED)
    ctx.tables["wards"] = _fake_wards()
    out = demo_crime.generate(ctx)
    return {t.name: conform(out[t.name], t) for t in TABLES}


def _tno_by_borough(tables: dict[str, pd.DataFrame], year: str) -> pd.Series:
    d = default_rows(tables["crime_borough"])
    d = d[d["month"].str.startswith(year)]
    t = indicator_totals(d, ["borough_name"])
    return t[t["indicator"] == TNO].set_index("borough_name")["count"]


def test_deterministic() -> None:
    a = demo_crime.generate(DemoContext(seed=SEED))
    b = demo_crime.generate(DemoContext(seed=SEED))
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    c = demo_crime.generate(DemoContext(seed=SEED + 1))
    assert not a["crime_borough"]["count"].equals(c["crime_borough"]["count"])


def test_two_releases_side_by_side(plain) -> None:
    rel = plain["crime_releases"].set_index("release")
    assert list(rel.index) == ["2025-11", "2025-12"]
    assert (rel.loc["2025-11", "first_month"], rel.loc["2025-11", "last_month"]) == ("2018-01", "2025-11")
    assert (rel.loc["2025-12", "first_month"], rel.loc["2025-12", "last_month"]) == ("2024-01", DEMO_LAST_MONTH)
    b = plain["crime_borough"]
    assert set(b["scheme"]) == {"current"}
    assert set(b["borough_code"]) == {x.code for x in mps_boroughs()}  # 32, never City of London
    assert b.groupby("release")["month"].agg(["min", "max"]).values.tolist() == [
        ["2018-01", "2025-11"], ["2024-01", "2025-12"]
    ]


def test_revisions_are_small_but_real(plain) -> None:
    b = plain["crime_borough"]
    shared = b[b["month"].between("2024-01", "2025-11")]
    by_release = shared.groupby(["release", "borough_code", "minor", "month"])["count"].sum().unstack("release")
    by_release = by_release.dropna()
    changed = (by_release["2025-11"] != by_release["2025-12"]).mean()
    assert 0.05 < changed < 0.9  # many cells revised ...
    assert revision_warnings(b) == []  # ... but no month's London total by more than 3%


@pytest.mark.slow  # generates demo crime for every borough
def test_levels_calibrated_to_london_rates(plain) -> None:
    tno = _tno_by_borough(plain, "2019")
    pop = pd.Series(demo_crime.FALLBACK_POPULATION) * 1000 * (1 + demo_crime.FALLBACK_GROWTH) ** 4
    rate = tno / pop * 1000
    london = tno.sum() / pop.sum() * 1000
    assert 90 <= london <= 100
    assert 80 <= rate["Barking and Dagenham"] <= 96  # 87.89 in 2015/16 (seed 002)
    assert rate.idxmax() == "Westminster" and rate["Westminster"] > 2.5 * london
    d = default_rows(plain["crime_borough"])
    t = indicator_totals(d, []).set_index("indicator")["count"]
    assert 0.40 < t[MOPAC7] / t[TNO] < 0.55  # "around half" (seed 000)


def test_seasonality_and_pandemic_dip(plain) -> None:
    d = default_rows(plain["crime_borough"])
    vwi = d[d["minor"] == "VIOLENCE WITH INJURY"].groupby("month")["count"].sum()
    feb = vwi[[m for m in vwi.index if m.endswith("-02") and m[:4] in ("2018", "2019", "2023", "2024")]].sum()
    jul = vwi[[m for m in vwi.index if m.endswith("-07") and m[:4] in ("2018", "2019", "2023", "2024")]].sum()
    assert jul > 1.15 * feb
    total = d.groupby("month")["count"].sum()
    assert total["2020-04"] < 0.85 * total["2019-04"]


def test_burglary_recode_and_mapping(plain) -> None:
    b = plain["crime_borough"]
    early = b[b["release"] == "2025-11"]
    dom = early[early["minor"] == "DOMESTIC BURGLARY"].groupby("month")["count"].sum()
    home = early[early["minor"] == "RES BURGLARY OF A HOME"].groupby("month")["count"].sum()
    assert dom["2023-03"] > 0 and dom["2023-04"] == 0
    assert home["2023-03"] == 0 and home["2023-04"] > 0
    assert "DOMESTIC BURGLARY" not in set(b.loc[b["release"] == "2025-12", "minor"])
    seen = b[["scheme", "major", "minor"]].drop_duplicates()
    assert unmapped_categories(seen).empty


def test_other_areas_small_share(plain) -> None:
    o, b = plain["crime_other_areas"], plain["crime_borough"]
    for release in ("2025-11", "2025-12"):
        share = o.loc[o["release"] == release, "count"].sum() / b.loc[b["release"] == release, "count"].sum()
        assert 0.01 < share < 0.03
    assert set(o["area_kind"]) == {"airports", "unknown"}
    assert plain["crime_ward"].empty  # no wards table given


def test_uses_population_table_when_present() -> None:
    ctx = DemoContext(seed=SEED)
    years = range(2018, 2026)
    ctx.tables["population"] = pd.DataFrame(
        [
            {"borough_code": b.code, "year": y,
             "population": demo_crime.FALLBACK_POPULATION[b.name] * 1000 * (2 if b.code == ENFIELD else 1)}
            for b in mps_boroughs() for y in years
        ]
    )
    doubled = demo_crime.generate(ctx)
    base = demo_crime.generate(DemoContext(seed=SEED))

    def enfield_vs_barnet(t: dict[str, pd.DataFrame]) -> float:
        b = t["crime_borough"]
        b = b[b["release"] == "2025-11"]
        totals = b.groupby("borough_code")["count"].sum()
        return totals[ENFIELD] / totals["E09000003"]

    assert enfield_vs_barnet(doubled) / enfield_vs_barnet(base) == pytest.approx(2, rel=0.05)


def test_wards_add_up_to_borough_counts(with_wards) -> None:
    w = with_wards["crime_ward"]
    assert w["month"].min() == "2023-12" and w["month"].max() == DEMO_LAST_MONTH
    assert w["month"].nunique() == 25
    assert set(w["borough_code"]) == {"E09000010", "E09000003", "E09000017"}  # City of London ward ignored
    assert set(w["release"]) == {"2025-12"}
    d = default_rows(with_wards["crime_borough"])
    d = d[d["borough_code"].isin(["E09000010", "E09000003"]) & (d["month"] >= "2023-12")]
    borough = d.groupby(["borough_code", "minor", "month"])["count"].sum()
    wards = w[w["borough_code"] != "E09000017"].groupby(["borough_code", "minor", "month"])["count"].sum()
    joined = pd.concat([borough.rename("b"), wards.rename("w")], axis=1).fillna(0)
    assert (joined["b"] == joined["w"]).all()
    assert w.groupby("ward_code")["count"].sum().min() > 0
    aviation = with_wards["crime_other_areas"]
    aviation = aviation[aviation["level"] == "ward"]
    assert set(aviation["area_name"]) == {"Aviation Security (SO18)"}
    assert set(aviation["ward_code"]) == {"E05013570"}
    rel = with_wards["crime_releases"]
    ward_rel = rel[rel["level"] == "ward"].iloc[0]
    assert (ward_rel["release"], ward_rel["first_month"], ward_rel["last_month"]) == ("2025-12", "2023-12", "2025-12")
