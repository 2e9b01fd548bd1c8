"""What a release revised: hand-made pairs of releases with known revisions, and the real releases
checked by hand against the published CSVs."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.metrics.revisions import MIN_OFFENCES, MIN_PCT, category_revisions, indicator_revisions, notable
from lib.reference.boroughs import LONDON_CODE
from lib.store import Store
from lib.views.revisions import default_releases, revisions_view

COLS = ["area_code", "area_name", "month", "major", "minor", "count"]


def _rows(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLS).astype({c: "string" for c in COLS[:-1]})


BEFORE = _rows(("A", "Alpha", "2025-01", "THEFT", "SHOPLIFTING", 200),  # +10 = 5.0%: listed (both at the bound)
               ("A", "Alpha", "2025-01", "THEFT", "OTHER THEFT", 100),  # +9: too few offences
               ("A", "Alpha", "2025-02", "THEFT", "SHOPLIFTING", 1000),  # -49 = 4.9%: too small a share
               ("B", "Beta", "2025-01", "THEFT", "SHOPLIFTING", 40),  # -30 = -75%: listed, the largest
               ("B", "Beta", "2025-02", "THEFT", "OTHER THEFT", 7))  # gone from the later release: -7
AFTER = _rows(("A", "Alpha", "2025-01", "THEFT", "SHOPLIFTING", 210),
              ("A", "Alpha", "2025-01", "THEFT", "OTHER THEFT", 109),
              ("A", "Alpha", "2025-02", "THEFT", "SHOPLIFTING", 951),
              ("B", "Beta", "2025-01", "THEFT", "SHOPLIFTING", 10),
              ("B", "Beta", "2025-02", "ROBBERY", "ROBBERY OF PERSONAL PROPERTY", 12))  # new: from 0 to 12


def test_category_revisions_and_the_threshold():
    assert (MIN_OFFENCES, MIN_PCT) == (10, 5.0)
    r = category_revisions(BEFORE, AFTER)
    assert len(r) == 6 and int((r["revision"] != 0).sum()) == 6
    got = r.set_index(["area_code", "month", "category"])["revision"].to_dict()
    assert got == {("A", "2025-01", "SHOPLIFTING"): 10, ("A", "2025-01", "OTHER THEFT"): 9,
                   ("A", "2025-02", "SHOPLIFTING"): -49, ("B", "2025-01", "SHOPLIFTING"): -30,
                   ("B", "2025-02", "OTHER THEFT"): -7, ("B", "2025-02", "ROBBERY OF PERSONAL PROPERTY"): 12}
    n = notable(r)
    assert [(a, m, c, v) for a, m, c, v in zip(n["area_name"], n["month"], n["category"], n["revision"],
                                               strict=True)] == [
        ("Beta", "2025-01", "SHOPLIFTING", -30),
        ("Beta", "2025-02", "ROBBERY OF PERSONAL PROPERTY", 12),  # from 0: no % but 12 offences
        ("Alpha", "2025-01", "SHOPLIFTING", 10),
    ]
    assert n["pct"].iloc[0] == -75.0 and pd.isna(n["pct"].iloc[1]) and n["pct"].iloc[2] == 5.0


def test_nothing_over_the_threshold_is_an_empty_list():
    assert notable(category_revisions(BEFORE.iloc[[1]], AFTER.iloc[[1]])).empty


def test_across_schemes_indicators_are_compared_each_in_its_own_scheme():
    mapping = pd.DataFrame({"scheme": ["pre2018", "pre2018", "current"],
                            "major": ["Theft and Handling", "Robbery", "THEFT"],
                            "minor": ["Other Theft Person", "Personal Property", "THEFT FROM THE PERSON"],
                            "indicator": ["Theft From Person", "Robbery (Total)", "Theft From Person"]},
                           dtype="string")
    before = _rows(("A", "Alpha", "2015-01", "Theft and Handling", "Other Theft Person", 100),
                   ("A", "Alpha", "2015-01", "Robbery", "Personal Property", 50)).assign(scheme="pre2018")
    after = _rows(("A", "Alpha", "2015-01", "THEFT", "THEFT FROM THE PERSON", 130)).assign(scheme="current")
    r = indicator_revisions(before, after, mapping, ("Theft From Person", "Robbery (Total)"))
    got = r.set_index("category")[["before", "after", "revision"]].to_dict("index")
    assert got == {"Theft From Person": {"before": 100, "after": 130, "revision": 30},
                   "Robbery (Total)": {"before": 50, "after": 0, "revision": -50}}
    assert set(r["level"]) == {"indicator"}


class _Store:
    """Just the tables a revisions view reads: two releases of one borough in the current scheme."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self._tables = tables

    def has(self, name: str) -> bool:
        return name in self._tables

    def table(self, name: str) -> pd.DataFrame:
        return self._tables[name]


def _hand_store() -> _Store:
    rows = []
    for release, months in [("2025-06", ["2025-04", "2025-05", "2025-06"]), ("2025-08", ["2025-06", "2025-07",
                                                                                           "2025-08"])]:
        for m in months:
            n = 100 if (release, m) != ("2025-08", "2025-06") else 140  # the later release revises June: +40
            rows.append({"release": release, "scheme": "current", "month": m, "borough_code": "E09000010",
                         "borough_name": "Enfield", "major": "THEFT", "minor": "SHOPLIFTING", "count": n})
    borough = pd.DataFrame(rows).astype({c: "string" for c in rows[0] if c != "count"})
    return _Store({"crime_borough": borough})


