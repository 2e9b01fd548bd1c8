"""Ward figures: populations from ward_features, rates per 1,000 and rank within the borough."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.metrics.ward_performance import WARD_POPULATION_FEATURE, ward_populations
from lib.store import Store
from lib.views.crime import ward_view


def test_ward_populations_use_the_census_feature_only():
    features = pd.DataFrame({
        "ward_code": ["W1", "W1", "W2"],
        "feature": [WARD_POPULATION_FEATURE, "imd2025_mean_rank", WARD_POPULATION_FEATURE],
        "value": [8000.0, 1234.0, 12000.0],
    })
    assert ward_populations(features).to_dict() == {"W1": 8000.0, "W2": 12000.0}
    assert ward_populations(None).empty


def test_enfield_wards_on_the_real_store_have_rates(real_store: Path):
    store = Store(real_store)
    table = ward_view(store, "E09000010", "Burglary (Total)", "2026-03").table
    assert len(table) > 15 and set(table["borough_name"]) == {"Enfield"}
    assert (table["rank_basis"] == "rate per 1,000 residents (Census 2011)").all()
    pops = ward_populations(store.table("ward_features"))
    first = table.iloc[0]
    assert first["rate_per_1000"] == first["current"] / pops[first["ward_code"]] * 1000
    assert sorted(table["rank_in_borough"].tolist()) == sorted(
        table["rate_per_1000"].rank(method="min").astype(int).tolist())


def _hand_count(shared_data: Path, borough: str, first: str, last: str) -> dict[str, int]:
    """Burglary (every BURGLARY minor) by ward over first..last, summed from the ward history CSV itself."""
    f = pd.read_csv(shared_data / "crime" / "ward" / "mps_ward_crime_historical_2010-04_to_2024-02.csv")
    months = [m.replace("-", "") for m in pd.period_range(first, last, freq="M").strftime("%Y-%m")]
    rows = f[(f["LookUp_BoroughName"] == borough) & (f["MajorText"] == "BURGLARY")]
    return rows.groupby("WardCode")[months].sum().sum(axis=1).astype(int).to_dict()


def test_ward_section_follows_the_release_pin_and_the_period(real_store: Path, shared_data: Path):
    """/Crime?borough=Enfield&release=2016-12&to=2015-09: the borough figures are pinned to the release to
    December 2016, which has no ward file. The ward history (from April 2010) now gives wards for that
    period, from the ward file's own release (to March 2026, named by the last month of the two ward
    files), and the words say so. The counts are Enfield's burglaries by ward summed from the CSV."""
    store = Store(real_store)
    pinned = ward_view(store, "E09000010", "Burglary (Total)", "2015-09", "2016-12")
    assert pinned.message is None and pinned.release is None
    assert pinned.source_words == (
        "ward figures from the ward file's own release (the release to March 2026); the ward file has no "
        "release to December 2016, the one the borough figures are pinned to (the MPS publishes the two apart)")
    current = _hand_count(shared_data, "Enfield", "2014-10", "2015-09")
    previous = _hand_count(shared_data, "Enfield", "2013-10", "2014-09")
    t = pinned.table.set_index("ward_code")
    assert t["current"].astype(int).to_dict() == current and t["previous"].astype(int).to_dict() == previous
    assert len(t) == 25 and current["E05013672"] == 108  # Arnos Grove
    # the 25 wards add up to 2,816: the 2023 historical borough release's figure (../shared/data/README.md)
    assert sum(current.values()) == 2816
    # not pinned: the same wards and figures, and words without the pin
    old = ward_view(store, "E09000010", "Burglary (Total)", "2015-09")
    pd.testing.assert_frame_equal(old.table, pinned.table)
    assert old.source_words == "ward figures from the ward file's own release (the release to March 2026)"
    # pinned to the ward release itself: its own figures, no note
    own = ward_view(store, "E09000010", "Burglary (Total)", "2015-09", "2026-03")
    assert own.release == "2026-03" and "no release" not in own.source_words
    pd.testing.assert_frame_equal(own.table, pinned.table)
    # a period the ward file does not reach (January to December 2010; it starts in April 2010)
    early = ward_view(store, "E09000010", "Burglary (Total)", "2010-12")
    assert early.table.empty and "No ward figures for January 2010 to December 2010" in early.message
    assert "covers April 2010 to March 2026" in early.message
    w = store.table("crime_ward")
    newest = sorted(w["release"].unique())[-1]
    v = ward_view(store, "E09000010", "Burglary (Total)", "2026-03", newest)
    assert v.message is None and len(v.table) > 15
    # independently: the ward file's rows for the 12 months to 2026-03, Enfield, burglary majors
    rows = w[(w["release"] == newest) & (w["borough_code"] == "E09000010") & (w["month"] >= "2025-04")
             & (w["month"] <= "2026-03") & w["major"].str.upper().str.contains("BURGLARY")]
    assert v.table["current"].sum() == rows["count"].sum()


