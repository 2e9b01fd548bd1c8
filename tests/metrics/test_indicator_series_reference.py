"""``lib.metrics.crime_series.indicator_series`` keeps its numpy kernel (dense sums and a membership matrix) because
the budget needs it: every ward's series at ingest takes 4 s and 1.9 GB that way and 22 s and 4.3 GB through pandas'
merges and group-bys (docs/PERFORMANCE.md, 6 December 2026, second session). This module holds the plain pandas
version a statistician can review, and checks the kernel gives exactly its rows (issue 22 item 2)."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.metrics import crime_series as cs
from lib.metrics.crime_series import KIND_INDICATOR, KIND_MAJOR, KIND_MINOR, indicator_series, load_categories
from tests.metrics.test_crime_series import CATS, borough_table, other_table


def reference_series(counts: pd.DataFrame, categories: pd.DataFrame | None = None, *,
                     months: pd.DataFrame | None = None, published: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`indicator_series` by its definition, in pandas: every area × every series × every month where the
    series is defined (an indicator in the months of its scheme, a published major or minor category in the
    months of its own release), the published counts summed into it (an indicator: the categories mapped to it),
    0 where nothing was recorded; sorted by area, series and month."""
    categories = load_categories() if categories is None else categories
    area_cols = ["area_code", "area_name"]
    extra = [c for c in ("borough_code", "borough_name") if c in counts.columns]
    cols = [*area_cols, *extra, "kind", "indicator", "major", "month", "release", "scheme", "count"]
    if "scheme" not in counts.columns:
        counts = counts.assign(scheme="current")
    areas = counts[area_cols + extra].drop_duplicates("area_code").reset_index(drop=True)
    slots = (counts if months is None else months)[["month", "release", "scheme"]].drop_duplicates()
    cats = categories[["scheme", "major", "minor", "indicator"]].astype("string")
    ind = cats[["indicator", "scheme"]].drop_duplicates().assign(kind=KIND_INDICATOR, major="").astype("string")
    pub = (counts if published is None else published)[["release", "scheme", "major", "minor"]].drop_duplicates()
    maj = pub[["release", "scheme", "major"]].drop_duplicates().assign(kind=KIND_MAJOR, indicator=lambda t: t["major"])
    mino = pub.assign(kind=KIND_MINOR).rename(columns={"minor": "indicator"})
    pubk = pd.concat([maj, mino[["release", "scheme", "major", "indicator", "kind"]]], ignore_index=True)
    pubk = pubk.astype("string")
    st = slots.astype({"month": "string", "release": "string", "scheme": "string"})
    pairs = pd.concat([ind.merge(st, on="scheme"), pubk.merge(st, on=["release", "scheme"])], ignore_index=True)
    if not len(areas) or not len(pairs):
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "count" else "string") for c in cols})
    c = counts.astype({"month": "string", "scheme": "string", "major": "string", "minor": "string"})
    c = c.assign(count=c["count"].astype("float64"))
    at = ["area_code", "month", "scheme"]
    sums = pd.concat([
        c.merge(cats, on=["scheme", "major", "minor"]).groupby([*at, "indicator"], observed=True)["count"].sum()
        .reset_index().assign(kind=KIND_INDICATOR, major=""),
        c.groupby([*at, "major"], observed=True)["count"].sum().reset_index()
        .assign(kind=KIND_MAJOR, indicator=lambda t: t["major"]),
        c.groupby([*at, "major", "minor"], observed=True)["count"].sum().reset_index()
        .rename(columns={"minor": "indicator"}).assign(kind=KIND_MINOR),
    ], ignore_index=True).astype({"area_code": "string", "kind": "string", "indicator": "string", "major": "string"})
    full = areas.merge(pairs, how="cross").astype({"area_code": "string"})
    full = full.merge(sums, on=[*at, "kind", "indicator", "major"], how="left")
    full["count"] = full["count"].fillna(0).round().astype("int64")
    key = full["kind"] + "\x00" + full["indicator"].fillna("") + "\x00" + full["major"].fillna("")
    full = full.assign(_key=key).sort_values(["area_code", "_key", "month"], kind="stable")[cols].reset_index(drop=True)
    return full.astype({c: slots[c].dtype for c in ("month", "release", "scheme")})  # as the counts give them


def test_the_kernel_gives_the_reference_rows_on_hand_made_tables():
    tables = cs.CrimeTables(borough=borough_table(), other=other_table(), categories=CATS)
    counts = cs.borough_category_counts(tables)
    got = indicator_series(counts, CATS)
    pd.testing.assert_frame_equal(got, reference_series(counts, CATS))
    # a hand check: Enfield's MOPAC 7 in 2015-05 (release 2016-12) is its burglary 10 and robbery 1 that month
    e = got[(got["area_code"] == "E09000010") & (got["indicator"] == "MOPAC 7") & (got["month"] == "2015-05")]
    assert e["count"].tolist() == [11]


@pytest.mark.parametrize("release", [None, "2016-12"])
def test_the_kernel_gives_the_reference_rows_on_the_real_store(real_store, release):
    from lib.store import Store

    s = Store(real_store)
    tables = cs.CrimeTables(borough=s.table("crime_borough"), other=s.table("crime_other_areas"))
    counts = cs.borough_category_counts(tables, release)
    pd.testing.assert_frame_equal(indicator_series(counts, tables.mapping), reference_series(counts, tables.mapping))


def test_one_boroughs_wards_over_the_whole_files_months_match_the_reference(real_store):
    from lib.store import Store

    ward = Store(real_store).table("crime_ward")
    tables = cs.CrimeTables(borough=ward.iloc[0:0], ward=ward)
    months, published = cs.ward_scope(ward, None)
    counts = cs.ward_category_counts(tables, None, "E09000010", months)
    got = indicator_series(counts, tables.mapping, months=months, published=published)
    assert got["area_code"].nunique() > 15  # Enfield's wards
    pd.testing.assert_frame_equal(got, reference_series(counts, tables.mapping, months=months, published=published))
