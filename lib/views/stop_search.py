"""The stop-and-search screen: one typed answer for an area and period, suppressed for the public.

Read by ``pages/4_Stop_and_search.py``, ``lib/commands/stop_search.py`` (``summary``), and meant for
the Challenge deck (volumes, arrest rate against the 20% aim, weapons and key-crime shares against 20%
and 40%, disproportionality with the months the records cover) and the borough pack (the monthly
table and the Enfield pack's Figure 12 "ratio (count)" table with the populations used).

Public tables hold counts as ``Int64`` with ``<NA>`` where the count is under 10 (never a string in a
number column) and a whole-text ``<count>_shown`` column ("1,234" or "<10") for tables on screen;
a rate or share built on a suppressed count is NaN.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lib import choices
from lib.errors import UsageError
from lib.metrics import spatial_bins as sb
from lib.metrics import stop_search as m
from lib.metrics.change_test import relative_risk_interval
from lib.metrics.disproportionality import GROUPS, NOT_RECORDED, population_by_group
from lib.metrics.suppression import THRESHOLD
from lib.periods import month_index, month_label, month_runs, period_label
from lib.reference.boroughs import LONDON_CODE, mps_boroughs
from lib.reference.stop_search import power_labels, undifferentiated_object_months

WEAPONS_TARGET = m.WEAPONS_TARGET
KEY_CRIME_TARGET = m.KEY_CRIME_TARGET
LONDON_MAP_VIEW = {"latitude": 51.49, "longitude": -0.11, "zoom": 8.15}  # all of London on a 390 px phone (lib/ui/maps)
BOROUGH_MAP_ZOOM = 10.5  # the widest boroughs (Bromley, Hillingdon) whole on a 390 px phone
SEARCHES_TABLE = "stop_search"
POPULATION_TABLE = "population_ethnicity"
POPULATION_TABLES = {2011: "population_ethnicity", 2021: "population_ethnicity_2021"}  # census -> table
DEFAULT_CENSUS = 2011  # as the packs (the Met moved to Census 2021 populations in 2023)
CENSUS_WORDS = {
    2011: "Census 2011 populations (27 March 2011), as the Enfield pack and the MOPAC reports computed the ratios",
    2021: "Census 2021 populations (21 March 2021), as the Met has computed the ratios since 2023",
}
INTERVAL_WORDS = ("Each ratio has a 95% interval, the range its true value very probably lies in, worked out as for a "
                  "relative risk (the log method of Katz et al., 1978), treating searches as events in the group's "
                  "resident population (the same person can be searched more than once).")
GOV_TABLE = "stop_search_rates_gov"
LOCATIONS_TABLE = "stop_search_locations"  # each search point on the grid, made at ingest (lib.ingest.stop_search_grid)
SQUARES_TABLE = "stop_search_squares"  # each grid square's name and corners, made at ingest (the same module)
UNNAMED_SQUARE = "Unnamed square"  # a square's place without ward boundaries
NO_GRID = ("The map needs the search squares prepared at ingest, which this store does not hold: re-ingest the "
           "data (python -m lib.cli ingest) to draw it.")
MAP_CELL_COLUMNS = ["cell_id", "searches", "polygon", "place", "grid_ref", "label", "tip"]
SQUARE_CORNERS = tuple(f"{axis}_{c}" for c in ("sw", "se", "ne", "nw") for axis in ("lon", "lat"))  # a ring's order
OPENING_MONTHS = 12  # the page opens on the latest 12 consecutive months with records


def public_table(df: pd.DataFrame, counts: list[str], dependents: dict[str, str] | None = None) -> pd.DataFrame:
    """Copy for the public: each count as published (Int64) plus ``<count>_shown`` text ("1,234", "7", "–"
    missing); each dependent value (a rate, a share, a ratio) → NaN where its count is under 10 (too few for
    a reliable share: :mod:`lib.metrics.suppression`)."""
    out = df.copy()
    for col, source in (dependents or {}).items():
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64").where(~(df[source] < THRESHOLD))
    for col in counts:
        real = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        out[col] = real
        out[f"{col}_shown"] = pd.Series(["–" if pd.isna(v) else f"{int(v):,}" for v in real],
                                        index=df.index, dtype="string")
    return out


NOT_MEANINGFUL = "not meaningful"  # a month whose objects of search were all recorded alike


@dataclass(frozen=True)
class Headline:
    """The period's headline figures (real counts: they are area totals, never small in practice)."""

    searches: int
    arrests: int
    arrest_rate: float | None
    no_further_action_share: float | None
    weapons_share: float | None
    key_crime_share: float | None
    unlocated: int | None  # London only: searches in no borough


