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

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from lib.boroughs import LONDON_CODE, LONDON_NAME
from lib.errors import UsageError
from lib.periods import month_range

REFERENCE = Path(__file__).parent / "reference" / "crime_categories.csv"

# Indicator names and their order in the Enfield pack's Figure 1 (seed 000).
TNO = "Total Notifiable Offences"
MOPAC7 = "MOPAC 7"
MOPAC7_CRIMES: tuple[str, ...] = (
    "Violence with Injury",
    "Robbery (Total)",
    "Burglary (Total)",
    "Theft From Person",
    "Theft/Taking Of Motor Vehicle",
    "Theft From Motor Vehicle",
    "Criminal Damage",
)
INDICATOR_ORDER: tuple[str, ...] = (
    TNO,
    *MOPAC7_CRIMES,
    MOPAC7,
    "Violence Against the Person",
    "Homicide",
    "Burglary (Residential)",
    "Burglary (Non-residential)",
    "Robbery (Personal)",
    "Robbery (Business)",
    "Motor Vehicle Crime",
    "Rape",
    "Sexual Offences",
)
KIND_INDICATOR, KIND_MAJOR, KIND_MINOR = "indicator", "major", "minor"
SERIES_KEYS = ["area_code", "area_name", "kind", "indicator", "major"]


@cache
def load_categories() -> pd.DataFrame:
    """The reviewed category → indicator mapping (scheme, major, minor, indicator), one row per membership.

    Rows with an empty indicator (categories counted in no indicator, e.g. NFIB fraud) are kept out.
    """
    try:  # the crime-ingest module owns the mapping
        from lib.categories import mapping_table

        return _clean_categories(mapping_table())
    except ImportError:  # pragma: no cover - only while lib/categories.py is absent
        with open(REFERENCE, encoding="utf-8") as fh:
            return _clean_categories(pd.DataFrame(list(csv.DictReader(fh))))


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

    @classmethod
    def from_store(cls, store) -> CrimeTables:
        return _tables_from_store(str(store.path), _stamp(store))


def _stamp(store) -> str:
    try:
        return str((Path(store.path) / "manifest.json").stat().st_mtime_ns)
    except OSError:
        return "missing"


@lru_cache(maxsize=4)
def _tables_from_store(path: str, stamp: str) -> CrimeTables:
    from lib.store import Store

    s = Store(Path(path))
    return CrimeTables(
        borough=s.table("crime_borough"),
        other=s.table("crime_other_areas") if s.has("crime_other_areas") else None,
        ward=s.table("crime_ward") if s.has("crime_ward") else None,
    )


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
    pairs = counts[cols].drop_duplicates()
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


def ward_category_counts(tables: CrimeTables, release: str | None = None) -> pd.DataFrame:
    """Published counts by ward, month and category (the ward file; current scheme).

    Definition: the ward rows of the chosen release for each month (see :func:`month_sources`).
    Columns: area_code (ward code), area_name, borough_code, borough_name, month, release, scheme,
    major, minor, count.
    """
    if tables.ward is None or not len(tables.ward):
        raise UsageError("the store has no ward-level crime table")
    src = month_sources(tables.ward, release)
    w = _resolve(tables.ward, src).rename(columns={"ward_code": "area_code", "ward_name": "area_name"})
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
    cats = counts[["release", "scheme", "major", "minor"]].drop_duplicates()
    maj = cats[["release", "scheme", "major"]].drop_duplicates().assign(kind=KIND_MAJOR)
    maj["indicator"] = maj["major"]
    mino = cats.assign(kind=KIND_MINOR).rename(columns={"minor": "indicator"})
    pub = pd.concat([maj, mino[["release", "scheme", "major", "indicator", "kind"]]], ignore_index=True)
    return ind.astype("string"), pub.astype("string")


