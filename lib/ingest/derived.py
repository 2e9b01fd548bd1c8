"""Derived tables: answers worked out once at ingest from the tables just read, so a page reads them.

``crime_series`` is the borough series on the default-release rule (each month from the newest
release containing it; :func:`lib.metrics.crime_series.borough_series`): every indicator, published
major and minor category by month for the 32 boroughs and London (MPS). Every new session's first
crime answer used to rebuild it from ``crime_borough`` (about a second on the real files); now the
store holds it, written in the same atomic swap as the tables it comes from.

``crime_ward_series`` is every ward's indicator series, one block per ward release
(:func:`lib.metrics.crime_series.ward_release_series`): what ``lib.views.crime.ward_dataset`` reads instead
of the whole ward table. The ward table is about 4 million rows (656 MB as a frame of strings) and
working the series out from it took a server process to 1.9 GB; the stored series keeps its text as
categories, so a server holds tens of megabytes for every ward's figures.

Incomplete ward months: each ward release's months are checked against the borough files
(:func:`lib.metrics.ward_months.ward_month_check`, the one definition: the 32 boroughs' Total Notifiable
Offences on both sides). The ward rows stay as published in ``crime_ward`` and the series; the months
under the share are recorded in the manifest note ``crime_ward_incomplete_months`` (read by the ward
views and the drivers answer, which show no ward figures for a period that includes one) and warned
about in the ingest report, as is a ward month the borough files do not cover (it cannot be checked).

``crime_special_series`` is the hate and special crime rows as a series
(:func:`lib.metrics.special_crime.special_series` of ``crime_special``), under the manifest note
``crime_special_series_rule`` (:func:`lib.metrics.special_crime.special_rule`): every crime dataset holds it, and a
cold server worked it out from the flags before its first crime page.

``crime_area_figures`` and ``crime_area_headlines`` are every area's figures for the newest periods
(:data:`FIGURE_MONTHS` 12-month periods to the newest months, the default release rule and population basis):
what a cold server's first crime page used to work out before it could draw (about half a second). Ingest calls
the same function the page would (:func:`lib.metrics.crime_performance.area_figures`) on the tables as stored;
each row carries its keys (release rule, period, population basis) and ``lib.views.crime.crime_areas`` uses them
only for exactly those keys, the rule they were built by among them (else it works them out).

``web_boroughs``, ``web_wards`` and ``web_outlines`` are the maps' geometry as the screen draws it
(:mod:`lib.ingest.web_geometry`), so the app never reads GeoParquet nor imports geopandas.

``stop_search_locations`` and ``stop_search_squares`` are the stop-and-search map's grid: each search point's
British National Grid position and each square's name and corners (:mod:`lib.ingest.stop_search_grid`), so the
stop-and-search page imports no pyproj, shapely nor geopandas either.

The arithmetic stays in ``lib.metrics.crime_series`` (the one definition): this step only calls it.
The manifest note ``crime_series_rule`` records the category mapping and rule version it was built
with; ``lib.views.crime.crime_dataset`` uses the table only when that note matches the code's
(otherwise it recomputes, so a reviewed change to the mapping never shows stale figures).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from lib.ingest import stop_search_grid, web_geometry
from lib.metrics.crime_performance import (
    AREA_FIGURES_TABLE,
    AREA_HEADLINES_TABLE,
    area_figures,
    area_figures_rule,
    figure_keys,
)
from lib.metrics.crime_series import SERIES_RULE_NOTE as RULE_NOTE
from lib.metrics.crime_series import SERIES_TABLE, WARD_SERIES_RULE_NOTE, WARD_SERIES_TABLE
from lib.metrics.special_crime import SPECIAL_RULE_NOTE, SPECIAL_SERIES_TABLE, as_series, special_rule, special_series
from lib.metrics.ward_months import WARD_MONTHS_NOTE, ward_month_check
from lib.periods import month_label
from lib.reference.ward_file import WARD_MONTH_MIN_SHARE
from lib.schema import Column, TableSchema, conform

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
_CAT = "category"
CRIME_WARD_SERIES = TableSchema(
    name=WARD_SERIES_TABLE,
    description=(
        "Derived at ingest: monthly recorded crime by ward (2022 ward codes) for every indicator, one block of "
        "rows per ward release (each month of the release, every ward of it, 0 when nothing was recorded). "
        "The newest-per-month series is each month's rows from its newest release. Text columns are stored "
        "as categories (read back as pandas categories)"
    ),
    source="lib.metrics.crime_series.ward_release_series over crime_ward",
    columns=(
        Column("area_code", _CAT, "Ward GSS code (E05...)"),
        Column("area_name", _CAT, "Ward name as published"),
        Column("borough_code", _CAT, "GSS code of the borough the MPS assigns the ward to"),
        Column("borough_name", _CAT, "Canonical borough name"),
        Column("kind", _CAT, "'indicator' (pack indicator)"),
        Column("indicator", _CAT, "Indicator name"),
        Column("major", _CAT, "Empty for an indicator"),
        Column("month", "str", "Month, YYYY-MM"),
        Column("release", _CAT, "The ward release the row comes from (YYYY-MM)"),
        Column("scheme", _CAT, "Category scheme of that release ('current')"),
        Column("count", "int", "Offences recorded in the month"),
    ),
)
CRIME_SPECIAL_SERIES = TableSchema(
    name=SPECIAL_SERIES_TABLE,
    description=(
        "Derived at ingest: the hate and special crime rows a crime table shows (the Enfield pack's 'Other Crime'), "
        "as a monthly series by area (the 32 boroughs and London, the sum of every area of the file)"
    ),
    source="lib.metrics.special_crime.special_series over crime_special",
    columns=(
        Column("area_code", "str", "Borough GSS code, or E12000007 for London (MPS)"),
        Column("area_name", "str", "Borough name, or London (MPS)"),
        Column("kind", "str", "'special'"),
        Column("indicator", "str", "The pack's row name"),
        Column("major", "str", "'Hate' or 'Special'"),
        Column("month", "str", "Month, YYYY-MM"),
        Column("release", "str", "'hate-special' (the file is one release)"),
        Column("count", "int", "Flagged offences recorded in the month"),
    ),
)
_KEY_COLUMNS = (
    Column("figures_rule", "str", "Key: the rule the figures were built by (series rule and figures version)"),
    Column("figures_release", "str", "Key: the release rule the figures are for ('newest': each month from the newest "
           "release holding it)"),
    Column("figures_to", "str", "Key: the last month of the period, YYYY-MM"),
    Column("figures_kind", "str", "Key: the period's kind ('r12': the 12 months to figures_to)"),
    Column("figures_basis", "str", "Key: the population basis of the rates ('current', 'as_published' or a vintage)"),
)
CRIME_AREA_FIGURES = TableSchema(
    name=AREA_FIGURES_TABLE,
    description=(
        "Derived at ingest: every area's figures for every crime series for the newest 12-month periods, rated "
        "and ranked (lib.metrics.crime_performance.rank_all_areas), one block of rows per set of keys"
    ),
    source="lib.metrics.crime_performance.area_figures over crime_series, population, population_estimates and "
           "crime_special",
    columns=(
        *_KEY_COLUMNS,
        Column("area_code", "str", "Borough GSS code, or E12000007 for London (MPS)"),
        Column("area_name", "str", "Borough name, or London (MPS)"),
        Column("kind", "str", "'indicator', 'major', 'minor' or 'special' (hate and special crime)"),
        Column("indicator", "str", "Series name"),
        Column("major", "str", "The major category of a minor category ('' otherwise)", nullable=True),
        Column("current", "float", "Offences in the period", nullable=True),
        Column("previous", "float", "Offences in the same months a year earlier", nullable=True),
        Column("change", "float", "current - previous", nullable=True),
        Column("pct_change", "float", "% change on a year earlier", nullable=True),
        Column("missing_current", "int", "Months of the period without figures"),
        Column("missing_previous", "int", "Months of the previous period without figures"),
        Column("releases", "str", "The releases the two periods' figures come from", nullable=True),
        Column("rate_per_1000", "float", "Offences per 1,000 residents (households for residential burglary)",
               nullable=True),
        Column("rate_basis", "str", "'residents' or 'households'", nullable=True),
        Column("population_year", "int", "Year of the population estimate", nullable=True),
        Column("denominator", "float", "The residents or households divided by", nullable=True),
        Column("denominator_basis", "str", "Which population series the denominator comes from", nullable=True),
        Column("rank", "int", "Rank of 32 boroughs by rate (1 = lowest)", nullable=True),
        Column("rank_of", "int", "Boroughs ranked", nullable=True),
    ),
)
CRIME_AREA_HEADLINES = TableSchema(
    name=AREA_HEADLINES_TABLE,
    description=(
        "Derived at ingest: every area's indicator counts and % change for the month, financial year to date and "
        "12 months to each of the newest months (the headline figures), keyed as crime_area_figures"
    ),
    source="lib.metrics.crime_performance.area_figures over crime_series",
    columns=(
        *_KEY_COLUMNS,
        Column("kind", "str", "The headline's period: 'month', 'fytd' or 'r12'"),
        Column("area_code", "str", "Borough GSS code, or E12000007 for London (MPS)"),
        Column("indicator", "str", "Indicator name"),
        Column("current", "float", "Offences in the period", nullable=True),
        Column("previous", "float", "Offences in the same months a year earlier", nullable=True),
        Column("pct_change", "float", "% change on a year earlier", nullable=True),
    ),
)
TABLES = (CRIME_SERIES, CRIME_WARD_SERIES, CRIME_SPECIAL_SERIES, CRIME_AREA_FIGURES, CRIME_AREA_HEADLINES,
          *web_geometry.TABLES, *stop_search_grid.TABLES)
FIGURE_COLUMNS = [c.name for c in CRIME_AREA_FIGURES.columns[len(_KEY_COLUMNS):]]  # what area_figures ranks
FIGURE_MONTHS = 3  # the newest periods stored (the deep link's default and the two months before it)
FIGURE_KIND = "r12"  # the crime page's period


def stored_tables(tables: dict[str, pd.DataFrame], schemas: Mapping[str, TableSchema] | None,
                  ) -> Callable[[str], pd.DataFrame | None]:
    """A reader of ``tables`` as the store will hold them (conformed to ``schemas`` when given)."""
    def stored(name: str) -> pd.DataFrame | None:
        t = tables.get(name)
        if t is None or schemas is None or name not in schemas:
            return t
        return conform(t, schemas[name])

    return stored


def area_figure_tables(series: pd.DataFrame, tables: dict[str, pd.DataFrame],
                       schemas: Mapping[str, TableSchema] | None = None, special: pd.DataFrame | None = None,
                       ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Every area's figures (``crime_area_figures``) and headlines (``crime_area_headlines``) for the 12 months
    to each of the newest :data:`FIGURE_MONTHS` months of ``series`` (the stored default-release series), on
    the default population basis of that series ('current'), by
    :func:`lib.metrics.crime_performance.area_figures`, from the tables as the store holds them (conformed to
    ``schemas``, so that the figures are those the page would work out from the store), with ``special`` (the
    special series as stored, :data:`CRIME_SPECIAL_SERIES`). None under 12 months of figures or without
    population figures."""
    from lib.metrics import crime_series as cs
    from lib.metrics.population import CURRENT

    stored = stored_tables(tables, schemas)
    series = conform(series, CRIME_SERIES)
    population, estimates = stored("population"), stored("population_estimates")
    months = sorted(map(str, series["month"].unique()))[11:]
    figures, heads = [], []
    for to in months[-FIGURE_MONTHS:]:
        _, ranked, headlines = area_figures(series, population, estimates, special, to, FIGURE_KIND, CURRENT)
        if list(ranked.columns) != FIGURE_COLUMNS:  # no population figures (no rates): the page works them out
            return None
        keys = figure_keys(area_figures_rule(cs.series_rule()), None, to, FIGURE_KIND, CURRENT)
        figures.append(ranked.assign(**keys))
        heads.append(headlines.assign(**keys))
    if not figures:  # under 12 months of figures: no period to store
        return None
    return (conform(pd.concat(figures, ignore_index=True), CRIME_AREA_FIGURES),
            conform(pd.concat(heads, ignore_index=True), CRIME_AREA_HEADLINES))


