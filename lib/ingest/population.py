"""ONS mid-year population estimates in every vintage we hold, and Census 2021 population by ethnicity.

Each ONS release of mid-year estimates is kept as its own *vintage* (lib/reference/population_vintages.csv):
ONS revises past years, and a published rate used the figures of its day (Barking and Dagenham
mid-2014: 198,300 as first published, 198,650 in the mid-2020 release, 201,244 in the current
series). Rows are the 33 London authorities and London (E12000007). The GLA ``population`` table
(GLA projections after 2010) is left as it is.

Formats, recognised by content, not file name:

- GLA 'ONS Population Estimates, Borough' (.xls, sheet ``MYE``; header row ``Code, New Code, Area
  name, Inner or Outer London, 1961, ...``): the estimates as first published, vintage
  ``ons_mye_first_published``.
- ONS 'Estimates of the population for the UK ...: mid-YYYY' workbook (.xls or .xlsx) with sheet
  ``MYE4`` (``Code, Name, Geography, Mid-YYYY, ...``): vintage ``ons_mye_midYYYY_release`` for the
  newest Mid-YYYY column.
- ONS regional GDP reference tables (.xlsx) sheet ``Table 6`` "Total resident population numbers":
  the current Census-2021-consistent series, vintage ``ons_current_series``. No London row is
  published; London is the sum of the 33 authorities.
- A CSV export of ONS sheet ``MYE2 - Persons`` (``Code, Name, Geography, All ages, 0, 1, ...``).
  The file does not say its year: the file name must (``mid2024`` or ``mye24``); vintage
  ``ons_mye_midYYYY_release``.
- GOV.UK Ethnicity facts and figures 'Population by ethnicity and local authority' (Census 2021)
  → ``population_ethnicity_2021``, in the same ``search4`` and ``census5`` schemes as Census 2011's
  ``population_ethnicity`` (mapping: lib/reference/census2021_ethnic_groups.csv).

Bad input raises :class:`lib.errors.IngestError` naming file, row and column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from lib.errors import IngestError
from lib.ingest.base import IngestContext, parse_count, read_text
from lib.reference import read_rows
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, all_boroughs, borough_by_code, find_borough
from lib.reference.population import population_vintages
from lib.schema import Column, TableSchema

OGL = "Open Government Licence v3.0"
SEARCH4_ORDER = ("White", "Black", "Asian", "Other")
CENSUS5_ORDER = ("White", "Mixed", "Asian", "Black", "Other")

POPULATION_ESTIMATES = TableSchema(
    name="population_estimates",
    description=(
        "ONS mid-year resident population estimates by vintage (one ONS release each: as first published, "
        "the mid-2020 and mid-2021 releases, the current Census-2021-consistent series, mid-2024), for the "
        "33 London authorities and London (E12000007). The same year differs between vintages because ONS "
        "revises past estimates; vintages and their publication dates: lib/reference/population_vintages.csv. "
        "Rates choose a vintage by the rule in lib/metrics/population.py."
    ),
    source=(
        "ONS mid-year population estimates: GLA London Datastore 'ONS Population Estimates, Borough' (1961-2015, "
        "as first published); ONS 'Estimates of the population for the UK...' mid-2020 and mid-2021 releases "
        "(MYE4); ONS 'Regional gross domestic product: local authorities' Table 6 (April 2025); ONS "
        f"'Population estimates for England and Wales: mid-2024' (MYE2 persons). {OGL}"
    ),
    columns=(
        Column("vintage", "str", "ONS release the figure comes from (lib/reference/population_vintages.csv)"),
        Column("year", "int", "Mid-year of the estimate (30 June)"),
        Column("area_code", "str", "GSS code: a London authority (E09) or London (E12000007)"),
        Column("area_name", "str", "Canonical name"),
        Column("population", "float", "Resident population, persons, as published in the vintage"),
        Column("source", "str", "File the figure was read from, and how London was obtained"),
    ),
)

POPULATION_ETHNICITY_2021 = TableSchema(
    name="population_ethnicity_2021",
    description=(
        "Census 2021 usual residents by borough and ethnic group, in the same two groupings as the Census 2011 "
        "table population_ethnicity. 'search4': the four groups of officer-observed ethnic appearance used for "
        "stop-and-search disproportionality (White = White British, Irish, Gypsy or Irish Traveller, Roma, other "
        "White; Black = African, Caribbean, other Black, Mixed White and Black Caribbean, Mixed White and Black "
        "African; Asian = Indian, Pakistani, Bangladeshi, other Asian, Mixed White and Asian; Other = Chinese, "
        "Arab, any other, other Mixed), as the Enfield pack maps Census 2011. 'census5': the Census five groups. "
        "Mapping: lib/reference/census2021_ethnic_groups.csv."
    ),
    source=(
        "ONS Census 2021 via GOV.UK Ethnicity facts and figures, 'Population by ethnicity and local authority' "
        f"(19+1 classification). {OGL}"
    ),
    columns=(
        Column("borough_code", "str", "GSS code of the borough"),
        Column("borough_name", "str", "Canonical borough name"),
        Column("scheme", "str", "'search4' (White/Black/Asian/Other) or 'census5' (White/Mixed/Asian/Black/Other)"),
        Column("group", "str", "Ethnic group within the scheme"),
        Column("population", "int", "Usual residents, Census day 21 March 2021"),
    ),
)

_AREA_CODES = {b.code for b in all_boroughs()} | {LONDON_CODE}
_KNOWN_VINTAGES = {v.vintage for v in population_vintages()}


# --------------------------------------------------------------------------------------------------
# Workbook access (.xls through xlrd, .xlsx through openpyxl)


def workbook_sheets(path: Path) -> list[str]:
    """Sheet names of an .xls or .xlsx workbook; [] if the file is not one."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            with zipfile.ZipFile(path) as zf:
                xml = zf.read("xl/workbook.xml").decode("utf-8", errors="replace")
        except (zipfile.BadZipFile, KeyError, OSError):
            return []
        return re.findall(r'<(?:\w+:)?sheet [^>]*name="([^"]+)"', xml)
    if suffix == ".xls":
        import xlrd

        try:
            book = xlrd.open_workbook(str(path), on_demand=True)
        except Exception:
            return []
        try:
            return [s.strip() for s in book.sheet_names()]
        finally:
            book.release_resources()
    return []


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    """Every row of one sheet as a tuple of cell values (None or '' for empty cells)."""
    try:
        if path.suffix.lower() == ".xls":
            import xlrd

            book = xlrd.open_workbook(str(path), on_demand=True)
            name = next(n for n in book.sheet_names() if n.strip() == sheet)
            s = book.sheet_by_name(name)
            rows = [tuple(s.row_values(r)) for r in range(s.nrows)]
            book.release_resources()
            return rows
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        name = next(n for n in wb.sheetnames if n.strip() == sheet)
        rows = [tuple(r) for r in wb[name].iter_rows(values_only=True)]
        wb.close()
        return rows
    except Exception as e:
        raise IngestError(path, f"cannot read sheet {sheet!r}: {e}") from None


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v).strip()


