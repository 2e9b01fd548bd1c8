"""lib.ingest.census: populations, Census 2011 ethnic groups, borough and ward features."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from lib.errors import IngestError
from lib.ingest import census
from lib.ingest.base import IngestContext, sniff_head
from lib.schema import conform
from tests.conftest import FIXTURES
from tests.ingest.test_ingest_geo import real_geo_tables

GEO = FIXTURES / "geo"


def _ctx(tmp: Path | None = None) -> IngestContext:
    return IngestContext(source_dir=tmp or GEO)


# ---- reference tables ------------------------------------------------------------------------------


def test_mapping_table_covers_the_18_categories_once():
    cats = census.ethnic_categories()
    assert len(cats) == 18 and len({c.category for c in cats}) == 18
    assert {c.search4 for c in cats} == {"White", "Black", "Asian", "Other"}
    assert {c.census5 for c in cats} == {"White", "Mixed", "Asian", "Black", "Other"}
    by = {c.category: c.search4 for c in cats}
    assert by["Mixed/multiple ethnic groups: White and Black Caribbean"] == "Black"
    assert by["Mixed/multiple ethnic groups: White and Asian"] == "Asian"
    assert by["Asian/Asian British: Chinese"] == "Other"
    assert by["Mixed/multiple ethnic groups: Other Mixed"] == "Other"


def test_oa_ranges():
    got = census.borough_of_oa(pd.Series(["E00000001", "E00006910", "E00007792", "E00165799", "E00000036", "x"]))
    assert got.tolist()[:4] == ["E09000001", "E09000010", "E09000010", "E09000010"]
    assert got.iloc[4:].isna().all()  # gap between ranges, malformed


# ---- population ------------------------------------------------------------------------------------


def test_population_fixture():
    p = GEO / "housing_density_borough.csv"
    a = census.BoroughPopulation()
    assert a.recognises(p, sniff_head(p))
    ctx = _ctx()
    pop = conform(a.read([p], ctx)["population"], census.POPULATION)
    assert pop[["borough_code", "year", "population"]].values.tolist() == [
        ["E09000001", 2011, 7400.0],
        ["E09000010", 2011, 313900.0],
        ["E09000010", 2012, 317300.0],
    ]
    assert pop["households"].isna().all()
    assert ctx.notes["population_aggregates_skipped"] == ["E12000007 London"]


def test_population_missing_column_names_file_and_column():
    p = GEO / "housing_density_missing_population.csv"
    with pytest.raises(IngestError) as e:
        census.BoroughPopulation().read([p], _ctx())
    assert e.value.file == p and e.value.column == "Population" and e.value.row == 1


def test_population_not_a_number_names_row():
    p = GEO / "housing_density_not_a_number.csv"
    with pytest.raises(IngestError) as e:
        census.BoroughPopulation().read([p], _ctx())
    assert (e.value.row, e.value.column) == (3, "Population") and "lots" in str(e.value)


def test_households_fill_population_rows():
    ctx = _ctx()
    ctx.tables.update(census.BoroughPopulation().read([GEO / "housing_density_borough.csv"], ctx))
    census._set_households(
        ctx, pd.DataFrame({"borough_code": ["E09000010"], "year": [2011], "households": [117000.0]}), "test"
    )
    pop = ctx.tables["population"].set_index(["borough_code", "year"])
    assert pop.loc[("E09000010", 2011), "households"] == 117000.0
    assert pop.loc[("E09000010", 2011), "households_source"] == "test"
    assert pd.isna(pop.loc[("E09000010", 2012), "households"])


# ---- ethnicity -------------------------------------------------------------------------------------


def _fixture_counts() -> dict[str, dict[str, int]]:
    with open(GEO / "census_ethnicity_oa.csv", encoding="utf-8") as fh:
        return {r["geography code"]: r for r in csv.DictReader(fh)}


def test_ethnicity_fixture_by_hand():
    p = GEO / "census_ethnicity_oa.csv"
    a = census.CensusEthnicityOA()
    assert a.recognises(p, sniff_head(p))
    out = conform(a.read([p], _ctx())["population_ethnicity"], census.POPULATION_ETHNICITY)
    rows = _fixture_counts()

    def col(oa: str, cat: str) -> int:
        return int(rows[oa][f"Ethnic Group: {cat}; measures: Value"])

    enfield = ["E00006910", "E00007000"]
    black = sum(
        col(oa, c)
        for oa in enfield
        for c in (
            "Black/African/Caribbean/Black British: African",
            "Black/African/Caribbean/Black British: Caribbean",
            "Black/African/Caribbean/Black British: Other Black",
            "Mixed/multiple ethnic groups: White and Black Caribbean",
            "Mixed/multiple ethnic groups: White and Black African",
        )
    )
    got = out.set_index(["borough_code", "scheme", "group"])["population"]
    assert got[("E09000010", "search4", "Black")] == black
    assert got[("E09000010", "census5", "Mixed")] == sum(col(oa, "Mixed/multiple ethnic groups") for oa in enfield)
    total = sum(col(oa, "All usual residents") for oa in enfield)
    assert got.loc["E09000010"].groupby(level="scheme").sum().tolist() == [total, total]
    assert got[("E09000007", "census5", "White")] == col("E00004482", "White")  # Camden OA
    assert len(out) == 2 * 9


def test_ethnicity_missing_column():
    p = GEO / "census_ethnicity_oa_missing_column.csv"
    with pytest.raises(IngestError) as e:
        census.CensusEthnicityOA().read([p], _ctx())
    assert e.value.file == p and e.value.column == "Ethnic Group: White: Irish; measures: Value"


def test_ethnicity_bad_count_and_unknown_oa(tmp_path):
    with open(GEO / "census_ethnicity_oa.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = "Ethnic Group: Asian/Asian British: Indian; measures: Value"
    i = rows[0].index(col)
    bad_rows = [list(r) for r in rows]
    bad_rows[2][i] = "-1"
    bad = tmp_path / "bad.csv"
    with open(bad, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(bad_rows)
    with pytest.raises(IngestError) as e:
        census.CensusEthnicityOA().read([bad], _ctx(tmp_path))
    assert (e.value.row, e.value.column) == (3, col)
    sums_rows = [list(r) for r in rows]
    sums_rows[1][i] = str(int(sums_rows[1][i]) + 1)  # categories no longer add up to the total
    sums = tmp_path / "sums.csv"
    with open(sums, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(sums_rows)
    with pytest.raises(IngestError, match="do not add up") as e:
        census.CensusEthnicityOA().read([sums], _ctx(tmp_path))
    assert e.value.row == 2
    unknown_rows = [list(r) for r in rows]
    unknown_rows[1][2] = "E00999999"
    unknown = tmp_path / "unknown.csv"
    with open(unknown, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(unknown_rows)
    with pytest.raises(IngestError) as e:
        census.CensusEthnicityOA().read([unknown], _ctx(tmp_path))
    assert (e.value.row, e.value.column) == (2, "geography code")


# ---- real files ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data):
    """All geo and census adapters run on ../shared/data."""
    ctx = IngestContext(source_dir=shared_data)
    ctx.tables.update({k: v for k, v in real_geo_tables(shared_data).items() if k != "_warnings"})
    files = sorted(p for p in (shared_data / "census").glob("*") if p.is_file())
    files += sorted((shared_data / "boundaries" / "statistical-gis-boundaries-london").glob("*.shp"))
    for a in census.ADAPTERS:
        mine = [p for p in files if a.recognises(p, sniff_head(p))]
        assert mine, f"{a.name} recognised no file"
        ctx.tables.update(a.read(mine, ctx))
    return ctx


def test_real_enfield_ethnic_populations_match_the_pack(real):
    """Enfield SNB pack 2015, text under Figure 12: White 190,640; Black 60,923; Asian 36,494; Other 24,409.

    The pack prints the total as 312,468, but its own four groups add up to 312,466, which is also
    the Census 2011 count of Enfield's usual residents; we reproduce the four groups exactly.
    """
    e = conform(real.tables["population_ethnicity"], census.POPULATION_ETHNICITY)
    s4 = e[(e["borough_code"] == "E09000010") & (e["scheme"] == "search4")].set_index("group")["population"]
    assert s4.to_dict() == {"White": 190_640, "Black": 60_923, "Asian": 36_494, "Other": 24_409}
    assert s4.sum() == 312_466
    assert e.groupby("scheme")["population"].sum().tolist() == [8_173_941, 8_173_941]  # London, Census 2011
    assert e["borough_code"].nunique() == 33


def test_real_census5_matches_gla_ward_atlas_city(real):
    e = real.tables["population_ethnicity"]
    city = e[(e["borough_code"] == "E09000001") & (e["scheme"] == "census5")].set_index("group")["population"]
    # GLA Ward Atlas 2013, City of London row: White 5,799; Mixed 289; Asian 940; Black 193; Other 154
    assert city.to_dict() == {"White": 5799, "Mixed": 289, "Asian": 940, "Black": 193, "Other": 154}


def test_real_population(real, shared_data):
    pop = conform(real.tables["population"], census.POPULATION)
    assert pop["borough_code"].nunique() == 33
    row = pop.set_index(["borough_code", "year"])
    assert row.loc[("E09000010", 2001), "population"] == pytest.approx(274_500, rel=0.02)  # ONS MYE
    assert row.loc[("E09000010", 2001), "source"] == "ONS MYE"
    lsoa = pyogrio.read_dataframe(
        shared_data / "boundaries" / "statistical-gis-boundaries-london" / "LSOA_2011_London_gen_MHW.shp",
        read_geometry=False,
    )
    enfield = lsoa[lsoa["LAD11CD"] == "E09000010"]
    assert enfield["USUALRES"].sum() == 312_466  # Census 2011 usual residents, as the OA file
    assert row.loc[("E09000010", 2011), "households"] == enfield["HHOLDS"].sum()  # Census 2011
    assert row.loc[("E09000010", 2017), "households"] == 130_328  # GLA household estimate 2017
    assert pop["households"].notna().sum() == 66


def test_real_borough_features(real):
    f = conform(real.tables["borough_features"], census.BOROUGH_FEATURES)
    counts = f.groupby("feature").size()
    assert len(counts) == 8
    assert counts.drop(["median_weekly_pay", "pct_social_rented"]).eq(33).all()
    assert counts["median_weekly_pay"] == 32 and counts["pct_social_rented"] == 32  # City not published
    v = f.set_index(["borough_code", "feature"])["value"]
    assert v[("E09000010", "pct_bame")] == 42.3
    assert v[("E09000010", "imd2019_avg_score")] == pytest.approx(25.781)
    assert v[("E09000002", "imd2019_avg_score")] == pytest.approx(32.768)
    assert v[("E09000002", "median_weekly_pay")] == 612.9  # ASHE 2024, Barking and Dagenham
    assert v[("E09000010", "avg_household_size")] == pytest.approx(333000 / 130328)
    assert f["unit"].notna().all() and f["source"].str.len().gt(10).all()


def test_real_ward_features(real):
    w = conform(real.tables["ward_features"], census.WARD_FEATURES)
    counts = w.groupby("feature").size()
    assert counts["imd2025_mean_rank"] == 684
    assert counts["population_2011"] >= 680
    # Census 2011 residents placed in wards add up to London's 8,173,941
    assert w.loc[w["feature"] == "population_2011", "value"].sum() == 8_173_941
    ranks = w.loc[w["feature"] == "imd2025_mean_rank", "value"]
    assert ranks.min() >= 1 and ranks.max() <= 33_755
    dens = w[(w["feature"] == "population_density_2011")]
    assert dens["value"].between(1, 500).all()
