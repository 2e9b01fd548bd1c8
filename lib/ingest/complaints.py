"""Complaints against borough officers and staff: this dashboard's documented import format.

No borough-level complaints extract is published (the Enfield Safer Neighbourhood Board pack quotes
the MPS Borough Support Management Information report, which is not open data), so the format is
defined here and in ``docs/import_formats/complaints.md``. Two tidy CSV files, recognised by their
header:

- allegations: ``borough, month, allegation_type, outcome, allegations`` — one row per borough,
  month the allegation was recorded, allegation type and outcome; ``allegations`` is a count of
  officer/staff allegations (one complainant alleging one thing against two officers is two);
- workforce: ``borough, month|year, officers, staff`` — the borough's workforce (headcount or
  full-time equivalent), either per month (``month`` 'YYYY-MM') or per year (``year`` '2014/15' for
  a financial year or '2015' for a calendar year, applying to every month of that year).

Boroughs are the 32 MPS boroughs in any spelling :func:`lib.reference.boroughs.find_borough` knows. London
is always computed as the sum of the boroughs, so 'London'/'MPS' rows are refused, as are the City
of London (not policed by the MPS) and non-borough units. Allegation types and outcomes are the
reference tables ``lib/reference/complaints_allegation_types.csv`` and
``lib/reference/complaints_outcomes.csv`` (names and aliases, case-insensitive).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from lib.errors import IngestError, UsageError
from lib.ingest.base import IngestContext, parse_count, read_csv_rows
from lib.periods import financial_year, month_range, parse_month
from lib.reference.boroughs import Borough, find_borough
from lib.reference.complaints import allegation_types, outcomes
from lib.schema import Column, TableSchema

SOURCE = (
    "Import format defined in docs/import_formats/complaints.md (categories and glossary from the "
    "Enfield Safer Neighbourhood Board pack 2015, after MPS Borough Support Management Information)"
)
ALLEGATIONS_COLUMNS = ["borough", "month", "allegation_type", "outcome", "allegations"]
WORKFORCE_COLUMNS = ["borough", "officers", "staff"]
WORKFORCE_PERIOD_COLUMNS = ("month", "year")
# Spellings of the force-wide total: refused, because London is the sum of the 32 boroughs.
LONDON_SPELLINGS = frozenset(
    {"london", "mps", "met", "metropolitan police", "metropolitan police service", "met police",
     "e12000007", "total", "london total", "mps total"}
)

ALLEGATIONS = TableSchema(
    name="complaints_allegations",
    description=(
        "Public complaint allegations against borough officers and staff, by borough, month recorded, "
        "allegation type and outcome. An allegation is counted once per officer/staff member it names. "
        "London is the sum of the 32 boroughs (central units are not included)."
    ),
    source=SOURCE,
    columns=(
        Column("borough_code", "str", "GSS code of the borough (E09...)"),
        Column("borough_name", "str", "Canonical borough name"),
        Column("month", "str", "Month the allegation was recorded, YYYY-MM"),
        Column("allegation_type", "str", "Allegation type (lib/reference/complaints_allegation_types.csv)"),
        Column(
            "outcome", "str",
            "Outcome at extraction, or 'Not yet finalised' (lib/reference/complaints_outcomes.csv)",
        ),
        Column("allegations", "int", "Number of officer/staff allegations"),
    ),
)
WORKFORCE = TableSchema(
    name="complaints_workforce",
    description=(
        "Borough workforce (police officers and police staff) by month, the denominator of "
        "allegations per 100 workforce. A yearly figure in the import file applies to each month of its year."
    ),
    source=SOURCE,
    columns=(
        Column("borough_code", "str", "GSS code of the borough (E09...)"),
        Column("borough_name", "str", "Canonical borough name"),
        Column("month", "str", "Month the workforce figure applies to, YYYY-MM"),
        Column("officers", "float", "Police officers (headcount or FTE as supplied)"),
        Column("staff", "float", "Police staff (headcount or FTE as supplied)"),
        Column("source_period", "str", "Period as written in the file: 'YYYY-MM', '2014/15' or '2015'"),
    ),
)


def _norm(text: str) -> str:
    """Header or category key: lower case, single spaces, underscores for spaces in headers."""
    return re.sub(r"\s+", " ", text.strip().lower())


def _header_key(text: str) -> str:
    return _norm(text).replace(" ", "_")


def _first_line_columns(head: str) -> set[str]:
    first = head.splitlines()[0] if head.strip() else ""
    return {_header_key(c.strip().strip('"')) for c in first.split(",")}


def _category_lookup(reference: pd.DataFrame) -> dict[str, str]:
    """Every accepted spelling (name, code, aliases; case-insensitive) -> canonical name."""
    table: dict[str, str] = {}
    for r in reference.itertuples():
        spellings = [r.name, r.code, r.code.replace("_", " "), *filter(None, str(r.aliases).split("|"))]
        for spelling in spellings:
            table[_norm(spelling)] = r.name
    return table


def resolve_borough(value: str, path: Path, row: int) -> Borough:
    """The MPS borough a cell names; IngestError for London totals, City of London, anything else."""
    v = value.strip()
    if not v:
        raise IngestError(path, "empty borough", row=row, column="borough")
    if _norm(v) in LONDON_SPELLINGS:
        raise IngestError(
            path,
            f"{v!r} is a force-wide total: this format takes the 32 boroughs only and London is "
            "computed as their sum; remove the row",
            row=row,
            column="borough",
        )
    b = find_borough(v)
    if b is None:
        raise IngestError(path, f"unknown borough {v!r}", row=row, column="borough")
    if not b.policed_by_mps:
        raise IngestError(
            path, f"{b.name} is policed by the City of London Police, not the MPS", row=row, column="borough"
        )
    return b


def _month(value: str, path: Path, row: int, column: str = "month") -> str:
    try:
        return parse_month(value)
    except UsageError:
        message = f"not a month: {value!r} (expected YYYY-MM)"
        raise IngestError(path, message, row=row, column=column) from None


def _year_months(value: str, path: Path, row: int) -> list[str]:
    """Months of a financial year '2014/15' (April-March) or a calendar year '2015'."""
    v = value.strip()
    if re.fullmatch(r"\d{4}", v):
        return month_range(f"{v}-01", f"{v}-12")
    try:
        return month_range(*financial_year(v))
    except UsageError:
        raise IngestError(
            path, f"not a year: {value!r} (expected a financial year like 2014/15 or a calendar year 2015)",
            row=row, column="year",
        ) from None


def _amount(value: str, path: Path, row: int, column: str) -> float:
    """A non-negative number of people (FTE decimals allowed)."""
    v = value.strip().replace(",", "")
    if v == "":
        raise IngestError(path, "empty value", row=row, column=column)
    try:
        x = float(v)
    except ValueError:
        raise IngestError(path, f"not a number: {value!r}", row=row, column=column) from None
    if x != x or x in (float("inf"), float("-inf")):
        raise IngestError(path, f"not a number: {value!r}", row=row, column=column)
    if x < 0:
        raise IngestError(path, f"negative value: {value!r}", row=row, column=column)
    return x


def _rows(path: Path, required: list[str]) -> tuple[dict[str, int], list[list[str]]]:
    """Column positions (normalised header) and data rows, with missing columns named."""
    header, body = read_csv_rows(path, [])
    keys = [_header_key(h) for h in header]
    for col in required:
        if col not in keys:
            raise IngestError(path, f"missing column {col!r} (found {header})", row=1, column=col)
    return {k: i for i, k in enumerate(keys)}, body


class AllegationsAdapter:
    """Tidy allegations CSV: borough, month, allegation_type, outcome, allegations."""

    name = "complaints_allegations"
    tables = (ALLEGATIONS,)

    def recognises(self, path: Path, head: str) -> bool:
        cols = _first_line_columns(head)
        return "borough" in cols and bool(cols & {"allegation_type", "allegations", "outcome"})

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        types = _category_lookup(allegation_types())
        outs = _category_lookup(outcomes())
        records: list[tuple[str, str, str, str, str, int]] = []
        seen: dict[tuple[str, str, str, str], str] = {}
        for path in paths:
            pos, body = _rows(path, ALLEGATIONS_COLUMNS)
            extra = sorted(set(pos) - set(ALLEGATIONS_COLUMNS))
            if extra:
                ctx.warn(f"{path.name}: extra columns ignored: {extra}")
            for i, r in enumerate(body):
                line = i + 2
                b = resolve_borough(r[pos["borough"]], path, line)
                month = _month(r[pos["month"]], path, line)
                raw_type = r[pos["allegation_type"]]
                a_type = types.get(_norm(raw_type))
                if a_type is None:
                    raise IngestError(
                        path, f"unknown allegation type {raw_type.strip()!r} (expected one of "
                        f"{list(allegation_types()['name'])})", row=line, column="allegation_type",
                    )
                raw_outcome = r[pos["outcome"]]
                outcome = outs.get(_norm(raw_outcome))
                if outcome is None:
                    raise IngestError(
                        path, f"unknown outcome {raw_outcome.strip()!r} (expected one of "
                        f"{list(outcomes()['name'])})", row=line, column="outcome",
                    )
                n = parse_count(r[pos["allegations"]], path, line, "allegations")
                key = (b.code, month, a_type, outcome)
                where = f"{path.name} row {line}"
                if key in seen:
                    raise IngestError(
                        path,
                        f"duplicate row for {b.name}, {month}, {a_type}, {outcome} (first at {seen[key]})",
                        row=line,
                    )
                seen[key] = where
                records.append((b.code, b.name, month, a_type, outcome, n))
        df = pd.DataFrame(records, columns=ALLEGATIONS.column_names)
        df = df.sort_values(["borough_code", "month", "allegation_type", "outcome"], ignore_index=True)
        ctx.notes["complaints_allegations"] = (
            f"{int(df['allegations'].sum()):,} allegations, {df['borough_code'].nunique()} boroughs, "
            f"{df['month'].min()}..{df['month'].max()}"
        )
        return {ALLEGATIONS.name: df}


class WorkforceAdapter:
    """Workforce CSV: borough, month (YYYY-MM) or year (2014/15 or 2015), officers, staff."""

    name = "complaints_workforce"
    tables = (WORKFORCE,)

    def recognises(self, path: Path, head: str) -> bool:
        cols = _first_line_columns(head)
        return "borough" in cols and bool(cols & {"officers", "staff"}) and "allegations" not in cols

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        records: list[tuple[str, str, str, float, float, str]] = []
        seen: dict[tuple[str, str], str] = {}
        for path in paths:
            pos, body = _rows(path, WORKFORCE_COLUMNS)
            period_cols = [c for c in WORKFORCE_PERIOD_COLUMNS if c in pos]
            if not period_cols:
                raise IngestError(path, "missing column 'month' (or 'year')", row=1, column="month")
            if len(period_cols) > 1:
                raise IngestError(path, "has both 'month' and 'year' columns: use one", row=1, column="year")
            period_col = period_cols[0]
            for i, r in enumerate(body):
                line = i + 2
                b = resolve_borough(r[pos["borough"]], path, line)
                raw_period = r[pos[period_col]].strip()
                if period_col == "month":
                    months = [_month(raw_period, path, line)]
                    source_period = months[0]
                else:
                    months = _year_months(raw_period, path, line)
                    source_period = raw_period
                officers = _amount(r[pos["officers"]], path, line, "officers")
                staff = _amount(r[pos["staff"]], path, line, "staff")
                where = f"{path.name} row {line}"
                for m in months:
                    if (b.code, m) in seen:
                        raise IngestError(
                            path,
                            f"duplicate workforce figure for {b.name}, {m} (also at {seen[(b.code, m)]})",
                            row=line,
                            column=period_col,
                        )
                    seen[(b.code, m)] = where
                    records.append((b.code, b.name, m, officers, staff, source_period))
        df = pd.DataFrame(records, columns=WORKFORCE.column_names)
        df = df.sort_values(["borough_code", "month"], ignore_index=True)
        return {WORKFORCE.name: df}


ADAPTERS = [AllegationsAdapter(), WorkforceAdapter()]