def _population(value, path: Path, row: int, column: str) -> float:
    """A published population: a positive number ('1,234' allowed); IngestError otherwise."""
    text = _cell(value).replace(",", "")
    try:
        n = float(text)
    except ValueError:
        raise IngestError(path, f"not a population: {value!r}", row=row, column=column) from None
    if not n > 0:
        raise IngestError(path, f"population must be positive: {value!r}", row=row, column=column)
    return n


def _area(code: str) -> tuple[str, str] | None:
    """(code, canonical name) for a London authority or London; None for any other area."""
    code = code.strip()
    if code == LONDON_CODE:
        return LONDON_CODE, LONDON_NAME
    if code.startswith("E09"):
        b = find_borough(code)
        return (b.code, b.name) if b else None
    return None


def _header_row(rows: list[tuple], first: str, path: Path, sheet: str) -> int:
    """Index of the first row whose first cell is ``first`` (IngestError if none)."""
    for i, r in enumerate(rows[:40]):
        if r and _cell(r[0]) == first:
            return i
    raise IngestError(path, f"sheet {sheet!r} has no header row starting {first!r}")


def _check_complete(table: pd.DataFrame, path: Path, vintage: str) -> None:
    """Every year of a vintage has all 33 authorities and London."""
    for year, g in table.groupby("year"):
        missing = _AREA_CODES - set(g["area_code"])
        if missing:
            names = sorted(LONDON_NAME if c == LONDON_CODE else borough_by_code(c).name for c in missing)
            raise IngestError(path, f"{vintage} mid-{year}: no figure for {', '.join(names[:5])}")


