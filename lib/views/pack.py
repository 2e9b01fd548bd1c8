"""The borough performance pack (issue 12) as one typed object, composed ONLY from the other views.

No arithmetic here: every figure comes from :func:`lib.views.crime.crime_view` (the ``snb`` layout) or
its rows alone (:func:`lib.views.crime.report_rows`, the ``indicators`` layout's periods at once),
:func:`lib.views.unusual.unusual_view` (the trend's unusual months), :func:`lib.views.drivers.drivers_view`
(what drove the change), :func:`lib.views.confidence.confidence_view`,
:func:`lib.views.stop_search.stop_search_view` and :func:`lib.views.complaints.complaints_view`. A section
whose data the store lacks carries a one-line reason instead (``*_missing``) and the pack goes on.

The ``indicators`` layout prints the partnership's one-pagers (seed 002): one page for each indicator of
:func:`lib.reference.one_pagers.one_pager_indicators` that the store answers for the period, in the
one-pagers' order; an indicator it cannot answer is one line (``not_covered``), not a page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.errors import UsageError
from lib.metrics.crime_performance import similar_group_members
from lib.metrics.rag import rag_rule
from lib.periods import add_months, financial_year_label, financial_year_start, month_label, parse_month, period_for
from lib.reference.boroughs import find_borough, mps_boroughs
from lib.reference.one_pagers import NOT_PUBLISHED, OnePagerIndicator, one_pager_indicators
from lib.views.complaints import ComplaintsView, complaints_view, has_complaints
from lib.views.confidence import ConfidenceView, confidence_choices, confidence_view
from lib.views.crime import (
    SIMILAR_GROUP_SOURCE,
    CrimeDataset,
    CrimeView,
    crime_dataset,
    crime_view,
    indicator_dataset,
    report_rows,
    special_words,
)
from lib.views.drivers import DriverCounts, DriversView, driver_counts, drivers_view, ward_release_for
from lib.views.stop_search import (
    StopSearchRecords,
    StopSearchView,
    has_stop_search,
    stop_search_area,
    stop_search_period,
    stop_search_records,
)
from lib.views.unusual import UnusualView, unusual_view

LAYOUTS = ("snb", "indicators")

SATISFACTION_MISSING = ("Victim satisfaction: no data. No public extract of the User Satisfaction Survey exists, "
                        "so this section cannot be shown from published files.")


# The board pack's headline rows: TNO, the seven MOPAC 7 crimes and MOPAC 7 (the Challenge deck's borough slide
# prints them; the one-pagers' indicators are lib.reference.one_pagers)
INDICATORS = ("Total Notifiable Offences", "Violence with Injury", "Robbery (Total)", "Burglary (Total)",
              "Theft From Person", "Theft/Taking Of Motor Vehicle", "Theft From Motor Vehicle", "Criminal Damage",
              "MOPAC 7")
SPECIAL_PREFIX = "Other crime: "  # how the crime table names a hate and special crime row (display_table)
TREND_MONTHS = 24  # the SNB pack's trend: the two years to the pack's month, each judged for being unusual
HISTORY_YEARS = 5


@dataclass(frozen=True, eq=False)
class MonthViews:
    """One month of the financial year's table: the crime view's rows (:func:`report_rows`, the one-pager
    indicators) for the month alone, the financial year to date and the rolling 12 months."""

    month: str
    single: pd.DataFrame
    year_to_date: pd.DataFrame
    rolling: pd.DataFrame


@dataclass(frozen=True)
class OnePage:
    """One indicator's one-pager: the reference entry, the crime table's name(s) of its rows, and its
    target row in words ('' where the indicator is for monitoring: no target applies)."""

    indicator: OnePagerIndicator
    names: tuple[str, ...]
    target: str

    @property
    def title(self) -> str:
        return self.indicator.title


@dataclass(frozen=True, eq=False)
class PackView:
    """Everything the borough pack prints for one borough, month and release."""

    borough_code: str
    borough_name: str
    to: str
    release: str | None
    is_demo: bool
    crime: CrimeView | None  # the snb layout's crime view; None in the indicators layout (its rows are ``monthly``)
    confidence: ConfidenceView | None
    confidence_missing: str
    satisfaction_missing: str
    complaints: ComplaintsView | None
    complaints_missing: str
    stop_search: StopSearchView | None
    stop_search_missing: str
    layout: str = "snb"
    monthly: tuple[MonthViews, ...] = ()  # indicators layout: April .. ``to`` of the financial year
    history: tuple[tuple[str, pd.DataFrame], ...] = ()  # indicators layout: (financial year, its rows)
    pages: tuple[OnePage, ...] = ()  # indicators layout: the pages, in the one-pagers' order
    not_covered: tuple[str, ...] = ()  # indicators layout: one line for each indicator with no page, and why
    group_size: int | None = None  # boroughs in the similar group (the borough included): 'n of N'
    boroughs_ranked: int = 32  # boroughs the rank of 32 is among
    unusual: UnusualView | None = None  # snb layout: the trend's months judged against their own history
    unusual_missing: str = ""
    drivers: DriversView | None = None  # snb layout: what drove the change in the trend's indicator
    drivers_missing: str = ""
    release_words: str = ""  # the release in words ('as published in ...'), both layouts
    rag_rule: str = ""  # the RAG rule in words (lib.metrics.rag), both layouts
    group_source: str = ""  # where our similar group comes from (not iQuanta's MSG), both layouts
    special_words: str = ""  # the months the hate and special crime rows cover, both layouts


def _borough(name: str):
    b = find_borough(name)
    if b is None or not b.policed_by_mps:
        why = "not policed by the MPS" if b is not None else "not a London borough"
        raise UsageError(f"unknown borough {name!r} ({why})")
    return b


def _quarter_for(quarters: tuple[str, ...], to: str) -> str | None:
    """The latest survey quarter ending on or before ``to`` (a choice among the view's quarters)."""
    earlier = [q for q in quarters if q <= to]
    return earlier[-1] if earlier else None


def table_names(indicator: OnePagerIndicator) -> tuple[str, ...]:
    """The crime table's names of an indicator's rows (:func:`lib.views.crime.display_table`)."""
    return indicator.rows if indicator.source == "indicator" else tuple(SPECIAL_PREFIX + r for r in indicator.rows)


def target_words(indicator: OnePagerIndicator, ytd: pd.DataFrame, to: str) -> str:
    """The target row: the target the one-pagers set for the financial year of ``to`` and where the year to
    date stands against it (a fall of at least ``target_pct`` % on the same months a year earlier; any fall
    when it is 0); '' for an indicator kept for monitoring. Not judged when the change is withheld (a count
    under 10) or missing."""
    if indicator.target_pct is None:
        return ""
    head = indicator.target_words[:1].upper() + indicator.target_words[1:] + "."
    rows = ytd[ytd["Crime"] == table_names(indicator)[0]]
    pct = rows["% change"].iloc[0] if len(rows) else None
    if pct is None or pd.isna(pct):
        return f"{head} Not judged: no change can be shown for the year to date (fewer than 10 crimes, or no figures)."
    met = pct < 0 if indicator.target_pct == 0 else pct <= -indicator.target_pct
    return (f"{head} April to {month_label(to)}: {pct:+.1f}% on the same months a year earlier, "
            + ("on course." if met else "not met so far."))


def _indicator_views(data: CrimeDataset, code: str, to: str):
    """The crime view rows the one-pagers print: each month of the financial year (month, year to date,
    rolling 12 months) and the last five complete financial years, all from ONE
    :func:`report_rows` (one pass over the indicators' series for every period)."""
    wanted = tuple(r for i in one_pager_indicators() for r in i.rows)
    data = indicator_dataset(data, wanted)
    months = []
    month = financial_year_start(to)
    while month <= to:
        months.append(month)
        month = add_months(month, 1)
    years = []
    end = add_months(financial_year_start(to), -1)  # March of the last complete financial year
    for _ in range(HISTORY_YEARS):
        if end in data.months and add_months(end, -23) >= data.months[0]:
            years.append(end)
        end = add_months(end, -12)
    periods = [(kind, m) for m in months for kind in ("month", "fytd", "r12")] + [("fytd", e) for e in years]
    rows = report_rows(data, code, periods, wanted)
    monthly = tuple(MonthViews(m, *rows[3 * i: 3 * i + 3]) for i, m in enumerate(months))
    history = tuple((financial_year_label(e), r) for e, r in zip(years, rows[3 * len(months):], strict=True))
    return monthly, history


def _one_pages(data: CrimeDataset, monthly: tuple[MonthViews, ...], to: str) -> tuple[tuple[OnePage, ...],
                                                                                          tuple[str, ...]]:
    """The pages the store answers for the 12 months to ``to``, in the one-pagers' order, and one line for
    each indicator without a page (its series is not in this release, or its file does not cover the
    months), then the one-pagers' indicators that no published file holds."""
    have = set(monthly[-1].rolling["Crime"].astype(str))
    pages, lines, special = [], [], []
    for ind in one_pager_indicators():
        names = table_names(ind)
        if any(n in have for n in names):
            pages.append(OnePage(ind, names, target_words(ind, monthly[-1].year_to_date, to)))
        elif ind.source == "indicator":
            lines.append(f"{ind.title}: not in the crime figures {data.release_words}.")
        else:
            special.append(ind.title)
    if special:  # one line for the hate and special crime file's indicators, with the months it covers
        lines.append(f"{', '.join(special)}: no figures for the 12 months to {month_label(to)}. "
                     + special_words(data.special))
    lines.append("Not in any published file, so not in this pack: " + ", ".join(NOT_PUBLISHED) + ".")
    return tuple(pages), tuple(lines)


@dataclass(frozen=True, eq=False)
class PackSources:
    """What every pack of one store and release reads: the crime dataset of ``release``, the category counts
    and ward figures behind what drove a change, and the classified stop-and-search records (None when the
    store has none), read once for many packs (a server's cache, the benchmark). The one way into
    :func:`pack_view`: the release is the dataset's own, so a pack cannot be given figures of one release
    and words of another (checked here: a mismatch is a programming error)."""

    store: object
    release: str | None
    crime: CrimeDataset
    records: StopSearchRecords | None
    counts: DriverCounts | None = None
    wards: object | None = None  # lib.views.crime.WardDataset

    def __post_init__(self) -> None:
        if self.crime.release != self.release:
            raise ValueError(f"pack sources for release {self.release!r} hold the crime dataset of release "
                             f"{self.crime.release!r}")
        if self.counts is not None and self.counts.release != self.release:
            raise ValueError(f"pack sources for release {self.release!r} hold the category counts of release "
                             f"{self.counts.release!r}")
        if (self.records is not None) != has_stop_search(self.store):
            raise ValueError("pack sources must hold the store's stop-and-search records exactly when it has them")


def pack_sources(store, release: str | None = None) -> PackSources:
    """The :class:`PackSources` of ``store`` for ``release`` (None: each month from the newest release)."""
    from lib.views.crime import ward_dataset

    release = None if release is None else parse_month(release)
    return PackSources(store, release, crime_dataset(store, release),
                       stop_search_records(store) if has_stop_search(store) else None,
                       driver_counts(store, release), ward_dataset(store, ward_release_for(store, release)))


def _group_size(data: CrimeDataset, code: str) -> int | None:
    members = similar_group_members(data.features, code)
    return len(members) or None


def _unusual(data: CrimeDataset, code: str, name: str, indicator: str, to: str) -> tuple[UnusualView | None, str]:
    first = max(add_months(to, 1 - TREND_MONTHS), data.months[0])
    try:
        return unusual_view(data, code, name, indicator, first, to), ""
    except UsageError as e:
        return None, f"Unusual months: not judged ({e})."


def _drivers(sources: PackSources, code: str, indicator: str, to: str) -> tuple[DriversView | None, str]:
    if sources.counts is None or sources.wards is None:
        return None, "What drove the change: not worked out for these sources."
    try:
        return drivers_view(sources.counts, sources.wards, code, indicator, to), ""
    except UsageError as e:
        return None, f"What drove the change: not worked out ({e})."


def pack_view(sources: PackSources, borough: str, to: str, layout: str = "snb") -> PackView:
    """The pack for ``borough`` (any spelling) for the 12 months to ``to``, on the store and release of
    ``sources`` (:func:`pack_sources`)."""
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
    b = _borough(borough)
    to = parse_month(to)
    store, data, records = sources.store, sources.crime, sources.records
    if to not in data.months:  # the crime view's own check, said before either layout's rows are read
        raise UsageError(f"{to} is outside the data (which covers {data.months[0]} to {data.months[-1]})")
    words = dict(release_words=data.release_words, rag_rule=rag_rule(), group_source=SIMILAR_GROUP_SOURCE,
                 special_words=special_words(data.special), group_size=_group_size(data, b.code),
                 boroughs_ranked=len(mps_boroughs()))

    if layout == "indicators":  # the one-pagers print recorded crime alone: no survey, complaints or searches
        # Their rows only (report_rows): the full crime view (map, similar group, trend, every crime
        # row) cost 0.4 s a pack for the release, the RAG rule and the group's source, which are the
        # dataset's and the metrics' own words.
        monthly, history = _indicator_views(data, b.code, to)
        pages, not_covered = _one_pages(data, monthly, to)
        skipped = "Not part of the indicators layout."
        return PackView(
            layout=layout, monthly=monthly, history=history, pages=pages, not_covered=not_covered,
            borough_code=b.code, borough_name=b.name, to=to,
            release=data.release, is_demo=store.is_demo, crime=None, confidence=None, confidence_missing=skipped,
            satisfaction_missing=SATISFACTION_MISSING, complaints=None, complaints_missing=skipped,
            stop_search=None, stop_search_missing=skipped, **words,
        )

    crime = crime_view(data, b.code, b.name, to)
    unusual, unusual_missing = _unusual(data, b.code, b.name, crime.indicator, to)
    drivers, drivers_missing = _drivers(sources, b.code, crime.indicator, to)
    conf, conf_missing = None, ""
    choices = confidence_choices(store)
    q = _quarter_for(choices.quarters, to) if choices.has_pas else None
    if q is None:
        conf_missing = f"Public confidence: no data (no survey quarter ending by {to} in this store)."
    else:
        try:
            conf = confidence_view(store, b.code, q)
        except UsageError as e:
            conf_missing = f"Public confidence: no data ({e})."

    comp, comp_missing = None, ""
    if not has_complaints(store):
        comp_missing = "Complaints: no data. This store holds no published complaints figures."
    else:
        try:
            comp = complaints_view(store, b.code, to)
        except UsageError as e:
            comp_missing = f"Complaints: no data ({e})."

    ss, ss_missing = None, ""
    p = period_for("r12", to)
    if records is None:
        ss_missing = "Stop and search: no data. This store holds no stop and search records."
    else:
        try:
            ss = stop_search_area(stop_search_period(records, p.first, p.last, boroughs=False), b.code)
        except UsageError as e:
            ss_missing = f"Stop and search: no data ({e})."
        if ss is not None and not ss.months:
            ss, ss_missing = None, (f"Stop and search: no data for {p.label} "
                                    "(the records in this store cover other months).")
    return PackView(
        layout=layout,
        borough_code=b.code, borough_name=b.name, to=to, release=data.release, is_demo=store.is_demo,
        crime=crime, unusual=unusual, unusual_missing=unusual_missing, drivers=drivers,
        drivers_missing=drivers_missing, confidence=conf, confidence_missing=conf_missing,
        satisfaction_missing=SATISFACTION_MISSING,
        complaints=comp, complaints_missing=comp_missing, stop_search=ss, stop_search_missing=ss_missing, **words,
    )