@dataclass(frozen=True)
class StopSearchView:
    """Everything the stop-and-search page shows for an area and period, suppressed for the public."""

    area_code: str
    area_name: str
    start: str
    end: str
    months: tuple[str, ...]  # months of the period that have records
    records_cover: tuple[str, str]  # first and last month of record-level data in the store
    coverage_text: str
    headline: Headline
    summary: dict = field(repr=False)  # the command line's answer (real counts, ethnicity records)
    monthly: pd.DataFrame  # month, searches, arrests, arrest_rate, weapons(_share), key_crime(_share) + *_shown
    legislation: pd.DataFrame  # month, category (plain words and the power), searches(+_shown), chart_value
    outcomes: pd.DataFrame  # outcome, searches(+_shown), share, chart_value
    ethnicity: pd.DataFrame  # group, searches(+_shown), population, rate_per_1000, disproportionality, share
    ethnicity_monthly: pd.DataFrame  # month, group, searches(+_shown), disproportionality, chart_value
    figure12: pd.DataFrame  # Month + one "ratio (count)" text column per group (Enfield pack Figure 12)
    populations: dict  # group → residents used for the ratios (Census 2011, 'search4')
    boroughs: pd.DataFrame
    similar: tuple[str, ...]
    map_cells: pd.DataFrame
    map_text: str
    map_view: dict
    gov: pd.DataFrame
    census: int = DEFAULT_CENSUS  # the census whose populations the ratios divide by
    census_words: str = CENSUS_WORDS[DEFAULT_CENSUS]
    interval_words: str = INTERVAL_WORDS
    weapons_target: float = WEAPONS_TARGET
    key_crime_target: float = KEY_CRIME_TARGET
    shares_left_out: tuple[str, ...] = ()  # months of the period left out of the weapons and key-crime shares
    london_arrest_rate: float | None = None  # every Met search in the period (the comparison for a borough)
    opening: tuple[str, str] | None = None  # the period the page opens on: the latest 12 months all with records
    answer: str = ""  # the page's first sentence (:func:`answer_sentence`)

    @property
    def shares_note(self) -> str:
        """Which months the weapons and key-crime shares leave out and why ('' when none)."""
        if not self.shares_left_out:
            return ""
        months = " and ".join(month_label(x) for x in self.shares_left_out)
        return (f"Weapons and key-crime shares leave out {months}: every PACE section 1 search that month was "
                "recorded with the same object of search (a recording fault in the published file).")

    @property
    def is_london(self) -> bool:
        return self.area_code == LONDON_CODE

    @property
    def arrest_rate_withheld(self) -> bool:
        """True when the period's searches are too few (under THRESHOLD) for the arrest share to be given."""
        return self.headline.searches < THRESHOLD

    @property
    def period_label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def records_label(self) -> str:
        """The month range the records cover, in words (the deck quotes it beside disproportionality)."""
        return period_label(*self.records_cover)

    @property
    def object_shares(self) -> pd.DataFrame:
        """Weapons and key-crime shares in long form for a chart (NaN where the count is under 10)."""
        long = self.monthly.melt(id_vars=["month"], value_vars=["weapons_share", "key_crime_share"],
                                 var_name="measure", value_name="share")
        long["measure"] = long["measure"].map({"weapons_share": "Weapons",
                                               "key_crime_share": "Key crime (MOPAC 7)"})
        return long

    @property
    def targets(self) -> pd.DataFrame:
        """The Enfield pack's targets as labelled reference lines."""
        return pd.DataFrame({"value": [self.weapons_target, self.key_crime_target],
                             "label": [f"Weapons target {self.weapons_target:.0%}",
                                       f"Key crime target {self.key_crime_target:.0%}"]})

    def borough_table(self, marker: str) -> pd.DataFrame:
        """The borough comparison with the chosen borough marked and its most similar group labelled."""
        t = self.boroughs.copy()
        chosen = t["borough_code"].eq(self.area_code)
        similar = t["borough_code"].isin(self.similar) & ~chosen
        t["Borough"] = t["borough_name"].mask(chosen, marker + " " + t["borough_name"])
        t["Group"] = similar.map({True: "most similar group", False: ""}).mask(chosen, "chosen borough")
        return t