# --------------------------------------------------------------------------------------------------
# The four layouts


def read_first_published(path: Path) -> pd.DataFrame:
    """GLA compilation of ONS estimates as first published: sheet MYE, one column per year."""
    rows = sheet_rows(path, "MYE")
    h = _header_row(rows, "Code", path, "MYE")
    header = [_cell(c) for c in rows[h]]
    if "New Code" not in header:
        raise IngestError(path, "missing column 'New Code'", row=h + 1, column="New Code")
    code_ix = header.index("New Code")
    years = [(i, int(c)) for i, c in enumerate(header) if re.fullmatch(r"(19|20)\d\d", c)]
    if not years:
        raise IngestError(path, "no year columns (1961, 1962, ...) in sheet MYE", row=h + 1)
    recs = []
    for r_ix in range(h + 1, len(rows)):
        r = rows[r_ix]
        area = _area(_cell(r[code_ix])) if len(r) > code_ix else None
        if area is None:
            continue
        for i, y in years:
            recs.append((y, *area, _population(r[i], path, r_ix + 1, str(y))))
    return _frame(recs, "ons_mye_first_published", f"{path.name} (sheet MYE)")


def read_mye4(path: Path) -> pd.DataFrame:
    """ONS mid-year release workbook: sheet MYE4, columns Code, Name, Geography, Mid-YYYY..."""
    rows = sheet_rows(path, "MYE4")
    h = _header_row(rows, "Code", path, "MYE4")
    header = [_cell(c) for c in rows[h]]
    years = [(i, int(m.group(1))) for i, c in enumerate(header) if (m := re.fullmatch(r"Mid-(\d{4})", c))]
    if not years:
        raise IngestError(path, "no Mid-YYYY columns in sheet MYE4", row=h + 1)
    release = max(y for _, y in years)
    vintage = f"ons_mye_mid{release}_release"
    recs = []
    for r_ix in range(h + 1, len(rows)):
        r = rows[r_ix]
        area = _area(_cell(r[0])) if r else None
        if area is None:
            continue
        for i, y in years:
            recs.append((y, *area, _population(r[i], path, r_ix + 1, f"Mid-{y}")))
    return _frame(recs, vintage, f"{path.name} (sheet MYE4)")


def read_gdp_table6(path: Path) -> pd.DataFrame:
    """ONS regional GDP tables, Table 6 total resident population; London = sum of the 33 authorities."""
    rows = sheet_rows(path, "Table 6")
    h = next((i for i, r in enumerate(rows[:20]) if len(r) > 1 and _cell(r[1]) == "LA code"), None)
    if h is None:
        raise IngestError(path, "sheet 'Table 6' has no header row with 'LA code'")
    header = [_cell(c) for c in rows[h]]
    years = [(i, int(c)) for i, c in enumerate(header) if re.fullmatch(r"(19|20)\d\d", c)]
    recs = []
    for r_ix in range(h + 1, len(rows)):
        r = rows[r_ix]
        area = _area(_cell(r[1])) if len(r) > 1 else None
        if area is None:
            continue
        for i, y in years:
            recs.append((y, *area, _population(r[i], path, r_ix + 1, str(y))))
    t = _frame(recs, "ons_current_series", f"{path.name} (Table 6)")
    if (t["area_code"] == LONDON_CODE).any():
        return t
    london = t.groupby("year", as_index=False)["population"].sum()
    london = london.assign(
        vintage="ons_current_series",
        area_code=LONDON_CODE,
        area_name=LONDON_NAME,
        source=f"{path.name} (Table 6): sum of the 33 London authorities (no London row published)",
    )
    return pd.concat([t, london[t.columns]], ignore_index=True)