def derived_tables(tables: dict[str, pd.DataFrame], warn: Callable[[str], None] | None = None,
                   schemas: Mapping[str, TableSchema] | None = None,
                   ) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """The derived tables of ``tables`` (the borough series with ``crime_borough``, the ward series with
    ``crime_ward``, the screen's geometry with ``boroughs`` and ``wards``, the search grid with ``stop_search``)
    and the manifest notes for them; with both series, the ward file's months are checked against the borough
    files (module docstring) and what the check finds is passed to ``warn``. ``schemas``: the tables' schemas, so
    that every area's figures (and the search grid) are worked out from the tables as the store will hold them."""
    from lib.metrics import crime_series as cs
    from lib.metrics.ward_months import check_record

    out: dict[str, pd.DataFrame] = {}
    notes: dict[str, object] = {}
    special = None
    if "crime_special" in tables:
        out[SPECIAL_SERIES_TABLE] = special_series(stored_tables(tables, schemas)("crime_special"))
        notes[SPECIAL_RULE_NOTE] = special_rule()
        special = as_series(conform(out[SPECIAL_SERIES_TABLE], CRIME_SPECIAL_SERIES))  # as a page reads it
    if "crime_borough" in tables and len(tables["crime_borough"]):
        crime = cs.CrimeTables(borough=tables["crime_borough"], other=tables.get("crime_other_areas"))
        out[SERIES_TABLE], notes[RULE_NOTE] = cs.borough_series(crime), cs.series_rule()
        if (figures := area_figure_tables(out[SERIES_TABLE], tables, schemas, special)) is not None:
            out[AREA_FIGURES_TABLE], out[AREA_HEADLINES_TABLE] = figures
    if "crime_ward" in tables and len(tables["crime_ward"]):
        out[WARD_SERIES_TABLE] = cs.ward_release_series(tables["crime_ward"])
        notes[WARD_SERIES_RULE_NOTE] = cs.series_rule()
    out.update(web_geometry.web_geometry_tables(tables))
    out.update(stop_search_grid.stop_search_grid_tables(stored_tables(tables, schemas)))
    if SERIES_TABLE in out and WARD_SERIES_TABLE in out:
        check = ward_month_check(out[WARD_SERIES_TABLE], out[SERIES_TABLE])
        notes[WARD_MONTHS_NOTE] = check_record(check)
        for line in ward_month_warnings(check, tables.get("crime_releases")):
            if warn is not None:
                warn(line)
    return out, notes


