"""Census and socio-demographic files: populations, ethnic-group populations, area features.

Adapters, in run order (later ones add rows to tables earlier ones started):

- GLA 'Land Area and Population Density, Ward and Borough' (housing-density-borough.csv) →
  ``population`` (ONS mid-year estimates to 2010, GLA projections after).
- GLA 'London Borough Profiles' 2017 → ``borough_features`` (density, age, BAME, tenure, household
  size) and households for 2017 in ``population``.
- ONS Census 2011 KS201EW ethnic group by output area (Nomis bulk) → ``population_ethnicity``.
  The file has no borough column: output areas are placed in boroughs with the reviewed table of
  OA code ranges ``lib/reference/census_oa11_borough_ranges.csv`` (derived once from this file,
  whose OAs come in contiguous borough blocks; every borough's five-group totals then equal the
  GLA Ward Atlas 2013 borough totals exactly, and Enfield's equal the Enfield SNB pack).
  Categories map to groups through ``lib/reference/census_ethnic_groups.csv``.
- GLA 'Indices of Deprivation 2019' London workbook → ``borough_features`` (IMD average score).
- ONS ASHE gross weekly pay by borough (GLA republication) → ``borough_features`` (median pay).
- MHCLG English Indices of Deprivation 2025, File 1 (LSOA 2021) → ``ward_features`` (deprivation)
  through the LSOA→ward best-fit lookup read by ``lib.ingest.geo``.
- GLA LSOA 2011 boundary attributes (Census 2011 USUALRES, HHOLDRES, HHOLDS) → ``ward_features``
  (density, household size) by LSOA point-in-ward, and 2011 households in ``population``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from lib.errors import IngestError
from lib.ingest.base import IngestContext, first_too_large, read_csv_rows, read_text, too_large
from lib.reference.boroughs import REFERENCE_DIR, all_boroughs, borough_by_code, find_borough
from lib.schema import Column, TableSchema

OGL = "Open Government Licence v3.0"
MISSING_MARKS = {"", ".", "..", ":", "#", "!", "-", "n/a", "na", "x", "*"}

POPULATION = TableSchema(
    name="population",
    description=(
        "Resident population by borough and year (all 33 authorities, City of London included; MPS "
        "arithmetic uses the 32 policed boroughs). Years up to 2010 are ONS mid-year estimates, later years "
        "GLA population projections (not outturn estimates): see `source`. Households where a source gives "
        "them for that year (Census 2011; GLA household estimate 2017), otherwise missing."
    ),
    source=(
        "GLA London Datastore 'Land Area and Population Density, Ward and Borough' (housing-density-borough"
        f".csv); households: ONS Census 2011 via GLA LSOA 2011 boundary attributes, GLA Borough Profiles 2017. {OGL}"
    ),
    columns=(
        Column("borough_code", "str", "GSS code of the borough"),
        Column("borough_name", "str", "Canonical borough name"),
        Column("year", "int", "Calendar year (mid-year, 30 June)"),
        Column("population", "float", "Resident population (persons)"),
        Column("households", "float", "Households, where published for that year", nullable=True),
        Column(
            "source",
            "str",
            "Source of the population figure as published (e.g. 'ONS MYE', 'GLA Population Projections')",
        ),
        Column("households_source", "str", "Source of the households figure", nullable=True),
    ),
)

POPULATION_ETHNICITY = TableSchema(
    name="population_ethnicity",
    description=(
        "Census 2011 usual residents by borough and ethnic group, in two groupings (`scheme`). 'search4': the "
        "four groups of officer-observed ethnic appearance used for stop-and-search disproportionality, mapped "
        "from the 18 Census categories as the Enfield Safer Neighbourhood Board pack (2015, Figure 12) says: "
        "White = White British, Irish, Gypsy or Irish Traveller, other White; Black = African, Caribbean, other "
        "Black, Mixed White and Black Caribbean, Mixed White and Black African; Asian = Indian, Pakistani, "
        "Bangladeshi, other Asian, Mixed White and Asian; Other = Chinese, Arab, any other, Other Mixed. "
        "'census5': the Census five high-level groups (White, Mixed, Asian, Black, Other). Mapping table: "
        "lib/reference/census_ethnic_groups.csv."
    ),
    source=f"ONS Census 2011 table KS201EW (ethnic group), output areas in London, Nomis bulk download. {OGL}",
    columns=(
        Column("borough_code", "str", "GSS code of the borough"),
        Column("borough_name", "str", "Canonical borough name"),
        Column("scheme", "str", "'search4' (White/Black/Asian/Other) or 'census5' (White/Mixed/Asian/Black/Other)"),
        Column("group", "str", "Ethnic group within the scheme"),
        Column("population", "int", "Usual residents, Census day 27 March 2011"),
    ),
)

_FEATURE_COLUMNS = (
    Column("feature", "str", "Feature identifier (stable, snake_case)"),
    Column("label", "str", "What the feature is, in plain words, with its year"),
    Column("value", "float", "Value of the feature"),
    Column("unit", "str", "Unit of the value"),
    Column("source", "str", "Publisher and dataset the value comes from"),
)

BOROUGH_FEATURES = TableSchema(
    name="borough_features",
    description=(
        "Socio-demographic features per borough for 'most similar group' comparisons (standardise each "
        "feature, Euclidean distance; lib/metrics/similarity.py). One row per borough and feature. Features: "
        "population_density, pct_aged_0_15, pct_aged_65_plus, pct_bame, pct_social_rented, avg_household_size "
        "(GLA Borough Profiles 2017); imd2019_avg_score (IoD 2019); median_weekly_pay (ONS ASHE, latest year). "
        "A borough/feature with no published value has no row (the City of London has no ASHE pay in most "
        "years: ONS suppresses it)."
    ),
    source=(
        "GLA London Borough Profiles 2017; MHCLG English Indices of Deprivation 2019 (GLA London workbook); "
        f"ONS Annual Survey of Hours and Earnings (GLA republication). {OGL}"
    ),
    columns=(
        Column("borough_code", "str", "GSS code of the borough"),
        Column("borough_name", "str", "Canonical borough name"),
        *_FEATURE_COLUMNS,
    ),
)

WARD_FEATURES = TableSchema(
    name="ward_features",
    description=(
        "Socio-demographic features per 2025 ward, built from small-area (LSOA) sources so that the same "
        "similarity code runs on wards. Deprivation: each LSOA 2021 is given to a ward by the ONS best-fit "
        "lookup; imd2025_mean_rank is the mean of its LSOAs' national IMD 2025 ranks (1 = most deprived of "
        "33,755 in England), imd2025_pct_most_deprived_20 the share of its LSOAs in IMD deciles 1-2. "
        "Population: each Census 2011 LSOA is given to the ward containing a point inside it (shapely "
        "representative point, close to its centroid) on the dissolved ward shapes; population_2011 and "
        "avg_household_size_2011 (household residents / households) are sums over those LSOAs, "
        "population_density_2011 is population_2011 over the approximate ward area. Both are best-fit, not "
        "exact: LSOAs that straddle ward edges count wholly in one ward. A ward with no 2011 LSOA point in it "
        "(a few small new wards) has no population rows."
    ),
    source=(
        "MHCLG English Indices of Deprivation 2025, File 1 (LSOA 2021); ONS Census 2011 via the GLA LSOA 2011 "
        f"boundary attributes; ONS LSOA (2021) to ward (2025) best-fit lookup. {OGL}"
    ),
    columns=(
        Column("ward_code", "str", "ONS GSS ward code (2025 wards)"),
        Column("ward_name", "str", "Ward name"),
        Column("borough_code", "str", "GSS code of the borough"),
        Column("borough_name", "str", "Canonical borough name"),
        *_FEATURE_COLUMNS,
    ),
)


# --------------------------------------------------------------------------------------------------
# Reference tables


@dataclass(frozen=True)
class EthnicCategory:
    category: str  # as in the Nomis header between "Ethnic Group: " and "; measures"
    census5: str
    search4: str


@cache
def ethnic_categories() -> tuple[EthnicCategory, ...]:
    """The 18 Census 2011 ethnic categories and their groups (lib/reference/census_ethnic_groups.csv)."""
    with open(REFERENCE_DIR / "census_ethnic_groups.csv", encoding="utf-8") as fh:
        return tuple(EthnicCategory(r["category"], r["census5"], r["search4"]) for r in csv.DictReader(fh))


@cache
def oa_borough_ranges() -> pd.DataFrame:
    """Census 2011 output-area code ranges per borough (lib/reference/census_oa11_borough_ranges.csv)."""
    df = pd.read_csv(REFERENCE_DIR / "census_oa11_borough_ranges.csv", dtype=str)
    df["lo"] = df["first_oa"].str[1:].astype("int64")
    df["hi"] = df["last_oa"].str[1:].astype("int64")
    return df.sort_values("lo").reset_index(drop=True)


def borough_of_oa(codes: pd.Series) -> pd.Series:
    """Borough GSS code of each Census 2011 London output-area code (E00...), <NA> if in no range."""
    ranges = oa_borough_ranges()
    num = pd.to_numeric(codes.astype("string").str.extract(r"^E(\d{8})$")[0], errors="coerce")
    pos = np.searchsorted(ranges["lo"].to_numpy(), num.fillna(-1).to_numpy(), side="right") - 1
    ok = num.notna().to_numpy() & (pos >= 0)
    pos_c = np.clip(pos, 0, len(ranges) - 1)
    ok &= num.fillna(-1).to_numpy() <= ranges["hi"].to_numpy()[pos_c]
    out = pd.Series(ranges["borough_code"].to_numpy()[pos_c], index=codes.index, dtype="string")
    return out.where(ok)


# --------------------------------------------------------------------------------------------------
# Shared helpers


def _number(value: object, path: Path, row: int, column: str) -> float | None:
    """A published number ('1,234', '45.6'); None for a not-published mark ('.', '#', ''); else error."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None if np.isnan(value) else float(value)
    v = str(value).strip().replace(",", "")
    if v.lower() in MISSING_MARKS:
        return None
    try:
        f = float(v)
    except ValueError:
        raise IngestError(path, f"not a number: {value!r}", row=row, column=column) from None
    return None if np.isnan(f) else f