def read_mye2_csv(path: Path) -> pd.DataFrame:
    """CSV export of ONS sheet 'MYE2 - Persons': Code, Name, Geography, All ages, 0, 1, ..."""
    m = re.search(r"mid-?(\d{4})", path.name, re.I) or re.search(r"mye(\d{2})(?!\d)", path.name, re.I)
    if m is None:
        raise IngestError(
            path,
            "an ONS MYE2 persons export does not say its mid-year: put it in the file name (e.g. 'mid2024')",
        )
    year = int(m.group(1)) if len(m.group(1)) == 4 else 2000 + int(m.group(1))
    text = read_text(path)
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.strip() for c in rows[0]]
    if header[:4] != ["Code", "Name", "Geography", "All ages"]:
        raise IngestError(path, f"expected columns Code, Name, Geography, All ages (found {header[:4]})", row=1)
    recs = []
    for r_ix, r in enumerate(rows[1:], start=2):
        if not r or not r[0].strip():
            continue
        area = _area(r[0])
        if area is None:
            continue
        recs.append((year, *area, _population(r[3], path, r_ix, "All ages")))
    return _frame(recs, f"ons_mye_mid{year}_release", f"{path.name} (MYE2 persons, all ages)")


def _frame(recs: list[tuple], vintage: str, source: str) -> pd.DataFrame:
    t = pd.DataFrame(recs, columns=["year", "area_code", "area_name", "population"])
    t.insert(0, "vintage", vintage)
    t["source"] = source
    return t


class PopulationEstimates:
    """ONS mid-year estimates, one vintage per release (four layouts)."""

    name = "population_estimates"
    tables = (POPULATION_ESTIMATES,)

    @staticmethod
    def layout(path: Path, head: str) -> str | None:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            first = head.splitlines()[0] if head else ""
            return "mye2_csv" if first.startswith("Code,Name,Geography,All ages,") else None
        sheets = workbook_sheets(path)
        if "MYE" in sheets and suffix == ".xls":
            return "first_published"
        if "MYE4" in sheets:
            return "mye4"
        if "Table 6" in sheets and suffix == ".xlsx":
            rows = sheet_rows(path, "Table 6")[:1]
            if rows and "Total resident population" in _cell(rows[0][0]):
                return "gdp_table6"
        return None

    def recognises(self, path: Path, head: str) -> bool:
        return self.layout(path, head) is not None

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        readers = {
            "first_published": read_first_published,
            "mye4": read_mye4,
            "gdp_table6": read_gdp_table6,
            "mye2_csv": read_mye2_csv,
        }
        parts: list[pd.DataFrame] = []
        seen: dict[str, Path] = {}
        for path in paths:
            t = readers[self.layout(path, "" if path.suffix.lower() != ".csv" else _head(path))](path)
            v = str(t["vintage"].iloc[0]) if len(t) else ""
            if not len(t):
                raise IngestError(path, "no London authority rows")
            if v not in _KNOWN_VINTAGES:
                raise IngestError(
                    path, f"vintage {v!r} is not in lib/reference/population_vintages.csv: add its publication date"
                )
            if v in seen:
                raise IngestError(path, f"vintage {v} is also in {seen[v].name}: the same release twice? Keep one")
            seen[v] = path
            _check_complete(t, path, v)
            parts.append(t)
        table = pd.concat(parts, ignore_index=True)
        table["population"] = table["population"].astype("float64")
        ctx.notes["population_estimates"] = "; ".join(
            f"{v}: mid-{int(g['year'].min())}..mid-{int(g['year'].max())}"
            for v, g in table.groupby("vintage", sort=False)
        )
        return {"population_estimates": table.sort_values(["vintage", "area_code", "year"], ignore_index=True)}


def _head(path: Path) -> str:
    with open(path, "rb") as fh:
        return fh.read(4096).decode("utf-8-sig", errors="replace")


# --------------------------------------------------------------------------------------------------
# Census 2021 population by ethnicity and local authority


ETHNICITY_2021_COLUMNS = ["Geography", "Geography_code", "Ethnicity", "Ethnicity_type", "Ethnic Population", "Time"]
ETHNICITY_2021_TYPE = "ONS 2021 19+1"