def _ward_file(releases: pd.DataFrame | None, release: str, month: str) -> str:
    """The ward file of ``release`` that holds ``month`` (the release's name when the files are not known)."""
    if releases is not None and len(releases):
        r = releases[(releases["level"] == "ward") & (releases["release"] == release)
                     & (releases["first_month"] <= month) & (releases["last_month"] >= month)]
        if len(r):
            return str(r["source_file"].iloc[0])
    return f"release {release}"


def ward_month_warnings(check: pd.DataFrame, releases: pd.DataFrame | None = None) -> list[str]:
    """The ingest report's lines for a :func:`lib.metrics.ward_months.ward_month_check`: each incomplete
    month, then each ward file's months the borough files do not cover (one line per file)."""
    lines = []
    for r in check[check["incomplete"]].itertuples(index=False):
        lines.append(
            f"ward file {_ward_file(releases, r.release, r.month)}: {r.month} holds {r.wards:,} offences against "
            f"{int(r.boroughs):,} in the borough files ({r.share:.1%}; Total Notifiable Offences, the 32 "
            f"boroughs): an incomplete month (under {WARD_MONTH_MIN_SHARE:.0%}); no ward figures for periods "
            "that include it")
    unchecked: dict[str, list[str]] = {}
    for r in check[check["boroughs"].isna()].itertuples(index=False):
        unchecked.setdefault(_ward_file(releases, r.release, r.month), []).append(r.month)
    for name, months in unchecked.items():
        span = month_label(months[0]) + (f" to {month_label(months[-1])}" if len(months) > 1 else "")
        lines.append(f"ward file {name}: {span} cannot be checked for completeness: the borough files do not "
                     "cover it")
    return lines