def months_words(months: list[str] | tuple[str, ...]) -> str:
    """Months in words, runs of consecutive months as ranges: 'June 2016 and December 2017 to February 2019'."""
    return " and ".join(period_label(r[0], r[-1]) for r in month_runs(list(months)))


def coverage_text(df: pd.DataFrame) -> str:
    """Plain-words statement of which months the record-level data covers and where locations are missing."""
    have = m.months_covered(df)
    if not have:
        return "There are no record-level stop and search data in this store."
    text = "Record-level searches (police.uk) cover " + months_words(have) + "."
    gaps = m.mostly_unlocated_months(df)
    if gaps:
        text += (" " + " and ".join(month_label(x) for x in gaps)
                 + " lack a location for most searches: they count in London's totals but in no borough.")
    flat = undifferentiated_object_months(df)
    if flat:
        text += (" In " + " and ".join(month_label(x) for x in flat) + " every PACE section 1 search is "
                 "recorded with the same object of search, so weapons and key-crime shares for "
                 + ("that month" if len(flat) == 1 else "those months") + " are not meaningful.")
    return text


def answer_sentence(area_code: str, start: str, end: str, months: list[str], opening: tuple[str, str] | None,
                    summary: dict, london_arrest_rate: float | None, unlocated_months: tuple[str, ...] = ()) -> str:
    """The page's answer in one sentence: how many searches in the area and period (which months have records
    when not all do), and how many led to an arrest, against London's arrest rate for a borough. Under
    ``THRESHOLD`` searches the count is given and the arrest rate withheld (too few to be reliable). For a
    borough, the months of the period that lack most locations are named (its count is short by them)."""
    searches, rate = summary["searches"], summary["arrest_rate"]
    period = f"in {month_label(start)}" if start == end else f"from {month_label(start)} to {month_label(end)}"
    if opening is not None and (start, end) == opening:
        period += f", the latest {len(months)} months the records cover"
    elif len(months) < month_index(end) - month_index(start) + 1:
        period += f" (records exist for {months_words(months)} only)"
    plural = "search" if searches == 1 else "searches"
    if area_code == LONDON_CODE:
        text = f"Across London, the Met carried out {searches:,} stop and {plural} {period}"
    else:
        text = f"In {choices.area(area_code).name}, police carried out {searches:,} stop and {plural} {period}"
    if searches < THRESHOLD or rate is None or pd.isna(rate):
        text += (f"; with fewer than {THRESHOLD} searches, the share leading to arrest is not given" if searches
                 else "")
    else:
        text += f"; {rate:.0%} led to an arrest"
        if area_code != LONDON_CODE and london_arrest_rate is not None:
            text += f", against {london_arrest_rate:.0%} across London"
    short = [x for x in months if x in unlocated_months]
    if area_code != LONDON_CODE and short:
        text += (f" ({months_words(short)} {'lacks' if len(short) == 1 else 'lack'} a location for most searches, "
                 "so the borough's count is short)")
    return text + "."


def map_text(summary: dict) -> str:
    """The map's caption in words: what is drawn, what is not, and why."""
    shown, hidden = summary["cells_shown"], summary["cells_suppressed"]
    return (
        f"{summary['searches']:,} searches in the period. {summary['located']:,} have a location; "
        f"{summary['searches_in_cells_shown']:,} of them fall in the {shown:,} {_squares(shown)} drawn "
        f"({summary['cell_metres']} m a side). {summary['searches_in_cells_suppressed']:,} searches in "
        f"{hidden:,} {_squares(hidden)} with fewer than {THRESHOLD} searches are not drawn, to "
        f"protect privacy. {summary['unlocated']:,} searches have no location and are on no map."
    )


def _squares(n: int) -> str:
    return "square" if n == 1 else "squares"