def indicator_series(counts: pd.DataFrame, categories: pd.DataFrame | None = None) -> pd.DataFrame:
    """Monthly counts for every indicator, published major category and minor category, by area.

    Definition: an indicator's count for a month is the sum of the published categories mapped to
    it (``lib/reference/crime_categories.csv``) in that month's scheme; a major or minor category's
    count is its published count, defined only in months of its own scheme. Every area gets a row
    for every month where the series is defined (0 when nothing was recorded). Columns: area_code,
    area_name, kind ('indicator'|'major'|'minor'), indicator, major, month, release, scheme, count.
    """
    categories = load_categories() if categories is None else categories
    area_cols = ["area_code", "area_name"]
    extra = [c for c in ("borough_code", "borough_name") if c in counts.columns]
    areas = counts[area_cols + extra].drop_duplicates(subset=["area_code"])
    months = counts[["month", "release", "scheme"]].drop_duplicates()
    ind_keys, pub_keys = _keys(categories, counts)
    by = ["area_code", "month", "scheme"]

    mapped = counts.merge(categories, on=["scheme", "major", "minor"], how="inner")
    s_ind = mapped.groupby([*by, "indicator"], as_index=False, observed=True)["count"].sum()
    s_ind = s_ind.assign(kind=KIND_INDICATOR, major="")
    s_maj = counts.groupby([*by, "major"], as_index=False, observed=True)["count"].sum()
    s_maj = s_maj.assign(kind=KIND_MAJOR, indicator=s_maj["major"])
    s_min = counts.groupby([*by, "major", "minor"], as_index=False, observed=True)["count"].sum()
    s_min = s_min.rename(columns={"minor": "indicator"}).assign(kind=KIND_MINOR)
    sums = pd.concat([s_ind, s_maj, s_min], ignore_index=True).astype(
        {"kind": "string", "indicator": "string", "major": "string"}
    )

    grid = pd.concat(
        [
            areas.merge(ind_keys, how="cross").merge(months, on="scheme", how="inner"),
            areas.merge(pub_keys, how="cross").merge(months, on=["release", "scheme"], how="inner"),
        ],
        ignore_index=True,
    )
    out = grid.merge(sums, on=[*by, "kind", "indicator", "major"], how="left")
    out["count"] = out["count"].fillna(0).astype("int64")
    cols = [*area_cols, *extra, "kind", "indicator", "major", "month", "release", "scheme", "count"]
    return out[cols].sort_values(["area_code", "kind", "indicator", "major", "month"]).reset_index(drop=True)


@lru_cache(maxsize=8)
def _borough_series_cached(path: str, stamp: str, release: str | None) -> pd.DataFrame:
    tables = _tables_from_store(path, stamp)
    return indicator_series(borough_category_counts(tables, release), tables.mapping)


@lru_cache(maxsize=4)
def _ward_series_cached(path: str, stamp: str, release: str | None) -> pd.DataFrame:
    tables = _tables_from_store(path, stamp)
    return indicator_series(ward_category_counts(tables, release), tables.mapping)


def borough_series(store, release: str | None = None) -> pd.DataFrame:
    """:func:`indicator_series` for the 32 boroughs and London from a store (memoised per store version)."""
    return _borough_series_cached(str(store.path), _stamp(store), release)


def ward_series(store, release: str | None = None) -> pd.DataFrame:
    """:func:`indicator_series` for every ward from a store (memoised per store version)."""
    return _ward_series_cached(str(store.path), _stamp(store), release)


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
    w = series[(series["month"] >= first) & (series["month"] <= last)]
    g = w.groupby(keys + extra, as_index=False, observed=True, dropna=False).agg(
        count=("count", "sum"),
        months=("month", "nunique"),
        releases=("release", lambda r: "+".join(sorted(set(map(str, r))))),
    )
    g["missing_months"] = expected - g["months"]
    g["count"] = g["count"].astype("float64").where(g["missing_months"] == 0)
    return g


def months_available(series: pd.DataFrame) -> list[str]:
    """Months with data in a series table, oldest first."""
    return sorted(map(str, series["month"].unique()))


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
