"""The derived crime series written at ingest: the default-release rule on the tiny crime files."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.ingest.derived import CRIME_SERIES, CRIME_WARD_SERIES, derived_tables
from lib.metrics.crime_series import SERIES_RULE_NOTE, WARD_SERIES_RULE_NOTE, series_rule, ward_indicator_series
from lib.metrics.ward_months import WARD_MONTHS_NOTE, check_rule
from lib.reference.boroughs import LONDON_CODE
from lib.schema import conform
from tests.ingest.test_ingest_crime import GOOD, _read

ENFIELD = "E09000010"


@pytest.fixture(scope="module")
def derived():
    tables, _ = _read(GOOD)
    extra, notes = derived_tables(tables)
    return tables, conform(extra["crime_series"], CRIME_SERIES), notes


def _monthly(series: pd.DataFrame, area: str, kind: str, name: str) -> dict[str, tuple[str, int]]:
    s = series[(series["area_code"] == area) & (series["kind"] == kind) & (series["indicator"] == name)]
    return {m: (r, c) for m, r, c in zip(s["month"], s["release"], s["count"], strict=True)}


def test_each_month_from_the_newest_release_containing_it(derived):
    _, series, notes = derived
    # current_later (release 2015-07) holds 2015-03..07: 15..19; 2015-01/02 from part1+part2 (release 2015-06)
    assert _monthly(series, ENFIELD, "minor", "RES BURGLARY OF A HOME") == {
        "2015-01": ("2015-06", 11), "2015-02": ("2015-06", 13), "2015-03": ("2015-07", 15),
        "2015-04": ("2015-07", 16), "2015-05": ("2015-07", 17), "2015-06": ("2015-07", 18),
        "2015-07": ("2015-07", 19)}
    # the old scheme's months (release 2015-01) keep their own categories
    assert _monthly(series, ENFIELD, "minor", "Burglary in a Dwelling") == {
        "2014-11": ("2015-01", 10), "2014-12": ("2015-01", 12)}
    # the tiny ward file holds one ward of each borough, so each of its months is under half the boroughs'
    # TNO (2015-05: 12 + 10 = 22 in the wards against Enfield 22 + Barnet 34 in the borough file, release
    # 2015-07): all three recorded as incomplete (lib.metrics.ward_months)
    assert notes == {SERIES_RULE_NOTE: series_rule(), WARD_SERIES_RULE_NOTE: series_rule(),
                     WARD_MONTHS_NOTE: {"rule": check_rule(), "incomplete": {
                         "2015-07": {"2015-05": [22, 56], "2015-06": [24, 58], "2015-07": [28, 61]}}}}


def test_london_is_every_published_row_of_the_same_release_and_month(derived):
    tables, series, _ = derived
    b, o = tables["crime_borough"], tables["crime_other_areas"]
    o = o[o["level"] == "borough"]
    rows = pd.concat([b[["release", "month", "minor", "count"]], o[["release", "month", "minor", "count"]]])
    want = int(rows[(rows["release"] == "2015-07") & (rows["month"] == "2015-05")
                    & (rows["minor"] == "RES BURGLARY OF A HOME")]["count"].sum())
    assert _monthly(series, LONDON_CODE, "minor", "RES BURGLARY OF A HOME")["2015-05"] == ("2015-07", want)


def test_no_crime_no_derived_table():
    assert derived_tables({}) == ({}, {})


def test_the_ward_series_is_each_ward_release_in_turn_text_as_categories():
    """``crime_ward_series``: every ward release's own indicator series one after another, the same rows
    as worked out from ``crime_ward`` for that release; conformed, its text is categories."""
    tables, _ = _read(GOOD)
    ward = tables["crime_ward"]
    stored = conform(derived_tables(tables)[0]["crime_ward_series"], CRIME_WARD_SERIES)
    releases = sorted(map(str, ward["release"].unique()))
    assert sorted(map(str, stored["release"].unique())) == releases and releases
    for r in releases:
        mine = stored[stored["release"] == r].reset_index(drop=True)
        want = ward_indicator_series(ward, r)
        assert len(mine) == len(want) > 0
        text = [c for c in want.columns if c != "count"]
        as_text = {c: "string" for c in text}
        pd.testing.assert_frame_equal(mine.astype(as_text), want.astype(as_text), check_dtype=False)
    assert isinstance(stored["indicator"].dtype, pd.CategoricalDtype) and stored["month"].dtype == "string"