def map_cells(part: pd.DataFrame, squares: pd.DataFrame | None) -> pd.DataFrame:
    """Grid squares the public map draws (10+ searches, :func:`lib.metrics.spatial_bins.shown_cells` of searches
    placed on the grid) with their polygon (WGS84 ring), place in words ("Hackney, near Dalston"; "Unnamed
    square" without ward boundaries) from ``squares`` (:func:`map_squares`), the OS grid reference of the
    square's south-west corner (:func:`lib.metrics.spatial_bins.grid_reference`: squares near one ward share a
    name, not a reference), label and tooltip text. With
    ``squares`` None (a store without the grid), no square (the caption says why, :data:`NO_GRID`)."""
    if squares is None:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "searches" else "object") for c in MAP_CELL_COLUMNS})
    cells = sb.shown_cells(part)[["cell_id", "easting", "northing", "searches"]]
    cells = cells.assign(cell_id=cells["cell_id"].astype(str), searches=cells["searches"].astype("int64"))
    lacking = ~cells["cell_id"].isin(squares.index)
    if lacking.any():
        raise UsageError(f"the store's {SQUARES_TABLE} table lacks square {cells['cell_id'][lacking].iloc[0]}, which "
                         "holds searches: re-ingest the data (python -m lib.cli ingest)")
    found = squares.loc[cells["cell_id"]]
    cells["polygon"] = _rings(found)
    cells["place"] = found["place"].fillna(UNNAMED_SQUARE).astype("string").to_numpy()
    cells["grid_ref"] = pd.Series([sb.grid_reference(int(e), int(n)) for e, n in zip(cells["easting"],
                                                                                   cells["northing"], strict=True)],
                                  index=cells.index, dtype="string")
    cells["label"] = cells["searches"].map("{:,}".format).astype("string")
    cells["tip"] = pd.Series([f"{p} ({g}): {n:,} searches in this {sb.CELL_METRES} m square"
                              for p, g, n in zip(cells["place"], cells["grid_ref"], cells["searches"], strict=True)],
                             index=cells.index, dtype="string")
    return cells[MAP_CELL_COLUMNS]


def map_squares(table: pd.DataFrame) -> pd.DataFrame | None:
    """The stored squares (``stop_search_squares``) as the map reads them: place and the corners by cell_id. None
    when the table is of another square size than the map's (:data:`lib.metrics.spatial_bins.CELL_METRES`)."""
    if not (table["cell_metres"] == sb.CELL_METRES).all():
        return None
    return table.set_index(table["cell_id"].astype(str))[["place", *SQUARE_CORNERS]]


def _rings(corners: pd.DataFrame) -> list[list[list[float]]]:
    """Each square's WGS84 ring from the south-west corner, anticlockwise, as
    :func:`lib.metrics.spatial_bins.cell_polygons` gives it."""
    xy = corners[list(SQUARE_CORNERS)].to_numpy(dtype="float64").reshape(len(corners), 4, 2)
    return [[[float(x), float(y)] for x, y in ring] for ring in xy]


def map_view(df: pd.DataFrame, area_code: str) -> dict:
    """Where the map opens: London as a whole, or the median location of a borough's searches."""
    located = df[df["latitude"].notna()]
    if area_code == LONDON_CODE or located.empty:
        return dict(LONDON_MAP_VIEW)
    return {"latitude": float(located["latitude"].median()), "longitude": float(located["longitude"].median()),
            "zoom": BOROUGH_MAP_ZOOM}


def similar_boroughs(features: pd.DataFrame | None, area_code: str) -> tuple[str, ...]:
    """The area's most similar group of boroughs (lib.metrics.similarity) from the ``borough_features``
    table, or () when not available."""
    if area_code == LONDON_CODE or features is None:
        return ()
    from lib.metrics.similarity import most_similar_group

    try:
        group = most_similar_group(features, area_code,
                                   among=[b.code for b in mps_boroughs()])
    except (KeyError, ValueError):
        return ()
    return tuple(group.members)


def figure12(ethnicity_monthly: pd.DataFrame) -> pd.DataFrame:
    """The Enfield pack's Figure 12 layout: one row per month, one "ratio (count)" column per group.

    Ratio to two decimals; a count under 10 shows as '<10' and its ratio is withheld ('–').
    """
    groups = [*GROUPS, NOT_RECORDED]
    rows = []
    for month, part in ethnicity_monthly.groupby("month", sort=True):
        by = part.set_index("group")
        row = {"Month": month_label(str(month))}
        for g in groups:
            if g not in by.index:
                row[g] = "–"
                continue
            shown, ratio = by.loc[g, "searches_shown"], by.loc[g, "disproportionality"]
            row[g] = shown if g == NOT_RECORDED else f"{'–' if pd.isna(ratio) else f'{ratio:.2f}'} ({shown})"
        rows.append(row)
    return pd.DataFrame(rows, columns=["Month", *groups], dtype="string")


