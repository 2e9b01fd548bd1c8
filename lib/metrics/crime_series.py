"""Monthly recorded-crime series by indicator and area, with the release each month came from.

Releases. Every MPS crime file is a release named by the last month it covers ('2016-12' for the
pre-2018-scheme historic file). The MPS re-extracts its history, so the same month can differ
between releases (Enfield burglary, October 2014 to September 2015: 2,830 in release 2016-12,
2,816 in the newest). By default a month's figure comes from the newest release that contains
the month; ``release='YYYY-MM'`` pins every month to that one release ("as published in"). Every
series row carries the ``release`` (and category ``scheme``) its month came from.

London. The London (MPS) figure is the Metropolitan Police total: the 32 boroughs plus the
published rows that are not boroughs (Heathrow and London City airports, 'Unknown', Aviation
Security) from the same release, as the MPS reports its own total. The City of London is not in it
(City of London Police).

Indicators. The reviewed table ``lib/reference/crime_categories.csv`` (scheme, major, minor,
indicator) maps each published category of each scheme to the indicators of the Enfield Safer
Neighbourhood Board pack (Total Notifiable Offences, the MOPAC 7 crimes, MOPAC 7 combined, ...).
Besides those, every published major and minor category is a series of its own, defined only for
months published in its own scheme.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from lib.errors import UsageError
from lib.periods import month_range
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME
from lib.reference.categories import INDICATORS, mapping_table

# Indicator names and their order in the Enfield pack's Figure 1 (seed 000): lib/reference/categories.py.
INDICATOR_ORDER: tuple[str, ...] = tuple(INDICATORS)
KIND_INDICATOR, KIND_MAJOR, KIND_MINOR = "indicator", "major", "minor"
SERIES_KEYS = ["area_code", "area_name", "kind", "indicator", "major"]
# Bump when the definition of a series changes (a stored series built by an older rule is then recomputed).
SERIES_RULE_VERSION = 1
# The store table holding the default-release borough series (written at ingest by lib/ingest/derived.py)
# and the manifest note naming the rule it was built by (:func:`series_rule`).
SERIES_TABLE, SERIES_RULE_NOTE = "crime_series", "crime_series_rule"
WARD_SERIES_TABLE, WARD_SERIES_RULE_NOTE = "crime_ward_series", "crime_ward_series_rule"


@cache
def load_categories() -> pd.DataFrame:
    """The reviewed category → indicator mapping (scheme, major, minor, indicator), one row per membership.

    Rows with an empty indicator (categories counted in no indicator, e.g. NFIB fraud) are kept out.
    """
    return _clean_categories(mapping_table())


@cache
def series_rule() -> str:
    """Names the rule a borough series is built by: the rule version and a digest of the reviewed mapping.

    A series stored at ingest (``lib/ingest/derived.py``) is the same as one computed now exactly
    when this text is the same.
    """
    import hashlib

    m = load_categories().sort_values(["scheme", "major", "minor", "indicator"])
    text = "\n".join("\t".join(map(str, r)) for r in m.itertuples(index=False))
    return f"v{SERIES_RULE_VERSION} mapping {hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def _clean_categories(df: pd.DataFrame) -> pd.DataFrame:
    out = df[["scheme", "major", "minor", "indicator"]].astype("string")
    out = out[out["indicator"].notna() & (out["indicator"].str.strip() != "")]
    return out.drop_duplicates().reset_index(drop=True)


@dataclass(frozen=True)
class CrimeTables:
    """The store's crime tables (as DataFrames) and the category mapping."""

    borough: pd.DataFrame
    other: pd.DataFrame | None = None
    ward: pd.DataFrame | None = None
    categories: pd.DataFrame | None = None

    @property
    def mapping(self) -> pd.DataFrame:
        return self.categories if self.categories is not None else load_categories()


# --- releases -------------------------------------------------------------------------------------


def releases(counts: pd.DataFrame) -> list[str]:
    """Releases present in a crime table, oldest first."""
    return sorted(map(str, counts["release"].dropna().unique()))


