"""The Challenge deck's slides on the real store, against independent pandas counts (issue 11).

The whole deck is built once for the module (to 2015-02, release 2016-12, baseline 2011/12).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.reference.categories import MOPAC7, MOPAC7_INDICATORS
from lib.store import Store
from lib.views import challenge as deck
from tests.helpers import release_2016_12_type_rows

CHOICES = deck.Choices(to="2015-02", release="2016-12")


@pytest.fixture(scope="module")
def built(real_store: Path) -> deck.Deck:
    return deck.challenge_deck(Store(real_store), CHOICES)


def _slide(built: deck.Deck, name: str) -> deck.Slide:
    return built.slides[built.names.index(name)]


def _mopac7(store_dir: Path, first: str, last: str) -> pd.Series:
    return _type_counts(store_dir, MOPAC7, first, last)


def test_standard_order_and_every_slide_has_words(built):
    assert built.names == deck.SLIDE_NAMES
    for s in built.slides:
        assert s.title and (s.sentence or s.message)
        assert "nan" not in s.sentence.lower() and "None" not in s.sentence
        for p in s.panels:
            assert not p.table.isna().any().any(), (s.name, p.caption)
            assert all("_" not in str(c) for c in p.table.columns), (s.name, list(p.table.columns))


def test_target_and_ranked(built):
    one, two = _slide(built, "target"), _slide(built, "ranked")
    assert [k.value for k in one.keys[:2]] == ["-19.8%", "16 of 32"]
    names = pd.concat([p.table["Borough"] for p in two.panels])
    assert len(names) == 32 and names.is_unique
    assert (two.numbers["Status"].str.startswith("✔")).sum() == 16


def test_movers_largest_fall_with_the_change_test(built, real_store):
    now, then = _mopac7(real_store, "2014-03", "2015-02"), _mopac7(real_store, "2013-03", "2014-02")
    pct = (now / then - 1) * 100
    fall = pct.idxmin()
    z = 2 * (math.sqrt(now[fall]) - math.sqrt(then[fall]))
    s = _slide(built, "movers")
    first = s.panels[0].table.iloc[0]
    assert (first["Borough"], first["Change"]) == (fall, f"{pct[fall]:+.1f}%") == ("Lambeth", "-16.7%")
    assert z < -3 and first["Beyond chance?"] == "▼ yes, fall"
    rise = pct.idxmax()
    assert s.panels[1].table.iloc[0]["Borough"] == rise
    assert len(s.panels[0].table) == len(s.panels[1].table) == deck.MOVERS


def test_confidence_london_and_furthest(built, real_store):
    pas = pd.read_parquet(real_store / "pas_borough.parquet")
    q = pas[(pas["quarter"] == "2014-12") & (pas["measure"] == "good_job")].set_index("area_name")["proportion"]
    s = _slide(built, "confidence")
    assert s.keys[0].value == f"{q['London']:.0%}" == "67%"
    boroughs = q.drop("London")
    assert s.panels[1].table.iloc[0]["Borough"] == boroughs.idxmin() == "Tower Hamlets"
    assert s.panels[0].table["Good job"].iloc[0] == f"{boroughs.max():.0%}"


def test_neighbourhood_default_pair_largest_gap_in_group(built, real_store):
    nb = pd.read_parquet(real_store / "pas_neighbourhood.parquet")
    g = nb[nb["measure"] == "good_job"]
    spread = g.groupby("group")["value"].agg(lambda v: v.max() - v.min())
    grp = g[g["group"] == spread.idxmax()]
    s = _slide(built, "neighbourhood")
    assert s.keys[0].label == "A: " + grp.loc[grp["value"].idxmax(), "neighbourhood"]
    assert s.keys[1].label == "B: " + grp.loc[grp["value"].idxmin(), "neighbourhood"]
    assert s.keys[2].value == f"{round(spread.max() * 100):+.0f} points"
    assert len(s.numbers) == nb["measure"].nunique()


def test_stop_search_volumes_and_arrest_rate(built, real_store):
    """No records in the session's 12 months (to February 2015): the nearest 12 months in which every month
    has records, December 2017 to November 2018, named as such (issue 23: slide 6 captioned September 2022's
    searches 'October 2021 to September 2022', seven years from the session)."""
    ss = pd.read_parquet(real_store / "stop_search.parquet", columns=["month", "outcome"])
    months = sorted(ss["month"].astype(str).unique())
    assert not [m for m in months if "2014-03" <= m <= "2015-02"]
    assert [m for m in months if "2017-12" <= m <= "2018-11"] == [f"{y}-{m:02d}" for y, m in
                                                                   [(2017, 12), *((2018, k) for k in range(1, 12))]]
    window = ss[(ss["month"] >= "2017-12") & (ss["month"] <= "2018-11")]
    arrests = window["outcome"].astype(str).str.contains("Arrest", case=False).sum()
    s = _slide(built, "stop-search")
    assert s.keys[0].value == f"{len(window):,}" == "143,116"
    assert s.keys[0].words == "December 2017 to November 2018"
    assert s.keys[1].value == f"{arrests / len(window):.0%}"
    assert "there are no records for the 12 months to February 2015" in s.sentence
    assert "December 2017 to November 2018" in s.title and "nearest 12 months with records" in s.sentence
    assert "Records cover June 2016, December 2017 to February 2019 and September 2022" in s.note


def test_borough_slide_pack_rows(built, real_store):
    s = _slide(built, "borough")
    assert s.title.startswith("Bexley") and "furthest short of the target" in s.sentence
    now, then = _mopac7(real_store, "2014-03", "2015-02"), _mopac7(real_store, "2013-03", "2014-02")
    row = s.numbers.set_index("Crime").loc[MOPAC7]
    assert row["% change"] == f"{(now['Bexley'] / then['Bexley'] - 1) * 100:+.1f}%"
    assert row["Latest 12 months"] == f"{now['Bexley']:,.0f}"
    assert s.borough_code == "E09000004"


def test_pick_names_and_numbers():
    assert deck.pick("1,ranked,stop_search") == (1, 2, 6)
    assert deck.pick("") == tuple(range(1, 9))
    assert deck.pick("crime-types,1") == (8, 1)
    # one parse (lib.choices.slides): a list with a slide that does not exist is refused whole, naming the
    # allowed values, never silently shortened
    with pytest.raises(UsageError, match="slide numbers 1 to 8 or names"):
        deck.pick("1,ranked,stop_search,9,x")


@pytest.mark.slow  # the whole deck, every slide
def test_shipped_demo_store_builds_every_slide():
    store = Store(Path(__file__).resolve().parents[2] / "data" / "demo")
    d = deck.challenge_deck(store, deck.Choices(to="2025-12", baseline=("2018-04", "2019-03")))
    assert len(d.slides) == 8
    for s in d.slides:
        assert s.message or s.keys or s.panels, s.name


# --- issue 23 item 6 and issue 24's deck parts ---------------------------------------------------------------


def _type_counts(store_dir: Path, name: str, first: str, last: str) -> pd.Series:
    """One MOPAC 7 type's (or MOPAC 7's) counts by borough, release 2016-12, summed by pandas on the raw table."""
    return release_2016_12_type_rows(store_dir, name, first, last).groupby("borough_name")["count"].sum()


def test_crime_types_slide_has_the_seven_against_the_baseline(built, real_store):
    s = _slide(built, "crime-types")
    london = s.panels[0].table
    assert list(london["Crime type"]) == list(MOPAC7_INDICATORS) and len(s.panels) == 1  # no borough chosen
    for _, row in london.iterrows():
        base = _type_counts(real_store, row["Crime type"], "2011-04", "2012-03").sum()
        now = _type_counts(real_store, row["Crime type"], "2014-03", "2015-02").sum()
        pct = (now / base - 1) * 100
        assert (row["Baseline"], row["Now"]) == (f"{base:,.0f}", f"{now:,.0f}")
        assert row["Against the baseline"] == f"{pct:+.1f}%"
        assert row["At target?"] == ("✔ yes" if pct <= -20 else "✖ no")
    vwi = london.set_index("Crime type").loc["Violence with Injury"]
    assert vwi["Against the baseline"] == "+13.5%" and vwi["At target?"] == "✖ no"  # the session: "+13.3%"
    assert london.set_index("Crime type").loc["Burglary (Total)", "Against the baseline"] == "-23.1%"
    assert s.keys[0].value == "4 of 7" and s.keys[2].label == "Largest rise: Violence with Injury"
    assert "against the baseline, April 2011 to March 2012" in s.sentence


def test_crime_types_slide_with_a_borough(real_store):
    store = Store(real_store)
    s = deck.challenge_deck(store, deck.Choices(to="2015-02", release="2016-12", borough="Bexley"), (8,)).slides[0]
    assert [p.caption.split(":")[0] for p in s.panels] == ["London", "Bexley"]
    bexley = s.panels[1].table.set_index("Crime type")
    for name in MOPAC7_INDICATORS:
        base = _type_counts(real_store, name, "2011-04", "2012-03")["Bexley"]
        now = _type_counts(real_store, name, "2014-03", "2015-02")["Bexley"]
        assert bexley.loc[name, "Baseline"] == f"{base:,.0f}" and bexley.loc[name, "Now"] == f"{now:,.0f}"
        assert bexley.loc[name, "Against the baseline"] == f"{(now / base - 1) * 100:+.1f}%"
    assert len(s.numbers) == 14 and set(s.numbers["Area"]) == {"London", "Bexley"}


def test_each_borough_change_says_against_what(built):
    two, seven = _slide(built, "ranked"), _slide(built, "borough")
    assert all(p.caption.endswith(": change against the baseline") for p in two.panels)
    bexley = two.numbers.set_index("Borough").loc["Bexley", "Change"]
    assert bexley == "-3.8%"  # against 2011/12 (the session: "Bexley is at 3.7%")
    assert [k.label for k in seven.keys[:2]] == ["MOPAC 7 crimes, change on last year",
                                                 "All recorded crime, change on last year"]
    assert seven.keys[0].value == "+0.9%" and "change on last year" in seven.sentence
    assert seven.panels[0].caption.startswith("% change on last year: 12 months to February 2015 against the 12 "
                                              "months to February 2014")
    three = _slide(built, "movers")
    assert "change on last year" in three.sentence and three.keys[0].label == "Largest fall on last year: Lambeth"


def test_movers_slide_names_what_drove_the_top_movers_and_their_unusual_months(built, real_store):
    from lib.views.crime import crime_dataset
    from lib.views.drivers import drivers
    from lib.views.unusual import unusual_view

    store = Store(real_store)
    s = _slide(built, "movers")
    assert [line.split("**")[1] for line in s.lines] == ["Lambeth", "Hillingdon"]
    lambeth = drivers(store, "E09000022", MOPAC7, "2015-02", "2016-12")
    now, then = _mopac7(real_store, "2014-03", "2015-02"), _mopac7(real_store, "2013-03", "2014-02")
    assert lambeth.change == now["Lambeth"] - then["Lambeth"]  # the drivers' change is the slide's change
    assert lambeth.sentence in s.lines[0]
    odd = unusual_view(crime_dataset(store, "2016-12"), "E09000022", "Lambeth", MOPAC7, "2014-03", "2015-02")
    flagged = odd.flagged
    for r in flagged.itertuples(index=False):
        assert f"{pd.Timestamp(r.month + '-01'):%B %Y} {'higher' if r.flag == 'high' else 'lower'} than expected" \
            in s.lines[0]
    assert len(flagged) >= 1 or "no month of the 12 unusual for its time of year" in s.lines[0]
    assert "No month of the 12 unusual for its time of year." in s.lines[1]  # Hillingdon: none flagged
    assert "Unusual: outside the range the 36 months before predict" in s.note


def test_confidence_slide_has_the_target_with_its_source(built):
    s = _slide(built, "confidence")
    assert s.reference == (0.75, "MOPAC target 75% by March 2016")
    assert [k.value for k in s.keys] == ["67%", "75%"]
    assert "Police and Crime Plan 2013-16" in s.note and "from 62%" in s.note
    assert list(s.trend["quarter"]) == ["2014-12"]  # the survey file starts there; nothing after the session's quarter


def test_confidence_target_only_while_the_plan_ran():
    words, applies = deck.confidence_target_words("2019-12")
    assert not applies and "ended in March 2016" in words
    assert deck.confidence_target_words("2016-03")[1]


def test_neighbourhood_slide_names_its_survey_period(built):
    s = _slide(built, "neighbourhood")
    assert "Public Attitude Survey 2016" in s.sentence
    assert "2016 (the file's only year: none for the 12 months to February 2015)" in s.sentence


def test_target_slide_forecast_band(built, real_store):
    from lib.views.crime import crime_dataset
    from lib.views.forecast import forecast_view

    s = _slide(built, "target")
    band = s.forecast
    assert list(band["month"]) == ["2015-02", "2015-03"]  # to the end of the target's financial year
    first, last = band.iloc[0], band.iloc[1]
    assert first["low_95"] == first["high_95"] == first["central"]  # the band opens at the published month
    assert round(first["central"], 1) == -19.8
    assert last["low_95"] <= last["low_80"] <= last["central"] <= last["high_80"] <= last["high_95"]
    fv = forecast_view(crime_dataset(Store(real_store), "2016-12"), "2015-02", None, ("2011-04", "2012-03"), 20.0)
    lon = fv.row("E12000007")
    assert [last[c] for c in ("central", "low_80", "high_95")] == [lon["central"], lon["low_80"], lon["high_95"]]
    assert s.forecast_words == fv.words and "forecast from figures to February 2015" in s.forecast_words


def test_stop_search_window_words():
    months = ["2016-06", *[f"2017-{m:02d}" for m in (12,)], *[f"2018-{m:02d}" for m in range(1, 13)], "2019-01",
              "2019-02", "2022-09"]
    assert deck.stop_search_window(months, "2015-02")[:2] == ("2017-12", "2018-11")
    first, last, words = deck.stop_search_window(months, "2018-06")
    assert (first, last, words) == ("2017-07", "2018-06", " (only 7 of the 12 months have records: December 2017 "
                                                           "to June 2018)")
    assert deck.stop_search_window(months, "2018-12") == ("2018-01", "2018-12", "")
    first, last, words = deck.stop_search_window(["2022-09"], "2015-02")
    assert (first, last) == ("2021-10", "2022-09") and "of which only September 2022 has records" in words
    assert deck.months_words(months) == "June 2016, December 2017 to February 2019 and September 2022"


def test_target_slide_key_is_the_first_published_change_whole(real_store):
    """With each month's newest figures, slide 1's third key is London's change as first published (the 2016-12
    release's -19.8% for February 2015, the transcript's figure), and its words give today's (-19.4%): both
    figures in one 72 px key ran past a third of the screen ("-19.8% then, -19…")."""
    from lib.views.crime import crime_dataset, first_release, tracker_view

    store = Store(real_store)
    data = crime_dataset(store, None)
    baseline = ("2011-04", "2012-03")
    first = first_release(data, baseline, "2015-02")
    assert first == "2016-12"
    tv = tracker_view(data, "2015-02", baseline, 20.0, MOPAC7, first_published=crime_dataset(store, first))
    key = deck.target_slide(tv).keys[2]
    assert (key.label, key.value) == ("As first published", "-19.8%")
    assert key.words == "London's change as first published; -19.4% in the newest figures."
