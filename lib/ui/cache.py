"""The app's one cache: Streamlit's own ``st.cache_resource`` and ``st.cache_data``, keyed by explicit arguments.

Pages call the named functions here (``crime_area_view(store, release, to, basis, code, area, indicator)``,
``stop_search_area(store, start, end, census, code)``, ...) with the reader's choices. Every key is the
arguments themselves, hashed by Streamlit: the store by its version folder and its manifest stamp
(:func:`store_key`, through ``hash_funcs``, so a new ingest is a new key), names, months and numbers by
value, tables by their content. No answer is keyed on a function's code or on an object's identity.

Which decorator, and why:

- ``st.cache_resource`` for the store, its tables and the views (frozen dataclasses of tables): large
  read-only objects shared by every session. A copy on every read (``cache_data`` unpickles each hit) would
  cost more than the page. Callers must treat them as read-only: the views are frozen and pandas'
  copy-on-write makes a changed column the changer's own copy.
- ``st.cache_data`` where a copy is cheap or wanted: lists of choices, chart specs (small dicts a caller
  may adjust), the pack's bytes.

The steps every area shares are cached functions of their own (``crime_areas`` for every area's figures in
a period, ``stop_search_period`` for every borough's comparison, ...), called by the area's function with
the same explicit arguments, so a server works each out once for all its sessions. Streamlit holds a lock
per key while it computes, so sessions arriving together wait for the first one's answer.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from lib.reference.categories import MOPAC7
from lib.store import MANIFEST, Store, default_store_path

if TYPE_CHECKING:  # the views are imported where they are first asked for: a page imports only its own
    from lib.views import about as about_views
    from lib.views import challenge as deck_views
    from lib.views import comparator as comparator_views
    from lib.views import complaints as complaints_views
    from lib.views import confidence as confidence_views
    from lib.views import crime as crime_views
    from lib.views import stop_search as stop_search_views


MAX_STORES = 4  # store versions open at once (an ingest mid-session leaves the old one until it ages out)
MAX_TABLES = 48
MAX_DATASETS = 16  # per-release datasets: a few releases at a time
MAX_STEPS = 64  # store-wide steps (every area's figures for one period and choice)
MAX_ANSWERS = 512  # one area's answer for one set of choices
MAX_SPECS = 1024  # chart specs and drawn tables


class Refused(str):
    """A view's one-line refusal (its ``UsageError`` message), returned by the cached function in place of the
    answer: an exception is not cached, so a block whose question is refused (positive outcomes outside the
    file's months) would otherwise work its refusal out again on every rerun."""


def answer_or_refusal(view: Callable[..., Any], *args: Any) -> Any:
    """``view(*args)``, or :class:`Refused` with the message of the ``UsageError`` it raised."""
    from lib.errors import UsageError

    try:
        return view(*args)
    except UsageError as e:
        return Refused(str(e))


def store_stamp(path: Path) -> str:
    """Changes whenever the store is rewritten (the manifest's modification time)."""
    try:
        return str((path / MANIFEST).stat().st_mtime_ns)
    except OSError:
        return "missing"


def store_key(store: Store) -> tuple[str, str]:
    """The store as a cache key: the version folder it opened and that folder's manifest stamp."""
    return str(store.folder), store_stamp(store.folder)


class CachedStore(Store):
    """A store whose tables are read once per store version (at most ``MAX_TABLES``) and shared: ``table``
    hands a view a shallow copy of the one cached frame, so a view that adds a column changes its own copy."""

    def table(self, name: str) -> pd.DataFrame:
        return table(self, name).copy(deep=False)


def table_fingerprint(df: pd.DataFrame) -> bytes:
    """A table's content as a key: its column names, types, shape and pickled values hashed. Equal bytes
    for the same columns, types, index and values; a table laid out differently in memory may hash apart
    (a cache miss, never a wrong hit). A fraction of the cost of Streamlit's default (pandas' row hashing,
    which also falls back to pickling a column of lists, with a warning on every run)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((list(map(str, df.columns)), list(map(str, df.dtypes)), df.shape)).encode("utf-8"))
    try:
        h.update(pickle.dumps(df, protocol=5))
    except (pickle.PicklingError, TypeError, AttributeError):  # a cell that cannot be pickled: hash the rows
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    return h.digest()


# Streamlit hashes a store argument by the key above (a stat of its manifest), never by its contents.
STORE_HASH: dict[Any, Callable[[Any], Any]] = {Store: store_key, CachedStore: store_key}
# What the pages draw is keyed by the drawn tables' content.
TABLE_HASH: dict[Any, Callable[[Any], Any]] = {pd.DataFrame: table_fingerprint}


@st.cache_resource(max_entries=MAX_STORES, show_spinner=False)
def _open_store(path: str, stamp: str) -> CachedStore:
    return CachedStore(Path(path))


def current_store() -> CachedStore:
    """The store named by $POLICING_STORE (default: the shipped demonstration store)."""
    path = default_store_path()
    return _open_store(str(path), store_stamp(path))


@st.cache_resource(max_entries=MAX_TABLES, show_spinner=False, hash_funcs=STORE_HASH)
def table(store: Store, name: str) -> pd.DataFrame:
    """One store table, read once per store version: the shared frame itself (read-only)."""
    return Store(store.folder).table(name)


# --- crime ---------------------------------------------------------------------------------------------

@st.cache_data(max_entries=MAX_STORES, show_spinner=False, hash_funcs=STORE_HASH)
def crime_releases(store: Store) -> tuple[str, ...]:
    from lib.views import crime as crime_views

    return crime_views.crime_releases(store)


@st.cache_resource(max_entries=MAX_DATASETS, show_spinner=False, hash_funcs=STORE_HASH)
def crime_dataset(store: Store, release: str | None) -> crime_views.CrimeDataset:
    """Every area's crime series as in ``release`` (None: each month from the newest release)."""
    from lib.views import crime as crime_views

    return crime_views.crime_dataset(store, release)


@st.cache_resource(max_entries=MAX_STEPS, show_spinner=False, hash_funcs=STORE_HASH)
def crime_areas(store: Store, release: str | None, to: str, basis: str | None) -> crime_views.CrimeAreas:
    """Every area's figures for the 12 months to ``to`` (the step every area's view shares)."""
    from lib.views import crime as crime_views

    return crime_views.crime_areas(crime_dataset(store, release), to, "r12", basis)


@st.cache_resource(max_entries=MAX_STEPS, show_spinner=False, hash_funcs=STORE_HASH)
def crime_indicator_areas(store: Store, release: str | None, to: str, basis: str | None,
                          indicator: str) -> crime_views.CrimeIndicatorAreas:
    """Every area's figures of one series (the map and its numbers), shared by every area's view."""
    from lib.views import crime as crime_views

    return crime_views.crime_indicator_areas(crime_areas(store, release, to, basis), indicator)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def crime_area_view(store: Store, release: str | None, to: str, basis: str | None, code: str, area: str,
                    indicator: str) -> crime_views.CrimeView:
    """The crime page's answer for one area (``lib.views.crime.crime_area_view``): as ingest stored it for the
    page's opening question when it stored one for exactly these keys (``lib.views.stored_views``), else worked
    out."""
    from lib.views import crime as crime_views
    from lib.views.stored_views import stored_view

    stored = None if basis is None else stored_view(store, release, to, basis, code, area, indicator)
    if stored is not None:
        return stored
    return crime_views.crime_area_view(crime_indicator_areas(store, release, to, basis, indicator), code, area)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def tracker_view(store: Store, release: str | None, to: str, baseline: tuple[str, str], reduction: float,
                 category: str) -> crime_views.TrackerView:
    """The MOPAC 7 tracker; with each month's newest figures (``release`` None) its revision is measured
    against the release that first published the baseline to ``to``."""
    from lib.views import crime as crime_views

    data = crime_dataset(store, release)
    first = crime_views.first_release(data, baseline, to) if release is None else None
    return crime_views.tracker_view(data, to, baseline, reduction, category,
                                    crime_dataset(store, first) if first else None)


@st.cache_resource(max_entries=MAX_DATASETS, show_spinner=False, hash_funcs=STORE_HASH)
def ward_dataset(store: Store, release: str | None) -> crime_views.WardDataset:
    from lib.views import crime as crime_views

    return crime_views.ward_dataset(store, release)


@st.cache_resource(max_entries=MAX_STEPS, show_spinner=False, hash_funcs=STORE_HASH)
def ward_areas(store: Store, release: str | None, indicator: str, to: str) -> crime_views.WardAreas:
    """Every ward's figures for a series and period (the step every borough's wards share)."""
    from lib.views import crime as crime_views

    return crime_views.ward_areas(ward_dataset(store, release), indicator, to)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def ward_area_view(store: Store, release: str | None, code: str, indicator: str, to: str) -> crime_views.WardView:
    """One borough's wards (``lib.views.crime.ward_area_view``)."""
    from lib.views import crime as crime_views

    return crime_views.ward_borough_view(ward_areas(store, release, indicator, to), code)


# --- stop and search -----------------------------------------------------------------------------------

@st.cache_data(max_entries=MAX_STORES, show_spinner=False, hash_funcs=STORE_HASH)
def stop_search_months(store: Store) -> tuple[list[str], str, str]:
    """The months with records and the period the page opens on (``lib.views.stop_search.opening_period``)."""
    from lib.views import stop_search as stop_search_views

    return stop_search_views.opening_period(store)


@st.cache_data(max_entries=MAX_STORES, show_spinner=False, hash_funcs=STORE_HASH)
def census_choices(store: Store) -> tuple[int, ...]:
    from lib.views import stop_search as stop_search_views

    return stop_search_views.census_choices(store)


@st.cache_resource(max_entries=MAX_STORES, show_spinner=False, hash_funcs=STORE_HASH)
def stop_search_records(store: Store) -> stop_search_views.StopSearchRecords:
    """The searches read and classified once per store version."""
    from lib.views import stop_search as stop_search_views

    return stop_search_views.stop_search_records(store)


def stop_search_records_if_any(store: Store) -> stop_search_views.StopSearchRecords | None:
    """:func:`stop_search_records`, or None when the store holds no stop-and-search records (what slide 6 and
    the pack sources take)."""
    from lib.views.stop_search import has_stop_search

    return stop_search_records(store) if has_stop_search(store) else None


@st.cache_resource(max_entries=MAX_STEPS, show_spinner=False, hash_funcs=STORE_HASH)
def stop_search_period(store: Store, start: str, end: str, census: int) -> stop_search_views.StopSearchPeriod:
    """The period checked and every borough's comparison worked out (shared by every area)."""
    from lib.views import stop_search as stop_search_views

    return stop_search_views.stop_search_period(stop_search_records(store), start, end, census)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def stop_search_area(store: Store, start: str, end: str, census: int, code: str) -> stop_search_views.StopSearchView:
    """The stop-and-search page's answer for one area (``lib.views.stop_search.stop_search_area``)."""
    from lib.views import stop_search as stop_search_views

    return stop_search_views.stop_search_area(stop_search_period(store, start, end, census), code)


# --- surveys, comparator, complaints, about ------------------------------------------------------------

@st.cache_resource(max_entries=MAX_STORES, show_spinner=False, hash_funcs=STORE_HASH)
def confidence_choices(store: Store) -> confidence_views.ConfidenceChoices:
    from lib.views import confidence as confidence_views

    return confidence_views.confidence_choices(store)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def confidence_view(store: Store, code: str, to: str, measure: str, sample: int, deff: float
                    ) -> confidence_views.ConfidenceView:
    from lib.views import confidence as confidence_views

    return confidence_views.confidence_view(store, code, to, measure, sample, deff)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def satisfaction_view(store: Store, code: str, to: str) -> confidence_views.SatisfactionView:
    from lib.views import confidence as confidence_views

    return confidence_views.satisfaction_view(store, code, to)


@st.cache_resource(max_entries=MAX_STORES, show_spinner=False, hash_funcs=STORE_HASH)
def comparator_options(store: Store) -> comparator_views.ComparatorOptions:
    """Every neighbourhood's default comparison, worked out once (shared by every borough)."""
    from lib.views import comparator as comparator_views

    return comparator_views.comparator_options(store)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def comparator_choices(store: Store, code: str) -> comparator_views.ComparatorChoices:
    from lib.views import comparator as comparator_views

    return comparator_views.choices_for(comparator_options(store), code)


@st.cache_resource(max_entries=MAX_STEPS, show_spinner=False, hash_funcs=STORE_HASH)
def comparator_groups(store: Store, spread_measure: str) -> comparator_views.ComparatorGroups:
    """The groups' spreads and names (shared by every neighbourhood)."""
    from lib.views import comparator as comparator_views

    return comparator_views.comparator_groups(store, spread_measure)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def comparator_pair_view(store: Store, spread_measure: str, neighbourhood: str, compare: str, sample: int,
                         deff: float) -> comparator_views.ComparatorView:
    from lib.views import comparator as comparator_views

    return comparator_views.comparator_pair_view(comparator_groups(store, spread_measure), neighbourhood, compare,
                                                 sample, deff)


@st.cache_data(max_entries=MAX_STORES, show_spinner=False, hash_funcs=STORE_HASH)
def complaints_periods(store: Store) -> list[str]:
    from lib.views import complaints as complaints_views

    return list(complaints_views.period_ends(store))


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def complaints_view(store: Store, code: str, to: str) -> complaints_views.ComplaintsView:
    from lib.views import complaints as complaints_views

    return complaints_views.complaints_view(store, code, to)


@st.cache_resource(max_entries=MAX_STORES, show_spinner=False, hash_funcs=STORE_HASH)
def about_view(store: Store) -> about_views.AboutView:
    from lib.views import about as about_views

    return about_views.about_view(store)


# --- the Challenge deck: one cached function per kind of slide, keyed by the choices it reads ------------

@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def tracker_slide(store: Store, number: int, release: str | None, to: str, baseline: tuple[str, str],
                  reduction: float) -> deck_views.Slide:
    """Slide 1 (target) or 2 (ranked), from the tracker."""
    from lib.views import challenge as deck_views

    tv = tracker_view(store, release, to, baseline, reduction, MOPAC7)
    return deck_views.target_slide(tv) if number == 1 else deck_views.ranked_slide(tv)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def movers_slide(store: Store, release: str | None, to: str) -> deck_views.Slide:
    """Slide 3, with what drove the change and the unusual months of its largest fall and rise (through
    :func:`drivers_view` and :func:`unusual_view`, which the crime page shares)."""
    from lib.periods import add_months
    from lib.views import challenge as deck_views

    data = crime_dataset(store, release)
    drove, odd = {}, {}
    for code, name in deck_views.top_movers(data, to):
        drove[code] = drivers_view(store, release, code, MOPAC7, to)
        odd[code] = unusual_view(store, release, code, name, MOPAC7, add_months(to, -11), to)
    return deck_views.movers_slide(data, to, drove, odd)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def confidence_slide(store: Store, to: str) -> deck_views.Slide:
    from lib.views import challenge as deck_views

    return deck_views.confidence_slide(store, to)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def neighbourhood_options(store: Store) -> tuple[tuple[str, ...], dict[str, str]] | None:
    """The deck's neighbourhood names and MPS codes (lib.views.challenge.neighbourhood_options), read once
    per store version for every link's ?neighbourhood= and ?compare=."""
    from lib.views import challenge as deck_views

    return deck_views.neighbourhood_options(store)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def neighbourhood_slide(store: Store, neighbourhood: str | None, compare: str | None,
                        to: str | None = None) -> deck_views.Slide:
    from lib.views import challenge as deck_views

    return deck_views.neighbourhood_slide(store, neighbourhood, compare, to)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def stop_search_slide(store: Store, to: str) -> deck_views.Slide:
    """Slide 6, from the store's records as the stop-and-search page reads them (:func:`stop_search_records`)."""
    from lib.views import challenge as deck_views

    return deck_views.stop_search_slide(stop_search_records_if_any(store), to)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def borough_slide(store: Store, borough: str | None, release: str | None, to: str, baseline: tuple[str, str],
                  reduction: float) -> deck_views.Slide:
    """Slide 7: the chosen borough, or (``borough`` None) the one furthest short of the target."""
    from lib.views import challenge as deck_views

    chosen = borough or deck_views.default_borough(tracker_view(store, release, to, baseline, reduction, MOPAC7))
    return deck_views.borough_slide(pack_sources(store, release), chosen, to, borough is not None)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def crime_types_slide(store: Store, release: str | None, to: str, baseline: tuple[str, str], reduction: float,
                      borough: str | None) -> deck_views.Slide:
    """Slide 8: each MOPAC 7 type against the baseline, from each type's tracker (:func:`tracker_view`)."""
    from lib.reference.categories import MOPAC7_INDICATORS
    from lib.views import challenge as deck_views

    trackers = {name: tracker_view(store, release, to, baseline, reduction, name) for name in MOPAC7_INDICATORS}
    return deck_views.crime_types_slide(trackers, borough)


# --- the borough pack ---------------------------------------------------------------------------------

@st.cache_resource(max_entries=MAX_STEPS, show_spinner=False, hash_funcs=STORE_HASH)
def pack_sources(store: Store, release: str | None):
    """What every pack and slides 3 and 7 of a release read (``lib.views.pack.PackSources``), composed as
    ``lib.views.pack.pack_sources`` composes it but of this cache's own steps: the release's crime dataset, the
    stop-and-search records, the category counts and the ward figures the pages already hold (no second copy in
    memory). ``PackSources`` checks that each is of the release."""
    from lib.views.drivers import ward_release_for
    from lib.views.pack import PackSources

    return PackSources(store, release, crime_dataset(store, release),
                       stop_search_records_if_any(store),
                       driver_counts(store, release), ward_dataset(store, ward_release_for(store, release)))


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=STORE_HASH)
def pack_bytes(store: Store, borough: str, to: str, release: str | None, layout: str, fmt: str) -> bytes:
    """The borough pack's file (built only when a download button is clicked: printing is imported here)."""
    from lib.commands.pack import pack_bytes as build

    return build(pack_sources(store, release), borough, to, layout, fmt)


