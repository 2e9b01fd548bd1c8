"""The Challenge deck's slides on the real store, against independent pandas counts (issue 11).

The whole deck is built once for the module (to 2015-02, release 2016-12, baseline 2011/12).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.reference.categories import MOPAC7, members
from lib.store import Store
from lib.views import challenge as deck

CHOICES = deck.Choices(to="2015-02", release="2016-12")


@pytest.fixture(scope="module")
def built(real_store: Path) -> deck.Deck:
    return deck.challenge_deck(Store(real_store), CHOICES)


def _slide(built: deck.Deck, name: str) -> deck.Slide:
    return built.slides[built.names.index(name)]


def _mopac7(store_dir: Path, first: str, last: str) -> pd.Series:
    cb = pd.read_parquet(store_dir / "crime_borough.parquet")
    cb = cb[(cb["release"] == "2016-12") & (cb["scheme"] == "pre2018")]
    keep = set(members("pre2018", MOPAC7))
    cb = cb[[(a, b) in keep for a, b in zip(cb["major"], cb["minor"], strict=True)]]
    cb = cb[(cb["month"] >= first) & (cb["month"] <= last)]
    return cb.groupby("borough_name")["count"].sum()


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
    ss = pd.read_parquet(real_store / "stop_search.parquet", columns=["month", "outcome"])
    ss = ss[(ss["month"] >= "2021-10") & (ss["month"] <= "2022-09")]
    arrests = ss["outcome"].astype(str).str.contains("Arrest", case=False).sum()
    s = _slide(built, "stop-search")
    assert s.keys[0].value == f"{len(ss):,}"
    assert s.keys[1].value == f"{arrests / len(ss):.0%}"
    assert "no records for the 12 months to February 2015" in s.sentence
    months_with_records = sorted(ss["month"].astype(str).unique())  # only 2022-09 in this window
    assert months_with_records == ["2022-09"] and "of these, only September 2022 has records" in s.sentence
    assert "Records cover June 2016 to September 2022" in s.note


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
    assert deck.pick("") == tuple(range(1, 8))
    # one parse (lib.choices.slides): a list with a slide that does not exist is refused whole, naming the
    # allowed values, never silently shortened
    with pytest.raises(UsageError, match="slide numbers 1 to 7 or names"):
        deck.pick("1,ranked,stop_search,9,x")


def test_shipped_demo_store_builds_every_slide():
    store = Store(Path(__file__).resolve().parents[2] / "data" / "demo")
    d = deck.challenge_deck(store, deck.Choices(to="2025-12", baseline=("2018-04", "2019-03")))
    assert len(d.slides) == 7
    for s in d.slides:
        assert s.message or s.keys or s.panels, s.name