def _months_in(searches: pd.DataFrame, start: str, end: str) -> list[str]:
    return m.check_period(searches, start, end)


def census_choices(store) -> tuple[int, ...]:
    """The censuses whose ethnic-group populations the store holds (2011 first, the packs' basis)."""
    return tuple(c for c, t in POPULATION_TABLES.items() if store.has(t)) or (DEFAULT_CENSUS,)


def _with_intervals(rows: list[dict]) -> list[dict]:
    """Each group's ratio with its 95% interval (``lib.metrics.change_test.relative_risk_interval``)."""
    white = next((r for r in rows if r["group"] == "White"), None)
    out = []
    for r in rows:
        lo = hi = None
        if white is not None and r["group"] in GROUPS and r["group"] != "White":
            ci = relative_risk_interval(r["searches"], r["population"], white["searches"], white["population"])
            lo, hi = ci.low, ci.high
        out.append({**r, "ratio_low": lo, "ratio_high": hi})
    return out


@dataclass(frozen=True, eq=False)
class StopSearchRecords:
    """The store's searches classified and placed on the map's grid once, with what is the same for every area and
    period: the months covered, the coverage statement, the GOV.UK trend, the population tables and the map's
    squares (compared and hashed by identity: one object per store version, from the cache)."""

    searches: pd.DataFrame  # every search, with the :func:`lib.metrics.stop_search.classify` and grid columns
    populations: dict  # census -> population_ethnicity table (None when the store has none)
    months: tuple[str, ...]
    coverage_text: str
    gov: pd.DataFrame
    squares: pd.DataFrame | None  # :func:`map_squares` of the stored squares (None: a store without the grid)
    features: pd.DataFrame | None  # borough_features (most similar boroughs)
    flat_months: tuple[str, ...] = ()  # months whose object of search is a recording artefact (no shares)
    opening: tuple[str, str] | None = None  # the latest OPENING_MONTHS consecutive months with records
    unlocated_months: tuple[str, ...] = ()  # months where most searches have no location (in no borough)


def stop_search_records(store) -> StopSearchRecords:
    """Read and classify the searches once and place them on the grid (the points' positions made at ingest,
    :mod:`lib.ingest.stop_search_grid`); work out what does not depend on the area or period."""
    searches = m.classify(store.table(SEARCHES_TABLE))
    squares = None
    if store.has(LOCATIONS_TABLE) and store.has(SQUARES_TABLE):
        try:
            searches = sb.place_on_grid(searches, store.table(LOCATIONS_TABLE))
        except ValueError as e:
            raise UsageError(f"the store's {LOCATIONS_TABLE} table does not match its searches ({e}): re-ingest "
                             "the data (python -m lib.cli ingest)") from None
        squares = map_squares(store.table(SQUARES_TABLE))
    months = tuple(m.months_covered(searches))
    if not months:
        raise UsageError("there are no stop and search records in the store")
    flat = undifferentiated_object_months(searches)
    return StopSearchRecords(
        searches=searches,
        populations={c: (store.table(t) if store.has(t) else None) for c, t in POPULATION_TABLES.items()},
        months=months,
        coverage_text=coverage_text(searches),
        gov=m.gov_trend(store.table(GOV_TABLE)) if store.has(GOV_TABLE) else pd.DataFrame(),
        squares=squares,
        features=store.table("borough_features") if store.has("borough_features") else None,
        flat_months=tuple(flat),
        opening=m.latest_full_window(searches, OPENING_MONTHS),
        unlocated_months=tuple(m.mostly_unlocated_months(searches)),
    )