def test_the_stored_ward_series_gives_the_figures_worked_out_from_the_ward_table(real_store: Path):
    """The store's derived ``crime_ward_series`` (text kept as categories, what the app reads) and the
    series worked out from ``crime_ward`` give the same ward figures: several boroughs, indicators, periods."""
    from lib.metrics import crime_series as cs
    from lib.views.crime import WardDataset, stored_ward_series, ward_area_view, ward_dataset

    store = Store(real_store)
    stored = stored_ward_series(store)
    assert stored is not None and isinstance(stored["area_code"].dtype, pd.CategoricalDtype)
    data = ward_dataset(store)
    # one ward release: all of it (DataFrame.equals: same values, dtypes and index; assert_frame_equal takes
    # over a minute on these 1.3 M categorical rows)
    assert data.series.equals(stored) and list(data.series.dtypes) == list(stored.dtypes)
    # worked out from the published rows of the three boroughs compared (a ward's series and its rank within
    # its borough depend on its borough's rows alone; the whole 4 M-row table took minutes here)
    codes = ("E09000010", "E09000025", "E09000033")
    ward = store.table("crime_ward")
    raw = cs.ward_indicator_series(ward[ward["borough_code"].isin(codes)].reset_index(drop=True))
    fresh = WardDataset(None, raw, data.features, data.first, data.last, None, sources=data.sources)
    for indicator in ("Burglary (Total)", "Total Notifiable Offences", "Violence with Injury"):
        for to in ("2012-03", "2016-12", "2026-03"):
            for code in codes:
                a = ward_area_view(data, code, indicator, to)
                b = ward_area_view(fresh, code, indicator, to)
                assert a.message is None and len(a.table) > 10
                pd.testing.assert_frame_equal(a.table, b.table)
                pd.testing.assert_frame_equal(a.numbers, b.numbers)


def test_one_ward_dataset_serves_every_borough(real_store: Path):
    """The whole file's ward series worked out once (``ward_dataset``) gives each borough exactly the
    counts of its own wards in the file (newest release per month), summed here with pandas."""
    from lib.views.crime import ward_area_view, ward_dataset

    store = Store(real_store)
    data = ward_dataset(store)
    raw = store.table("crime_ward")
    newest = raw.sort_values("release").drop_duplicates(["month"], keep="last")[["month", "release"]]
    rows = raw.merge(newest, on=["month", "release"])
    for code in ("E09000010", "E09000007"):
        t = ward_area_view(data, code, "Burglary (Total)", "2026-03").table.set_index("ward_code")
        assert set(t["borough_code"]) == {code}
        mine = rows[(rows["borough_code"] == code) & rows["month"].between("2025-04", "2026-03")
                    & (rows["major"] == "BURGLARY")]
        assert t["current"].astype(float).sum() == mine["count"].sum()
        assert t["current"].astype(float).to_dict() == mine.groupby("ward_code")["count"].sum().astype(float).to_dict()