def test_the_view_on_a_hand_made_pair_of_releases():
    v = revisions_view(_hand_store())
    assert (v.from_release, v.to_release, v.first, v.last) == ("2025-06", "2025-08", "2025-06", "2025-06")
    assert list(zip(v.revisions["area_name"], v.revisions["revision"], strict=True)) == [("Enfield", 40),
                                                                                        ("London", 40)]
    assert v.totals.to_dict("records") == [{"month": "2025-06", "before": 100, "after": 140, "revision": 40,
                                            "pct": 40.0}]
    assert v.sentence == ("The release to August 2025 revised 2 of the 2 figures it shares with the release to June "
                          "2025 (June 2025); 2 by at least 10 offences and 5%, the largest shoplifting in Enfield, "
                          "June 2025: 100 then, 140 now (+40).")
    assert v.notes == ()
    assert v.table.to_dict("records")[0] == {"Area": "Enfield", "Month": "June 2025", "Crime": "SHOPLIFTING",
                                             "Earlier release": "100", "Later release": "140", "Revision": 40,
                                             "% of earlier": 40.0}
    with pytest.raises(UsageError, match="give both --from-release and --to-release"):
        revisions_view(_hand_store(), "2025-06")
    with pytest.raises(UsageError, match="no release '2024-01' in the data"):
        revisions_view(_hand_store(), "2024-01", "2025-08")


def test_default_releases_are_the_newest_pair_of_one_scheme_sharing_months():
    spans = pd.DataFrame({"release": ["2016-12", "2025-11", "2025-12", "2026-02", "2026-05"],
                          "scheme": ["pre2018", "current", "current", "current", "other"],
                          "first_month": ["2008-01", "2010-04", "2024-01", "2024-03", "2024-06"],
                          "last_month": ["2016-12", "2025-11", "2025-12", "2026-02", "2026-05"]})
    assert default_releases(spans) == ("2025-12", "2026-02")
    with pytest.raises(UsageError, match="no two releases of one category scheme"):
        default_releases(spans.iloc[:2])


# --- the real releases --------------------------------------------------------------------------------

RECENT_DEC = "crime/borough/mps_borough_crime_recent24_2024-01_to_2025-12.csv"  # release 2025-12
RECENT_FEB = "crime/borough/mps_borough_crime_recent24_2024-03_to_2026-02.csv"  # release 2026-02


@pytest.fixture(scope="module")
def newest(real_store):
    return revisions_view(Store(real_store))


def test_real_default_pair_and_london_s_december_2025(newest, shared_data):
    v = newest
    assert (v.from_release, v.to_release, v.first, v.last) == ("2025-12", "2026-02", "2024-03", "2025-12")
    dec = v.totals[v.totals["month"] == "2025-12"].iloc[0]
    # SOURCES.md: 'Revises 2025-12 (73,547 against 73,664 in the release to December 2025)'
    assert (dec["before"], dec["after"], dec["revision"]) == (73664, 73547, -117)
    # and by hand from the two CSVs: every row (32 boroughs, airports, 'Unknown') of the 202512 column
    assert pd.read_csv(shared_data / RECENT_DEC)["202512"].sum() == 73664
    assert pd.read_csv(shared_data / RECENT_FEB)["202512"].sum() == 73547


def test_real_listed_revisions_checked_by_hand(newest, shared_data):
    t = newest.revisions
    a, b = pd.read_csv(shared_data / RECENT_DEC), pd.read_csv(shared_data / RECENT_FEB)

    def by_hand(borough: str | None, minor: str, month: str) -> tuple[int, int]:
        pick = [d[(d["MinorText"] == minor) & ((d["BoroughName"] == borough) if borough else True)][month].sum()
                for d in (a, b)]
        return int(pick[0]), int(pick[1])

    lam = t[(t["area_name"] == "Lambeth") & (t["category"] == "SHOPLIFTING") & (t["month"] == "2024-05")].iloc[0]
    assert (lam["before"], lam["after"]) == by_hand("Lambeth", "SHOPLIFTING", "202405") == (352, 297)
    top = t.iloc[0]  # the largest: London's other public order offences, December 2025
    assert (top["area_code"], top["month"], top["category"]) == (LONDON_CODE, "2025-12", "OTHER OFFENCES PUBLIC ORDER")
    assert (top["before"], top["after"]) == by_hand(None, "OTHER OFFENCES PUBLIC ORDER", "202512") == (760, 690)
    sizes = list(t["revision"].abs())
    assert sizes == sorted(sizes, reverse=True)
    assert ((t["revision"].abs() >= MIN_OFFENCES) & (t["pct"].abs() >= MIN_PCT)).all()


def test_real_pre_2018_release_is_compared_by_indicator(real_store):
    v = revisions_view(Store(real_store), "2016-12", "2025-11", "E09000010")
    assert (v.from_scheme, v.to_scheme, v.first, v.last) == ("pre2018", "current", "2010-04", "2016-12")
    assert set(v.figures["level"]) == {"indicator"} and v.notes[0].month == "2010-04"
    assert "indicators only" in v.compared_words
    assert v.sentence.startswith("The release to November 2025 (current categories) differs from the release to "
                                 "December 2016 (pre-2018 categories)")
    f = v.figures
    burglary = f[(f["category"] == "Burglary (Total)") & (f["month"] >= "2014-10") & (f["month"] <= "2015-09")]
    # shared data README: Enfield burglary, Oct 2014-Sep 2015: 2,830 in the pre-2018-scheme release, 2,816 now
    assert (burglary["before"].sum(), burglary["after"].sum()) == (2830, 2816)