@dataclass(frozen=True, eq=False)
class StopSearchPeriod:
    """The records for a period and census, with what is the same for every area of that period (the
    32 boroughs' comparison); compared and hashed by identity."""

    records: StopSearchRecords
    start: str
    end: str
    census: int
    months: tuple[str, ...]  # months of the period that have records
    boroughs: pd.DataFrame  # public :func:`lib.metrics.stop_search.borough_comparison` + chart_value
    london_arrest_rate: float | None = None  # every Met search in the period: arrests / searches

    @property
    def shares_left_out(self) -> tuple[str, ...]:
        """The period's months whose objects of search were all recorded alike: shares of what officers searched
        for mean nothing in them, so they are left out of those shares."""
        return tuple(x for x in self.months if x in self.records.flat_months)


def stop_search_period(records: StopSearchRecords, start: str, end: str,
                       census: int = DEFAULT_CENSUS, boroughs: bool = True) -> StopSearchPeriod:
    """Check the period and census, and work out the 32 boroughs' comparison once for every area
    (``boroughs=False``: left out, empty)."""
    if census not in POPULATION_TABLES:
        raise UsageError(f"--census must be one of {', '.join(map(str, POPULATION_TABLES))}, not {census}")
    population = records.populations.get(census)
    if census != DEFAULT_CENSUS and population is None:
        raise UsageError(f"this store has no Census {census} populations by ethnic group")
    months = tuple(_months_in(records.searches, start, end))
    searches = records.searches
    rows = searches[(searches["month"] >= start) & (searches["month"] <= end)]
    comparison = pd.DataFrame()
    if population is not None and boroughs:
        comparison = m.borough_comparison(rows, population, start, end)
        comparison = public_table(comparison, ["searches", "black_searches"],
                                  {"rate_per_1000": "searches", "black_white_ratio": "black_searches"})
        comparison = comparison.assign(chart_value=comparison["rate_per_1000"])
    return StopSearchPeriod(records, start, end, census, months, comparison, m.arrest_rate(rows).value)


def stop_search_view(store, area_code: str, start: str, end: str, census: int = DEFAULT_CENSUS,
                     boroughs: bool = True) -> StopSearchView:
    """The page's tables for an area and period (definitions: :mod:`lib.metrics.stop_search`).

    ``boroughs=False`` leaves out the 32-borough comparison (``boroughs`` is then empty): the borough
    pack prints none of it, and it is most of this view's time.

    ``census``: 2011 (default, as the packs) or 2021: the ethnic-group populations the ratios divide
    by; every ratio carries its 95% interval (``ratio_low``, ``ratio_high``). The same answer as
    :func:`stop_search_area` of :func:`stop_search_period` of :func:`stop_search_records`, the steps
    the page caches separately (the records once per store, the period once for every area).
    """
    return stop_search_area(stop_search_period(stop_search_records(store), start, end, census, boroughs), area_code)


def area_summary(period: StopSearchPeriod, area_code: str) -> dict:
    """An area's figures for the period: :func:`lib.metrics.stop_search.summary` on the period's census, with the
    area's name, the census in words and each ratio's 95% interval; shares of what officers searched for are left
    out in the period's months that recorded every object alike. What the ``stop-search`` command prints, and the
    ``summary`` of :func:`stop_search_area` (London or a borough; ``lib.choices.area`` refuses any other area)."""
    area = choices.area(area_code)
    records, census = period.records, period.census
    s = m.summary(records.searches, records.populations.get(census), area.code, period.start, period.end,
                  shares_left_out=period.shares_left_out)
    s = {"area": area.name, **s, "census": census, "census_words": CENSUS_WORDS[census]}
    s["ethnicity"] = _with_intervals(list(s["ethnicity"]))
    return s