def month_sources(counts: pd.DataFrame, release: str | None = None) -> pd.DataFrame:
    """Which release (and category scheme) each month's figure comes from: month, release, scheme.

    Definition: by default, for each month, the newest release (latest last month) that contains
    the month; with ``release`` given, that release's months only ("as published in"). A table
    without a ``scheme`` column (the ward file) is in the current scheme.
    """
    cols = ["month", "release"] + (["scheme"] if "scheme" in counts.columns else [])
    pairs = distinct(counts, cols)
    if "scheme" not in pairs.columns:
        pairs = pairs.assign(scheme="current")
    pairs = pairs.astype({"month": "string", "release": "string", "scheme": "string"})
    if release is not None:
        if release not in set(pairs["release"]):
            raise UsageError(
                f"no release {release!r} in the data (releases: {', '.join(releases(counts)) or 'none'})"
            )
        chosen = pairs[pairs["release"] == release]
    else:
        chosen = pairs.sort_values(["month", "release"]).drop_duplicates("month", keep="last")
    return chosen.sort_values("month").reset_index(drop=True)


def release_rows(counts: pd.DataFrame, release: str | None = None) -> pd.DataFrame:
    """The rows of a crime table behind the figures: each month from the newest release containing it
    (default) or from ``release`` only (see :func:`month_sources`)."""
    return _resolve(counts, month_sources(counts, release))