# --- maps: geometry once per store version, a drawn map once per values and selection --------------------

@st.cache_resource(max_entries=MAX_STEPS, show_spinner=False, hash_funcs=STORE_HASH)
def shapes(store: Store, name: str, id_field: str, name_field: str, only: tuple[str, ...] | None):
    """Pydeck-ready polygons of a screen-ready geometry table (``lib.ui.maps.shape_records``), tagged with this
    key; marked ``missing`` when the store predates those tables."""
    from lib.ui import maps

    token = (*store_key(store), name, id_field, name_field, only)
    if not store.has(name):
        return maps.Shapes(token=token, missing=True)
    return maps.shape_records(table(store, name), id_field, name_field, only, token=token)


@st.cache_resource(max_entries=MAX_STEPS, show_spinner=False, hash_funcs=STORE_HASH)
def borough_outlines(store: Store, scopes: tuple[str, ...], tolerance_m: float):
    """Borough boundaries as pydeck paths, each shared edge once (``lib.ui.maps.outline_records``): empty
    without a borough table, marked ``missing`` when the store predates the screen-ready outlines."""
    from lib.geography import WEB_OUTLINES
    from lib.ui import maps

    token = (*store_key(store), "outlines", scopes, tolerance_m)
    if not store.has(WEB_OUTLINES):
        return maps.Shapes(token=token, missing=store.has("boroughs"))
    return maps.outline_records(table(store, WEB_OUTLINES), scopes, tolerance_m, token=token)


