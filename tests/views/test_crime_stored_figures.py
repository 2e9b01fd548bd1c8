"""Every area's figures stored at ingest (lib/ingest/derived.py) are the figures the page works out: the same
function on the same tables, used only for exactly the keys they carry (issue 22 items 2 and 6)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from lib.metrics.crime_performance import FIGURE_KEYS, area_figures_rule, stored_area_figures
from lib.metrics.crime_series import series_rule
from lib.metrics.population import AS_PUBLISHED, CURRENT
from lib.metrics.special_crime import SPECIAL_SERIES_TABLE, special_series
from lib.reference.boroughs import LONDON_CODE
from lib.reference.categories import MOPAC7
from lib.store import Store
from lib.views.crime import crime_area_view, crime_areas, crime_dataset, crime_indicator_areas, crime_report

AREAS = [("E09000010", "Enfield"), ("E09000002", "Barking and Dagenham"), ("E09000033", "Westminster"),
         (LONDON_CODE, "London")]


@pytest.fixture(scope="module")
def datasets(real_store):
    stored = crime_dataset(Store(real_store), None)
    assert stored.stored is not None, "ingest stores every area's figures for the newest periods"
    # the same dataset held in memory without its store: every figure worked out
    return stored, replace(stored, frame=stored.series, store=None)


def _holding(dataset, figures):
    """A copy of ``dataset`` whose stored figures are ``figures`` (``CrimeDataset.stored`` is a cached property:
    a value already in the instance's dictionary is the one it gives)."""
    copy = replace(dataset)
    vars(copy)["stored"] = figures
    return copy


def _views(dataset, to, indicator=MOPAC7, basis=None):
    areas = crime_areas(dataset, to, "r12", basis)
    shared = crime_indicator_areas(areas, indicator)
    return areas, [crime_area_view(shared, code, name) for code, name in AREAS]


def test_ingest_stores_the_three_newest_periods_on_the_default_keys(datasets):
    stored, _ = datasets
    figures, headlines = stored.stored
    newest = stored.ends[-3:]
    for t in (figures, headlines):
        keys = t[list(FIGURE_KEYS)].drop_duplicates()
        assert sorted(keys["figures_to"]) == list(newest)
        assert set(keys["figures_rule"]) == {area_figures_rule(series_rule())}
        assert set(keys["figures_release"]) == {"newest"} and set(keys["figures_kind"]) == {"r12"}
        assert set(keys["figures_basis"]) == {CURRENT}


@pytest.mark.parametrize("back", [0, 1, 2])
def test_stored_figures_equal_the_figures_worked_out(datasets, back):
    stored, computed = datasets
    to = stored.ends[-1 - back]
    assert stored_area_figures(*stored.stored, area_figures_rule(series_rule()), None, to, "r12", CURRENT) is not None
    a_stored, v_stored = _views(stored, to)
    a_computed, v_computed = _views(computed, to)
    pd.testing.assert_frame_equal(a_stored.ranked, a_computed.ranked)
    assert a_stored.headlines.keys() == a_computed.headlines.keys()
    for kind in a_computed.headlines:
        pd.testing.assert_frame_equal(a_stored.headlines[kind], a_computed.headlines[kind])
    pd.testing.assert_frame_equal(a_stored.denominator, a_computed.denominator)
    for s, c in zip(v_stored, v_computed, strict=True):
        assert s.headlines == c.headlines
        for field in ("report", "indicator_table", "trend", "map_table", "group"):
            pd.testing.assert_frame_equal(getattr(s, field), getattr(c, field))
    # a figure a reader checks by hand: Enfield's MOPAC 7 count in the latest 12 months is the sum of its months
    enfield = v_stored[0].report.set_index("indicator").loc[MOPAC7, "current"]
    s = computed.series
    months = s[(s["area_code"] == "E09000010") & (s["kind"] == "indicator") & (s["indicator"] == MOPAC7)
               & (s["month"] > stored.months[stored.months.index(to) - 12]) & (s["month"] <= to)]
    assert len(months) == 12 and enfield == months["count"].sum()


def test_stored_figures_are_used_only_for_their_own_keys(datasets):
    stored, computed = datasets
    rule = area_figures_rule(series_rule())
    newest = stored.ends[-1]
    for keys in [(rule, None, stored.ends[-4], "r12", CURRENT),  # a period not stored
                 (rule, None, newest, "r12", AS_PUBLISHED),  # another population basis
                 (rule, "2016-12", newest, "r12", CURRENT),  # a release pinned
                 (rule, None, newest, "fytd", CURRENT),  # another kind of period
                 ("v0 mapping old figures v0", None, newest, "r12", CURRENT)]:  # another rule
        assert stored_area_figures(*stored.stored, *keys) is None, keys


def test_figures_stored_under_another_rule_are_never_believed(datasets):
    """Stored figures of an older rule (here doubled, so any use would show) are ignored: the page works the
    figures out."""
    stored, computed = datasets
    figures, headlines = stored.stored
    forged = (figures.assign(current=figures["current"] * 2, figures_rule="v0 old"),
              headlines.assign(current=headlines["current"] * 2, figures_rule="v0 old"))
    to = stored.ends[-1]
    pd.testing.assert_frame_equal(crime_areas(_holding(stored, forged), to).ranked,
                                  crime_areas(computed, to).ranked)
    with pytest.raises(AssertionError):  # the forgery would show if the keys matched
        pd.testing.assert_frame_equal(
            crime_areas(_holding(stored, (forged[0].assign(figures_rule=figures["figures_rule"]),
                                          forged[1].assign(figures_rule=headlines["figures_rule"]))), to).ranked,
            crime_areas(computed, to).ranked)


def test_stored_tables_of_another_layout_are_not_read(datasets):
    """A store written by other code (here without the rule key) gives no stored figures, never an error."""
    stored, _ = datasets
    figures, headlines = stored.stored
    rule = area_figures_rule(series_rule())
    assert stored_area_figures(figures.drop(columns="figures_rule"), headlines, rule, None, stored.ends[-1], "r12",
                               CURRENT) is None


def test_the_stored_special_series_is_the_series_of_the_flags(real_store, datasets):
    """The hate and special crime rows stored at ingest are special_series of the stored flags, types and all; a
    hand check: London's rows are the sum of every area's flags (Knife Crime, the newest month)."""
    store = Store(real_store)
    assert store.has(SPECIAL_SERIES_TABLE)
    stored, _ = datasets
    raw = store.table("crime_special")
    pd.testing.assert_frame_equal(stored.special, special_series(raw))
    sp = stored.special
    knife = sp[(sp["area_code"] == LONDON_CODE) & (sp["indicator"] == "Knife Crime")]
    month = knife["month"].max()
    from lib.reference.special_crime import shown_special_rows

    flag = next(r for r in shown_special_rows() if r.row == "Knife Crime")
    want = raw[(raw["major"] == flag.major) & (raw["minor"] == flag.minor) & (raw["month"] == month)]["count"].sum()
    assert knife.loc[knife["month"] == month, "count"].item() == want > 0


def test_the_report_is_the_views_and_works_out_no_headline_cards(datasets):
    """crime-summary prints an area's rows (crime_report) and no headline cards: worked out from the series, the
    cards' comparisons wait until a view asks for them, and the rows are the page view's report."""
    _, computed = datasets
    areas = crime_areas(computed, computed.ends[-13], "r12", None)
    report = crime_report(areas, "E09000010")
    assert "headlines" not in vars(areas)  # not worked out for the command
    view = crime_area_view(crime_indicator_areas(areas, MOPAC7), "E09000010", "Enfield")
    assert "headlines" in vars(areas) and len(view.headlines) == 3
    pd.testing.assert_frame_equal(report, view.report)