def _resolve(counts: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``counts`` for the chosen (month, release) pairs only."""
    df = counts
    if "scheme" not in df.columns:
        df = df.assign(scheme="current")
    key = sources[["month", "release"]]
    return df.merge(key, on=["month", "release"], how="inner")


# --- area × category × month ---------------------------------------------------------------------


def borough_category_counts(tables: CrimeTables, release: str | None = None) -> pd.DataFrame:
    """Published counts by area, month and category for the 32 boroughs and London (MPS).

    Definition: the borough rows of the chosen release for each month (see :func:`month_sources`);
    London is the MPS total, the sum of the 32 boroughs plus the non-borough rows (airports,
    'Unknown') of the same release and month. Columns: area_code, area_name, month, release,
    scheme, major, minor, count.
    """
    src = month_sources(tables.borough, release)
    b = _resolve(tables.borough, src)
    b = b.rename(columns={"borough_code": "area_code", "borough_name": "area_name"})
    cols = ["area_code", "area_name", "month", "release", "scheme", "major", "minor", "count"]
    parts = [b[cols]]
    if tables.other is not None and len(tables.other):
        o = tables.other
        if "level" in o.columns:
            o = o[o["level"] == "borough"]
        o = _resolve(o, src)
    else:
        o = b.iloc[0:0]
    london = pd.concat([b[cols[2:]], o[cols[2:]]], ignore_index=True)
    london = london.groupby(["month", "release", "scheme", "major", "minor"], as_index=False, observed=True)[
        "count"
    ].sum()
    london.insert(0, "area_name", LONDON_NAME)
    london.insert(0, "area_code", LONDON_CODE)
    parts.append(london[cols])
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"area_code": "string", "area_name": "string", "count": "int64"})


def ward_category_counts(tables: CrimeTables, release: str | None = None,
                         borough_code: str | None = None, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Published counts by ward, month and category (the ward file; current scheme).

    Definition: the ward rows of the chosen release for each month (see :func:`month_sources`), of
    every ward or of one borough's wards. Columns: area_code (ward code), area_name, borough_code,
    borough_name, month, release, scheme, major, minor, count.
    """
    if tables.ward is None or not len(tables.ward):
        raise UsageError("the store has no ward-level crime table")
    src = month_sources(tables.ward, release) if sources is None else sources
    ward = tables.ward if borough_code is None else tables.ward[tables.ward["borough_code"] == borough_code]
    w = _resolve(ward, src).rename(columns={"ward_code": "area_code", "ward_name": "area_name"})
    cols = [
        "area_code", "area_name", "borough_code", "borough_name",
        "month", "release", "scheme", "major", "minor", "count",
    ]
    return w[cols].astype({"area_code": "string", "area_name": "string", "count": "int64"})


def _keys(categories: pd.DataFrame, counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Series keys and where they are defined: indicators by scheme; published categories by release.

    A published major or minor category exists only in the releases that publish it (the burglary
    codes changed in 2023), so it is defined for the months taken from those releases only.
    """
    ind = categories[["indicator", "scheme"]].drop_duplicates().assign(kind=KIND_INDICATOR, major="")
    cats = distinct(counts, ["release", "scheme", "major", "minor"])
    maj = distinct(cats, ["release", "scheme", "major"]).assign(kind=KIND_MAJOR)
    maj["indicator"] = maj["major"]
    mino = cats.assign(kind=KIND_MINOR).rename(columns={"minor": "indicator"})
    pub = pd.concat([maj, mino[["release", "scheme", "major", "indicator", "kind"]]], ignore_index=True)
    return ind.astype("string"), pub.astype("string")


def _codes(df: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer code of each row's combination of ``cols`` and the distinct combinations in order of
    first appearance (what ``drop_duplicates`` keeps, without hashing strings row by row)."""
    combined = np.zeros(len(df), dtype="int64")
    for c in cols:
        codes, uniques = pd.factorize(df[c], use_na_sentinel=False)
        combined = combined * max(len(uniques), 1) + codes
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse.reshape(-1)], df[cols].iloc[first[order]].reset_index(drop=True)


def distinct(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """``df[cols].drop_duplicates()`` (first occurrences, in order), fast on long tables of strings."""
    return _codes(df, cols)[1]


def _sort_rank(values: pd.Series) -> np.ndarray:
    """Position of each value in sorted order (equal values share a position)."""
    return pd.factorize(values.astype("string"), sort=True, use_na_sentinel=False)[0]


def indicator_series(
    counts: pd.DataFrame,
    categories: pd.DataFrame | None = None,
    *,
    months: pd.DataFrame | None = None,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Monthly counts for every indicator, published major category and minor category, by area.

    Definition: an indicator's count for a month is the sum of the published categories mapped to
    it (``lib/reference/crime_categories.csv``) in that month's scheme; a major or minor category's
    count is its published count, defined only in months of its own scheme. Every area gets a row
    for every month where the series is defined (0 when nothing was recorded). Columns: area_code,
    area_name, kind ('indicator'|'major'|'minor'), indicator, major, month, release, scheme, count.

    ``months`` (month, release, scheme) and ``published`` (release, scheme, major, minor) default
    to those of ``counts``; give the whole table's when ``counts`` is a part of it (one borough's
    wards), so that the part gets exactly the rows the whole would.

    A numpy kernel (dense sums, a membership matrix) because the budget needs it: every ward's series at
    ingest takes 4 s and 1.9 GB this way against 22 s and 4.3 GB through pandas' merges and group-bys
    (docs/PERFORMANCE.md). The plain pandas definition is ``tests/metrics/test_indicator_series_reference.py``,
    which checks this gives exactly its rows.
    """
    categories = load_categories() if categories is None else categories
    area_cols = ["area_code", "area_name"]
    extra = [c for c in ("borough_code", "borough_name") if c in counts.columns]
    cols = [*area_cols, *extra, "kind", "indicator", "major", "month", "release", "scheme", "count"]
    if "scheme" not in counts.columns:
        counts = counts.assign(scheme="current")
    area_idx, _ = pd.factorize(counts["area_code"], use_na_sentinel=False)
    areas = counts[area_cols + extra].iloc[np.unique(area_idx, return_index=True)[1]].reset_index(drop=True)
    slots = distinct(counts if months is None else months, ["month", "release", "scheme"])
    pub_src = counts if published is None else published
    ind_keys, pub_keys = _keys(categories, pub_src)

    # Dense sums: rows = (area, month+scheme), columns = published category (scheme, major, minor).
    ms_codes, ms = _codes(pd.concat([counts[["month", "scheme"]], slots[["month", "scheme"]]]), ["month", "scheme"])
    row_ms, slot_ms = ms_codes[: len(counts)], ms_codes[len(counts):]
    cat_codes, cats = _codes(counts, ["scheme", "major", "minor"])
    n_rows, n_cat = len(areas) * len(ms), len(cats)
    flat = (area_idx * len(ms) + row_ms) * n_cat + cat_codes
    dense = np.bincount(flat, weights=counts["count"].to_numpy(dtype="float64"), minlength=n_rows * n_cat)
    by_cat = dense.reshape(n_rows, n_cat)

    # Indicator sums: the category table times the reviewed membership matrix.
    mapped = cats.reset_index(names="cat").astype({"scheme": "string", "major": "string", "minor": "string"})
    mapped = mapped.merge(categories[["scheme", "major", "minor", "indicator"]].astype("string"),
                          on=["scheme", "major", "minor"], how="inner")
    ind_names = pd.Index(pd.unique(ind_keys["indicator"]))
    member = np.zeros((n_cat, len(ind_names)))
    np.add.at(member, (mapped["cat"].to_numpy(), ind_names.get_indexer(mapped["indicator"])), 1.0)
    by_ind = by_cat @ member
    # Major sums: categories summed by major name (the month+scheme row already fixes the scheme).
    maj_codes, maj_names = pd.factorize(cats["major"], use_na_sentinel=False)
    to_major = np.zeros((n_cat, len(maj_names)))
    to_major[np.arange(n_cat), maj_codes] = 1.0
    by_major = by_cat @ to_major

    # Where each series is defined: indicators in the months of their scheme, published categories
    # in the months of their release.
    slot_tab = slots.assign(slot=np.arange(len(slots)))
    ik = ind_keys.reset_index(drop=True).assign(col=lambda k: ind_names.get_indexer(k["indicator"]), src=0)
    pk = pub_keys.reset_index(drop=True)
    cat_key = pd.MultiIndex.from_frame(cats.astype("string"))
    is_min = (pk["kind"] == KIND_MINOR).to_numpy()
    min_col = cat_key.get_indexer(pd.MultiIndex.from_arrays([pk["scheme"], pk["major"], pk["indicator"]]))
    maj_col = pd.Index(pd.Series(maj_names).astype("string")).get_indexer(pk["major"])
    pk = pk.assign(col=np.where(is_min, min_col, maj_col), src=np.where(is_min, 2, 1))
    st = slot_tab.astype({"release": "string", "scheme": "string"})
    pairs = pd.concat([
        ik.merge(st[["scheme", "slot"]], on="scheme", how="inner"),
        pk.merge(st[["release", "scheme", "slot"]], on=["release", "scheme"], how="inner"),
    ], ignore_index=True)
    n_pairs = len(pairs)
    if not len(areas) or not n_pairs:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "count" else "string") for c in cols})

    a = np.repeat(np.arange(len(areas)), n_pairs)
    p = np.tile(np.arange(n_pairs), len(areas))
    src, col = pairs["src"].to_numpy()[p], pairs["col"].to_numpy()[p]
    slot = pairs["slot"].to_numpy()[p]
    row = a * len(ms) + slot_ms[slot]
    count = np.zeros(len(a))
    for code, arr in ((0, by_ind), (1, by_major), (2, by_cat)):
        sel = (src == code) & (col >= 0)
        count[sel] = arr[row[sel], col[sel]]

    key_kind, key_ind, key_maj = (pairs[c].astype("string") for c in ("kind", "indicator", "major"))
    series_rank = _sort_rank(key_kind + "\x00" + key_ind.fillna("") + "\x00" + key_maj.fillna(""))
    order = np.lexsort((_sort_rank(slots["month"])[slot], series_rank[p], _sort_rank(areas["area_code"])[a]))
    a, p, slot, count = a[order], p[order], slot[order], count[order]
    out = {c: areas[c].take(a).reset_index(drop=True) for c in [*area_cols, *extra]}
    out.update({c: k.take(p).reset_index(drop=True) for c, k in
                (("kind", key_kind), ("indicator", key_ind), ("major", key_maj))})
    out.update({c: slots[c].take(slot).reset_index(drop=True) for c in ("month", "release", "scheme")})
    out["count"] = pd.Series(np.rint(count).astype("int64"))
    return pd.DataFrame(out)[cols]


def borough_series(tables: CrimeTables, release: str | None = None) -> pd.DataFrame:
    """:func:`indicator_series` for the 32 boroughs and London (see :func:`borough_category_counts`)."""
    return indicator_series(borough_category_counts(tables, release), tables.mapping)


def ward_scope(ward: pd.DataFrame, release: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The months (month, release, scheme) and published categories (release, scheme, major, minor)
    of the whole ward table for the chosen release(s): what every ward's series is defined over."""
    months = month_sources(ward, release)
    cats = distinct(ward, ["month", "release", "major", "minor"]).merge(months, on=["month", "release"])
    return months, distinct(cats, ["release", "scheme", "major", "minor"])


def ward_series(tables: CrimeTables, release: str | None = None, borough_code: str | None = None,
                scope: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> pd.DataFrame:
    """:func:`indicator_series` for every ward, or for one borough's wards only (the same rows as the
    whole table's for those wards: the series are defined over :func:`ward_scope`, given or worked out;
    ``scope`` given for every ward defines them over it too)."""
    counts = ward_category_counts(tables, release, borough_code, None if scope is None else scope[0])
    if borough_code is None and scope is None:
        return indicator_series(counts, tables.mapping)
    months, published = scope if scope is not None else ward_scope(tables.ward, release)
    return indicator_series(counts, tables.mapping, months=months, published=published)


def ward_indicator_series(ward: pd.DataFrame, release: str | None = None) -> pd.DataFrame:
    """Every ward's indicator series (kind 'indicator' only) as in ``release`` (None: newest per month).

    :func:`ward_series` over the whole ward table's months and no published categories: indicators are
    defined over the months alone, so a borough's wards have exactly their rows of this table.
    """
    tables = CrimeTables(borough=ward.iloc[0:0], ward=ward)
    no_categories = pd.DataFrame({c: pd.Series(dtype="string") for c in ("release", "scheme", "major", "minor")})
    ws = ward_series(tables, release, None, scope=(month_sources(ward, release), no_categories))
    return ws[ws["kind"] == KIND_INDICATOR].reset_index(drop=True)


def ward_release_series(ward: pd.DataFrame) -> pd.DataFrame:
    """:func:`ward_indicator_series` of each ward release in turn, one after another (release column: the
    release the block is): what ``lib/ingest/derived.py`` stores, so that the newest-per-month series is
    the rows of each month's newest release and a pinned release's series its own block."""
    return pd.concat([ward_indicator_series(ward, r) for r in releases(ward)], ignore_index=True)


# --- windows --------------------------------------------------------------------------------------


def window_totals(series: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """Total count per series over the months ``first``..``last`` inclusive, or missing if any month is.

    Definition: the sum of the monthly counts over the period; when the data lack any month of the
    period (not published, or in another category scheme) the total is missing (NaN) rather than a
    sum of fewer months, and ``missing_months`` says how many were absent. Columns: the series keys,
    count (float, NaN when incomplete), months (present), missing_months, releases ('2016-12' or
    '2023-11+2025-12').
    """
    expected = len(month_range(first, last))
    keys = [c for c in SERIES_KEYS if c in series.columns]
    extra = [c for c in ("borough_code", "borough_name") if c in series.columns]
    cols = keys + extra
    w = series[(series["month"] >= first) & (series["month"] <= last)]
    if not len(w):
        empty = w[cols].iloc[0:0].reset_index(drop=True)
        return empty.assign(count=pd.Series(dtype="float64"), months=pd.Series(dtype="int64"),
                            releases=pd.Series(dtype=w["release"].dtype), missing_months=pd.Series(dtype="int64"))
    g = w.groupby(cols, sort=True, dropna=False, observed=True).agg(count=("count", "sum"), months=("month", "nunique"))
    # each series' releases, in order, joined: '2016-12' or '2023-11+2025-12'
    rel = w[[*cols, "release"]].astype({"release": "str"}).drop_duplicates().sort_values("release")
    joined = (rel["release"] + "+").groupby([rel[c] for c in cols], sort=True, dropna=False, observed=True).sum()
    words = joined.str[:-1]  # a string sum joins in row order (the releases sorted); the last '+' dropped
    rel_dtype = w["release"].dtype if isinstance(w["release"].dtype, pd.StringDtype) else "object"
    g = g.assign(releases=words.reindex(g.index)).reset_index()
    g = g.astype({"count": "int64", "months": "int64", "releases": rel_dtype})
    g["missing_months"] = expected - g["months"]
    g["count"] = g["count"].astype("float64").where(g["missing_months"] == 0)
    return g


def monthly(series: pd.DataFrame, area_code: str, indicator: str, kind: str = KIND_INDICATOR) -> pd.DataFrame:
    """One area's monthly counts for one series (month, release, scheme, count), oldest first.

    Definition: the published monthly count (see :func:`indicator_series`).
    """
    keep = (series["area_code"] == area_code) & (series["indicator"] == indicator) & (series["kind"] == kind)
    s = series[keep]
    return s[["month", "release", "scheme", "count"]].sort_values("month").reset_index(drop=True)


def rolling_12_series(monthly_counts: pd.DataFrame) -> pd.DataFrame:
    """Rolling 12-month totals of a monthly series: the sum of the 12 months ending with each month.

    Definition: rolling 12 months to M = the 12 calendar months ending with M inclusive (MPS and
    MOPAC packs); missing (NaN) until 12 consecutive months are available, and wherever a month in
    the window is absent from the data.
    """
    m = monthly_counts.sort_values("month")
    full = pd.Series(month_range(m["month"].iloc[0], m["month"].iloc[-1]) if len(m) else [], dtype="string")
    s = m.set_index("month")["count"].astype("float64").reindex(full)
    r = s.rolling(12, min_periods=12).sum()
    return pd.DataFrame({"month": full.to_numpy(), "count": s.to_numpy(), "rolling_12": r.to_numpy()})
