"""The MPS recorded-crime adapter: tiny hand-made files, then the real releases against the seeds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.crime import (
    CrimeAdapter,
    default_release_by_month,
    month_ranges,
    read_crime_file,
)
from lib.schema import conform
from tests.conftest import FIXTURES
from tests.metrics.crime_helpers import default_rows, indicator_totals

GOOD = FIXTURES / "crime" / "good"
ENFIELD, BARNET = "E09000010", "E09000003"


def _read(folder: Path) -> tuple[dict[str, pd.DataFrame], IngestContext]:
    adapter = CrimeAdapter()
    paths = sorted(p for p in folder.rglob("*.csv") if adapter.recognises(p, sniff_head(p)))
    ctx = IngestContext(source_dir=folder)
    out = adapter.read(paths, ctx)
    return {t.name: conform(out[t.name], t) for t in adapter.tables}, ctx


@pytest.fixture(scope="module")
def tiny() -> tuple[dict[str, pd.DataFrame], IngestContext]:
    return _read(GOOD)


def _count(df: pd.DataFrame, **where: str) -> int:
    mask = pd.Series(True, index=df.index)
    for col, value in where.items():
        mask &= df[col] == value
    return int(df.loc[mask, "count"].sum())


# --- recognition --------------------------------------------------------------------------------


def test_recognises_all_three_layouts_by_header_not_name(tmp_path: Path) -> None:
    adapter = CrimeAdapter()
    for p in GOOD.glob("*.csv"):
        renamed = tmp_path / "download (3).csv"
        renamed.write_bytes(p.read_bytes())
        assert adapter.recognises(renamed, sniff_head(renamed)), p.name
    other = tmp_path / "pas.csv"
    other.write_text("Date;Survey;Borough;Measure;Proportion;MPS\n31/12/2014;PAS;Barnet;x;0,5;0,6\n")
    assert not adapter.recognises(other, sniff_head(other))
    profile = tmp_path / "profile.csv"
    profile.write_text("Code,Area name,2011,2012\nE09000010,Enfield,1,2\n")
    assert not adapter.recognises(profile, sniff_head(profile))


def test_reads_each_layout() -> None:
    old = read_crime_file(GOOD / "old_scheme_2014-11_to_2015-01.csv")
    assert (old.layout.scheme, old.layout.level) == ("pre2018", "borough")
    assert old.months == ["2014-11", "2014-12", "2015-01"]
    assert old.counts[0].tolist() == [10, 12, 14]  # CRLF line ends
    ward = read_crime_file(GOOD / "ward_2015-05_to_2015-07.csv")
    assert (ward.layout.scheme, ward.layout.level) == ("current", "ward")
    assert ward.majors[0] == "BURGLARY"  # byte-order mark stripped from the first header cell
    assert ward.ward_codes[:2] == ["E05013672", "E05013672"]


# --- tables on the tiny fixtures ----------------------------------------------------------------


def test_releases_chain_contiguous_files_and_keep_overlaps_apart(tiny) -> None:
    rel = tiny[0]["crime_releases"]
    got = {(r.source_file, r.release, r.scheme, r.level, r.first_month, r.last_month, r.rows)
           for r in rel.itertuples(index=False)}
    assert got == {
        ("old_scheme_2014-11_to_2015-01.csv", "2015-01", "pre2018", "borough", "2014-11", "2015-01", 6),
        ("current_part1_2015-01_to_2015-03.csv", "2015-06", "current", "borough", "2015-01", "2015-03", 8),
        ("current_part2_2015-04_to_2015-06.csv", "2015-06", "current", "borough", "2015-04", "2015-06", 8),
        ("current_later_2015-03_to_2015-07.csv", "2015-07", "current", "borough", "2015-03", "2015-07", 9),
        ("ward_2015-05_to_2015-07.csv", "2015-07", "current", "ward", "2015-05", "2015-07", 5),
    }


def test_default_release_notes(tiny) -> None:
    notes = tiny[1].notes
    assert notes["crime_default_release_borough"] == {
        "2014-11..2014-12": "2015-01",
        "2015-01..2015-02": "2015-06",
        "2015-03..2015-07": "2015-07",
    }
    assert notes["crime_default_release_ward"] == {"2015-05..2015-07": "2015-07"}


def test_borough_rows_keep_every_release_side_by_side(tiny) -> None:
    b = tiny[0]["crime_borough"]
    # 6 rows x 3 months (old) + 6 x 3 + 6 x 3 (two parts) + 7 x 5 (later release, with NFIB)
    assert len(b) == 18 + 18 + 18 + 35
    assert set(b["borough_code"]) == {ENFIELD, BARNET}
    assert set(b["borough_name"]) == {"Enfield", "Barnet"}
    burg = {"borough_code": ENFIELD, "month": "2015-01"}
    assert _count(b, release="2015-01", major="Burglary", **burg) == 14
    assert _count(b, release="2015-06", minor="RES BURGLARY OF A HOME", **burg) == 11
    assert _count(b, release="2015-06", borough_code=BARNET, month="2015-04", minor="RES BURGLARY OF A HOME") == 26
    assert _count(b, release="2015-07", borough_code=BARNET, month="2015-04", minor="RES BURGLARY OF A HOME") == 36
    assert set(b.loc[b["release"] == "2015-01", "scheme"]) == {"pre2018"}
    assert b["count"].dtype == "int64"


def test_other_areas_kept_apart_with_kind_and_level(tiny) -> None:
    o = tiny[0]["crime_other_areas"]
    assert len(o) == 2 * 3 + 2 * 3 + 2 * 5 + 3
    assert _count(o, release="2015-06", area_name="London Heathrow and London City Airports") == 30 * 3 + 31 + 32 + 33
    assert set(o.loc[o["area_name"] == "Unknown", "area_kind"]) == {"unknown"}
    aviation = o[o["area_name"] == "Aviation Security (SO18)"]
    assert set(aviation["level"]) == {"ward"} and set(aviation["ward_code"]) == {"E05013570"}
    assert set(aviation["area_kind"]) == {"airports"}
    assert aviation["count"].tolist() == [20, 21, 22]
    assert o.loc[o["level"] == "borough", "ward_code"].isna().all()


def test_ward_rows(tiny) -> None:
    w = tiny[0]["crime_ward"]
    assert len(w) == 4 * 3
    assert set(w["release"]) == {"2015-07"}
    assert _count(w, ward_code="E05013672", minor="RES BURGLARY OF A HOME") == 4 + 5 + 6
    assert set(w.loc[w["ward_code"] == "E05013630", "borough_code"]) == {BARNET}
    assert set(w.loc[w["ward_code"] == "E05013673", "ward_name"]) == {"Bowes"}


def test_default_rows_take_each_month_from_newest_release(tiny) -> None:
    tables = tiny[0]
    d = default_rows(tables["crime_borough"])
    picked = d.groupby("month")["release"].unique().map(list).to_dict()
    assert picked == {
        "2014-11": ["2015-01"], "2014-12": ["2015-01"],
        "2015-01": ["2015-06"], "2015-02": ["2015-06"],
        "2015-03": ["2015-07"], "2015-04": ["2015-07"], "2015-05": ["2015-07"],
        "2015-06": ["2015-07"], "2015-07": ["2015-07"],
    }
    pinned = default_rows(tables["crime_borough"], "2015-06")
    assert sorted(pinned["month"].unique()) == [f"2015-0{m}" for m in range(1, 7)]


def test_revision_warnings_name_releases_and_month(tiny) -> None:
    warnings = tiny[1].warnings
    assert len(warnings) == 2
    # 2015-01: pre-2018 TNO 14+5+2+24+3+5 = 53; current 11+3+2+25+3+6 = 50.
    assert "release 2015-06 revises release 2015-01" in warnings[0]
    assert "2015-01: 53 -> 50 (-5.7%)" in warnings[0]
    # 2015-04: Barnet burglary revised 26 -> 36, TNO 54 -> 64; other shared months unchanged.
    assert "release 2015-07 revises release 2015-06" in warnings[1]
    assert "1 of 4 shared months" in warnings[1] and "2015-04: 54 -> 64 (+18.5%)" in warnings[1]


def test_unmapped_category_is_kept_and_warned(tmp_path: Path) -> None:
    (tmp_path / "new.csv").write_text(
        "MajorText,MinorText,BoroughName,201601,201602\n"
        "BURGLARY,RES BURGLARY OF A HOME,Enfield,1,2\n"
        "NEW MAJOR,BRAND NEW CODE,Enfield,3,4\n"
    )
    tables, ctx = _read(tmp_path)
    assert _count(tables["crime_borough"], minor="BRAND NEW CODE") == 7
    assert len(ctx.warnings) == 1
    assert "NEW MAJOR / BRAND NEW CODE (current scheme)" in ctx.warnings[0]


def test_month_ranges_compacts_runs() -> None:
    by_month = {"2015-01": "a", "2015-02": "a", "2015-03": "b", "2015-05": "b"}
    assert month_ranges(by_month) == {"2015-01..2015-02": "a", "2015-03..2015-03": "b", "2015-05..2015-05": "b"}
    rel = pd.DataFrame(
        {"release": ["2015-06", "2015-07"], "level": ["borough"] * 2,
         "first_month": ["2015-01", "2015-03"], "last_month": ["2015-06", "2015-07"]}
    )
    assert month_ranges(default_release_by_month(rel, "borough")) == {
        "2015-01..2015-02": "2015-06", "2015-03..2015-07": "2015-07"
    }


# --- the real published files --------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data: Path) -> tuple[dict[str, pd.DataFrame], IngestContext]:
    return _read(shared_data / "crime")


def _indicator(real, release: str | None, indicator: str, start: str, end: str, borough: str | None = None) -> int:
    tables = real[0]
    b = default_rows(tables["crime_borough"], release)
    b = b[(b["month"] >= start) & (b["month"] <= end)]
    if borough:
        b = b[b["borough_name"] == borough]
    t = indicator_totals(b, ["release"])
    return int(t.loc[t["indicator"] == indicator, "count"].sum())


def test_real_releases_and_default_months(real) -> None:
    """Rows: each file's data lines (``wc -l`` less the header). The two ward files (2010-04..2024-02 and
    2024-03..2026-03) follow on, so they are one release, named by its last month."""
    rel = real[0]["crime_releases"]
    assert sorted(set(zip(rel["level"], rel["release"], rel["scheme"], strict=True))) == [
        ("borough", "2016-12", "pre2018"), ("borough", "2025-11", "current"),
        ("borough", "2025-12", "current"), ("borough", "2026-02", "current"), ("ward", "2026-03", "current"),
    ]
    assert rel["rows"].tolist() == [1056, 1084, 1056, 1057, 1032, 21118, 18669]
    wards = rel[rel["level"] == "ward"]
    assert list(zip(wards["first_month"], wards["last_month"], strict=True)) == [
        ("2010-04", "2024-02"), ("2024-03", "2026-03")]
    assert real[1].notes["crime_default_release_borough"] == {
        "2008-01..2010-03": "2016-12", "2010-04..2023-12": "2025-11", "2024-01..2024-02": "2025-12",
        "2024-03..2026-02": "2026-02",
    }
    assert real[1].notes["crime_default_release_ward"] == {"2010-04..2026-03": "2026-03"}


def test_real_every_category_is_mapped_and_one_revision_warning(real) -> None:
    warnings = real[1].warnings
    assert not [w for w in warnings if "not in lib/reference/crime_categories.csv" in w]
    # The historical release revises the pre-2018-scheme months by up to about 4%; the two newest
    # releases differ by well under 3% a month.
    assert len(warnings) == 1 and "release 2025-11 revises release 2016-12" in warnings[0]


def test_real_no_count_lost(real, shared_data: Path) -> None:
    tables = real[0]
    releases = [*(shared_data / "crime" / "borough").glob("*.csv"), *(shared_data / "crime" / "ward").glob("*.csv")]
    for f in sorted(releases):  # crime/other holds the hate and special crime flags: lib/ingest/special_crime.py
        published = int(pd.read_csv(f).filter(regex=r"^\d{6}$").to_numpy().sum())
        parsed = read_crime_file(f)
        assert int(parsed.counts.sum()) == published, f.name
    ward_total = tables["crime_ward"]["count"].sum() + _count(tables["crime_other_areas"], level="ward")
    ward_files = sorted((shared_data / "crime" / "ward").glob("*.csv"))
    assert len(ward_files) == 2  # the history 2010-04..2024-02 and the recent file 2024-03..2026-03
    assert ward_total == sum(int(pd.read_csv(f).filter(regex=r"^\d{6}$").to_numpy().sum()) for f in ward_files)
    assert "E09000001" not in set(tables["crime_borough"]["borough_code"])
    assert tables["crime_borough"]["borough_code"].nunique() == 32
    kinds = tables["crime_other_areas"].groupby("area_name")["area_kind"].first().to_dict()
    assert kinds == {
        "Aviation Security (SO18)": "airports",
        "London Heathrow and London City Airports": "airports",
        "Unknown": "unknown",
    }


def test_real_enfield_pack_exact_figures(real) -> None:
    """Enfield SNB pack 2015 (seed 000, Figure 1), release 2016-12: burglary and robbery to the unit."""
    for indicator, before, after in [
        ("Burglary (Total)", 3210, 2830),
        ("Burglary (Residential)", 2262, 2094),
        ("Burglary (Non-residential)", 948, 736),
        ("Robbery (Total)", 811, 883),
        ("Theft/Taking Of Motor Vehicle", 809, 633),
        ("Motor Vehicle Crime", 3340, 2728),
    ]:
        assert _indicator(real, "2016-12", indicator, "2013-10", "2014-09", "Enfield") == before, indicator
        assert _indicator(real, "2016-12", indicator, "2014-10", "2015-09", "Enfield") == after, indicator


def test_real_enfield_pack_near_figures(real) -> None:
    """Where the pack and the 2016-12 release differ, by under 1%.

    Pack: Violence with Injury 2,146 -> 2,385, TNO 22,522 -> 22,428, MOPAC 7 12,019 -> 11,431.
    Ours: Violence with Injury 2,132 -> 2,371 (14 fewer in both years, 0.7%: the pack's definition
    seems to hold a small offence group that the published minor categories do not separate);
    TNO 22,524 -> 22,517 (+2, then +89 or 0.4%: most likely offences recorded or reclassified after
    the pack was drawn in October 2015 and before the 2016-12 extract); MOPAC 7 12,005 -> 11,413
    (the violence gap plus small theft and damage differences). Asserted exactly as ours, and within
    1% of the pack.
    """
    cases = [
        ("Violence with Injury", 2132, 2371, 2146, 2385),
        ("Total Notifiable Offences", 22524, 22517, 22522, 22428),
        ("MOPAC 7", 12005, 11413, 12019, 11431),
    ]
    for indicator, ours_a, ours_b, pack_a, pack_b in cases:
        a = _indicator(real, "2016-12", indicator, "2013-10", "2014-09", "Enfield")
        b = _indicator(real, "2016-12", indicator, "2014-10", "2015-09", "Enfield")
        assert (a, b) == (ours_a, ours_b), indicator
        assert abs(a - pack_a) / pack_a < 0.01 and abs(b - pack_b) / pack_b < 0.01, indicator


def test_real_newest_release_enfield_burglary(real) -> None:
    """The same question on the newest release: 2,816 (shared data README), not the pack's 2,830."""
    assert _indicator(real, None, "Burglary (Total)", "2014-10", "2015-09", "Enfield") == 2816


def test_real_london_mopac7_challenge_figure(real) -> None:
    """MOPAC Challenge, March 2015 (seed 004): MOPAC 7 down 19.8% from FY2011/12 to the 12 months to Feb 2015."""
    base = _indicator(real, "2016-12", "MOPAC 7", "2011-04", "2012-03")
    now = _indicator(real, "2016-12", "MOPAC 7", "2014-03", "2015-02")
    assert (base, now) == (410193, 329118)
    assert round((now / base - 1) * 100, 1) == -19.8
    # The newest releases revise it: -19.1% now (issue 3).
    base_new = _indicator(real, None, "MOPAC 7", "2011-04", "2012-03")
    now_new = _indicator(real, None, "MOPAC 7", "2014-03", "2015-02")
    assert round((now_new / base_new - 1) * 100, 1) == -19.1
