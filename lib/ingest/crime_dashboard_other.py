"""MPS Monthly Crime Dashboard, sheet 'Other', by borough (London Datastore), 2021-08 onwards.

Format, recognised by header: long, one row per month, area, crime type, subtype and measure::

    month_year, area_type, borough_snt, area_name, area_code, crime_type, crime_subtype, measure,
    financial_year, fy_fyindex, count, refresh_date, sheet

``month_year`` is the first day of the month ('2021-08-01'); ``measure`` is 'Offences' or 'Positive
Outcomes'; ``count`` a whole number. Rows whose ``area_type`` is not 'Borough' (the sheet also has
Safer Neighbourhood Team rows) are not read, with a warning: they would count the same offences twice.

It continues the hate and special crime file (:mod:`lib.ingest.special_crime`, 2010-04..2021-05)
after a gap: no file covers 2021-06..2021-07. Its offences go into the same table, ``crime_special``,
under the older file's names (``lib/reference/crime_dashboard_other_names.csv`` maps each crime type
and subtype, with a note saying why; a subtype with no counterpart keeps its own name and one not in
the list is kept as published, with a warning). The gap is never bridged: the manifest note
``crime_special_months`` lists the runs of months the table covers, and a 12-month total touching a
missing month is missing (``lib.metrics.crime_series.window_totals``). Positive outcomes are another
measure: they go into their own table, ``crime_special_outcomes``, so that no reader of
``crime_special`` can add them to offences.

Zero rows: the file omits them. Of its 49,431 rows none has a count of 0 (the older file, in the
same areas and flags, has 27,297 zero cells of 101,706), and the rows per subtype follow how rare
it is: every borough has a row for every month of all hate crime and of domestic abuse (1,536 =
32 x 48), but anti-Semitic offences have 880 borough rows and transgender hate crime positive
outcomes 72. So a borough's missing month of a subtype and measure the file has is a 0, and the
adapter writes it as 0, for the 32 boroughs and the months the file has (a month with no row at
all in the file stays missing). Non-borough rows are kept as published (their zeros add nothing).

Areas resolve as in :mod:`lib.ingest.special_crime`: boroughs by any published spelling (a borough's
``area_code`` must be its GSS code); non-borough areas ('Aviation Security (SO18) (Legacy Only)',
'N/K (Legacy Only)', 'Non MET police force', 'Unknown', and the rows with an empty area name, named
by their ``borough_snt`` 'Other / NK') are kept with ``area_kind`` and no borough code, so the London
(MPS) total is the sum of every row. City of London or an unknown name is an error. Bad input (a
count that is not a whole number, a month not YYYY-MM-01, an unknown measure, a row twice) raises
:class:`lib.errors.IngestError` naming file, row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from lib.errors import IngestError
from lib.ingest.base import IngestContext, parse_count, read_csv_rows
from lib.ingest.crime import _header_cells
from lib.ingest.special_crime import CRIME_SPECIAL
from lib.periods import month_index
from lib.reference.boroughs import CITY_OF_LONDON_CODE, find_borough, mps_boroughs, non_borough_areas
from lib.reference.special_crime import DASHBOARD_NAMES_FILE, dashboard_names
from lib.schema import Column, TableSchema

SOURCE = (
    "Metropolitan Police Service via the London Datastore, 'MPS Monthly Crime Dashboard Data', sheet "
    "MPS_MonthlyCrimeDashboard_Other, borough rows; Open Government Licence v3.0"
)
REQUIRED = ["month_year", "area_type", "borough_snt", "area_name", "area_code", "crime_type", "crime_subtype",
            "measure", "count"]
OFFENCES = "Offences"
OUTCOMES = "Positive Outcomes"
MEASURES = (OFFENCES, OUTCOMES)
BOROUGH_ROWS = "Borough"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-01$")
_KEY = ["month", "area_name", "major", "minor"]

CRIME_SPECIAL_OUTCOMES = TableSchema(
    name="crime_special_outcomes",
    description=(
        "Positive outcomes (charges, cautions and other outcomes the MPS counts as positive) of the hate and "
        "special crime flags by borough and month, from the MPS Monthly Crime Dashboard 'Other' sheet "
        "(2021-08 onwards). A measure of its own: an outcome recorded in a month may be for an offence of "
        "an earlier month, so never add outcomes to offences (crime_special) or divide them as if they "
        "were the same offences without saying so. Rows are named as in crime_special; months a borough "
        "has no row for in the file are written as 0 (the file omits zero rows). Non-borough rows have no "
        "borough code and count in the London total only."
    ),
    source=SOURCE,
    # crime_special's columns (the outcomes are named and placed as its offences are), the count apart
    columns=tuple(
        Column("count", "int", "Positive outcomes of offences carrying the flag, recorded in the month")
        if c.name == "count" else c for c in CRIME_SPECIAL.columns
    ),
)
TABLES = (CRIME_SPECIAL, CRIME_SPECIAL_OUTCOMES)


def is_dashboard_other_header(head: str) -> bool:
    """True when the first line has every column this format needs (extra columns are allowed)."""
    return set(REQUIRED) <= set(_header_cells(head))


def month_runs(months) -> str:
    """Consecutive runs of the months present, 'YYYY-MM..YYYY-MM, YYYY-MM..YYYY-MM' (a gap splits them)."""
    runs: list[list[str]] = []
    for m in sorted(set(map(str, months))):
        if runs and month_index(m) == month_index(runs[-1][-1]) + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(f"{r[0]}..{r[-1]}" for r in runs)


def _area(name: str, code: str, path: Path, row: int) -> tuple[str | None, str | None, str]:
    """(borough code, borough name, area kind) of a published area; IngestError for City or an unknown name."""
    others = non_borough_areas()
    if name in others:
        return None, None, others[name]
    b = find_borough(name)
    if b is None:
        raise IngestError(path, f"unknown area {name!r}: neither a London borough nor a listed non-borough area "
                                "(lib/reference/non_borough_areas.csv)", row=row, column="area_name")
    if b.code == CITY_OF_LONDON_CODE:
        raise IngestError(path, "City of London is policed by the City of London Police and has no MPS figures",
                          row=row, column="area_name")
    if code and code != b.code:
        raise IngestError(path, f"area code {code!r} is not {b.name}'s ({b.code})", row=row, column="area_code")
    return b.code, b.name, "borough"


def read_dashboard_other(path: Path, ctx: IngestContext) -> pd.DataFrame:
    """The file as one long table: month, borough_code, borough_name, area_name, area_kind, major, minor,
    measure, count (published rows only; zeros are added by :func:`with_zeros`)."""
    header, body = read_csv_rows(path, REQUIRED)
    col = {c: header.index(c) for c in REQUIRED}
    names = dashboard_names()
    areas: dict[tuple[str, str], tuple[str | None, str | None, str]] = {}
    unlisted: dict[tuple[str, str], int] = {}
    not_borough: dict[str, int] = {}
    rows = []
    for i, r in enumerate(body):
        line = i + 2
        area_type = r[col["area_type"]].strip()
        if area_type != BOROUGH_ROWS:
            not_borough[area_type] = not_borough.get(area_type, 0) + 1
            continue
        m = _MONTH.match(r[col["month_year"]].strip())
        if not m:
            raise IngestError(path, f"month {r[col['month_year']]!r} is not a first of the month, YYYY-MM-01",
                              row=line, column="month_year")
        measure = r[col["measure"]].strip()
        if measure not in MEASURES:
            raise IngestError(path, f"unknown measure {measure!r} (expected {' or '.join(map(repr, MEASURES))})",
                              row=line, column="measure")
        count = parse_count(r[col["count"]], path, line, "count")
        name = r[col["area_name"]].strip() or r[col["borough_snt"]].strip()
        code = r[col["area_code"]].strip()
        if (name, code) not in areas:
            areas[(name, code)] = _area(name, code, path, line)
        borough_code, borough_name, kind = areas[(name, code)]
        key = (r[col["crime_type"]].strip(), r[col["crime_subtype"]].strip())
        mapped = names.get(key)
        if mapped is None:
            unlisted[key] = unlisted.get(key, 0) + 1
        major, minor = (mapped.major, mapped.minor) if mapped else key
        rows.append((f"{m.group(1)}-{m.group(2)}", borough_code, borough_name, name, kind, major, minor, measure,
                     count, line))
    for area_type, n in sorted(not_borough.items()):
        ctx.warn(f"{path.name}: {n:,} row(s) with area_type {area_type!r} not read (only {BOROUGH_ROWS!r} rows "
                 "are: the others count the same offences again)")
    for (crime_type, subtype), n in sorted(unlisted.items()):
        ctx.warn(f"{path.name}: crime type {crime_type!r} / {subtype!r} is not in "
                 f"lib/reference/{DASHBOARD_NAMES_FILE}: its {n:,} row(s) are kept under the published names until "
                 "the mapping is reviewed")
    cols = ["month", "borough_code", "borough_name", "area_name", "area_kind", "major", "minor", "measure", "count",
            "line"]
    table = pd.DataFrame(rows, columns=cols)
    dup = table.duplicated([*_KEY, "measure"], keep="first")
    if dup.any():
        first = table[dup].iloc[0]
        raise IngestError(path, f"{first['area_name']} / {first['minor']} ({first['measure']}) for "
                                f"{first['month']} appears twice (after lib/reference names)",
                          row=int(first["line"]), column="crime_subtype")
    return table.drop(columns="line")


def with_zeros(table: pd.DataFrame) -> pd.DataFrame:
    """The published rows plus a 0 for every borough, month of the file and (measure, major, minor) of the
    file that has no row (the file omits zero rows: see the module docstring)."""
    boroughs = pd.DataFrame([(b.code, b.name) for b in mps_boroughs()], columns=["borough_code", "borough_name"])
    grid = (table[["measure", "major", "minor"]].drop_duplicates()
            .merge(pd.DataFrame({"month": sorted(table["month"].unique())}), how="cross")
            .merge(boroughs, how="cross"))
    have = table[table["area_kind"] == "borough"][["measure", "major", "minor", "month", "borough_code"]]
    missing = grid.merge(have, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge")
    zeros = missing.assign(area_name=missing["borough_name"], area_kind="borough", count=0)
    return pd.concat([table, zeros[table.columns]], ignore_index=True)


class CrimeDashboardOtherAdapter:
    """MPS Monthly Crime Dashboard 'Other' sheet: hate crime, domestic abuse, knife and gun crime offences and
    positive outcomes by borough and month (continues the hate and special crime flags)."""

    name = "crime_dashboard_other"
    tables = TABLES

    def recognises(self, path: Path, head: str) -> bool:
        return is_dashboard_other_header(head)

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        parts = []
        for path in paths:
            parts.append(with_zeros(read_dashboard_other(path, ctx)).assign(source=path))
        table = pd.concat(parts, ignore_index=True)
        dup = table.duplicated([*_KEY, "measure"], keep=False)
        if dup.any():
            first = table[dup].iloc[0]
            raise IngestError(table[dup]["source"].iloc[-1],
                              f"{first['area_name']} / {first['minor']} ({first['measure']}) for {first['month']} is "
                              "also in another Monthly Crime Dashboard file: the same figures twice? Keep one copy")
        table = table.drop(columns="source")
        cols = list(CRIME_SPECIAL.column_names)
        offences = table[table["measure"] == OFFENCES][cols]
        outcomes = table[table["measure"] == OUTCOMES][cols]
        older = ctx.tables.get("crime_special")
        special = offences if older is None else pd.concat([older[cols], offences], ignore_index=True)
        both = special.duplicated(_KEY, keep=False)
        if older is not None and both.any():
            first = special[both].iloc[0]
            raise IngestError(paths[0], f"{first['area_name']} / {first['minor']} for {first['month']} is also in the "
                                        "hate and special crime file: the two files must not share months")
        ctx.notes["crime_special_months"] = month_runs(special["month"])
        ctx.notes["crime_special_outcomes_months"] = month_runs(outcomes["month"])
        order = ["minor", "area_name", "month"]
        return {"crime_special": special.sort_values(order, ignore_index=True),
                "crime_special_outcomes": outcomes.sort_values(order, ignore_index=True)}


ADAPTERS = [CrimeDashboardOtherAdapter()]