def _shapes_token(records: Any) -> tuple:
    return records.token


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False,
                   hash_funcs={"lib.ui.maps.Shapes": _shapes_token, **TABLE_HASH})
def map_deck(records, values: pd.DataFrame, key: str, id_field: str, value_field: str, tooltip_field: str,
         selected: str | None, highlight: frozenset[str], view: tuple | None, outlines,
         classes: tuple | None, withheld_field: str | None, basemap: str):
    """A map (a pydeck Deck and its key's labels) for one set of polygons, values and selection; polygons
    and outlines are keyed by where they came from (their ``token``), values by content. Shared: read-only."""
    from lib.ui import maps

    return maps.build_deck(records, values, key, id_field, value_field, tooltip_field, selected, highlight,
                           dict(view) if view else None, outlines, classes, withheld_field)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False,
                   hash_funcs={"lib.ui.maps.Shapes": _shapes_token, **TABLE_HASH})
def drawn_map(records, values: pd.DataFrame, key: str, id_field: str, value_field: str, tooltip_field: str,
              selected: str | None, highlight: frozenset[str], view: tuple | None, outlines,
              classes: tuple | None, withheld_field: str | None, basemap: str, height: int) -> list:
    """Draw a map that is looked at, not clicked (:func:`map_deck`), once per the same arguments: Streamlit
    replays the drawn element on later runs instead of serialising the map again. Returns its key's labels."""
    deck, keys = map_deck(records, values, key, id_field, value_field, tooltip_field, selected, highlight, view,
                          outlines, classes, withheld_field, basemap)
    st.pydeck_chart(deck, height=height)
    return keys