def _feature_rows(rows: list[dict], ctx: IngestContext, table: str) -> None:
    """Append feature rows to ``ctx.tables[table]`` (several adapters contribute to one table)."""
    if not rows:
        return
    new = pd.DataFrame(rows)
    old = ctx.tables.get(table)
    combined = new if old is None else pd.concat([old, new], ignore_index=True)
    key = ["ward_code" if table == "ward_features" else "borough_code", "feature"]
    ctx.tables[table] = combined.drop_duplicates(key, keep="last").reset_index(drop=True)


def _borough_feature(code: str, feature: str, label: str, value: float, unit: str, source: str) -> dict:
    return {
        "borough_code": code,
        "borough_name": borough_by_code(code).name,
        "feature": feature,
        "label": label,
        "value": float(value),
        "unit": unit,
        "source": source,
    }


def _set_households(ctx: IngestContext, households: pd.DataFrame, source: str) -> None:
    """Fill ``households`` (by borough_code, year) into the population table, where a row exists."""
    pop = ctx.tables.get("population")
    if pop is None:
        ctx.warn(f"households from {source} not stored: no population table (population file missing)")
        return
    pop = pop.copy()
    key = households.set_index(["borough_code", "year"])["households"]
    idx = pd.MultiIndex.from_frame(pop[["borough_code", "year"]])
    vals = key.reindex(idx).to_numpy()
    have = ~pd.isna(vals)
    pop["households"] = pop["households"].astype("float64").where(~have, vals.astype("float64"))
    pop["households_source"] = pop["households_source"].astype("object").where(~have, source)
    ctx.tables["population"] = pop


