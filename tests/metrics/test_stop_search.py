"""Stop and search arithmetic on a tiny hand-made table, and on the real police.uk and GOV.UK files."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.metrics import stop_search as ss
from lib.reference.boroughs import LONDON_CODE
from lib.reference.stop_search import unknown_published_values
from lib.views.stop_search import coverage_text

ENFIELD, BARNET = "E09000010", "E09000003"
PACE = "Police and Criminal Evidence Act 1984 (section 1)"
DRUGS = "Misuse of Drugs Act 1971 (section 23)"
S60 = "Criminal Justice and Public Order Act 1994 (section 60)"


def search(month, borough=ENFIELD, *, type_="Person search", legislation=PACE, obj="Stolen goods",
           outcome="A no further action disposal", eth="White", status="borough", linked=None):
    located = status != "unlocated"
    return {
        "month": month, "datetime": f"{month}-15T12:00:00+00:00", "type": type_, "part_of_operation": False,
        "policing_operation": None, "latitude": 51.6 if located else None, "longitude": -0.08 if located else None,
        "location_status": status, "borough_code": borough if status == "borough" else None,
        "borough_name": None, "gender": "Male", "age_range": "18-24", "self_defined_ethnicity": None,
        "officer_defined_ethnicity": eth, "legislation": legislation, "object_of_search": obj,
        "outcome": outcome, "outcome_linked": linked, "removal_outer_clothing": None,
    }


@pytest.fixture()
def tiny() -> pd.DataFrame:
    rows = [
        search("2018-06", outcome="Arrest", obj="Offensive weapons", linked=True),
        search("2018-06", legislation=DRUGS, obj="Controlled drugs", eth="Black", linked=False),
        search("2018-06", legislation=S60, obj="Anything to threaten or harm anyone", outcome="Suspect arrested",
               eth="Black"),
        search("2018-06", type_="Vehicle search", eth=None),
        search("2018-06", BARNET, obj="Articles for use in criminal damage", eth="Asian"),
        search("2018-06", status="unlocated", outcome="Arrest", eth=None),
        search("2018-07", obj="Firearms", legislation="Firearms Act 1968 (section 47)", eth="Other"),
        search("2018-07", legislation="Some New Act 2030 (section 9)", obj="Fireworks", outcome="Community resolution"),
    ]
    return pd.DataFrame(rows)


POP = pd.DataFrame({
    "borough_code": [ENFIELD] * 4 + [BARNET] * 4,
    "borough_name": ["Enfield"] * 4 + ["Barnet"] * 4,
    "scheme": ["search4"] * 8,
    "group": ["White", "Black", "Asian", "Other"] * 2,
    "population": [2000, 1000, 500, 250, 1000, 1000, 1000, 1000],
})


def test_classify_uses_reference_tables(tiny):
    c = ss.classify(tiny)
    assert c["legislation_group"].tolist() == [
        "PACE s1", "Misuse of Drugs Act s23", "CJPOA s60", "PACE s1", "PACE s1", "PACE s1", "Firearms Act s47",
        "Other",
    ]
    assert c["object_group"].tolist()[:3] == ["Weapons", "Drugs", "Weapons"]
    assert c["object_group"].iloc[4] == "Key crime" and c["object_group"].iloc[6] == "Weapons"
    assert c["outcome_group"].tolist()[:3] == ["Arrest", "No further action", "Arrest"]
    assert c["ethnic_group"].iloc[3] == "Not recorded"
    assert unknown_published_values(tiny) == {"legislation": ["Some New Act 2030 (section 9)"]}


def test_group_lookup_is_a_map_of_each_value():
    """Each published value's group as Series.map of the reference table gives it: a blank is looked up as '',
    a value the table lacks falls in the unknown group, and the index and name are kept."""
    values = pd.Series(["Section 1", None, "Section 60", "New power", "Section 1"], index=[5, 3, 9, 1, 2],
                       name="legislation", dtype="string")
    mapping = {"Section 1": "PACE s1", "": "Not recorded", "Section 60": "s60"}
    got = ss._map(values, mapping, "Other")
    assert got.tolist() == ["PACE s1", "Not recorded", "s60", "Other", "PACE s1"]
    pd.testing.assert_series_equal(got, values.fillna("").map(mapping).fillna("Other").astype("string"))


def test_areas_and_rates(tiny):
    c = ss.classify(tiny)
    london = ss.in_area(c, LONDON_CODE)
    enfield = ss.in_area(c, ENFIELD)
    assert len(london) == 8 and len(enfield) == 6  # unlocated counts in London only
    june = enfield[enfield["month"] == "2018-06"]
    assert ss.arrest_rate(june) == ss.Rate(2, 4)
    assert ss.arrest_rate(june).value == 0.5
    assert ss.no_further_action_share(june).as_dict() == {"numerator": 2, "denominator": 4, "value": 0.5}
    assert ss.weapons_share(june) == ss.Rate(2, 4)
    assert ss.key_crime_share(c[c["month"] == "2018-06"]) == ss.Rate(3, 6)  # stolen goods x2, damage
    assert ss.outcome_linked_rate(june) == ss.Rate(1, 2)  # blanks left out of the denominator
    assert ss.outcome_linked_rate(june.iloc[2:]).value is None
    assert ss.Rate(0, 0).value is None


def test_monthly_counts_fill_zeros_and_order(tiny):
    c = ss.classify(tiny)
    leg = ss.monthly_counts(ss.in_area(c, ENFIELD), "legislation").set_index(["month", "category"])["searches"]
    assert leg[("2018-06", "PACE s1")] == 2 and leg[("2018-06", "CJPOA s60")] == 1
    assert leg[("2018-07", "CJPOA s60")] == 0 and leg[("2018-07", "Other")] == 1
    cats = ss.monthly_counts(c, "legislation")["category"].unique().tolist()
    assert cats == ["PACE s1", "Misuse of Drugs Act s23", "CJPOA s60", "Firearms Act s47", "Other"]
    eth = ss.monthly_counts(c, "officer_defined_ethnicity")
    assert eth["category"].unique().tolist() == ["White", "Black", "Asian", "Other", "Not recorded"]
    with pytest.raises(UsageError):
        ss.monthly_counts(c, "shoe size")


def test_monthly_rates_with_targets(tiny):
    r = ss.monthly_rates(ss.classify(tiny)).set_index("month")
    assert r.loc["2018-06", "searches"] == 6 and r.loc["2018-06", "arrests"] == 3
    assert r.loc["2018-06", "arrest_rate"] == 0.5
    assert r.loc["2018-07", "weapons_share"] == 0.5
    assert (r["weapons_target"] == 0.20).all() and (r["key_crime_target"] == 0.40).all()


def test_ethnicity_summary_excludes_vehicle_only(tiny):
    c = ss.classify(ss.in_area(tiny, ENFIELD))
    e = ss.ethnicity_summary(c[c["month"] == "2018-06"], POP, ENFIELD).set_index("group")
    # White 1 of 2000 = 0.5/1000; Black 2 of 1000 = 2/1000 → ratio 4; vehicle-only search not counted
    assert e.loc["White", "searches"] == 1 and e.loc["Black", "searches"] == 2
    assert e.loc["Black", "disproportionality"] == pytest.approx(4.0)
    assert e.loc["Not recorded", "searches"] == 0


def test_summary_borough_and_london(tiny):
    s = ss.summary(tiny, POP, ENFIELD, "2018-06", "2018-07")
    assert s["searches"] == 6 and s["arrests"] == 2 and s["unlocated"] is None
    assert s["ethnicity"][1]["group"] == "Black"
    lon = ss.summary(tiny, POP, LONDON_CODE, "2018-06", "2018-06")
    assert lon["searches"] == 6 and lon["arrests"] == 3 and lon["unlocated"] == 1
    assert lon["weapons_share"] == pytest.approx(2 / 6)
    with pytest.raises(UsageError, match="no stop and search records"):
        ss.summary(tiny, POP, ENFIELD, "2020-01", "2020-02")
    with pytest.raises(UsageError, match="ends before"):
        ss.summary(tiny, POP, ENFIELD, "2018-07", "2018-06")


def test_borough_comparison_ranked(tiny):
    b = ss.borough_comparison(tiny, POP, "2018-06", "2018-07")
    assert len(b) == 32
    top = b.iloc[0]
    assert top["borough_code"] == ENFIELD and top["rank"] == 1
    assert top["rate_per_1000"] == pytest.approx(6 / 3750 * 1000)
    barnet = b.set_index("borough_code").loc[BARNET]
    assert barnet["searches"] == 1 and barnet["rank"] == 2
    assert pd.isna(b.set_index("borough_code").loc["E09000002", "rate_per_1000"])  # no population given


def test_borough_comparison_matches_each_boroughs_ethnicity_summary(tiny):
    """The 32 boroughs worked out at once give each borough's own ethnicity summary (Enfield in June-July
    2018: 2 White of 2,000 residents and 2 Black of 1,000 searched -> Black/White 2.0), on the raw or an
    already classified table; only the 'search4' populations count."""
    pop = pd.concat([POP, POP.assign(population=POP["population"] + 0.5, scheme="search5")], ignore_index=True)
    b = ss.borough_comparison(tiny, pop, "2018-06", "2018-07").set_index("borough_code")
    pd.testing.assert_frame_equal(ss.borough_comparison(ss.classify(tiny), pop, "2018-06", "2018-07")
                                  .set_index("borough_code"), b)
    for code in (ENFIELD, BARNET):
        part = ss.classify(ss.select(tiny, code, "2018-06", "2018-07"))
        eth = ss.ethnicity_summary(part, pop, code).set_index("group")
        assert b.loc[code, "searches"] == len(part)
        assert b.loc[code, "residents"] == eth.loc[["White", "Black", "Asian", "Other"], "population"].sum()
        assert b.loc[code, "black_searches"] == eth.loc["Black", "searches"]
        for col, group in (("black_white_ratio", "Black"), ("asian_white_ratio", "Asian")):
            want = eth.loc[group, "disproportionality"]
            assert (pd.isna(b.loc[code, col]) and pd.isna(want)) or b.loc[code, col] == want
    assert b.loc[ENFIELD, "black_white_ratio"] == pytest.approx((2 / 1000) / (2 / 2000))
    assert pd.isna(b.loc[BARNET, "black_white_ratio"])  # no White searches in Barnet: no ratio


def test_coverage_text_and_default_period(tiny):
    assert ss.months_covered(tiny) == ["2018-06", "2018-07"]
    assert coverage_text(tiny).startswith("Record-level searches (police.uk) cover June 2018 to July 2018.")
    assert ss.default_period(tiny) == ("2018-06", "2018-07")
    assert ss.default_period(tiny, months=1) == ("2018-07", "2018-07")


def test_gov_trend_ratios():
    rates = pd.DataFrame({
        "financial_year": ["2018/19"] * 3 + ["2019/20"] * 2,
        "geography": ["Metropolitan Police"] * 5,
        "ethnicity": ["White", "Black", "Other inc Chinese", "White", "Other"],
        "ethnicity_type": ["ONS 2001 5+1"] * 3 + ["ONS 2011 5+1"] * 2,
        "legislation_type": ["All"] * 5,
        "searches": [10, 20, 5, 1, 1], "population": [1000, 500, 500, 100, 10],
        "rate_per_1000": [10.0, 40.0, 10.0, 10.0, 100.0],
    })
    t = ss.gov_trend(rates)
    assert t["group"].tolist() == ["White", "Black", "Other", "White", "Other"]
    assert t["ratio_to_white"].tolist() == [1.0, 4.0, 1.0, 1.0, 10.0]


# --- real files -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data):
    import geopandas as gpd

    from tests.ingest.test_ingest_stop_search import read_police

    g = gpd.read_file(shared_data / "boundaries" / "london_boroughs_wgs84.geojson")
    g = g.rename(columns={"GSS_CODE": "borough_code", "NAME": "borough_name"})
    df, _ = read_police(sorted((shared_data / "stop_search" / "police_uk").glob("*.csv")), g)
    return df


def test_real_london_june_2018(real, shared_data):
    """Counted independently from the raw file with pandas: rows, arrests ('Arrest'), weapons objects."""
    raw = pd.read_csv(shared_data / "stop_search" / "police_uk" / "2018-06-metropolitan-stop-and-search.csv",
                      dtype=str, keep_default_na=False)
    s = ss.summary(real, None, LONDON_CODE, "2018-06", "2018-06")
    assert s["searches"] == len(raw) == 10_581
    assert s["arrests"] == (raw["Outcome"] == "Arrest").sum()
    weapons = raw["Object of search"].isin(["Offensive weapons", "Firearms", "Anything to threaten or harm anyone"])
    assert s["weapons_share"] == pytest.approx(weapons.sum() / len(raw))
    assert s["unlocated"] == (raw["Latitude"] == "").sum() == 998
    eth = {r["group"]: r["searches"] for r in s["ethnicity"]}
    people = raw[raw["Type"] != "Vehicle search"]
    assert eth["Black"] == (people["Officer-defined ethnicity"] == "Black").sum()
    assert eth["Not recorded"] == (people["Officer-defined ethnicity"] == "").sum()


def test_real_gov_trend(shared_data):
    from lib.ingest.base import IngestContext
    from lib.ingest.stop_search import GovEthnicityFacts

    path = shared_data / "stop_search" / "gov_ethnicity_facts_stop_search_by_pfa_2006-07_to_2019-20.csv"
    t = GovEthnicityFacts().read([path], IngestContext(source_dir=shared_data))["stop_search_rates_gov"]
    trend = ss.gov_trend(t).set_index(["financial_year", "group"])
    assert trend["rate_per_1000"].index.get_level_values(0).nunique() == 14  # 2006/07 .. 2019/20
    assert trend.loc[("2018/19", "Black"), "rate_per_1000"] == pytest.approx(51.32)
    assert trend.loc[("2018/19", "Black"), "ratio_to_white"] == pytest.approx(51.32 / 11.41)


def test_real_store_enfield_population_matches_pack(real_store):
    """The population behind the ratios: Enfield's 'search4' groups equal the pack's table."""
    from lib.metrics.disproportionality import population_by_group
    from lib.store import Store

    store = Store(real_store)
    pop = population_by_group(store.table("population_ethnicity"), ENFIELD)
    assert pop.to_dict() == {"White": 190_640, "Black": 60_923, "Asian": 36_494, "Other": 24_409}
    assert len(store.table("stop_search")) == 217_964  # every row of the 17 police.uk files


@pytest.mark.slow  # runs the stop-and-search demo generator
def test_demo_generator_deterministic_and_realistic():
    from lib.demo import DEMO_LAST_MONTH, DemoContext
    from lib.demo.stop_search import generate
    from lib.ingest.stop_search import STOP_SEARCH, STOP_SEARCH_RATES_GOV
    from lib.schema import conform

    # Deterministic: tests/demo/test_demo_store.py checks the whole generator against the shipped bytes.
    a = generate(DemoContext(seed=7))
    s = conform(a["stop_search"], STOP_SEARCH)
    conform(a["stop_search_rates_gov"], STOP_SEARCH_RATES_GOV)
    months = ss.months_covered(s)
    assert len(months) == 15 and months[-1] == DEMO_LAST_MONTH
    assert 2000 <= len(s) / 15 <= 4000
    c = ss.classify(s)
    assert 0.14 <= ss.arrest_rate(c).value <= 0.21
    assert 0.55 <= (c["object_group"] == "Drugs").mean() <= 0.65
    assert 0.01 <= (c["location_status"] == "unlocated").mean() <= 0.06
    assert unknown_published_values(s) == {}
    pop = pd.DataFrame({"borough_code": ["E09000010"] * 4, "borough_name": ["Enfield"] * 4,
                        "scheme": ["search4"] * 4, "group": ["White", "Black", "Asian", "Other"],
                        "population": [165_000, 36_000, 50_000, 14_000]})
    ratio = ss.ethnicity_summary(ss.in_area(c, "E09000010"), pop, "E09000010").set_index("group")
    assert 2.0 <= ratio.loc["Black", "disproportionality"] <= 4.0


def test_summary_leaves_months_out_of_the_object_shares_only(tiny):
    """Enfield June-July 2018: 6 searches, weapons 3 of 6 and key crime 1 of 6; with June's objects left out
    (as for a month recorded alike), July alone: weapons 1 of 2 (firearms), key crime 0; the rest unchanged."""
    both = ss.summary(tiny, POP, ENFIELD, "2018-06", "2018-07")
    assert (both["weapons_share"], both["key_crime_share"]) == (pytest.approx(3 / 6), pytest.approx(1 / 6))
    july = ss.summary(tiny, POP, ENFIELD, "2018-06", "2018-07", shares_left_out=("2018-06",))
    assert (july["weapons_share"], july["key_crime_share"]) == (pytest.approx(1 / 2), 0.0)
    assert (july["searches"], july["arrests"]) == (both["searches"], both["arrests"]) == (6, 2)