# --- what the pages draw: chart specs and tables, once per distinct content --------------------------------

@st.cache_data(max_entries=MAX_SPECS, show_spinner=False, hash_funcs=TABLE_HASH)
def _built_spec(builder: str, args: tuple, _build: Callable[..., Any]) -> dict[str, Any]:
    from lib.ui.widgets import vega_spec

    return vega_spec(_build(*args))


class ChartSpec(Mapping):
    """A chart asked for by its builder and arguments: read as a mapping, it is the Vega-Lite spec (built once per
    builder and distinct arguments, :func:`_built_spec`); drawn without a selection, it is drawn once and replayed
    (:func:`drawn_chart`), so a rerun neither copies the spec nor converts its data again."""

    def __init__(self, name: str, args: tuple, build: Callable[..., Any]) -> None:
        self.name, self.args, self.build = name, args, build
        self._spec: dict[str, Any] | None = None

    @property
    def spec(self) -> dict[str, Any]:
        if self._spec is None:
            self._spec = _built_spec(self.name, self.args, self.build)
        return self._spec

    def __getitem__(self, k: str) -> Any:
        return self.spec[k]

    def __iter__(self):
        return iter(self.spec)

    def __len__(self) -> int:
        return len(self.spec)


def chart_spec(build: Callable[..., Any], *args: Any) -> ChartSpec:
    """``build(*args)`` (a module-level function returning an Altair chart) as a Vega-Lite spec, built once
    per builder and distinct arguments (keyed by the builder's dotted name and the arguments' values)."""
    return ChartSpec(builder_name(build), args, build)