def test_every_wards_figures_once_give_each_boroughs_own_table(real_store: Path):
    """The page's shared step (every ward's figures for a series and period, ``ward_areas``) gives each
    borough the table worked out from its own wards alone, rank basis included: the basis is decided
    per borough (a borough whose wards all have populations ranks by rate even when another's do not)."""
    from lib.metrics.ward_performance import ward_ranks, ward_table
    from lib.views.crime import map_fields, ward_area_view, ward_areas, ward_dataset

    store = Store(real_store)
    data = ward_dataset(store)
    shared = ward_areas(data, "Burglary (Total)", "2026-03")
    bases = {}
    for code in ("E09000010", "E09000007", "E09000025", "E09000033"):
        # the reference: the borough's table worked out from its own wards alone (the plain per-borough path)
        alone = map_fields(ward_table(data.rows("Burglary (Total)"), data.features, code, "Burglary (Total)",
                                      "2026-03"))
        both = ward_area_view(data, code, "Burglary (Total)", "2026-03")
        pd.testing.assert_frame_equal(both.table.drop(columns="tooltip"), alone)
        bases[code] = set(alone["rank_basis"])
    # Newham has a ward without a population, so it ranks by count; the others still rank by rate
    rate = {"rate per 1,000 residents (Census 2011)"}
    assert bases == {"E09000010": rate, "E09000007": rate, "E09000025": {"count"}, "E09000033": rate}
    assert set(ward_ranks(shared.figures, None)["rank_basis"]) == {"count"}
    # hand-made: borough B has a ward without a population, so B ranks by count and A by rate
    figures = pd.DataFrame({
        "ward_code": ["A1", "A2", "B1", "B2"], "ward_name": ["a1", "a2", "b1", "b2"],
        "borough_code": ["A", "A", "B", "B"], "borough_name": ["A", "A", "B", "B"],
        "current": [30.0, 10.0, 5.0, 50.0], "previous": [20.0, 10.0, 5.0, 40.0],
        "pct_change": [50.0, 0.0, 0.0, 25.0], "population": [1000.0, 2000.0, None, 500.0]})
    figures["rate_per_1000"] = figures["current"] / figures["population"] * 1000
    a, b = ward_ranks(figures, "A"), ward_ranks(figures, "B")
    assert list(a["ward_code"]) == ["A2", "A1"] and set(a["rank_basis"]) == {"rate per 1,000 residents (Census 2011)"}
    assert list(b["ward_code"]) == ["B1", "B2"] and set(b["rank_basis"]) == {"count"}
    assert list(ward_ranks(figures, None)["rank_basis"].unique()) == ["count"]


