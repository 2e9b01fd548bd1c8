"""Issue 13 on the crime view, against the real files: the Enfield pack's Other Crime rows, change
tests in words, the population rule beside every rate, the MET average and the partnership one-pagers'
rates and ranks of 32 on the population they used."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.store import Store
from lib.views import crime as views

ENFIELD, BD = "E09000010", "E09000002"


@pytest.fixture(scope="module")
def pinned(real_store: Path):
    return views.crime_dataset(Store(real_store), "2016-12")


@pytest.fixture(scope="module")
def enfield(pinned):
    return views.crime_view(pinned, ENFIELD, "Enfield", "2015-09")


def test_enfield_pack_other_crime_rows_as_published(enfield):
    """Enfield SNB pack (seed 000), Other Crime, Oct 2013-Sep 2014 against Oct 2014-Sep 2015."""
    r = enfield.report[enfield.report["kind"] == "special"].set_index("indicator")
    assert (r.loc["Racist & Religious Hate Crime", "previous"], r.loc["Racist & Religious Hate Crime", "current"]) \
        == (277, 294)
    assert (r.loc["Homophobic Crime", "previous"], r.loc["Homophobic Crime", "current"]) == (17, 23)
    assert (r.loc["Knife Crime with Injury", "previous"], r.loc["Knife Crime with Injury", "current"]) == (147, 112)
    # 2(sqrt(112) - sqrt(147)) = -3.08: beyond 3, a real fall; racist 277 -> 294 is not
    assert r.loc["Knife Crime with Injury", "change_words"] == "a real fall"
    assert r.loc["Knife Crime with Injury", "change_statistic"] == pytest.approx(-3.0827, abs=1e-3)
    assert r.loc["Racist & Religious Hate Crime", "change_words"] == "within normal variation"
    t = enfield.indicator_table.set_index("Crime")
    assert t.loc["Other crime: Knife Crime with Injury", "Is the change real?"] == "a real fall"
    # the pack printed Disability Hate Crime 4 -> 3: counts as published, the change withheld (issue 23)
    dis = t.loc["Other crime: Disability Hate Crime"]
    assert (dis["Previous 12 months"], dis["Latest 12 months"]) == ("4", "3")
    assert dis["Is the change real?"] == "change not shown: under 10" and pd.isna(dis["% change"])
    hom = t.loc["Homicide"]  # the pack printed Homicide 4 -> 7
    assert (hom["Previous 12 months"], hom["Latest 12 months"]) == ("4", "7") and hom["RAG"] == "– Not rated"
    assert "April 2010 to May 2021" in enfield.special_words and "never added to TNO" in enfield.special_words


def test_published_enfield_figures_do_not_move(enfield):
    r = enfield.report[enfield.report["kind"] == "indicator"].set_index("indicator")  # as the published-figure test
    assert (r.loc["Burglary (Total)", "previous"], r.loc["Burglary (Total)", "current"]) == (3210, 2830)


def test_pinned_rates_divide_by_the_estimate_published_by_the_period_end(enfield, real_store):
    """As published by Sep 2015: mid-2014 as first published (ONS publishes mid-N in June N+1)."""
    est = pd.read_parquet(Path(real_store) / "population_estimates.parquet")
    e = est[(est["vintage"] == "ons_mye_first_published") & (est["year"] == 2014)].set_index("area_code")
    r = enfield.report.set_index("indicator")
    assert r.loc["Total Notifiable Offences", "denominator"] == e.loc[ENFIELD, "population"]
    assert r.loc["Total Notifiable Offences", "rate_per_1000"] == pytest.approx(
        r.loc["Total Notifiable Offences", "current"] / e.loc[ENFIELD, "population"] * 1000)
    assert "mid-2014" in r.loc["Total Notifiable Offences", "denominator_basis"]
    assert enfield.population_choice == "as_published"
    # residential burglary: per 1,000 households from the one Census 2011 series
    assert r.loc["Burglary (Residential)", "rate_basis"] == "households"
    assert "Census 2011" in r.loc["Burglary (Residential)", "denominator_basis"]
    # the MET average: London's count over the 32 boroughs' population
    mps = e[e.index.str.startswith("E09") & (e.index != "E09000001")]["population"]
    assert len(mps) == 32
    assert r.loc["Total Notifiable Offences", "mps_rate_per_1000"] == pytest.approx(
        r.loc["Total Notifiable Offences", "mps_current"] / mps.sum() * 1000)


def test_current_basis_and_unknown_basis(pinned, real_store):
    v = views.crime_view(pinned, ENFIELD, "Enfield", "2015-09", population="current")
    est = pd.read_parquet(Path(real_store) / "population_estimates.parquet")
    e = est[(est["vintage"] == "ons_current_series") & (est["year"] == 2015)].set_index("area_code")
    tno = v.report.set_index("indicator").loc["Total Notifiable Offences"]
    assert tno["denominator"] == e.loc[ENFIELD, "population"]
    assert "current series" in tno["denominator_basis"]
    with pytest.raises(UsageError):
        views.crime_view(pinned, ENFIELD, "Enfield", "2015-09", population="gla_1999")


def test_partnership_one_pager_rates_and_ranks_of_32(pinned):
    """Barking and Dagenham one-pagers (seed 002), 2015/16 on mid-2014 as first published (198,300):
    TNO 21 of 32 (87.89; our count 17,497 against 17,428: the Dec 2016 re-extraction), violence with
    injury 29 of 32 (MET average 8.61), robbery 2.96 and 22 of 32."""
    v = views.crime_view(pinned, BD, "Barking and Dagenham", "2016-03")
    r = v.report.set_index("indicator")
    assert r.loc["Total Notifiable Offences", "denominator"] == 198_300
    assert r.loc["Total Notifiable Offences", "rank"] == 21
    assert r.loc["Violence with Injury", "rank"] == 29
    assert r.loc["Violence with Injury", "mps_rate_per_1000"] == pytest.approx(8.61, abs=0.05)
    assert r.loc["Robbery (Total)", "rank"] == 22
    assert r.loc["Robbery (Total)", "rate_per_1000"] == pytest.approx(2.96, abs=0.01)  # 588 (pack 587) / 198,300


def test_similar_group_is_said_to_be_ours(enfield):
    assert "not iQuanta" in enfield.group_words
    assert "iQuanta" in enfield.group_method and "iQuanta" in enfield.table_caption


def test_london_is_rated_against_the_target_not_itself(pinned, real_store):
    """London's rows were all 'amber' (its change is never better than itself): each is now green for a fall
    and red for a rise, London's counts being the 32 MPS boroughs' rows of the release summed with pandas."""
    view = views.crime_view(pinned, "E12000007", "London", "2015-09")
    b = pd.read_parquet(real_store / "crime_borough.parquet")
    b = b[(b["release"] == "2016-12") & (b["borough_code"] != "E09000001")]  # London: the 32 MPS boroughs
    cur = b[b["month"].between("2014-10", "2015-09")].groupby("major")["count"].sum()
    prev = b[b["month"].between("2013-10", "2014-09")].groupby("major")["count"].sum()
    r = view.report[view.report["kind"] == "indicator"].set_index("indicator")
    for name, major in [("Burglary (Total)", "Burglary"), ("Violence Against the Person",) * 2,
                        ("Robbery (Total)", "Robbery")]:
        expected = "green" if cur[major] < prev[major] else "red" if cur[major] > prev[major] else "amber"
        assert (r.loc[name, "current"], r.loc[name, "previous"]) == (cur[major], prev[major])
        assert r.loc[name, "rag"] == expected
    assert {"green", "red"} <= set(r["rag"].dropna())
    assert "target alone" in view.rag_rule
    t = view.indicator_table.set_index("Crime")
    assert "London % change" not in t.columns and "Rank of 32 (1 = lowest rate)" not in t.columns
    assert t.loc["Burglary (Total)", "RAG"].startswith("▼ Green") == (cur["Burglary"] < prev["Burglary"])


def test_one_row_per_crime_on_the_enfield_table(pinned):
    """Issue 22: Enfield, 12 months to Sep 2015 (release 2016-12) listed 'Burglary (Residential)' per 1,000
    households and 'Burglary in a Dwelling' per 1,000 residents for the same 2,094 offences, 'Burglary (Total)'
    beside 'Burglary', and two 'Homicide' rows (London +9.9% and +7.8%). Each crime is now listed once; the
    published categories that differ from their indicator are its breakdown, right under it."""
    view = views.crime_view(pinned, "E09000010", "Enfield", "2015-09")
    r = view.report
    names = list(r["indicator"])
    assert len(names) == len(set(names))
    assert not {"Burglary in a Dwelling", "Burglary", "Burglary in Other Buildings", "Murder", "Robbery",
                "Other Theft Person"} & set(names)
    res = r[r["indicator"] == "Burglary (Residential)"].iloc[0]
    assert (res["current"], res["rate_basis"], round(res["rate_per_1000"], 2)) == (2094, "households", 17.46)
    hom = r[r["indicator"] == "Homicide"]
    assert len(hom) == 1 and hom["kind"].iloc[0] == "indicator"
    assert (hom["previous"].iloc[0], hom["current"].iloc[0], round(hom["mps_pct_change"].iloc[0], 1)) == (4, 7, 9.9)
    # Criminal Damage's four published minors (2,142 in all) follow the indicator as its breakdown
    t = list(view.indicator_table["Crime"])
    at = t.index("Criminal Damage")
    assert t[at + 1: at + 5] == ["  · Criminal Damage To Dwelling", "  · Criminal Damage To Motor Vehicle",
                                 "  · Criminal Damage To Other Building", "  · Other Criminal Damage"]
    cd = r[r["major"] == "Criminal Damage"]
    assert cd["current"].sum() == r.loc[r["indicator"] == "Criminal Damage", "current"].iloc[0] == 2142


def test_london_rate_is_the_32_boroughs_count_the_mps_total(real_store):
    """lib/reference/london.py, on the newest figures for Barking and Dagenham, 2016, as published at the time:
    criminal damage without arson (the partnership one-pager's line, iQuanta MET 6.91) gave a London (MET) rate
    of 6.96 with the crimes outside any borough counted over the 32 boroughs' residents; 6.92 without them. The
    London count keeps them (the MPS total), and the rule says so in words."""
    data = views.crime_dataset(Store(real_store), None)
    v = views.crime_view(data, BD, "Barking and Dagenham", "2016-12", population="as_published")
    cd = v.report.set_index("indicator").loc["CRIMINAL DAMAGE"]
    assert round(cd["mps_rate_per_1000"], 2) == 6.92
    b = pd.read_parquet(Path(real_store) / "crime_borough.parquet")
    b = b[(b["release"] == "2025-11") & (b["minor"] == "CRIMINAL DAMAGE") & b["month"].between("2016-01", "2016-12")]
    boroughs = int(b.loc[b["borough_code"] != "E09000001", "count"].sum())
    assert cd["mps_current"] > boroughs  # the MPS total: 'Unknown' and the airports too
    est = pd.read_parquet(Path(real_store) / "population_estimates.parquet")  # mid-2015 as first published
    est = est[(est["vintage"] == "ons_mye_first_published") & (est["year"] == 2015)]
    residents = est.loc[est["area_code"].str.startswith("E09") & (est["area_code"] != "E09000001"), "population"]
    assert len(residents) == 32
    assert cd["mps_rate_per_1000"] == pytest.approx(boroughs / residents.sum() * 1000)
    assert "32 boroughs' crimes per 1,000" in v.population_rule and "MPS total" in v.population_rule


def test_tracker_revision_takes_only_the_first_published_dataset(real_store):
    """The revision since first published, MOPAC 7, 2011/12 to the 12 months to Feb 2015: -19.8% then (16 of 32,
    release 2016-12), -19.4% now. A dataset of another release given as 'first published' is refused, not
    printed as the first figures."""
    store = Store(real_store)
    newest = views.crime_dataset(store, None)
    base = ("2011-04", "2012-03")
    first = views.first_release(newest, base, "2015-02")
    tv = views.tracker_view(newest, "2015-02", base, 20.0, first_published=views.crime_dataset(store, first))
    assert first == "2016-12" and tv.revision_text == "-19.8% then, -19.4% now" and tv.revision.meeting_then == 16
    with pytest.raises(ValueError, match="is '2016-12'"):
        views.tracker_view(newest, "2015-02", base, 20.0, first_published=views.crime_dataset(store, "2025-11"))