@st.cache_resource(max_entries=MAX_SPECS, show_spinner=False, hash_funcs=TABLE_HASH)
def drawn_chart(builder: str, args: tuple, key: str, height: int | None, _build: Callable[..., Any]) -> None:
    """Draw a chart nobody selects in (a :class:`ChartSpec`'s builder and arguments) once per the same arguments,
    key and height: Streamlit replays the drawn element on later runs instead of marshalling the chart again."""
    size: dict[str, Any] = {"width": "stretch"} | ({"height": height} if height else {})
    st.vega_lite_chart(spec=_built_spec(builder, args, _build), key=key, **size)


@st.cache_resource(max_entries=MAX_SPECS, show_spinner=False, hash_funcs=TABLE_HASH)
def drawn_altair_chart(builder: str, args: tuple, _build: Callable[..., Any]) -> None:
    """Draw ``_build(*args)`` (an Altair chart nobody selects in, drawn with ``st.altair_chart`` and Streamlit's
    chart theme, as the Challenge deck shows its charts) once per builder and arguments (the builder's dotted name
    and the arguments' values): Streamlit replays the drawn element on later runs instead of building the chart
    and converting its data again."""
    st.altair_chart(_build(*args), width="stretch")


def builder_name(build: Callable[..., Any]) -> str:
    """A chart builder's dotted name, its key in the caches; refused for a lambda or a nested function (its name
    would not tell two of them apart)."""
    name = f"{build.__module__}.{build.__qualname__}"
    if "<" in name:
        raise ValueError(f"chart builders must be module-level functions, not {name}")
    return name