def census2021_groups() -> dict[str, tuple[str, str]]:
    """Census 2021 19-category name (as GOV.UK writes it) -> (census5, search4)."""
    return {r["category"]: (r["census5"], r["search4"]) for r in read_rows("census2021_ethnic_groups.csv")}


class Census2021Ethnicity:
    """GOV.UK Ethnicity facts and figures: population by ethnicity and local authority (Census 2021)."""

    name = "census2021_ethnicity"
    tables = (POPULATION_ETHNICITY_2021,)

    def recognises(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        return (
            path.suffix.lower() == ".csv"
            and '"Ethnicity_type"' in first
            and '"Geography_code"' in first
            and '"Ethnic Population"' in first
        )

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        if len(paths) > 1:
            raise IngestError(paths[1], f"a second Census 2021 ethnicity file (first: {paths[0].name}): keep one")
        path = paths[0]
        df = pd.read_csv(io.StringIO(read_text(path)), dtype=str, keep_default_na=False)
        for col in ETHNICITY_2021_COLUMNS:
            if col not in df.columns:
                raise IngestError(path, f"missing column {col!r}", row=1, column=col)
        groups = census2021_groups()
        london = df["Geography_code"].str.startswith("E09")
        years = set(df.loc[london, "Time"].str.strip())
        if years != {"2021"}:
            raise IngestError(
                path, f"expected Census 2021 rows only (Time = 2021), found {sorted(years)}", column="Time"
            )
        rows = df[london & (df["Ethnicity_type"] == ETHNICITY_2021_TYPE)]
        all_rows = df[london & (df["Ethnicity"] == "All")]
        unknown = sorted(set(rows["Ethnicity"]) - set(groups))
        if unknown:
            raise IngestError(
                path,
                f"ethnic group(s) {unknown} not in lib/reference/census2021_ethnic_groups.csv",
                column="Ethnicity",
            )
        counts: dict[tuple[str, str], int] = {}
        for ix, r in rows.iterrows():
            line = int(ix) + 2
            b = find_borough(r["Geography_code"])
            if b is None:
                raise IngestError(
                    path, f"unknown borough code {r['Geography_code']!r}", row=line, column="Geography_code"
                )
            key = (b.code, r["Ethnicity"])
            if key in counts:
                raise IngestError(path, f"{b.name} / {r['Ethnicity']} appears twice", row=line, column="Ethnicity")
            counts[key] = parse_count(r["Ethnic Population"], path, line, "Ethnic Population")
        totals = {
            b.code: parse_count(r["Ethnic Population"], path, int(ix) + 2, "Ethnic Population")
            for ix, r in all_rows.iterrows()
            if (b := find_borough(r["Geography_code"])) is not None
        }
        out = []
        for b in all_boroughs():
            cats = {cat: counts.get((b.code, cat)) for cat in groups}
            missing = [c for c, n in cats.items() if n is None]
            if missing:
                raise IngestError(path, f"{b.name}: no count for {missing[:3]}", column="Ethnicity")
            if b.code in totals and sum(cats.values()) != totals[b.code]:
                raise IngestError(
                    path,
                    f"{b.name}: the 19 ethnic groups add up to {sum(cats.values()):,}, not the published "
                    f"total {totals[b.code]:,}",
                    column="Ethnic Population",
                )
            for scheme, pos, order in (("search4", 1, SEARCH4_ORDER), ("census5", 0, CENSUS5_ORDER)):
                for g in order:
                    n = sum(v for c, v in cats.items() if groups[c][pos] == g)
                    out.append({"borough_code": b.code, "borough_name": b.name, "scheme": scheme, "group": g,
                                "population": n})
        table = pd.DataFrame(out).sort_values(["scheme", "borough_code"], kind="mergesort", ignore_index=True)
        total = table.loc[table["scheme"] == "search4", "population"].sum()
        ctx.notes["population_ethnicity_2021"] = f"Census 2021, 33 authorities, {int(total):,} usual residents"
        return {"population_ethnicity_2021": table}


ADAPTERS = [PopulationEstimates(), Census2021Ethnicity()]