class _Tables:
    """A store reduced to what the ward views read: tables and the manifest notes."""

    def __init__(self, tables: dict[str, pd.DataFrame], notes: dict[str, str]):
        self.tables, self.manifest = tables, {"notes": notes}

    def has(self, name: str) -> bool:
        return name in self.tables

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def test_two_ward_releases_each_month_from_the_newest_and_a_pin_from_its_own_block():
    """Hand-made: release 2015-06 holds January..June, release 2015-07 March..July with other counts. The
    stored series (one block per release) gives what the ward table gives worked out directly: each
    month from the newest release containing it, a pinned ward release its own months, a pin the ward
    file lacks the newest per month with the words saying so."""
    from lib.ingest.derived import CRIME_WARD_SERIES, derived_tables
    from lib.metrics.crime_series import WARD_SERIES_RULE_NOTE, series_rule
    from lib.schema import conform
    from lib.views.crime import ward_dataset

    rows = []
    for release, months, base in (("2015-06", range(1, 7), 10), ("2015-07", range(3, 8), 100)):
        for m in months:
            for ward, extra in (("E05000001", 0), ("E05000002", 1)):
                rows.append({"release": release, "month": f"2015-{m:02d}", "ward_code": ward, "ward_name": ward[-1],
                             "borough_code": "E09000010", "borough_name": "Enfield", "major": "BURGLARY",
                             "minor": "RES BURGLARY OF A HOME", "count": base + m + extra})
    ward = pd.DataFrame(rows).astype({c: "string" for c in rows[0] if c != "count"})
    stored = conform(derived_tables({"crime_ward": ward})[0]["crime_ward_series"], CRIME_WARD_SERIES)
    with_series = _Tables({"crime_ward": ward, "crime_ward_series": stored}, {WARD_SERIES_RULE_NOTE: series_rule()})
    without = _Tables({"crime_ward": ward}, {})

    def counts(data) -> dict[tuple[str, str], tuple[str, int]]:
        r = data.rows("Burglary (Total)")
        return {(str(w), str(m)): (str(rel), int(c))
                for w, m, rel, c in zip(r["area_code"], r["month"], r["release"], r["count"], strict=True)}

    newest = ward_dataset(with_series)
    got = counts(newest)
    assert got[("E05000001", "2015-02")] == ("2015-06", 12) and got[("E05000002", "2015-04")] == ("2015-07", 105)
    assert len(got) == 2 * 7 and (newest.first, newest.last, newest.sources) == ("2015-01", "2015-07",
                                                                                ("2015-06", "2015-07"))
    assert newest.source_words == ("ward figures from the ward file's own releases (the release to June 2015 and "
                                   "the release to July 2015, newest per month)")
    older = ward_dataset(with_series, "2015-06")
    assert counts(older)[("E05000001", "2015-04")] == ("2015-06", 14) and len(counts(older)) == 2 * 6
    assert older.source_words == "ward figures from the ward file's own release (the release to June 2015)"
    pinned = ward_dataset(with_series, "2016-12")
    assert counts(pinned) == got and "no release to December 2016" in pinned.source_words
    for release in (None, "2015-06", "2015-07", "2016-12"):
        a, b = ward_dataset(with_series, release), ward_dataset(without, release)
        assert counts(a) == counts(b), release
        assert (a.release, a.first, a.last, a.sources, a.source_words) == (
            b.release, b.first, b.last, b.sources, b.source_words)


MARCH_2024 = ("The ward file's figures for March 2024 are incomplete (47 offences for all London, against 75,507 in "
              "the borough files), so no ward figures are shown for periods that include it.")


def test_no_ward_figures_for_periods_that_include_the_ward_files_incomplete_march_2024(real_store: Path):
    """The recent ward file's March 2024 holds 47 offences (the borough files: 75,507 for the 32 boroughs). A
    12-month period to T compares T-11..T with T-23..T-12, so it includes March 2024 for every T from
    2024-03 (in the latest 12 months) to 2026-02 (in the previous 12: 2024-03..2025-02): those 24 periods
    have no ward figures. The 12 months to 2024-02 (the history file) and to 2026-03 (previous 12 months
    2024-04..2025-03) have them."""
    from lib.periods import month_range
    from lib.views.crime import ward_area_view, ward_areas, ward_dataset

    store = Store(real_store)
    data = ward_dataset(store)
    assert data.incomplete == {"2024-03": (47, 75507)}
    tno = "Total Notifiable Offences"
    for to in ("2024-03", "2024-12", "2026-02"):
        v = ward_area_view(data, "E09000010", tno, to)
        assert v.table.empty and v.numbers.empty and v.message == MARCH_2024, to
    for to in ("2024-02", "2026-03"):
        v = ward_area_view(data, "E09000010", tno, to)
        assert v.message is None and len(v.table) == 25, to
    none = [to for to in month_range("2023-12", "2026-03") if ward_areas(data, tno, to).figures is None]
    assert none == month_range("2024-03", "2026-02")
    # the one-call view and a pinned release (the ward file's own) say the same
    assert ward_view(store, "E09000010", "Burglary (Total)", "2025-12").message == MARCH_2024
    assert ward_view(store, "E09000010", "Burglary (Total)", "2025-12", "2026-03").message == MARCH_2024