@st.cache_resource(max_entries=MAX_SPECS, show_spinner=False, hash_funcs=TABLE_HASH)
def replayed_table(table: pd.DataFrame, key: str, formats: tuple[tuple[str, str], ...], chosen: str | None) -> None:
    """Draw a table (``lib.ui.drawn_tables.show_table``) once per content, key, formats and chosen row: Streamlit
    replays the drawn element on later runs without formatting the table again."""
    from lib.ui import drawn_tables

    drawn_tables.show_table(table, key=key, formats=dict(formats) or None, chosen=chosen)


def table_formats(formats: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple((formats or {}).items())


# --- issue 24's answers on the pages: what drove the change, unusual months, revisions, the forecast ------

@st.cache_resource(max_entries=MAX_DATASETS, show_spinner=False, hash_funcs=STORE_HASH)
def driver_counts(store: Store, release: str | None):
    """Every area's published counts by category for ``release`` (``lib.views.drivers.driver_counts``), the
    step every area's drivers share."""
    from lib.views import drivers as drivers_views

    return drivers_views.driver_counts(store, release)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def drivers_view(store: Store, release: str | None, code: str, indicator: str, to: str):
    """What drove one area's change (``lib.views.drivers.drivers_view``), with the ward file of the same
    release where there is one (``ward_release_for``), as ``lib.views.drivers.drivers`` composes them; or
    :class:`Refused`."""
    from lib.views import drivers as drivers_views

    def answer():
        wards = ward_dataset(store, drivers_views.ward_release_for(store, release))
        return drivers_views.drivers_view(driver_counts(store, release), wards, code, indicator, to)

    return answer_or_refusal(answer)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def unusual_view(store: Store, release: str | None, code: str, area: str, indicator: str, first: str, last: str):
    """One area's months ``first``..``last`` judged against the months before each
    (``lib.views.unusual.unusual_view``) on the release's crime dataset, or :class:`Refused`."""
    from lib.views import unusual as unusual_views

    return answer_or_refusal(unusual_views.unusual_view, crime_dataset(store, release), code, area, indicator, first,
                             last)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def outcomes_view(store: Store, area_code: str, to: str):
    """Positive outcomes of hate crime, domestic abuse, knife and gun crime (``lib.views.outcomes``), or
    :class:`Refused` (the 12 months are not all in the publisher's file)."""
    from lib.views import outcomes

    return answer_or_refusal(outcomes.outcomes_view, store, area_code, to)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def revisions_view(store: Store, from_release: str | None, to_release: str | None, area_code: str | None):
    """What a release revised in an earlier one (``lib.views.revisions.revisions_view``; releases None: the
    two newest of one scheme that share months; area None: London and every borough), or :class:`Refused`."""
    from lib.views import revisions as revisions_views

    return answer_or_refusal(revisions_views.revisions_view, store, from_release, to_release, area_code)


@st.cache_resource(max_entries=MAX_ANSWERS, show_spinner=False, hash_funcs=STORE_HASH)
def forecast_view(store: Store, release: str | None, to: str, baseline: tuple[str, str], reduction: float,
                  category: str, areas: tuple[str, ...] | None = None):
    """The tracker's forecast for London and every borough (or ``areas`` only) to the end of ``to``'s financial
    year (``lib.views.forecast.forecast_view``), on the same dataset as :func:`tracker_view`."""
    from lib.views import forecast as forecast_views

    return forecast_views.forecast_view(crime_dataset(store, release), to, None, baseline, reduction, category,
                                        areas=areas)