def stop_search_area(period: StopSearchPeriod, area_code: str) -> StopSearchView:
    """:func:`stop_search_view` for one area of a :func:`stop_search_period`: London or one of the 32 boroughs
    (``lib.choices.area``: the City of London, policed by its own force, or an unknown code is refused in one
    line, as on every front end)."""
    area = choices.area(area_code)
    area_code = area.code
    records, start, end, census = period.records, period.start, period.end, period.census
    population = records.populations.get(census)
    months = list(period.months)
    part = m.select(records.searches, area_code, start, end)
    left_out = period.shares_left_out
    s = area_summary(period, area_code)
    legislation = public_table(m.monthly_counts(part, "legislation", months), ["searches"])
    rates = m.monthly_rates(part, months)
    monthly = public_table(
        rates[["month", "searches", "arrests", "arrest_rate", "weapons", "weapons_share", "key_crime",
               "key_crime_share"]],
        ["searches", "arrests", "weapons", "key_crime"],
        {"arrest_rate": "arrests", "weapons_share": "weapons", "key_crime_share": "key_crime"},
    )
    if left_out:  # column by column (a masked .loc over several columns cost 3% of the server's time)
        kept = ~monthly["month"].isin(left_out)
        monthly = monthly.assign(**{c: monthly[c].where(kept) for c in ("weapons", "key_crime", "weapons_share",
                                                                       "key_crime_share")},
                                 **{c: monthly[c].where(kept, NOT_MEANINGFUL) for c in ("weapons_shown",
                                                                                      "key_crime_shown")})
    eth_monthly = (m.monthly_ethnicity(part, population, area_code, months) if population is not None
                   else pd.DataFrame({"month": pd.Series(dtype="string"), "group": pd.Series(dtype="string"),
                                      "searches": pd.Series(dtype="int64"),
                                      "disproportionality": pd.Series(dtype="float64"),
                                      "rate_per_1000": pd.Series(dtype="float64")}))
    eth_monthly = public_table(eth_monthly, ["searches"],
                               {"disproportionality": "searches", "rate_per_1000": "searches"})
    eth = public_table(pd.DataFrame(s["ethnicity"]), ["searches"],
                       {"disproportionality": "searches", "rate_per_1000": "searches", "share_of_searches": "searches",
                        "ratio_low": "searches", "ratio_high": "searches"})
    pops = population_by_group(population, area_code) if population is not None else pd.Series(dtype="float64")
    outcomes = public_table(m.outcome_mix(part), ["searches"], {"share": "searches"})
    have = records.months
    return StopSearchView(
        area_code=area_code, area_name=area.name, start=start, end=end,
        months=tuple(months), records_cover=(have[0], have[-1]),
        coverage_text=records.coverage_text,
        headline=Headline(searches=s["searches"], arrests=s["arrests"], arrest_rate=s["arrest_rate"],
                          no_further_action_share=s["no_further_action_share"], weapons_share=s["weapons_share"],
                          key_crime_share=s["key_crime_share"], unlocated=s["unlocated"]),
        summary=s,
        monthly=monthly,
        legislation=legislation.assign(chart_value=legislation["searches"].astype("float64"),
                                       category=legislation["category"].map(lambda c: power_labels().get(c, c))
                                       .astype("string")),
        outcomes=outcomes.assign(chart_value=outcomes["searches"].astype("float64")),
        ethnicity=eth,
        ethnicity_monthly=eth_monthly.assign(chart_value=eth_monthly["disproportionality"]),
        figure12=figure12(eth_monthly),
        populations={g: (None if pd.isna(v) else int(v)) for g, v in pops.items()},
        boroughs=period.boroughs,
        similar=similar_boroughs(records.features, area_code),
        map_cells=map_cells(part, records.squares),
        map_text=NO_GRID if records.squares is None else map_text(sb.bin_summary(part)),
        map_view=map_view(part, area_code),
        gov=records.gov,
        census=census, census_words=CENSUS_WORDS[census], shares_left_out=left_out,
        london_arrest_rate=period.london_arrest_rate, opening=records.opening,
        answer=answer_sentence(area_code, start, end, months, records.opening, s, period.london_arrest_rate,
                               records.unlocated_months),
    )


def opening_period(store) -> tuple[list[str], str, str]:
    """The months with records and the period the page opens on: the latest 12 consecutive months that all
    have records (:func:`lib.metrics.stop_search.latest_full_window`), not the latest 12 calendar months,
    which in the Met's files hold one month of records after a gap of three years."""
    searches = store.table(SEARCHES_TABLE)
    first, last = m.latest_full_window(searches, OPENING_MONTHS)
    return m.months_covered(searches), first, last


def period_choices(store) -> tuple[list[str], str, str]:
    """The months with records and the default period (the latest 12 months) for the pickers."""
    searches = store.table(SEARCHES_TABLE)
    first, last = m.default_period(searches)
    return m.months_covered(searches), first, last


def has_stop_search(store) -> bool:
    """True when the store holds record-level searches."""
    return store.has(SEARCHES_TABLE) and store.manifest.get("tables", {}).get(SEARCHES_TABLE, {}).get("rows", 1) > 0
