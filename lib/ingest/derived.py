"""Derived tables: answers worked out once at ingest from the tables just read, so a page reads them.

``crime_series`` is the borough series on the default-release rule (each month from the newest
release containing it; :func:`lib.metrics.crime_series.borough_series`): every indicator, published
major and minor category by month for the 32 boroughs and London (MPS). Every new session's first
crime answer used to rebuild it from ``crime_borough`` (about a second on the real files); now the
store holds it, written in the same atomic swap as the tables it comes from.

The arithmetic stays in ``lib.metrics.crime_series`` (the one definition): this step only calls it.
The manifest note ``crime_series_rule`` records the category mapping and rule version it was built
with; ``lib.views.crime.crime_dataset`` uses the table only when that note matches the code's
(otherwise it recomputes, so a reviewed change to the mapping never shows stale figures).
"""

from __future__ import annotations

import pandas as pd

from lib.metrics.crime_series import SERIES_RULE_NOTE as RULE_NOTE
from lib.metrics.crime_series import SERIES_TABLE
from lib.schema import Column, TableSchema

CRIME_SERIES = TableSchema(
    name=SERIES_TABLE,
    description=(
        "Derived at ingest: monthly recorded crime by area (32 boroughs and London, MPS) for every indicator, "
        "published major and minor category, each month from the newest release containing it. One row "
        "per area, series and month where the series is defined"
    ),
    source="lib.metrics.crime_series.borough_series over crime_borough and crime_other_areas",
    columns=(
        Column("area_code", "str", "Borough GSS code, or E12000007 for London (MPS)"),
        Column("area_name", "str", "Borough name, or London (MPS)"),
        Column("kind", "str", "'indicator' (pack indicator), 'major' or 'minor' (published category)"),
        Column("indicator", "str", "Indicator name, or the published major/minor category"),
        Column("major", "str", "The major category of a minor category ('' otherwise)", nullable=True),
        Column("month", "str", "Month, YYYY-MM"),
        Column("release", "str", "The release the month's figure comes from (YYYY-MM)"),
        Column("scheme", "str", "Category scheme of that release ('pre2018' or 'current')"),
        Column("count", "int", "Offences recorded in the month"),
    ),
)
TABLES = (CRIME_SERIES,)


def derived_tables(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The derived tables of ``tables`` (none without ``crime_borough``) and the manifest notes for them."""
    if "crime_borough" not in tables or not len(tables["crime_borough"]):
        return {}, {}
    from lib.metrics import crime_series as cs

    crime = cs.CrimeTables(borough=tables["crime_borough"], other=tables.get("crime_other_areas"))
    return {SERIES_TABLE: cs.borough_series(crime)}, {RULE_NOTE: cs.series_rule()}
