"""Stop and search: data.police.uk monthly force files, and the GOV.UK ethnicity-facts rates.

Two formats:

- ``PoliceUkStopSearch``: the police.uk "stop-and-search" CSVs (one row per search; recognised by
  their 15-column header). They carry no borough: each located search is given the borough whose
  boundary contains its latitude/longitude (``lib.geography.assign_borough`` against the
  ``boroughs`` table written by the geography adapter). Searches without a location (most of
  2018-02 and 2018-03 for the Met) are kept with ``location_status = 'unlocated'``; searches that
  fall in the City of London or outside London keep ``'outside_mps'``. None is ever dropped: London
  (MPS) totals count every row.

  The bounding rule for a location (WGS84 degrees): a latitude/longitude outside the United Kingdom
  (``UK_BOUNDS``: latitude 49.8..60.9, longitude -8.7..1.8) cannot be a search by Met officers and
  stops the ingest, naming file, row and column (a swapped pair, a zero "null island", a typed-in
  value). A point in the United Kingdom but outside a generous box around Greater London
  (``LONDON_BOUNDS``: latitude 51.25..51.75, longitude -0.6..0.4) is kept as 'outside_mps' with a
  warning in the ingest report: Met officers do search beyond London (the published 2018-05 and
  2018-09 files each locate one search near Redditch and near Cambridge), so refusing those would
  refuse the publisher's own files. A point inside the box but in no MPS borough is 'outside_mps'
  with no warning, as before.
- ``GovEthnicityFacts``: GOV.UK Ethnicity facts and figures, stop and search by police force area
  and ethnicity, financial years 2006/07 to 2019/20 (numbers as text with thousands separators,
  'N/A' and '-' for not available). Every row is kept.

The month of a search is its calendar month in London local time: police.uk writes times in UTC,
so a search at 00:30 BST on 1 June is '2018-05-31T23:30:00+00:00' in the June file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lib.errors import IngestError
from lib.geography import assign_borough
from lib.ingest.base import IngestContext, first_too_large, read_csv_rows, sniff_head, too_large
from lib.reference.boroughs import all_boroughs, mps_boroughs
from lib.schema import Column, TableSchema

POLICE_UK_COLUMNS = [
    "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude",
    "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation",
    "Object of search", "Outcome", "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]
BOOL_COLUMNS = (
    "Part of a policing operation",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
)
TEXT_COLUMNS = {
    "Policing operation": "policing_operation",
    "Gender": "gender",
    "Age range": "age_range",
    "Self-defined ethnicity": "self_defined_ethnicity",
    "Officer-defined ethnicity": "officer_defined_ethnicity",
    "Legislation": "legislation",
    "Object of search": "object_of_search",
    "Outcome": "outcome",
}
SEARCH_TYPES = ("Person search", "Person and Vehicle search", "Vehicle search")
LOCAL_TZ = "Europe/London"
# A month with more than this share of searches unlocated gets a warning in the ingest report.
UNLOCATED_WARNING_SHARE = 0.5
# (south, north, west, east) in WGS84 degrees: the United Kingdom with Northern Ireland and Shetland,
# and a generous box around Greater London (51.29..51.69 N, 0.51 W..0.33 E). See the module docstring.
UK_BOUNDS = (49.8, 60.9, -8.7, 1.8)
LONDON_BOUNDS = (51.25, 51.75, -0.6, 0.4)

GOV_COLUMNS = {
    "Measure": "measure",
    "Time": "financial_year",
    "Ethnicity": "ethnicity",
    "Ethnicity_type": "ethnicity_type",
    "Legislation_type": "legislation_type",
    "Geography": "geography",
    "Geography_type": "geography_type",
    "Number of stop and searches": "searches",
    "Total number of stop and search carried out in this year in this area "
    "(excluding cases where the ethnicity was unreported)": "searches_reported_ethnicity",
    "Population by ethnicity": "population",
    "Rate per 1,000 population by ethnicity": "rate_per_1000",
    "Proportion of total stop and searches of this ethnicity in the financial year "
    "(excludes unreported)": "share_pct",
}
GOV_NOT_AVAILABLE = {"N/A", "-", ""}

POLICE_UK_SOURCE = "data.police.uk monthly force files, Metropolitan Police stop and search (OGL v3.0)"
GOV_SOURCE = (
    "GOV.UK Ethnicity facts and figures: stop and search, by police force area and ethnicity "
    "(Home Office; OGL v3.0)"
)

STOP_SEARCH = TableSchema(
    name="stop_search",
    description=(
        "One row per stop and search recorded by the Metropolitan Police, as published on "
        "data.police.uk, with the borough assigned from the search location. Unlocated searches and "
        "searches outside the 32 MPS boroughs are kept (location_status); London totals count all rows."
    ),
    source=POLICE_UK_SOURCE,
    columns=(
        Column("month", "str", "Calendar month of the search in London local time, YYYY-MM"),
        Column("datetime", "str", "Date and time of the search as published (ISO 8601, UTC)"),
        Column("type", "str", "Person search, Person and Vehicle search, or Vehicle search"),
        Column("part_of_operation", "bool", "Part of a policing operation (blank: not said)", nullable=True),
        Column("policing_operation", "str", "Name of the policing operation, if given", nullable=True),
        Column("latitude", "float", "Latitude (WGS84), approximate (police.uk snaps to a nearby point)",
               nullable=True),
        Column("longitude", "float", "Longitude (WGS84), approximate", nullable=True),
        Column("location_status", "str",
               "'borough' (inside one of the 32 MPS boroughs), 'unlocated' (no latitude/longitude) or "
               "'outside_mps' (in the City of London or outside London)"),
        Column("borough_code", "str", "GSS code of the borough containing the location", nullable=True),
        Column("borough_name", "str", "Canonical borough name", nullable=True),
        Column("gender", "str", "Gender as recorded", nullable=True),
        Column("age_range", "str", "Age range as recorded (under 10, 10-17, 18-24, 25-34, over 34)",
               nullable=True),
        Column("self_defined_ethnicity", "str", "Ethnicity the person gave (16+1 or 18+1 categories)",
               nullable=True),
        Column("officer_defined_ethnicity", "str", "Ethnic appearance recorded by the officer (4 groups)",
               nullable=True),
        Column("legislation", "str", "Power used for the search", nullable=True),
        Column("object_of_search", "str", "What the officer was searching for", nullable=True),
        Column("outcome", "str", "Outcome of the search", nullable=True),
        Column("outcome_linked", "bool", "Outcome linked to the object of search (blank: not said)",
               nullable=True),
        Column("removal_outer_clothing", "bool",
               "Removal of more than just outer clothing (blank: not said)", nullable=True),
    ),
)

STOP_SEARCH_RATES_GOV = TableSchema(
    name="stop_search_rates_gov",
    description=(
        "Stops and searches (excluding vehicle-only searches) per 1,000 resident population by "
        "ethnicity, police force area and financial year, as published (every row of the file)."
    ),
    source=GOV_SOURCE,
    columns=(
        Column("financial_year", "str", "Financial year, e.g. 2018/19"),
        Column("geography", "str", "Police force area ('Metropolitan Police'; 'All - excluding BTP' is "
                                   "England and Wales)"),
        Column("geography_type", "str", "Always 'Police Force Area' in this release"),
        Column("ethnicity", "str", "Ethnic group ('All', 5+1 groups such as 'Black', or 16/18+1 categories)"),
        Column("ethnicity_type", "str", "Classification: All, ONS 2001 5+1 or 16+1, ONS 2011 5+1 or 18+1"),
        Column("legislation_type", "str", "All, Section 1, Section 44/47a or Section 60"),
        Column("searches", "int", "Number of stops and searches", nullable=True),
        Column("searches_reported_ethnicity", "int",
               "All searches in the area and year excluding those with ethnicity unreported", nullable=True),
        Column("population", "int", "Resident population of the group (Census 2001 or 2011)", nullable=True),
        Column("rate_per_1000", "float", "Searches per 1,000 population of the group", nullable=True),
        Column("share_pct", "float", "Share of searches (excluding unreported) of this ethnicity, per cent",
               nullable=True),
        Column("measure", "str", "The publisher's description of the measure"),
    ),
)


def _bool_column(values: pd.Series, path: Path, column: str) -> pd.Series:
    """'True'/'False'/'' as nullable booleans; IngestError naming the first other value."""
    v = values.str.strip().str.lower()
    ok = v.isin(["true", "false", ""])
    if not ok.all():
        i = int(np.flatnonzero(~ok.to_numpy())[0])
        raise IngestError(path, f"not True/False: {values.iloc[i]!r}", row=i + 2, column=column)
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[v == "true"] = True
    out[v == "false"] = False
    return out


def _float_column(values: pd.Series, path: Path, column: str) -> pd.Series:
    stripped = values.str.strip()
    num = pd.to_numeric(stripped.where(stripped != ""), errors="coerce").astype("float64")
    bad = num.isna() & (stripped != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise IngestError(path, f"not a number: {values.iloc[i]!r}", row=i + 2, column=column)
    return num


def _blank_to_na(values: pd.Series) -> pd.Series:
    s = values.str.strip()
    return s.where(s != "")


def _read_police_uk_file(path: Path) -> pd.DataFrame:
    """One police.uk file as tidy columns: the fast Arrow reader, and on any doubt the checked reader.

    The checked reader (:func:`_read_police_uk_file_checked`) reads row by row and raises an
    IngestError naming the row and column of the first bad value; the fast path is only taken when
    Arrow parses every value with the declared types and the checks below pass.
    """
    import pyarrow as pa
    import pyarrow.compute as pac
    import pyarrow.csv as pcsv

    header = sniff_head(path).splitlines()[0].split(",") if path.stat().st_size else []
    if [h.strip() for h in header] != POLICE_UK_COLUMNS:
        return _read_police_uk_file_checked(path)
    types = {c: pa.string() for c in POLICE_UK_COLUMNS}
    types.update({c: pa.float64() for c in ("Latitude", "Longitude")})
    types.update({c: pa.bool_() for c in BOOL_COLUMNS})
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(encoding="utf8"),
            convert_options=pcsv.ConvertOptions(
                column_types=types, strings_can_be_null=True, null_values=[""]
            ),
        )
        when = pac.cast(table["Date"], pa.timestamp("s", tz="UTC")).to_pandas()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return _read_police_uk_file_checked(path)
    if table.column_names != POLICE_UK_COLUMNS:
        return _read_police_uk_file_checked(path)
    raw = table.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
    lat, lon = raw["Latitude"].astype("float64"), raw["Longitude"].astype("float64")
    if (not raw["Type"].isin(SEARCH_TYPES).all() or when.isna().any() or raw["Date"].isna().any()
            or (lat.isna() != lon.isna()).any() or len(raw) == 0):
        return _read_police_uk_file_checked(path)
    return _tidy(raw, when, lat, lon)


def _tidy(raw: pd.DataFrame, when: pd.Series, lat: pd.Series, lon: pd.Series) -> pd.DataFrame:
    local = when.dt.tz_convert(LOCAL_TZ)
    month = local.dt.year.astype(str) + "-" + local.dt.month.astype(str).str.zfill(2)
    text = {new: raw[old].astype("string") for old, new in TEXT_COLUMNS.items()}
    removal = raw["Removal of more than just outer clothing"]
    return pd.DataFrame({
        "month": month.to_numpy(),
        "datetime": raw["Date"].astype("string").to_numpy(),
        "type": raw["Type"].astype("string").to_numpy(),
        "part_of_operation": raw["Part of a policing operation"].astype("boolean").to_numpy(),
        "policing_operation": text["policing_operation"].to_numpy(),
        "latitude": lat.to_numpy(),
        "longitude": lon.to_numpy(),
        **{k: v.to_numpy() for k, v in text.items() if k != "policing_operation"},
        "outcome_linked": raw["Outcome linked to object of search"].astype("boolean").to_numpy(),
        "removal_outer_clothing": removal.astype("boolean").to_numpy(),
    })


def _read_police_uk_file_checked(path: Path) -> pd.DataFrame:
    """One police.uk file read row by row, raising IngestError at the first bad row and column."""
    header, body = read_csv_rows(path, POLICE_UK_COLUMNS)
    raw = pd.DataFrame(body, columns=header, dtype="string")
    types = raw["Type"].str.strip()
    bad_type = ~types.isin(SEARCH_TYPES)
    if bad_type.any():
        i = int(np.flatnonzero(bad_type.to_numpy())[0])
        raise IngestError(path, f"unknown search type {raw['Type'].iloc[i]!r} (expected one of "
                                f"{', '.join(SEARCH_TYPES)})", row=i + 2, column="Type")
    when = pd.to_datetime(raw["Date"].str.strip(), utc=True, format="ISO8601", errors="coerce")
    if when.isna().any():
        i = int(np.flatnonzero(when.isna().to_numpy())[0])
        raise IngestError(path, f"not a date and time: {raw['Date'].iloc[i]!r}", row=i + 2, column="Date")
    lat = _float_column(raw["Latitude"], path, "Latitude")
    lon = _float_column(raw["Longitude"], path, "Longitude")
    half = lat.isna() != lon.isna()
    if half.any():
        i = int(np.flatnonzero(half.to_numpy())[0])
        col = "Longitude" if lon.isna().iloc[i] else "Latitude"
        raise IngestError(path, "latitude and longitude must both be given or both be blank", row=i + 2,
                          column=col)
    tidy_raw = pd.DataFrame({c: _blank_to_na(raw[c]) for c in raw.columns})
    for c in BOOL_COLUMNS:
        tidy_raw[c] = _bool_column(raw[c], path, c)
    tidy_raw["Type"] = types
    tidy_raw["Date"] = raw["Date"].str.strip()
    return _tidy(tidy_raw, when, lat, lon)


def _outside(lat: pd.Series, lon: pd.Series, bounds: tuple[float, float, float, float]) -> pd.Series:
    south, north, west, east = bounds
    located = lat.notna() & lon.notna()
    inside = lat.between(south, north) & lon.between(west, east)
    return (located & ~inside.fillna(False)).astype(bool)


def _check_locations(df: pd.DataFrame, path: Path, ctx: IngestContext) -> None:
    """IngestError at the first search located outside ``UK_BOUNDS``; a warning for those outside
    ``LONDON_BOUNDS`` (row numbers count the header as line 1, one search a line)."""
    lat, lon = df["latitude"], df["longitude"]
    abroad = _outside(lat, lon, UK_BOUNDS).to_numpy()
    if abroad.any():
        i = int(abroad.argmax())
        south, north, west, east = UK_BOUNDS
        lat_bad = not south <= lat.iloc[i] <= north
        raise IngestError(
            path, f"location {lat.iloc[i]}, {lon.iloc[i]} is outside the United Kingdom (latitude {south}..{north}, "
                  f"longitude {west}..{east}): not a place a Met search can be; check the file",
            row=i + 2, column="Latitude" if lat_bad else "Longitude",
        )
    far = _outside(lat, lon, LONDON_BOUNDS).to_numpy()
    if far.any():
        i = int(far.argmax())
        ctx.warn(f"stop_search: {path.name}: {int(far.sum())} search(es) located outside Greater London (first: "
                 f"row {i + 2}, {lat.iloc[i]}, {lon.iloc[i]}); kept and counted as located outside the 32 MPS "
                 "boroughs")


def assign_locations(df: pd.DataFrame, boroughs) -> pd.DataFrame:
    """Add location_status, borough_code and borough_name to searches with latitude/longitude.

    A search inside one of the 32 MPS boroughs gets that borough; a search with no location is
    'unlocated'; a located search in the City of London (its code is kept) or outside every London
    borough is 'outside_mps'.
    """
    out = df.copy()
    located = out["latitude"].notna() & out["longitude"].notna()
    if boroughs is None or len(boroughs) == 0 or not located.any():
        codes = pd.Series(pd.NA, index=out.index, dtype="string")
    else:
        codes = assign_borough(out, boroughs, lat="latitude", lon="longitude").astype("string")
        codes = codes.reindex(out.index)
    in_mps = codes.isin([b.code for b in mps_boroughs()]).fillna(False).astype(bool)
    out["location_status"] = np.where(~located, "unlocated", np.where(in_mps, "borough", "outside_mps"))
    out["borough_code"] = codes.where(located)
    all_names = {b.code: b.name for b in all_boroughs()}
    out["borough_name"] = out["borough_code"].map(all_names).astype("string")
    return out


class PoliceUkStopSearch:
    """data.police.uk stop-and-search CSVs (any force file with the 15 police.uk columns)."""

    name = "police_uk_stop_search"
    tables = (STOP_SEARCH,)

    def recognises(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        return path.suffix.lower() == ".csv" and first.startswith("Type,Date,Part of a policing operation")

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        frames = []
        month_file: dict[str, Path] = {}
        for path in paths:
            df = _read_police_uk_file(path)
            _check_locations(df, path, ctx)
            for m in sorted(set(df["month"].unique()) & set(month_file)):
                # The same month in two files (e.g. a re-download) would be counted twice.
                raise IngestError(
                    path, f"duplicate month {m}: searches for {m} are also in {month_file[m].name}"
                )
            month_file.update({str(m): path for m in df["month"].unique()})
            frames.append(df)
        allrows = pd.concat(frames, ignore_index=True)
        # Full-resolution shapes: the web-simplified ones move ~0.7% of searches across a border.
        shapes = ctx.tables.get("boroughs_detailed", ctx.tables.get("boroughs"))
        if shapes is None:
            ctx.warn("stop_search: no borough boundaries in the store, so no search could be given a borough")
        allrows = assign_locations(allrows, shapes)
        allrows = allrows.sort_values(["month", "datetime"], kind="stable").reset_index(drop=True)
        self._report(allrows, ctx)
        return {"stop_search": allrows}

    @staticmethod
    def _report(df: pd.DataFrame, ctx: IngestContext) -> None:
        from lib.reference.stop_search import undifferentiated_object_months, unknown_published_values

        by_month = df.groupby("month")["location_status"].value_counts().unstack(fill_value=0)
        for month, row in by_month.iterrows():
            total = int(row.sum())
            unloc = int(row.get("unlocated", 0))
            if total and unloc / total > UNLOCATED_WARNING_SHARE:
                ctx.warn(
                    f"stop_search {month}: {unloc:,} of {total:,} searches ({unloc / total:.0%}) have no "
                    "location; they count in London totals but in no borough"
                )
        for month in undifferentiated_object_months(df):
            ctx.warn(f"stop_search {month}: every PACE s1 search has the same object of search; weapons and "
                     "key-crime shares for this month are not meaningful")
        for column, values in unknown_published_values(df).items():
            ctx.warn(f"stop_search: {column} values not in the reference table (counted as 'Other'): "
                     + ", ".join(repr(v) for v in values))
        status = df["location_status"].value_counts()
        ctx.notes["stop_search"] = (
            f"{len(df):,} searches, months {', '.join(sorted(df['month'].unique()))}; "
            f"{int(status.get('unlocated', 0)):,} unlocated, "
            f"{int(status.get('outside_mps', 0)):,} located outside the 32 MPS boroughs"
        )


def _gov_number(values: pd.Series, path: Path, column: str, integer: bool) -> pd.Series:
    s = values.str.strip().str.replace(",", "", regex=False)
    na = s.isin(GOV_NOT_AVAILABLE)
    num = pd.to_numeric(s.where(~na), errors="coerce")
    bad = num.isna() & ~na
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise IngestError(path, f"not a number: {values.iloc[i]!r}", row=i + 2, column=column)
    if (num < 0).any():
        i = int(np.flatnonzero((num < 0).to_numpy())[0])
        raise IngestError(path, f"negative value: {values.iloc[i]!r}", row=i + 2, column=column)
    if integer:
        frac = num.notna() & (num != num.round())
        if frac.any():
            i = int(np.flatnonzero(frac.to_numpy())[0])
            raise IngestError(path, f"not a whole number: {values.iloc[i]!r}", row=i + 2, column=column)
        if (i := first_too_large(num)) is not None:
            raise IngestError(path, too_large(values.iloc[i]), row=i + 2, column=column)
        return num.astype("Int64")
    return num.astype("float64")


class GovEthnicityFacts:
    """GOV.UK Ethnicity facts and figures: stop and search rates by force area and ethnicity."""

    name = "gov_ethnicity_facts_stop_search"
    tables = (STOP_SEARCH_RATES_GOV,)

    def recognises(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        return (
            path.suffix.lower() == ".csv"
            and '"Measure","Time","Time_type","Ethnicity"' in first.replace(" ", "")
            and "Legislation_type" in first
        )

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        frames = []
        for path in paths:
            header, body = read_csv_rows(path, list(GOV_COLUMNS))
            raw = pd.DataFrame(body, columns=header, dtype="string")
            bad_fy = ~raw["Time"].str.strip().str.fullmatch(r"\d{4}/\d{2}")
            if bad_fy.any():
                i = int(np.flatnonzero(bad_fy.to_numpy())[0])
                raise IngestError(path, f"not a financial year: {raw['Time'].iloc[i]!r}", row=i + 2,
                                  column="Time")
            out = pd.DataFrame({new: raw[old].str.strip() for old, new in GOV_COLUMNS.items()})
            for old, new in GOV_COLUMNS.items():
                if new in ("searches", "searches_reported_ethnicity", "population"):
                    out[new] = _gov_number(raw[old], path, old, integer=True)
                elif new in ("rate_per_1000", "share_pct"):
                    out[new] = _gov_number(raw[old], path, old, integer=False)
            frames.append(out)
        table = pd.concat(frames, ignore_index=True)
        key = ["financial_year", "geography", "ethnicity", "ethnicity_type", "legislation_type"]
        dup = table.duplicated(key, keep=False)
        if dup.any():
            first = table[dup].iloc[0]
            ctx.warn("stop_search_rates_gov: repeated rows for " + ", ".join(str(first[k]) for k in key))
        years = sorted(table["financial_year"].unique())
        ctx.notes["stop_search_rates_gov"] = f"{len(table):,} rows, financial years {years[0]}..{years[-1]}"
        return {"stop_search_rates_gov": table}


ADAPTERS = [PoliceUkStopSearch(), GovEthnicityFacts()]