def _xlsx_sheets(path: Path) -> list[str]:
    """Sheet names of an .xlsx without loading it (reads xl/workbook.xml); [] if not a workbook."""
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("xl/workbook.xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return []
    return re.findall(r'<(?:\w+:)?sheet [^>]*name="([^"]+)"', xml)


def _xlsx_rows(path: Path, sheet: str) -> list[tuple]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb[sheet]
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
    except Exception as e:
        raise IngestError(path, f"cannot read sheet {sheet!r}: {e}") from None
    return rows


def _header_index(path: Path, header: list[str], wanted: dict[str, str], row: int = 1) -> dict[str, int]:
    """Column positions for ``wanted`` {key: header text or prefix ending with '*'}; IngestError if absent."""
    clean = [str(h).strip() if h is not None else "" for h in header]
    out = {}
    for key, name in wanted.items():
        if name.endswith("*"):
            pos = next((i for i, h in enumerate(clean) if h.startswith(name[:-1])), None)
        else:
            pos = clean.index(name) if name in clean else None
        if pos is None:
            raise IngestError(path, f"missing column {name.rstrip('*')!r}", row=row, column=name.rstrip("*"))
        out[key] = pos
    return out


# --------------------------------------------------------------------------------------------------
# Population by borough and year


class BoroughPopulation:
    """GLA housing-density-borough.csv: Code, Name, Year, Source, Population, areas, densities."""

    name = "borough_population"
    tables = (POPULATION,)
    required = ["Code", "Name", "Year", "Source", "Population"]

    def recognises(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        return path.suffix.lower() == ".csv" and first.startswith("Code,Name,Year,Source,Population")

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        recs: dict[tuple[str, int], dict] = {}
        skipped: set[str] = set()
        for path in paths:
            header, body = read_csv_rows(path, self.required)
            ix = {c: header.index(c) for c in self.required}
            for i, r in enumerate(body):
                line = i + 2
                code = r[ix["Code"]].strip()
                if not code.startswith("E09"):
                    skipped.add(f"{code} {r[ix['Name']].strip()}")
                    continue
                b = find_borough(code)
                if b is None:
                    raise IngestError(path, f"unknown borough code {code!r}", row=line, column="Code")
                year_s = r[ix["Year"]].strip()
                if not re.fullmatch(r"(19|20)\d\d", year_s):
                    raise IngestError(path, f"not a year: {year_s!r}", row=line, column="Year")
                pop = _number(r[ix["Population"]], path, line, "Population")
                if pop is None or pop < 0:
                    raise IngestError(
                        path, f"missing or negative population {r[ix['Population']]!r}", row=line, column="Population"
                    )
                key = (b.code, int(year_s))
                if key in recs:
                    raise IngestError(path, f"{b.name} {year_s} appears twice", row=line, column="Year")
                recs[key] = {
                    "borough_code": b.code,
                    "borough_name": b.name,
                    "year": int(year_s),
                    "population": pop,
                    "households": np.nan,
                    "source": r[ix["Source"]].strip() or "not stated",
                    "households_source": None,
                }
        df = pd.DataFrame(list(recs.values())).sort_values(["borough_code", "year"]).reset_index(drop=True)
        missing = sorted({b.code for b in all_boroughs()} - set(df["borough_code"]))
        if missing:
            ctx.warn(f"population: no rows for boroughs {missing}")
        if skipped:
            ctx.notes["population_aggregates_skipped"] = sorted(skipped)
        return {"population": df}


# --------------------------------------------------------------------------------------------------
# Borough profiles 2017


PROFILE_SOURCE = "GLA London Borough Profiles 2017"
# feature id, column, label, unit
PROFILE_FEATURES: tuple[tuple[str, str, str, str], ...] = (
    (
        "population_density",
        "Population_density_(per_hectare)_2017",
        "Population density, 2017 (GLA estimate)",
        "persons per hectare",
    ),
    ("pct_aged_0_15", "Proportion_of_population_aged_0-15,_2015", "Share of residents aged 0 to 15, 2015", "%"),
    (
        "pct_aged_65_plus",
        "Proportion_of_population_aged_65_and_over,_2015",
        "Share of residents aged 65 and over, 2015",
        "%",
    ),
    (
        "pct_bame",
        "%_of_population_from_BAME_groups_(2016)",
        "Share of residents from Black, Asian and minority ethnic groups, 2016 (GLA estimate)",
        "%",
    ),
    (
        "pct_social_rented",
        "Rented_from_Local_Authority_or_Housing_Association,_(2014)_%",
        "Share of households renting from the council or a housing association, 2014",
        "%",
    ),
)
PROFILE_POP = "GLA_Population_Estimate_2017"
PROFILE_HH = "GLA_Household_Estimate_2017"


class BoroughProfiles:
    """GLA London Borough Profiles (london-borough-profiles.csv), 2017 edition."""

    name = "borough_profiles"
    tables = (BOROUGH_FEATURES, POPULATION)

    def recognises(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        return path.suffix.lower() == ".csv" and first.startswith("Code,Area_name,") and PROFILE_POP in first

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        rows: list[dict] = []
        households: list[dict] = []
        omitted: list[str] = []
        for path in paths:
            required = ["Code", "Area_name", PROFILE_POP, PROFILE_HH] + [f[1] for f in PROFILE_FEATURES]
            header, body = read_csv_rows(path, required, encodings=("utf-8-sig", "cp1252", "latin-1"))
            ix = {c: header.index(c) for c in required}
            for i, r in enumerate(body):
                line = i + 2
                code = r[ix["Code"]].strip()
                if not code.startswith("E09"):
                    continue  # London / England aggregates or blank trailing rows
                b = find_borough(code)
                if b is None:
                    raise IngestError(path, f"unknown borough code {code!r}", row=line, column="Code")
                for feature, col, label, unit in PROFILE_FEATURES:
                    v = _number(r[ix[col]], path, line, col)
                    if v is None:
                        omitted.append(f"{b.name} {feature}")
                        continue
                    rows.append(_borough_feature(b.code, feature, label, v, unit, PROFILE_SOURCE))
                pop = _number(r[ix[PROFILE_POP]], path, line, PROFILE_POP)
                hh = _number(r[ix[PROFILE_HH]], path, line, PROFILE_HH)
                if pop and hh:
                    rows.append(
                        _borough_feature(
                            b.code,
                            "avg_household_size",
                            "Average household size, 2017 (GLA population estimate / household estimate)",
                            pop / hh,
                            "persons per household",
                            PROFILE_SOURCE,
                        )
                    )
                    households.append({"borough_code": b.code, "year": 2017, "households": hh})
                else:
                    omitted.append(f"{b.name} avg_household_size")
        if omitted:
            ctx.warn(f"borough profiles: no published value, row omitted: {', '.join(omitted)}")
        _feature_rows(rows, ctx, "borough_features")
        if households:
            _set_households(ctx, pd.DataFrame(households), "GLA household estimate 2017 (Borough Profiles)")
        out = {"borough_features": ctx.tables["borough_features"]}
        if "population" in ctx.tables:
            out["population"] = ctx.tables["population"]
        return out


# --------------------------------------------------------------------------------------------------
# Census 2011 ethnic group by output area


ETHNIC_PREFIX = "Ethnic Group: "
ETHNIC_SUFFIX = "; measures: Value"
ALL_RESIDENTS = f"{ETHNIC_PREFIX}All usual residents{ETHNIC_SUFFIX}"
SEARCH4_ORDER = ("White", "Black", "Asian", "Other")
CENSUS5_ORDER = ("White", "Mixed", "Asian", "Black", "Other")


class CensusEthnicityOA:
    """ONS Census 2011 KS201EW ethnic group by output area (Nomis bulk CSV)."""

    name = "census2011_ethnicity"
    tables = (POPULATION_ETHNICITY,)

    def recognises(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        return path.suffix.lower() == ".csv" and '"geography code"' in first and "Ethnic Group:" in first

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        totals = [ethnicity_by_borough(p) for p in paths]
        counts = totals[0] if len(totals) == 1 else pd.concat(totals).groupby(level=0).sum()
        out = ethnicity_table(counts)
        ctx.notes["population_ethnicity"] = (
            f"Census 2011, {counts.shape[0]} boroughs, {int(counts.sum().sum()):,} usual residents"
        )
        return {"population_ethnicity": out}


def ethnicity_by_borough(path: Path) -> pd.DataFrame:
    """Census 2011 counts of the 18 ethnic categories summed by borough (index borough_code).

    Checks: every required column present; counts whole and non-negative; the 18 categories add
    up to 'All usual residents' in every output area; every OA code is in a known borough range.
    """
    text = read_text(path, ("utf-8-sig",))
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    cats = ethnic_categories()
    cols = [f"{ETHNIC_PREFIX}{c.category}{ETHNIC_SUFFIX}" for c in cats]
    for col in ["geography code", ALL_RESIDENTS, *cols]:
        if col not in df.columns:
            raise IngestError(path, f"missing column {col!r}", row=1, column=col)
    if df.empty:
        raise IngestError(path, "the file has a header but no data rows", row=2)
    values = {}
    for col in [ALL_RESIDENTS, *cols]:
        s = df[col].str.strip().str.replace(",", "", regex=False)
        num = pd.to_numeric(s, errors="coerce")
        bad = num.isna() | (num < 0) | (num != num.round())
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise IngestError(path, f"not a non-negative whole count: {df[col].iloc[i]!r}", row=i + 2, column=col)
        if (i := first_too_large(num)) is not None:
            raise IngestError(path, too_large(df[col].iloc[i]), row=i + 2, column=col)
        values[col] = num.astype("int64")
    counts = pd.DataFrame(values)
    mismatch = counts[cols].sum(axis=1) != counts[ALL_RESIDENTS]
    if mismatch.any():
        i = int(np.flatnonzero(mismatch.to_numpy())[0])
        raise IngestError(
            path, "the 18 ethnic categories do not add up to all usual residents", row=i + 2, column=ALL_RESIDENTS
        )
    boroughs = borough_of_oa(df["geography code"].str.strip())
    unknown = boroughs.isna()
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise IngestError(
            path,
            f"output area {df['geography code'].iloc[i]!r} is not a Census 2011 London OA "
            "(lib/reference/census_oa11_borough_ranges.csv)",
            row=i + 2,
            column="geography code",
        )
    by = counts[cols].groupby(boroughs.to_numpy()).sum()
    by.columns = [c.category for c in cats]
    by.index.name = "borough_code"
    return by


def ethnicity_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Long ``population_ethnicity`` rows from category counts by borough, for both schemes."""
    cats = ethnic_categories()
    rows = []
    for scheme, attr, order in (("search4", "search4", SEARCH4_ORDER), ("census5", "census5", CENSUS5_ORDER)):
        groups = pd.Series({c.category: getattr(c, attr) for c in cats})
        summed = counts[groups.index].T.groupby(groups.to_numpy()).sum().T
        for code, r in summed.iterrows():
            for g in order:
                rows.append(
                    {
                        "borough_code": code,
                        "borough_name": borough_by_code(str(code)).name,
                        "scheme": scheme,
                        "group": g,
                        "population": int(r.get(g, 0)),
                    }
                )
    return pd.DataFrame(rows).sort_values(["scheme", "borough_code"], kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Indices of Deprivation 2019 (GLA London workbook) → borough IMD average score


IOD19_SHEET = "Borough summary measures"


class IoD2019London:
    """GLA 'ID 2019 for London' workbook: sheet 'Borough summary measures'."""

    name = "iod2019_london"
    tables = (BOROUGH_FEATURES,)

    def recognises(self, path: Path, head: str) -> bool:
        return path.suffix.lower() == ".xlsx" and IOD19_SHEET in _xlsx_sheets(path)

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        rows = []
        for path in paths:
            data = _xlsx_rows(path, IOD19_SHEET)
            if not data:
                raise IngestError(path, f"sheet {IOD19_SHEET!r} is empty")
            ix = _header_index(
                path, list(data[0]), {"code": "Local Authority District code*", "score": "IMD - Average score"}
            )
            for i, r in enumerate(data[1:]):
                code = str(r[ix["code"]] or "").strip()
                if not code.startswith("E09"):
                    continue  # the sheet covers London only, but be safe
                b = find_borough(code)
                if b is None:
                    raise IngestError(path, f"unknown borough code {code!r}", row=i + 2, column="code")
                v = _number(r[ix["score"]], path, i + 2, "IMD - Average score")
                if v is None:
                    raise IngestError(path, "missing IMD average score", row=i + 2, column="IMD - Average score")
                rows.append(
                    _borough_feature(
                        b.code,
                        "imd2019_avg_score",
                        "Deprivation: Index of Multiple Deprivation 2019, population-weighted "
                        "average LSOA score (higher = more deprived)",
                        v,
                        "score",
                        "MHCLG English Indices of Deprivation 2019 (GLA London workbook)",
                    )
                )
        _feature_rows(rows, ctx, "borough_features")
        return {"borough_features": ctx.tables["borough_features"]}


# --------------------------------------------------------------------------------------------------
# ASHE gross weekly pay by borough


class AsheEarnings:
    """ONS ASHE gross weekly pay (£) by London borough as republished by the GLA (two header rows)."""

    name = "ashe_earnings"
    tables = (BOROUGH_FEATURES,)

    def recognises(self, path: Path, head: str) -> bool:
        lines = head.splitlines()
        return (
            path.suffix.lower() == ".csv"
            and len(lines) > 1
            and lines[0].startswith("Code,Area,")
            and "Pay (" in lines[1]
            and "conf %" in lines[1]
        )

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        rows = []
        for path in paths:
            text = read_text(path, ("utf-8-sig", "cp1252", "latin-1"))
            table = list(csv.reader(io.StringIO(text)))
            if len(table) < 3:
                raise IngestError(path, "fewer than two header rows and a data row")
            years, kinds = table[0], table[1]
            if years[:2] != ["Code", "Area"]:
                raise IngestError(path, "first header row must start with Code, Area", row=1, column="Code")
            pay_cols = [
                (i, int(y))
                for i, y in enumerate(years)
                if re.fullmatch(r"\d{4}", y.strip()) and i < len(kinds) and kinds[i].startswith("Pay")
            ]
            if not pay_cols:
                raise IngestError(path, "no year columns with 'Pay' in the second header row", row=2)
            body = [(n + 1, r) for n, r in enumerate(table) if n >= 2 and any(c.strip() for c in r)]
            boroughs: list[tuple[int, list[str], str]] = []
            for line, r in body:
                if len(r) != len(years):
                    raise IngestError(path, f"has {len(r)} fields where the header has {len(years)}", row=line)
                b = find_borough(r[1])
                if b is not None:
                    boroughs.append((line, r, b.code))
            if not boroughs:
                raise IngestError(path, "no London borough rows", column="Area")
            # latest year published for at least 30 of the boroughs
            col, year = None, None
            for i, y in sorted(pay_cols, key=lambda t: -t[1]):
                vals = [_number(r[i], path, line, str(y)) for line, r, _ in boroughs]
                if sum(v is not None for v in vals) >= 30:
                    col, year = i, y
                    break
            if col is None:
                raise IngestError(path, "no year has pay published for most boroughs")
            for line, r, code in boroughs:
                v = _number(r[col], path, line, str(year))
                if v is None:
                    ctx.warn(
                        f"{path.name}: {borough_by_code(code).name} has no published pay for {year} "
                        "(ONS suppression); row omitted"
                    )
                    continue
                rows.append(
                    _borough_feature(
                        code,
                        "median_weekly_pay",
                        f"Median gross weekly pay, {year} (ONS ASHE)",
                        v,
                        "£ per week",
                        "ONS Annual Survey of Hours and Earnings (GLA republication)",
                    )
                )
        _feature_rows(rows, ctx, "borough_features")
        return {"borough_features": ctx.tables["borough_features"]}


# --------------------------------------------------------------------------------------------------
# IMD 2025 by LSOA 2021 → ward deprivation


def _ward_row(w: pd.Series, feature: str, label: str, value: float, unit: str, source: str) -> dict:
    return {
        "ward_code": w["ward_code"],
        "ward_name": w["ward_name"],
        "borough_code": w["borough_code"],
        "borough_name": w["borough_name"],
        "feature": feature,
        "label": label,
        "value": float(value),
        "unit": unit,
        "source": source,
    }


class Imd2025Lsoa:
    """MHCLG English Indices of Deprivation 2025, File 1: IMD rank and decile by LSOA 2021."""

    name = "imd2025_lsoa"
    tables = (WARD_FEATURES,)

    def recognises(self, path: Path, head: str) -> bool:
        return path.suffix.lower() == ".xlsx" and any(re.fullmatch(r"IMD\d\d", s) for s in _xlsx_sheets(path))

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        lookup = ctx.tables.get("_lsoa_ward_lookup")
        if lookup is None:
            raise IngestError(paths[0], "ward deprivation needs the ONS LSOA (2021) to ward best-fit lookup CSV")
        rows = []
        for path in paths:
            sheet = next(s for s in _xlsx_sheets(path) if re.fullmatch(r"IMD\d\d", s))
            year = 2000 + int(sheet[3:])
            data = _xlsx_rows(path, sheet)
            if not data:
                raise IngestError(path, f"sheet {sheet!r} is empty")
            ix = _header_index(
                path,
                list(data[0]),
                {
                    "lsoa": "LSOA code*",
                    "rank": "Index of Multiple Deprivation (IMD) Rank*",
                    "decile": "Index of Multiple Deprivation (IMD) Decile*",
                },
            )
            recs = []
            for i, r in enumerate(data[1:]):
                lsoa = str(r[ix["lsoa"]] or "").strip()
                if not lsoa:
                    continue
                rank = _number(r[ix["rank"]], path, i + 2, "IMD Rank")
                decile = _number(r[ix["decile"]], path, i + 2, "IMD Decile")
                if rank is None or decile is None or not 1 <= decile <= 10 or rank < 1:
                    raise IngestError(path, f"bad IMD rank/decile for {lsoa}", row=i + 2, column="IMD Rank")
                recs.append((lsoa, rank, decile))
            imd = pd.DataFrame(recs, columns=["lsoa21cd", "rank", "decile"])
            n_england = len(imd)
            m = lookup.merge(imd, on="lsoa21cd", how="left")
            if m["rank"].isna().any():
                ctx.warn(
                    f"{path.name}: {int(m['rank'].isna().sum())} London LSOA(s) of the ward lookup have no IMD "
                    f"{year} rank (e.g. {m.loc[m['rank'].isna(), 'lsoa21cd'].iloc[0]})"
                )
            m = m.dropna(subset=["rank"])
            g = m.groupby(["ward_code", "ward_name", "borough_code", "borough_name"], as_index=False).agg(
                mean_rank=("rank", "mean"), most_deprived=("decile", lambda d: 100.0 * (d <= 2).mean())
            )
            src = f"MHCLG English Indices of Deprivation {year}, File 1 (LSOA 2021), via ONS best-fit ward lookup"
            for _, w in g.iterrows():
                rows.append(
                    _ward_row(
                        w,
                        f"imd{year}_mean_rank",
                        f"Deprivation: mean national IMD {year} rank of the ward's LSOAs "
                        f"(1 = most deprived of {n_england:,} in England)",
                        w["mean_rank"],
                        "rank",
                        src,
                    )
                )
                rows.append(
                    _ward_row(
                        w,
                        f"imd{year}_pct_most_deprived_20",
                        f"Share of the ward's LSOAs among the 20% most deprived in England, IMD {year}",
                        w["most_deprived"],
                        "%",
                        src,
                    )
                )
        _feature_rows(rows, ctx, "ward_features")
        return {"ward_features": ctx.tables["ward_features"]}


# --------------------------------------------------------------------------------------------------
# Census 2011 LSOA attributes (GLA LSOA_2011_London_gen_MHW) → ward population features


LSOA11_FIELDS = ("LSOA11CD", "LAD11CD", "USUALRES", "HHOLDRES", "HHOLDS")


class Lsoa2011Attributes:
    """GLA LSOA 2011 boundaries with Census 2011 counts (USUALRES, HHOLDRES, HHOLDS ...)."""

    name = "lsoa2011_census"
    tables = (WARD_FEATURES, POPULATION)

    def recognises(self, path: Path, head: str) -> bool:
        if path.suffix.lower() != ".shp":
            return False
        try:
            fields = set(pyogrio.read_info(str(path))["fields"])
        except Exception:
            return False
        return set(LSOA11_FIELDS) <= fields

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        frames = []
        for path in paths:
            try:
                g = pyogrio.read_dataframe(str(path))
            except Exception as e:
                raise IngestError(path, f"cannot be read as a shapefile: {e}") from None
            for f in LSOA11_FIELDS:
                if f not in g.columns:
                    raise IngestError(path, f"missing field {f!r}", column=f)
            for f in ("USUALRES", "HHOLDRES", "HHOLDS"):
                v = pd.to_numeric(g[f], errors="coerce")
                bad = v.isna() | (v < 0)
                if bad.any():
                    i = int(np.flatnonzero(bad.to_numpy())[0])
                    raise IngestError(
                        path, f"feature {i + 1} ({g['LSOA11CD'].iloc[i]}): bad count {g[f].iloc[i]!r}", column=f
                    )
                g[f] = v.astype("float64")
            if g.crs is None:
                raise IngestError(path, "has no coordinate reference system (.prj missing?)")
            frames.append(g.to_crs("EPSG:27700"))
        lsoa = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:27700")
        out: dict[str, pd.DataFrame] = {}
        # Census 2011 households by borough → population table (year 2011)
        hh = lsoa.groupby("LAD11CD", as_index=False)["HHOLDS"].sum()
        hh = hh[hh["LAD11CD"].map(lambda c: find_borough(str(c)) is not None)]
        hh = pd.DataFrame({"borough_code": hh["LAD11CD"], "year": 2011, "households": hh["HHOLDS"]})
        _set_households(ctx, hh, "ONS Census 2011 (sum of LSOA households)")
        if "population" in ctx.tables:
            out["population"] = ctx.tables["population"]
        wards = ctx.tables.get("_wards_detailed")
        if wards is None:
            ctx.warn("ward population features not built: no ward shapes (LSOA 2021 shapes or lookup missing)")
            return out
        rows = ward_population_rows(lsoa, wards, ctx)
        _feature_rows(rows, ctx, "ward_features")
        out["ward_features"] = ctx.tables["ward_features"]
        return out


def ward_population_rows(lsoa: gpd.GeoDataFrame, wards: gpd.GeoDataFrame, ctx: IngestContext) -> list[dict]:
    """Ward population, density and household size from Census 2011 LSOAs placed by an inside point."""
    pts = shapely.point_on_surface(lsoa.geometry.values)
    tree = shapely.STRtree(pts)
    w_idx, p_idx = tree.query(wards.geometry.values, predicate="intersects")
    pairs = pd.DataFrame({"w": w_idx, "p": p_idx}).sort_values(["p", "w"]).drop_duplicates("p")
    unplaced = len(lsoa) - len(pairs)
    if unplaced:
        ctx.warn(f"{unplaced} Census 2011 LSOA(s) fall outside every ward shape and are not counted in ward features")
    sums = (
        lsoa.iloc[pairs["p"].to_numpy()][["USUALRES", "HHOLDRES", "HHOLDS"]]
        .assign(w=pairs["w"].to_numpy())
        .groupby("w")
        .sum()
    )
    src = "ONS Census 2011 (GLA LSOA 2011 boundary attributes), LSOAs placed in 2025 wards by an inside point"
    rows = []
    empty = 0
    for w_pos, w in wards.reset_index(drop=True).iterrows():
        if w_pos not in sums.index or sums.loc[w_pos, "USUALRES"] <= 0:
            empty += 1
            continue
        s = sums.loc[w_pos]
        rows.append(
            _ward_row(
                w,
                "population_2011",
                "Usual residents, Census 2011 (LSOAs placed in the ward)",
                s["USUALRES"],
                "persons",
                src,
            )
        )
        rows.append(
            _ward_row(
                w,
                "population_density_2011",
                "Population density, Census 2011 (residents per hectare of the approximate ward)",
                s["USUALRES"] / float(w["area_hectares"]),
                "persons per hectare",
                src,
            )
        )
        if s["HHOLDS"] > 0:
            rows.append(
                _ward_row(
                    w,
                    "avg_household_size_2011",
                    "Average household size, Census 2011",
                    s["HHOLDRES"] / s["HHOLDS"],
                    "persons per household",
                    src,
                )
            )
    if empty:
        ctx.notes["wards_without_2011_lsoa"] = empty
    return rows


ADAPTERS = [
    BoroughPopulation(),
    BoroughProfiles(),
    CensusEthnicityOA(),
    IoD2019London(),
    AsheEarnings(),
    Imd2025Lsoa(),
    Lsoa2011Attributes(),
]