def _thin_month_store(thin: int, noted: bool) -> _Tables:
    """Hand-made: Enfield (600 a month) and Barnet (400) in the borough file, 2013-01..2016-12; in the ward
    file an Enfield and a Barnet ward holding the same, except 2015-03, where they hold ``thin`` of the 1,000.
    ``noted``: with the derived series and the ingest's record of the check; otherwise the ward table and the
    borough table only (a store ingested before the check: the views make it themselves)."""
    from lib.ingest.derived import CRIME_SERIES, CRIME_WARD_SERIES, derived_tables
    from lib.periods import month_range
    from lib.schema import conform

    minor = {"major": "BURGLARY", "minor": "RES BURGLARY OF A HOME"}
    boroughs = {"E09000010": ("Enfield", 600, "E05013672", "Arnos Grove"),
                "E09000003": ("Barnet", 400, "E05013628", "Barnet Vale")}
    b, w = [], []
    for m in month_range("2013-01", "2016-12"):
        for code, (name, n, ward, ward_name) in boroughs.items():
            b.append({"release": "2016-12", "scheme": "current", "month": m, "borough_code": code,
                      "borough_name": name, **minor, "count": n})
            share = thin * n // 1000 if code == "E09000010" else thin - thin * 600 // 1000
            w.append({"release": "2016-12", "month": m, "ward_code": ward, "ward_name": ward_name,
                      "borough_code": code, "borough_name": name, **minor, "count": share if m == "2015-03" else n})
    borough = pd.DataFrame(b).astype({c: "string" for c in b[0] if c != "count"})
    ward = pd.DataFrame(w).astype({c: "string" for c in w[0] if c != "count"})
    if not noted:
        return _Tables({"crime_borough": borough, "crime_ward": ward}, {})
    out, notes = derived_tables({"crime_borough": borough, "crime_ward": ward})
    return _Tables({"crime_borough": borough, "crime_ward": ward,
                    "crime_series": conform(out["crime_series"], CRIME_SERIES),
                    "crime_ward_series": conform(out["crime_ward_series"], CRIME_WARD_SERIES)}, notes)


@pytest.mark.parametrize("noted", [True, False])
@pytest.mark.parametrize(("thin", "incomplete"), [(499, True), (500, False), (501, False)])
def test_a_thin_ward_month_at_the_edge_of_the_share(thin: int, incomplete: bool, noted: bool):
    """One thin month (2015-03) in the middle of a hand-made ward file: 499 of the borough file's 1,000 is
    under the 50% share, so the 12 months to 2015-03 .. to 2017-02 have no ward figures; 500 and 501 are
    not, and every period has them. The same whether the ingest recorded the check or the view makes it."""
    from lib.periods import month_range
    from lib.views.crime import ward_area_view, ward_areas, ward_dataset

    data = ward_dataset(_thin_month_store(thin, noted))
    assert data.incomplete == ({"2015-03": (thin, 1000)} if incomplete else {})
    none = [to for to in month_range("2014-12", "2016-12") if ward_areas(data, "Burglary (Total)", to).figures is None]
    assert none == (month_range("2015-03", "2016-12") if incomplete else [])
    v = ward_area_view(data, "E09000010", "Burglary (Total)", "2016-02")
    if incomplete:
        assert v.table.empty and v.message == (
            "The ward file's figures for March 2015 are incomplete (499 offences for all London, against 1,000 in "
            "the borough files), so no ward figures are shown for periods that include it.")
    else:
        assert v.message is None and v.table["previous"].tolist() == [7200]  # 2014-03..2015-02
        assert v.table["current"].tolist() == [600 * 11 + thin * 600 // 1000]  # 2015-03..2016-02, thin March
