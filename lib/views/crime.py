"""The crime screen as typed answers: a release's dataset, the borough view, the tracker and the wards.

``crime_dataset(store, release)`` reads the store's crime tables once and builds the series of a
release (or of the newest release per month); ``crime_view``, ``tracker_view`` and ``ward_view``
answer the reader's choices from it. Every table is ready to draw for the public: counts as the MPS
publishes them, however small; the % change, rate, rank and RAG of a count under 10 withheld and said
so. The page, the command line, the Challenge deck (issue 11) and the borough pack (issue 12) read these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from lib.errors import UsageError
from lib.metrics import crime_series as cs
from lib.metrics.change_test import change_test
from lib.metrics.crime_performance import (
    AREA_FIGURES_TABLE,
    AREA_HEADLINES_TABLE,
    HOUSEHOLD_INDICATORS,
    NO_FIGURES,
    area_figures_rule,
    area_headlines,
    area_ranks,
    area_table,
    area_table_from,
    borough_report,
    denominator_key,
    group_comparison,
    headline_figures_from,
    headline_index,
    period_denominators,
    similar_group_members,
    stored_area_figures,
    trend,
)
from lib.metrics.period_reports import period_reports
from lib.metrics.population import AS_PUBLISHED, CURRENT
from lib.metrics.rag import rag_rule
from lib.metrics.special_crime import (
    KIND_SPECIAL,
    SPECIAL_RULE_NOTE,
    SPECIAL_SERIES_TABLE,
    as_series,
    coverage,
    special_rule,
    special_series,
)
from lib.metrics.suppression import MASK, THRESHOLD, WITHHELD_NOTE, suppressed_rows, withhold
from lib.metrics.targets import (
    DEFAULT_BASELINE,
    DEFAULT_REDUCTION,
    Revision,
    TargetSummary,
    first_release_containing,
    revision,
    target_summary,
    target_table,
    trajectory,
)
from lib.metrics.ward_months import WARD_MONTHS_NOTE, recorded_incomplete, ward_month_check
from lib.metrics.ward_performance import ward_figures, ward_ranks
from lib.periods import add_months, complete_financial_years, month_label, month_range, period_for, period_label
from lib.reference.boroughs import LONDON_CODE
from lib.reference.categories import MOPAC7
from lib.reference.london import LONDON_DEFINITION

MISSING = "–"
NEWEST_WORDS = "the newest release for each month"


def _opt(store, name: str) -> pd.DataFrame | None:
    return store.table(name) if store.has(name) else None


def _fmt(v, pattern: str) -> str:
    return MISSING if v is None or pd.isna(v) else pattern.format(v)


def _count(v) -> str:
    """A count as published ('1,234', '4'); '–' when missing."""
    return MISSING if v is None or pd.isna(v) else f"{v:,.0f}"


def release_words(release: str | None) -> str:
    """'as published in the release to December 2016', or the newest-release rule in words."""
    return f"as published in the release to {month_label(release)}" if release else f"from {NEWEST_WORDS}"


# --- the dataset of a release -----------------------------------------------------------------------


def crime_releases(store) -> tuple[str, ...]:
    """Borough-level releases in the store, oldest first (the small releases table, not the series)."""
    rel = _opt(store, "crime_releases")
    if rel is not None:
        return tuple(sorted(map(str, rel.loc[rel["level"] == "borough", "release"].unique())))
    return tuple(cs.releases(store.table("crime_borough")))


@dataclass(frozen=True, eq=False)
class CrimeDataset:
    """A release's borough series and the tables every crime answer needs, read once (compared and
    hashed by identity: one object per store version and release, from the cache).

    The series ingest stored (each month from the newest release) is read from ``store`` when an answer first
    needs it (:attr:`series`); a page whose answer ingest stored (``lib.views.stored_views``) needs only its
    months and crime types, read from three of its columns."""

    release: str | None
    population: pd.DataFrame | None
    features: pd.DataFrame | None
    releases_table: pd.DataFrame | None
    releases: tuple[str, ...]
    months: tuple[str, ...]
    indicators: tuple[str, ...]
    special: pd.DataFrame | None = None  # hate and special crime pack rows as a series (kind 'special')
    estimates: pd.DataFrame | None = None  # ONS population_estimates, every vintage
    frame: pd.DataFrame | None = None  # the series in memory (None: as ingest stored it, read from ``store``)
    store: Any = None  # the store whose stored series this is (None: a series worked out from the published counts)

    @cached_property
    def series(self) -> pd.DataFrame:
        """Every area's series: ``frame``, or the store's ``crime_series`` (:func:`stored_series`)."""
        return self.frame if self.frame is not None else self.store.table(cs.SERIES_TABLE)

    @cached_property
    def series_names(self) -> pd.DataFrame:
        """Each series the dataset holds, once: its ``indicator`` (the name as published) and ``kind``."""
        return self.series[["indicator", "kind"]].drop_duplicates(ignore_index=True)

    @cached_property
    def month_releases(self) -> pd.DataFrame:
        """The release each month of the series comes from (month, release), worked out once from the series' own
        rows: each month's newest release, or the pinned release."""
        return cs.distinct(self.series, ["month", "release"])

    @cached_property
    def stored(self) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """Every area's figures stored at ingest for the newest periods, with their keys (:func:`stored_figures`):
        beside the stored series only."""
        return None if self.store is None else stored_figures(self.store)

    @property
    def release_words(self) -> str:
        return release_words(self.release)

    @property
    def financial_years(self) -> tuple[str, ...]:
        return tuple(complete_financial_years(list(self.months)))

    @property
    def ends(self) -> tuple[str, ...]:
        """Months that end a full 12 months of data (the choices of '12 months to')."""
        return self.months[11:]


def has_stored_series(store) -> bool:
    """Whether the store holds the default-release borough series written at ingest (``lib/ingest/derived.py``)
    by this code's rule and category mapping."""
    return store.has(cs.SERIES_TABLE) and store.manifest.get("notes", {}).get(cs.SERIES_RULE_NOTE) == cs.series_rule()


def stored_series(store) -> pd.DataFrame | None:
    """The default-release borough series written at ingest, or None when the store has none or it was built by
    another rule or category mapping than this code's."""
    return store.table(cs.SERIES_TABLE) if has_stored_series(store) else None


def stored_figures(store) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Every area's figures for the newest periods as ingest stored them (``lib/ingest/derived.py``: the
    tables ``crime_area_figures`` and ``crime_area_headlines``, each row keyed by its rule, release rule, period
    and population basis: :func:`crime_areas` uses only rows of exactly its keys), or None when the store has none.
    """
    if not store.has(AREA_FIGURES_TABLE) or not store.has(AREA_HEADLINES_TABLE):
        return None
    return store.table(AREA_FIGURES_TABLE), store.table(AREA_HEADLINES_TABLE)


def dataset_special(store) -> pd.DataFrame | None:
    """The hate and special crime rows as a series (:func:`lib.metrics.special_crime.special_series`): as ingest
    stored it (``crime_special_series``) when built by this code's rule, else worked out from ``crime_special``;
    None without that table."""
    if store.has(SPECIAL_SERIES_TABLE) and store.manifest.get("notes", {}).get(SPECIAL_RULE_NOTE) == special_rule():
        return as_series(store.table(SPECIAL_SERIES_TABLE))
    raw = _opt(store, "crime_special")
    return None if raw is None else special_series(raw)


def series_index(columns: pd.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A series' months, in order, and the crime types (kind 'indicator') it holds, in the page's order: from
    its columns ``month``, ``kind`` and ``indicator``."""
    present = set(map(str, columns.loc[columns["kind"] == cs.KIND_INDICATOR, "indicator"].unique()))
    return tuple(sorted(map(str, columns["month"].unique()))), tuple(i for i in cs.INDICATOR_ORDER if i in present)


def crime_dataset(store, release: str | None = None) -> CrimeDataset:
    """The borough series of ``release`` (None: each month from the newest release containing it, the
    store's derived ``crime_series`` table when it holds one built by the same rule, read when first needed,
    with every area's figures for the newest periods stored beside it, :func:`stored_figures`)."""
    frame = None
    if release is not None or not has_stored_series(store):  # the published counts themselves
        frame = cs.borough_series(cs.CrimeTables(borough=store.table("crime_borough"),
                                                 other=_opt(store, "crime_other_areas")), release)
        months, indicators = series_index(frame)
    else:
        months, indicators = series_index(store.categories(cs.SERIES_TABLE, ["month", "kind", "indicator"]))
    return CrimeDataset(
        special=dataset_special(store),
        estimates=_opt(store, "population_estimates"),
        release=release, population=_opt(store, "population"),
        features=_opt(store, "borough_features"), releases_table=_opt(store, "crime_releases"),
        releases=crime_releases(store), months=months, indicators=indicators,
        frame=frame, store=None if frame is not None else store,
    )


# --- the borough (or London) view ---------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    kind: str
    label: str
    period: str
    previous_period: str
    current: float | None
    previous: float | None
    pct_change: float | None
    london_pct_change: float | None

    @property
    def suppressed(self) -> bool:
        """Either count is under 10: the counts are shown, the change is withheld and the card says why."""
        return any(v is not None and not pd.isna(v) and v < THRESHOLD for v in (self.current, self.previous))

    @property
    def value_text(self) -> str:
        return _count(self.current)

    @property
    def real(self) -> bool:
        """Whether the change is beyond normal variation (:func:`lib.metrics.change_test.change_test`)."""
        return change_test(self.current, self.previous).real

    @property
    def change_text(self) -> str | None:
        """'-5.0% on the same period last year: within normal variation' (the verdict of the change test)."""
        if self.pct_change is None or pd.isna(self.pct_change) or self.suppressed:
            return None
        return (f"{self.pct_change:+.1f}% on the same period last year: "
                f"{change_test(self.current, self.previous).words}")

    @property
    def comparison_text(self) -> str:
        return (f"Against {self.previous_period} ({_count(self.previous)}). "
                + (f"Change {WITHHELD_NOTE} crimes. " if self.suppressed else "")
                + f"London: {_fmt(self.london_pct_change, '{:+.1f}%')}.")


@dataclass(frozen=True)
class CrimeView:
    """Everything the crime page shows for one area, indicator and period."""

    area_code: str
    area_name: str
    indicator: str
    to: str
    release: str | None
    release_words: str
    period_words: str
    comparison_words: str
    population_basis: str
    rag_rule: str
    headlines: tuple[Headline, ...]
    report: pd.DataFrame  # every series for the area, numbers (the CLI's rows)
    indicator_table: pd.DataFrame  # the same, display columns, suppressed
    trend: pd.DataFrame
    map_table: pd.DataFrame  # the 32 boroughs: numbers and a tooltip line
    map_numbers: pd.DataFrame  # the same, for the table beside the map, suppressed
    group: pd.DataFrame  # most similar group (empty for London or without features), suppressed
    group_words: str
    features: pd.DataFrame
    population_choice: str = CURRENT  # 'current', 'as_published' or a vintage id
    population_rule: str = ""  # the rule for a rate, in words (also in the CLI --help)
    special_words: str = ""  # which months the hate and special crime rows cover, and that they overlap
    definitions: pd.DataFrame | None = None  # glossary definitions of the hate and special crime rows
    london_rate: float | None = None  # the London (MET) rate of the chosen indicator
    group_source: str = ""  # our similar group, not iQuanta's MSG

    @property
    def group_table(self) -> pd.DataFrame:
        """The similar group as the table beside its chart, with screen names."""
        return group_numbers(self.group)

    @property
    def rate_per(self) -> str:
        """What the chosen indicator's rate divides by: 'households' (residential burglary) or 'residents'."""
        return "households" if self.indicator in HOUSEHOLD_INDICATORS else "residents"

    @property
    def table_caption(self) -> str:
        """What the indicator table's columns and rows mean: RAG, suppression, change tests, rows, rates, group."""
        return (f"RAG rule: {self.rag_rule} Counts are shown as the MPS publishes them; where either count is "
                f"under {THRESHOLD} the % change, rank and rating are not shown (too few for a reliable "
                "comparison), nor the rate where the latest count is. "
                f"'Is the change real?': {CHANGE_TEST_WORDS} {self.special_words} Rates: {self.population_basis}. "
                f"{self.group_source}")

    @property
    def group_method(self) -> str:
        """How the most similar group is chosen, with the features used, in words."""
        return ("Method: each feature is standardised across the 32 boroughs (z-score) and the 14 boroughs with "
                "the smallest Euclidean distance, all features weighted equally, form the group with the borough. "
                "Features: " + "; ".join(self.features["label"].astype(str)) + ". " + self.group_source)


POPULATION_RULE = (
    "Rates per 1,000 residents divide by the current ONS mid-year estimate series (Census 2021 consistent) for "
    "the period's year (the mid-year nearest the middle of the period). When figures are pinned 'as published "
    "in' a release, by the latest ONS estimate that had been published by the end of the period (ONS publishes "
    "mid-year N in the summer of N+1), as iQuanta and the partnership packs did. Residential burglary is per "
    "1,000 households, from one series for every period (Census 2011, then Census 2021 once published). "
    + LONDON_DEFINITION)
CHANGE_TEST_WORDS = (
    "a change is real when it is beyond what chance explains: 2(√latest − √previous) beyond ±3 (an exact "
    "binomial test when the two counts total under 20); otherwise it is within normal variation.")
# Short: the picker is a fifth of the page wide; its help (POPULATION_RULE) says what each means.
POPULATION_LABELS = {CURRENT: "Current ONS series", AS_PUBLISHED: "As published at the time"}
SIMILAR_GROUP_SOURCE = (
    "The similar group is ours: the 15 London boroughs nearest on socio-demographic features. It is not "
    "iQuanta's national Most Similar Group of 15 partnerships used in the partnership packs ('8 of 15'), "
    "which this data cannot reproduce.")
SPECIAL_WORDS = (
    "Hate and special crime rows (the Enfield pack's 'Other Crime'): offences flagged in the MPS hate and special "
    "crime file, which covers {span}. Flags overlap each other and the crime types above: never added to TNO.")


def population_choices(dataset: CrimeDataset) -> tuple[str, ...]:
    """The population bases a reader can pick: the rule's two and each held ONS vintage."""
    if dataset.estimates is None or not len(dataset.estimates):
        return (CURRENT,)
    held = set(map(str, dataset.estimates["vintage"].unique()))
    from lib.reference.population import population_vintages

    return (CURRENT, AS_PUBLISHED, *(v.vintage for v in population_vintages() if v.vintage in held))


def population_default(dataset: CrimeDataset) -> str:
    """The basis used when none is chosen: 'as_published' for figures pinned to a release, else 'current'."""
    return AS_PUBLISHED if dataset.release and dataset.estimates is not None else CURRENT


def population_label(choice: str) -> str:
    """A population basis choice in words."""
    if choice in POPULATION_LABELS:
        return POPULATION_LABELS[choice]
    from lib.reference.population import population_vintages

    return next((v.label for v in population_vintages() if v.vintage == choice), choice)


def special_definitions() -> pd.DataFrame:
    """The glossary definitions (Enfield pack glossary) of the hate and special crime rows: row, definition, source."""
    from lib.reference import read_table
    from lib.reference.special_crime import special_crime_rows

    g = read_table("glossary.csv").set_index("term")
    rows = [{"Crime": r.row, "Definition": str(g.loc[r.glossary_term, "definition"]) if r.glossary_term in g.index
             else MISSING, "Source": str(g.loc[r.glossary_term, "source"]) if r.glossary_term in g.index else MISSING}
            for r in special_crime_rows()]
    return pd.DataFrame(rows)


# RAG as symbol, word and meaning (never colour alone): ▼ fewer crimes is better, ▲ worse.
RAG_WORDS = {"green": "▼ Green — better", "amber": "● Amber — mixed", "red": "▲ Red — worse"}
NOT_RATED = "– Not rated"
# Withheld on a row whose latest or previous count is under 10 (they would reveal the hidden count or
# its direction); the rate only when the latest count is small (it is computed from it alone).
COMPARISONS = ["% change", "Rank of 32 (1 = lowest rate)", "Rank in similar group"]


SMALL_CHANGE = f"change {WITHHELD_NOTE}"  # the verdict cell of a row whose change is withheld


def count_text(values: pd.Series) -> pd.Series:
    """Counts as the MPS publishes them, one text column: '1,234', '4', '–' missing."""
    return pd.Series([MISSING if pd.isna(v) else f"{v:,.0f}" for v in values],
                     index=values.index, dtype="str")


def small_rows(table: pd.DataFrame) -> pd.Series:
    """The rows of a display table (:func:`display_table`) whose change is withheld: either count under 10
    (``lib.metrics.suppression.suppressed_rows`` of the published counts read back from their text)."""
    counts = table[["Previous 12 months", "Latest 12 months"]].apply(
        lambda c: pd.to_numeric(c.astype("str").str.replace(",", ""), errors="coerce"))
    return suppressed_rows(counts, list(counts.columns))


def rag_words(rag: pd.Series, rows: pd.Series | None = None) -> pd.Series:
    """RAG statuses in words and symbols; 'Not rated' where missing or on suppressed ``rows``."""
    out = rag.map(lambda r: RAG_WORDS.get(str(r).lower(), NOT_RATED)).astype("str")
    return out if rows is None else out.where(~rows.to_numpy(), NOT_RATED)


def _int(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").round().astype("Int64")


# Columns that compare an area with London or rank it among the boroughs: empty or a copy for London itself.
BESIDE_LONDON = ["London % change", "London (MET) rate", "Rank of 32 (1 = lowest rate)", "Rank in similar group",
                 "Similar group average rate"]


def display_table(report: pd.DataFrame, *, london: bool = False) -> pd.DataFrame:
    """The indicator table as the public sees it: pack names, counts as published; the
    verdicts (RAG, is the change real) beside the changes they judge, the denominators last. ``london``:
    the table of London itself, without the columns that compare with London or rank boroughs
    (``BESIDE_LONDON``: repeats of its own figures, or empty).

    Definition: :func:`lib.metrics.crime_performance.borough_report` columns renamed for reading;
    categories indented under their major; where a latest or previous count is below 10 the row's
    % change, ranks and RAG are withheld (not rated, unranked, 'change not shown: under 10'), and the rate
    too when the latest count is small (``lib.metrics.suppression``); RAG in words. Counts are text ('1,234', '4');
    every other figure is a number, missing where withheld.
    """
    name = np.where(report["kind"] == cs.KIND_MINOR, "  · " + report["indicator"].astype(str),
                    np.where(report["kind"] == KIND_SPECIAL, "Other crime: " + report["indicator"].astype(str),
                             report["indicator"].astype(str)))
    small = suppressed_rows(report, ["current", "previous"])
    latest_small = suppressed_rows(report, ["current"])
    t = pd.DataFrame({
        "Crime": name,
        "Previous 12 months": count_text(report["previous"]),
        "Latest 12 months": count_text(report["current"]),
        "% change": report["pct_change"].astype("float64").round(1),
        "London % change": report["mps_pct_change"].astype("float64").round(1),
        "RAG": rag_words(report["rag"], small),
        "Is the change real?": _col(report, "change_words", MISSING),
        "Rate per 1,000": report["rate_per_1000"].astype("float64").round(2),
        "London (MET) rate": _col(report, "mps_rate_per_1000", np.nan).astype("float64").round(2),
        "Rank of 32 (1 = lowest rate)": _int(report["rank"]),
        "Rank in similar group": _int(report["msg_rank"]),
        "Similar group average rate": report["msg_average"].astype("float64").round(2),
        # The denominator last: the same for most rows, and said in the caption too.
        "Per 1,000 of": report["rate_basis"],
        "Population used": _col(report, "denominator", np.nan).astype("float64").round(),
        "Population basis": _col(report, "denominator_basis", MISSING),
    })
    out = withhold(withhold(t, small, COMPARISONS), latest_small, ["Rate per 1,000"])
    note = _col(report, "note", "").fillna("").astype("str")
    no_figures = note.str.startswith(NO_FIGURES).to_numpy()
    for c, src in [("Previous 12 months", "previous"), ("Latest 12 months", "current")]:
        gap = no_figures & report[src].isna().to_numpy()  # a missing count says why (a gap in the file)
        out.loc[gap, c] = note[gap]
    out["Is the change real?"] = out["Is the change real?"].astype("str").where(~small.to_numpy(),
                                                                                  SMALL_CHANGE)
    for c in ["Is the change real?", "Per 1,000 of", "Population basis"]:
        out[c] = out[c].astype("str").fillna(MISSING)
    return out.drop(columns=BESIDE_LONDON) if london else out


def _col(report: pd.DataFrame, name: str, default) -> pd.Series:
    return report[name] if name in report.columns else pd.Series(default, index=report.index)


MAP_NUMBERS = {"area_name": "Borough", "current": "Latest 12 months", "previous": "Previous 12 months",
               "pct_change": "% change", "rate_per_1000": "Rate per 1,000", "rank": "Rank of 32 (1 = lowest rate)",
               "london_rate_per_1000": "London (MET) rate"}


def _small_counts(t: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The rows whose change (either count under 10) and whose rate (the latest count under 10) the
    public must not see (``lib.metrics.suppression.suppressed_rows``): one rule for tables and maps."""
    return (suppressed_rows(t, [c for c in ("current", "previous") if c in t.columns]),
            suppressed_rows(t, ["current"]))


def public_numbers(t: pd.DataFrame, names: dict[str, str], *, rank: str | None = "rank",
                   rate: str | None = "rate_per_1000") -> pd.DataFrame:
    """An area table for the public with its screen names: counts ('current', 'previous') as text, as
    published; on a row where either count is under 10 the % change and ``rank`` are withheld, and ``rate``
    where the latest count is (``lib.metrics.suppression``). Other columns keep their numbers."""
    small, latest_small = _small_counts(t)
    out = withhold(t, small, ["pct_change", *([rank] if rank else [])])
    out = withhold(out, latest_small, [rate] if rate else [])
    for c in ("current", "previous"):
        if c in out.columns:
            out[c] = count_text(out[c])
    if rank and rank in out.columns:
        out[rank] = _int(out[rank])
    for c in ("pct_change", "rate_per_1000", "london_rate_per_1000"):
        if c in out.columns:
            out[c] = out[c].astype("float64").round(1 if c == "pct_change" else 2)
    return out[list(names)].rename(columns=names).reset_index(drop=True)


WITHHELD_WORDS = f"change, rate and rank {WITHHELD_NOTE}"


def map_fields(t: pd.DataFrame) -> pd.DataFrame:
    """The fields a map is shaded by, withheld as the tables withhold them (a colour must not reveal what
    a table hides): ``map_rate`` and ``map_count`` missing where the latest count is under 10
    (``rate_withheld``), ``map_change`` where either count is (``change_withheld``)."""
    small, latest_small = _small_counts(t)
    out = t.assign(rate_withheld=latest_small.to_numpy(), change_withheld=small.to_numpy())
    out["map_rate"] = out["rate_per_1000"].astype("float64").where(~latest_small.to_numpy())
    out["map_count"] = out["current"].astype("float64").where(~latest_small.to_numpy())
    out["map_change"] = out["pct_change"].astype("float64").where(~small.to_numpy())
    return out


def _map_table(t: pd.DataFrame) -> pd.DataFrame:
    t = map_fields(t[t["area_code"] != LONDON_CODE].reset_index(drop=True))
    t["borough_code"] = t["area_code"]
    shown = public_numbers(t, {c: c for c in t.columns})
    t["tooltip"] = [
        f"{n}: {c} crimes; {WITHHELD_WORDS}" if w else
        f"{n}: {c} crimes, {_fmt(p, '{:+.1f}%')} on last year, "
        f"{_fmt(r, '{:.2f}')} per 1,000 (London {_fmt(lr, '{:.2f}')}), rank {_fmt(k, '{}')} of 32"
        for n, c, p, r, k, lr, w in zip(shown["area_name"], shown["current"], shown["pct_change"],
                                        shown["rate_per_1000"], shown["rank"], shown["london_rate_per_1000"],
                                        t["rate_withheld"], strict=True)
    ]
    return t


def _withheld_last(t: pd.DataFrame, rank: str, name: str) -> pd.DataFrame:
    """``t`` (with :func:`map_fields`) in rank order, rows whose rank is withheld last by name: a row's
    place in a table must not give its hidden rank away."""
    order = t.assign(_rank=t[rank].astype("float64").where(~t["change_withheld"]))
    return order.sort_values(["_rank", name], na_position="last").drop(columns="_rank")


def _map_numbers(mt: pd.DataFrame) -> pd.DataFrame:
    return public_numbers(_withheld_last(mt, "rank", "area_name"), MAP_NUMBERS)


def _population_basis(population: pd.DataFrame | None, to: str, indicator: str) -> str:
    if population is None or not len(population):
        return "no population figures in the store: rates are not shown"
    from lib.metrics.crime_performance import population_year_for

    year = population_year_for(population, to)
    per = "households" if indicator in HOUSEHOLD_INDICATORS else "residents"
    return f"per 1,000 {per}, ONS mid-year estimate {year}"


@dataclass(frozen=True, eq=False)
class CrimeAreas:
    """What every area's crime view shares for a dataset, period and population basis: every area's
    figures for every series, rated and ranked (compared and hashed by identity, so a memo can key on it)."""

    dataset: CrimeDataset
    to: str
    kind: str
    population: str  # the basis chosen (:data:`POPULATION_RULE`)
    denominator: pd.DataFrame | None
    ranked: pd.DataFrame  # lib.metrics.crime_performance.rank_all_areas
    indicator_rows: dict  # area code -> positions in the series of its rows of kind 'indicator'
    stored_headlines: pd.DataFrame | None  # the headlines stored at ingest with ``ranked``; None: worked out if asked

    @cached_property
    def headlines(self) -> dict:
        """{kind: every area's indicator comparison for this period kind} (``area_headlines``: comparison_index of
        ranked for the period's kind, of the other kinds' windows for the rest): as stored with the figures, else
        worked out the first time a view asks (the command line prints none)."""
        heads = self.stored_headlines
        if heads is None:
            heads = area_headlines(self.dataset.series, self.ranked, self.to, self.kind)
        return headline_index(heads)

    def rows_of(self, *area_codes: str) -> pd.DataFrame:
        """The series' 'indicator' rows of these areas, in the series' order (what the headlines and the
        trend select), without scanning the whole series again."""
        pos = [self.indicator_rows.get(c, np.empty(0, dtype="int64")) for c in dict.fromkeys(area_codes)]
        return self.dataset.series.take(np.sort(np.concatenate(pos)))


def crime_areas(dataset: CrimeDataset, to: str, kind: str = "r12", population: str | None = None) -> CrimeAreas:
    """The part of :func:`crime_view` that is the same for every area: worked out once, then each
    area's view (:func:`crime_area_view`) selects its rows."""
    if to not in dataset.months:
        raise UsageError(f"{to} is outside the data (which covers {dataset.months[0]} to {dataset.months[-1]})")
    choice = population or population_default(dataset)
    if choice not in population_choices(dataset):
        raise UsageError(f"unknown population basis {choice!r} (choose from {', '.join(population_choices(dataset))})")
    s = dataset.series
    stored = None if dataset.stored is None else stored_area_figures(
        *dataset.stored, area_figures_rule(cs.series_rule()), dataset.release, to, kind, choice)
    if stored is None:  # the headlines are worked out only when a view asks for them (CrimeAreas.headlines)
        den, ranked = area_ranks(s, dataset.population, dataset.estimates, dataset.special, to, kind, choice)
        heads = None
    else:  # worked out at ingest by the same function for these keys; the period's denominator is read here
        ranked, heads = stored
        p = period_for(kind, to)
        den = period_denominators(dataset.population, dataset.estimates, p.first, p.last, choice)
    ind = np.flatnonzero((s["kind"] == cs.KIND_INDICATOR).to_numpy(dtype=bool, na_value=False))
    by_area = pd.Series(ind).groupby(s["area_code"].to_numpy()[ind]).indices
    rows = {str(code): ind[where] for code, where in by_area.items()}
    return CrimeAreas(dataset=dataset, to=to, kind=kind, population=choice, denominator=den, ranked=ranked,
                      indicator_rows=rows, stored_headlines=heads)


def crime_view(dataset: CrimeDataset, area_code: str, area_name: str, to: str, indicator: str = MOPAC7,
               kind: str = "r12", population: str | None = None) -> CrimeView:
    """The crime page's answer for an area (a borough code or London), indicator and period.

    ``population``: the basis of every rate (:data:`POPULATION_RULE`): 'current', 'as_published' or a
    vintage id; None = 'as_published' when the figures are pinned to a release, else 'current'.
    Composed of the steps the page caches once for every area: :func:`crime_areas`, then
    :func:`crime_indicator_areas`, then :func:`crime_area_view`.
    """
    return crime_area_view(crime_indicator_areas(crime_areas(dataset, to, kind, population), indicator), area_code,
                           area_name)


def public_trend(tr: pd.DataFrame) -> pd.DataFrame:
    """The month-by-month trend as the public sees it: every monthly count and rolling total as the MPS
    publishes it, however small (``lib.metrics.suppression``: counts are shown; Homicide in a borough is
    0-3 a month). A copy: the input is not changed."""
    return tr.copy()


@dataclass(frozen=True, eq=False)
class CrimeIndicatorAreas:
    """One crime series of a :class:`CrimeAreas` as every area's view shows it: all areas' figures, the
    map's table and its numbers (compared and hashed by identity)."""

    areas: CrimeAreas
    indicator: str
    table: pd.DataFrame  # lib.metrics.crime_performance.area_table_from
    map_table: pd.DataFrame
    map_numbers: pd.DataFrame


def crime_indicator_areas(areas: CrimeAreas, indicator: str = MOPAC7) -> CrimeIndicatorAreas:
    """The part of :func:`crime_area_view` that is the same for every area of one series (the map and
    its numbers), worked out once."""
    at = area_table_from(areas.ranked, indicator)
    mt = _map_table(at)
    return CrimeIndicatorAreas(areas, indicator, at, mt, _map_numbers(mt))


def crime_report(areas: CrimeAreas, area_code: str) -> pd.DataFrame:
    """An area's every crime row for the period (:func:`lib.metrics.crime_performance.borough_report` of the
    shared figures, ranked in the area's similar group, with the hate and special crime rows' gaps noted): the
    ``report`` of :func:`crime_area_view` and what the ``crime-summary`` command prints."""
    dataset = areas.dataset
    members = similar_group_members(dataset.features, area_code)
    report = borough_report(areas.ranked, area_code, members,
                            special_rows=dataset.special is not None and len(dataset.special) > 0)
    return _note_special_gaps(report, dataset.special, period_for(areas.kind, areas.to))


def crime_area_view(shared: CrimeIndicatorAreas, area_code: str, area_name: str) -> CrimeView:
    """:func:`crime_view` for one area, from what every area shares for one series: the
    :func:`crime_indicator_areas` of a :func:`crime_areas`, which carry the dataset, period, population basis
    and series (the one way in: nothing given beside them can disagree with them)."""
    areas, indicator = shared.areas, shared.indicator
    dataset, to, kind = areas.dataset, areas.to, areas.kind
    choice = areas.population
    p = period_for(kind, to)
    den = areas.denominator
    rows = areas.rows_of(area_code, LONDON_CODE)
    heads = tuple(Headline(**h) for h in headline_figures_from(areas.headlines, area_code, indicator, to))
    report = crime_report(areas, area_code)
    members = similar_group_members(dataset.features, area_code)  # the group chart's boroughs, as the report's
    at, mt = shared.table, shared.map_table
    group = pd.DataFrame()
    group_words = "Choose a borough to compare it with the 14 boroughs most like it."
    if area_code != LONDON_CODE:
        group = group_comparison(at, members, area_code).assign(london_rate_per_1000=_london_rate(at))
        if group.empty:
            group_words = "This store has no socio-demographic features to find similar boroughs."
        else:
            group = _public_group(group)
            own = group[group["is_selected"]].iloc[0]
            standing = (f"is not ranked (fewer than {THRESHOLD} crimes: rank not shown)"
                        if pd.isna(own["group_rank"]) else
                        f"is ranked {own['group_rank']} of {len(group)} (1 = lowest rate)")
            group_words = (f"{area_name} (orange, marked ▶) {standing} "
                           "in our similar group of London boroughs (not iQuanta's national MSG). "
                           f"Dashed line: the group average. Boroughs with fewer than {THRESHOLD} crimes have no "
                           f"bar (rate {WITHHELD_NOTE}).")
    f = dataset.features
    feats = (pd.DataFrame(columns=["feature", "label", "unit", "source"]) if f is None else
             f[["feature", "label", "unit", "source"]].drop_duplicates("feature").reset_index(drop=True))
    return CrimeView(
        area_code=area_code, area_name=area_name, indicator=indicator, to=to, release=dataset.release,
        release_words=dataset.release_words, period_words=p.label, comparison_words=p.previous_label,
        population_basis=_basis_words(den, at, dataset.population, to, indicator),
        rag_rule=rag_rule(london=area_code == LONDON_CODE),
        headlines=heads, report=report, indicator_table=display_table(report, london=area_code == LONDON_CODE),
        trend=public_trend(trend(rows, area_code, indicator, to)), map_table=mt, map_numbers=shared.map_numbers,
        group=group, group_words=group_words, features=feats,
        population_choice=choice, population_rule=POPULATION_RULE, special_words=special_words(dataset.special),
        definitions=special_definitions(), london_rate=_london_rate(at), group_source=SIMILAR_GROUP_SOURCE,
    )


def indicator_dataset(dataset: CrimeDataset, indicators: tuple[str, ...]) -> CrimeDataset:
    """The dataset with only the named indicators' series (every area and month), and of the hate and special
    crime rows only those named (their pack row names, e.g. 'Knife Crime'): filtered once, so that
    :func:`report_rows` (the one-pagers' 32 periods) scans a small table."""
    from dataclasses import replace

    s = dataset.series
    keep = (s["kind"] == cs.KIND_INDICATOR) & s["indicator"].isin(list(indicators))
    sp = dataset.special
    sp = None if sp is None else sp[sp["indicator"].isin(list(indicators))].reset_index(drop=True)
    return replace(dataset, frame=s[keep].reset_index(drop=True),
                   special=sp if sp is not None and len(sp) else None)


def report_rows(dataset: CrimeDataset, area_code: str, periods: list[tuple[str, str]],
                indicators: tuple[str, ...], population: str | None = None) -> list[pd.DataFrame]:
    """The rows of ``crime_view(dataset, area_code, ..., to, kind=kind).indicator_table`` for the named
    indicators only (without the map, group chart, headlines or trend), for every ``(kind, to)`` in
    ``periods`` (the one-pagers' months, years to date and financial years): one list entry per period.
    A name of a hate and special crime row (``dataset.special``) gives that row ('Other crime: Knife Crime'),
    with its figures only where its file covers every month of the period (no row otherwise).

    Definition: :func:`lib.metrics.period_reports.period_reports` (the figures of
    :func:`lib.metrics.crime_performance.borough_report` for many periods in one pass over the series)
    and :func:`display_table`. Every figure of a row (counts, % change, London % change, rate, rank of
    32, similar-group rank and average, RAG) depends only on that indicator's own series and period, so
    the rows are those of the full view; each distinct denominator (:func:`denominator_key`) is read once.
    """
    for _, to in periods:
        if to not in dataset.months:
            raise UsageError(f"{to} is outside the data (which covers {dataset.months[0]} to {dataset.months[-1]})")
    choice = population or population_default(dataset)
    ps = [period_for(kind, to) for kind, to in periods]
    s = dataset.series
    first, last = min(p.prev_first for p in ps), max(p.last for p in ps)
    s = s[(s["kind"] == cs.KIND_INDICATOR) & s["indicator"].isin(list(indicators))
          & (s["month"] >= first) & (s["month"] <= last)]
    sp = dataset.special
    if sp is not None:
        sp = sp[sp["indicator"].isin(list(indicators)) & (sp["month"] >= first) & (sp["month"] <= last)]
        if len(sp):
            s = pd.concat([s, sp.astype({c: s[c].dtype for c in sp.columns if c in s.columns})], ignore_index=True)
    by_key: dict[tuple, pd.DataFrame | None] = {}
    for p in ps:
        key = denominator_key(p.first, p.last, choice)
        if key not in by_key:
            by_key[key] = period_denominators(dataset.population, dataset.estimates, p.first, p.last, choice)
    dens = [by_key[denominator_key(p.first, p.last, choice)] for p in ps]
    report = period_reports(s, dataset.population, dataset.features, area_code, ps, dens)
    shown = display_table(report)
    at = report["period"].to_numpy()
    return [shown[at == i].reset_index(drop=True) for i in range(len(ps))]


GROUP_NUMBERS = {"area_name": "Borough", "current": "Latest 12 months", "previous": "Previous 12 months",
                 "pct_change": "% change", "rate_per_1000": "Rate per 1,000", "group_rank": "Rank in group",
                 "group_average": "Group average rate", "london_rate_per_1000": "London (MET) rate"}


def _public_group(group: pd.DataFrame) -> pd.DataFrame:
    """The similar group for the chart and table: counts as text, as published; a borough with a count under 10
    has no rate, % change or rank (no bar); the chosen one named with ▶ in ``label``."""
    shown = public_numbers(group, {c: c for c in group.columns}, rank="group_rank")
    return shown.assign(label=np.where(shown["is_selected"], "▶ " + shown["area_name"].astype(str),
                                       shown["area_name"].astype(str)))


def group_numbers(group: pd.DataFrame) -> pd.DataFrame:
    """The similar group's table with its screen names (already suppressed by :func:`crime_view`)."""
    return group if group.empty else group[list(GROUP_NUMBERS)].rename(columns=GROUP_NUMBERS)


def _special_runs(special: pd.DataFrame | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The runs of months the hate and special crime series cover, and the gaps between them (the
    months no file covers, e.g. 2021-06..2021-07 between the two MPS files): never bridged."""
    span = coverage(special)
    if span is None:
        return [], []
    have = set(map(str, special["month"].unique()))
    runs: list[list[str]] = []
    gaps: list[list[str]] = []
    for m in month_range(*span):
        into = runs if m in have else gaps
        if into and add_months(into[-1][-1], 1) == m:
            into[-1].append(m)
        else:
            into.append([m])
    return [(r[0], r[-1]) for r in runs], [(g[0], g[-1]) for g in gaps]


def special_words(special: pd.DataFrame | None) -> str:
    runs, gaps = _special_runs(special)
    if not runs:
        return "This store has no hate and special crime file: those rows are not shown."
    span = " and ".join(period_label(*r) for r in runs)
    if gaps:
        span += f" (no file covers {', '.join(period_label(*g) for g in gaps)}: a period touching it has no figures)"
    return SPECIAL_WORDS.format(span=span)


def _note_special_gaps(report: pd.DataFrame, special: pd.DataFrame | None, p) -> pd.DataFrame:
    """Hate and special crime rows whose period or comparison period touches a month no file covers say so
    (their count is missing, never a sum of fewer months)."""
    if special is None or "note" not in report.columns:
        return report
    note = report["note"].astype("string")
    missing = report["current"].isna() | report["previous"].isna()
    for name, rows in special[special["area_code"] == LONDON_CODE].groupby("indicator"):  # each row's own months
        touched = [g for g in _special_runs(rows)[1] if g[0] <= p.last and g[1] >= min(p.first, p.prev_first)]
        if touched:
            hit = (report["kind"] == KIND_SPECIAL) & (report["indicator"] == name) & missing
            note = note.mask(hit, f"{NO_FIGURES}: no file covers {', '.join(period_label(*g) for g in touched)}")
    return report.assign(note=note)


def _london_rate(at: pd.DataFrame) -> float | None:
    v = at["london_rate_per_1000"].iloc[0] if len(at) else np.nan
    return None if pd.isna(v) else float(v)


def _basis_words(den, at: pd.DataFrame, population, to: str, indicator: str) -> str:
    """The basis of the chosen indicator's rates and London's figure, in words."""
    if den is None:
        return _population_basis(population, to, indicator)
    lon = at[at["area_code"] == LONDON_CODE]
    if not len(lon) or pd.isna(lon["denominator_basis"].iloc[0]):
        return "no population figure for this period: rates are not shown"
    per = "households" if indicator in HOUSEHOLD_INDICATORS else "residents"
    return (f"per 1,000 {per}: {lon['denominator_basis'].iloc[0]}; London (MET) "
            f"{lon['denominator'].iloc[0]:,.0f}, rate {_fmt(lon['rate_per_1000'].iloc[0], '{:.2f}')}")


# --- the boroughs' change on last year (the Challenge deck's movers) ----------------------------------


def borough_changes(dataset: CrimeDataset, to: str, indicator: str = MOPAC7, kind: str = "r12") -> pd.DataFrame:
    """Each of the 32 boroughs' count for the period and the same period a year earlier, its % change
    and whether the change is beyond what chance explains, largest fall first.

    Definition: :func:`lib.metrics.crime_performance.area_table` (``compare_periods``: the period
    against the same months a year earlier, % change by ``lib.metrics.change``) with the change test
    of every row (``lib.metrics.change_test.change_test_table``: Poisson 2(√now − √then) beyond ±3,
    exact binomial test under 20 offences). Columns: area_code, area_name, current, previous,
    pct_change, change_real, change_words, change_method, change_statistic. Counts under 10 are not
    suppressed here: every borough's MOPAC 7 count is in the thousands; callers showing other series
    must suppress.
    """
    from lib.metrics.change_test import change_test_table

    if to not in dataset.months:
        raise UsageError(f"{to} is outside the data (which covers {dataset.months[0]} to {dataset.months[-1]})")
    at = area_table(dataset.series, None, indicator, to, kind)
    b = change_test_table(at[at["area_code"] != LONDON_CODE])
    cols = ["area_code", "area_name", "current", "previous", "pct_change", "change_real", "change_words",
            "change_method", "change_statistic"]
    return b[cols].sort_values("pct_change", kind="stable").reset_index(drop=True)


# --- the MOPAC 7 tracker ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackerView:
    """London's reduction since the baseline, 'N of 32', each borough, the trajectory and the revision."""

    category: str
    to: str
    baseline: tuple[str, str]
    baseline_words: str
    reduction: float
    release: str | None
    release_words: str
    summary: TargetSummary
    table: pd.DataFrame  # London first, then the boroughs (numbers)
    boroughs: pd.DataFrame  # the boroughs with their status in words
    trajectory: pd.DataFrame
    revision: Revision | None

    @property
    def london_text(self) -> str:
        return _fmt(self.summary.london_pct_change, "{:+.1f}%")

    @property
    def meeting_text(self) -> str:
        return f"{self.summary.meeting} of {self.summary.total}"

    @property
    def revision_text(self) -> str:
        r = self.revision
        return "—" if r is None else f"{_fmt(r.pct_then, '{:+.1f}%')} then, {_fmt(r.pct_now, '{:+.1f}%')} now"


def tracker_view(dataset: CrimeDataset, to: str, baseline: tuple[str, str] = DEFAULT_BASELINE,
                 reduction: float = DEFAULT_REDUCTION, category: str = MOPAC7,
                 first_published: CrimeDataset | None = None) -> TrackerView:
    """The tracker on ``dataset``; ``first_published`` (the dataset of :func:`first_release` of the same
    dataset, baseline and month) gives the revision since first published (None when pinned, or when there is
    no such release). A dataset of another release is refused (a programming error, not a figure to print)."""
    if first_published is not None:
        want = None if dataset.release is not None else first_release(dataset, baseline, to)
        if first_published.release != want:
            raise ValueError(f"first_published is the dataset of release {first_published.release!r}; the first "
                             f"release of {baseline[0]}..{to} for these figures is {want!r}")
    series = dataset.series
    table = target_table(series, to, baseline, reduction, category)
    summ = target_summary(table, to, baseline, reduction, category)
    traj = trajectory(series, to, baseline, category=category, reduction=reduction)
    rev = None
    if dataset.release is None and first_published is not None:
        try:
            rev = revision(first_published.series, series, str(first_published.release), to, baseline,
                           reduction, category)
        except UsageError:
            rev = None
        if rev is not None and set(table["releases"]) == {first_published.release}:
            rev = None  # the default figures are the first-published ones: nothing revised
    boroughs = table[table["area_code"] != LONDON_CODE].assign(
        status=lambda t: t["meets_target"].map({True: "✔ meets target", False: "✖ short of target"}))
    return TrackerView(
        category=category, to=to, baseline=baseline, baseline_words=period_label(*baseline),
        reduction=float(reduction), release=dataset.release, release_words=dataset.release_words,
        summary=summ, table=table, boroughs=boroughs, trajectory=traj, revision=rev,
    )


def first_release(dataset: CrimeDataset, baseline: tuple[str, str], to: str) -> str | None:
    """The earliest release covering the baseline to ``to`` (figures "as first published"), or None."""
    if dataset.releases_table is None:
        return None
    return first_release_containing(dataset.releases_table, baseline[0], to)


# --- wards -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WardView:
    """A borough's wards for the chosen indicator, period and release, or why there are none."""

    borough_code: str
    to: str
    release: str | None
    table: pd.DataFrame  # numbers, with a tooltip line
    numbers: pd.DataFrame  # for the table beside the map, suppressed
    message: str | None  # why there are no ward figures, in words
    period_words: str
    rank_basis: str
    source_words: str = ""  # which ward release the figures come from, and why when not the pinned one


WARD_NUMBERS = {"ward_name": "Ward", "current": "Latest 12 months", "previous": "Previous 12 months",
                "pct_change": "% change", "rate_per_1000": "Rate per 1,000", "rank_in_borough": "Rank in borough",
                "wards_in_borough": "Wards in borough"}


@dataclass(frozen=True, eq=False)
class WardDataset:
    """The ward file read once for a release: every ward's indicator series (compared and hashed by
    identity: one object per store version and release, from the cache), or why there is none."""

    release: str | None  # the ward release the figures come from (None: newest per month)
    series: pd.DataFrame | None  # indicator rows of :func:`lib.metrics.crime_series.ward_indicator_series`
    features: pd.DataFrame | None  # ward_features (populations for the rates)
    first: str | None  # the first and last month of the ward figures in this release
    last: str | None
    message: str | None  # why there are no ward figures at all ('This store has no ward figures.', ...)
    asked: str | None = None  # the release the reader pinned (the borough figures'), when the ward file has none
    sources: tuple[str, ...] = ()  # the ward releases the figures come from
    # the incomplete months of these figures (lib.metrics.ward_months): month -> (wards' TNO, boroughs' TNO)
    incomplete: dict[str, tuple[int, int]] = field(default_factory=dict)

    def incomplete_in(self, first: str, last: str) -> list[str]:
        """The incomplete months from ``first`` to ``last``, in order."""
        return sorted(m for m in self.incomplete if first <= m <= last)

    def incomplete_words(self, months: list[str]) -> str:
        """Why there are no ward figures for a period that includes ``months`` (incomplete), in words."""
        named = " and ".join(month_label(m) for m in months)
        held = " and ".join(f"{self.incomplete[m][0]:,}" for m in months)
        whole = " and ".join(f"{self.incomplete[m][1]:,}" for m in months)
        one = len(months) == 1
        return (f"The ward file's figures for {named} {'are' if one else 'are each'} incomplete ({held} offences "
                f"for all London, against {whole} in the borough files), so no ward figures are shown for periods "
                f"that include {'it' if one else 'them'}.")

    @property
    def source_words(self) -> str:
        """Which ward release the figures come from, in words, and why when it is not the pinned release."""
        if not self.sources:
            return ""
        names = " and ".join(f"the release to {month_label(r)}" for r in self.sources)
        words = f"ward figures from the ward file's own {'releases' if len(self.sources) > 1 else 'release'}"
        words += f" ({names}{', newest per month' if len(self.sources) > 1 else ''})"
        if self.asked is not None and self.asked != self.release:
            words += (f"; the ward file has no release to {month_label(self.asked)}, the one the borough figures "
                      "are pinned to (the MPS publishes the two apart)")
        return words

    def rows(self, indicator: str, months: tuple[str, str] | None = None) -> pd.DataFrame:
        """One indicator's rows of every ward (of the months ``months`` = (first, last) when given), text as
        strings (the stored series keeps it as categories: only the rows kept are turned into text)."""
        s = self.series
        rows = s[(s["indicator"] == indicator) & (s["kind"] == cs.KIND_INDICATOR)]
        if months is not None:
            rows = rows[(rows["month"] >= months[0]) & (rows["month"] <= months[1])]
        text = {c: "string" for c in rows.columns if isinstance(rows[c].dtype, pd.CategoricalDtype)}
        return rows.astype(text) if text else rows


def stored_ward_series(store) -> pd.DataFrame | None:
    """Every ward's series by ward release, written at ingest (``lib/ingest/derived.py``), or None when the
    store has none or it was built by another rule or category mapping than this code's."""
    notes = store.manifest.get("notes", {})
    if not store.has(cs.WARD_SERIES_TABLE) or notes.get(cs.WARD_SERIES_RULE_NOTE) != cs.series_rule():
        return None
    return store.table(cs.WARD_SERIES_TABLE)


def _release_rows(stored: pd.DataFrame, release: str | None) -> pd.DataFrame:
    """The rows of the stored ward series for ``release`` (None: each month from its newest release); the
    stored frame itself when that is all of it (one ward release), so no copy is held."""
    held = cs.releases(stored)
    if held == [release] or (release is None and len(held) == 1):
        return stored
    src = cs.month_sources(stored, release)
    chosen = dict(zip(src["month"], src["release"], strict=True))
    keep = (stored["release"].astype("string") == stored["month"].map(chosen)).to_numpy(dtype=bool, na_value=False)
    return stored if keep.all() else stored[keep].reset_index(drop=True)


def _incomplete_months(store, ws: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """The incomplete months of the ward series ``ws`` (each month from the release it comes from): as
    recorded at ingest (``lib/ingest/derived.py``), or checked now by the same rule
    (:func:`lib.metrics.ward_months.ward_month_check`) when the store has no record made by this rule
    (a store ingested before the check); none when the store has no borough figures to check against."""
    recorded = recorded_incomplete(store.manifest.get("notes", {}).get(WARD_MONTHS_NOTE))
    if recorded is not None:
        months = {m for by_month in recorded.values() for m in by_month}
        pairs = cs.distinct(ws[ws["month"].astype("string").isin(months)], ["release", "month"])
        return {str(m): tuple(recorded[str(r)][str(m)])
                for r, m in zip(pairs["release"], pairs["month"], strict=True) if str(m) in recorded.get(str(r), {})}
    borough = stored_series(store)
    if borough is None and store.has("crime_borough"):
        borough = cs.borough_series(cs.CrimeTables(borough=store.table("crime_borough"),
                                                   other=_opt(store, "crime_other_areas")))
    if borough is None or not len(borough):
        return {}
    check = ward_month_check(ws, borough)
    return {str(r.month): (int(r.wards), int(r.boroughs)) for r in check[check["incomplete"]].itertuples()}


def ward_dataset(store, release: str | None = None) -> WardDataset:
    """Every ward's indicator series as in ``release`` (None: newest per month), worked out once for all
    boroughs: a borough's wards have exactly their rows of the whole table (indicators are defined over
    the months alone, so the whole file's months and no published categories give the same series).

    The ward file's releases are not the borough file's: when ``release`` (the reader's pin) is not a
    ward release, the figures come from the ward file's own releases, newest per month, and the words
    say so. Read from the store's derived ``crime_ward_series`` when it holds one built by the same rule
    (otherwise worked out from ``crime_ward``). ``incomplete``: the months of these figures the ward file
    publishes incomplete (:mod:`lib.metrics.ward_months`), for which no period shows ward figures."""
    stored = stored_ward_series(store)
    source = stored if stored is not None else _opt(store, "crime_ward")
    if source is None or not len(source):
        return WardDataset(release, None, None, None, None, "This store has no ward figures.")
    use = release if release in cs.releases(source) else None
    ws = _release_rows(stored, use) if stored is not None else cs.ward_indicator_series(source, use)
    months = sorted(map(str, ws["month"].unique()))
    return WardDataset(use, ws, _opt(store, "ward_features"), months[0] if months else None,
                       months[-1] if months else None, None, asked=release,
                       sources=tuple(cs.releases(ws)), incomplete=_incomplete_months(store, ws))


def ward_view(store, borough_code: str, indicator: str, to: str, release: str | None = None) -> WardView:
    """Ward figures for the 12 months to ``to`` as in ``release`` (None: newest per month; a release the
    ward file does not have: the ward file's own, said in ``source_words``).

    When the period has no ward figures, the table is empty and ``message`` says why. The same answer
    as :func:`ward_area_view` of :func:`ward_dataset`, the steps the page caches apart.
    """
    return ward_area_view(ward_dataset(store, release), borough_code, indicator, to)


@dataclass(frozen=True, eq=False)
class WardAreas:
    """Every London ward's figures for one series and period of a :class:`WardDataset`, ranked within
    its borough (compared and hashed by identity)."""

    data: WardDataset
    indicator: str
    to: str
    figures: pd.DataFrame | None  # lib.metrics.ward_performance.ward_figures of every ward (None when none)


def _ward_months_cover(data: WardDataset, p) -> bool:
    """Whether the dataset has ward figures from the first to the last month of the period ``p``."""
    return data.message is None and data.first is not None and data.first <= p.first and p.last <= data.last


def ward_period_message(data: WardDataset, p) -> str | None:
    """Why the dataset has no ward figures for the period ``p``, in words, or None when it has: no ward
    figures at all, months the ward file does not cover, or an incomplete month (:mod:`lib.metrics.ward_months`)
    in the period or in the 12 months it is compared with."""
    if data.message is not None:
        return data.message
    if not _ward_months_cover(data, p):
        span = f"{month_label(data.first)} to {month_label(data.last)}" if data.first else "no months"
        return (f"No ward figures for {p.label} compared with {p.previous_label}: the ward file "
                f"{release_words(data.release)} covers {span}.")
    short = data.incomplete_in(p.prev_first, p.last)
    return data.incomplete_words(short) if short else None


def ward_areas(data: WardDataset, indicator: str, to: str) -> WardAreas:
    """The part of :func:`ward_area_view` that is the same for every borough: every ward's figures for the
    series and period, worked out once (a ward's figures and its rank within its borough depend on its
    borough's wards alone)."""
    figures, p = None, period_for("r12", to)
    if ward_period_message(data, p) is None:  # the figures read the period and the 12 months before it alone
        figures = ward_figures(data.rows(indicator, (p.prev_first, p.last)), data.features, to)
    return WardAreas(data, indicator, to, figures)


def ward_area_view(data: WardDataset, borough_code: str, indicator: str, to: str) -> WardView:
    """:func:`ward_view` for one borough of a :func:`ward_dataset`: :func:`ward_borough_view` of the
    dataset's :func:`ward_areas` (the one path; the page caches the shared step apart)."""
    return ward_borough_view(ward_areas(data, indicator, to), borough_code)


def ward_borough_view(shared: WardAreas, borough_code: str) -> WardView:
    """One borough's wards, selected from every ward's figures for the series and period (:func:`ward_areas`,
    which carries its dataset, series and month: nothing given beside it can disagree with it)."""
    data, indicator, to = shared.data, shared.indicator, shared.to
    p = period_for("r12", to)
    release = data.release
    empty = pd.DataFrame()

    def none(message: str) -> WardView:
        return WardView(borough_code, to, release, empty, empty, message, p.label, "", data.source_words)

    message = ward_period_message(data, p)
    if message is not None:
        return none(message)
    t = ward_ranks(shared.figures, borough_code)
    if not len(t):
        return none(f"No ward figures for {indicator} in this borough.")
    t = map_fields(t)
    shown = public_numbers(t, {c: c for c in t.columns}, rank="rank_in_borough")
    t["tooltip"] = [
        f"{w}: {c} crimes; {WITHHELD_WORDS}" if h else
        f"{w}: {c} crimes, {_fmt(pc, '{:+.1f}%')} on last year, rank {_fmt(r, '{}')} of {k}"
        for w, c, pc, r, k, h in zip(shown["ward_name"], shown["current"], shown["pct_change"],
                                     shown["rank_in_borough"], shown["wards_in_borough"], t["rate_withheld"],
                                     strict=True)
    ]
    num = public_numbers(_withheld_last(t, "rank_in_borough", "ward_name"), WARD_NUMBERS, rank="rank_in_borough")
    return WardView(borough_code, to, release, t, num, None, p.label, str(t["rank_basis"].iloc[0]),
                    data.source_words)


__all__ = ["MASK", "SMALL_CHANGE", "small_rows",
           "POPULATION_RULE", "SIMILAR_GROUP_SOURCE", "population_choices", "population_default",
           "population_label",
           "special_definitions", "CrimeAreas", "CrimeDataset", "CrimeView", "TrackerView", "WardView", "crime_dataset",
           "crime_releases", "borough_changes", "crime_areas", "crime_area_view", "CrimeIndicatorAreas",
           "crime_indicator_areas",
           "crime_view", "display_table", "indicator_dataset", "report_rows",
           "first_release", "release_words", "tracker_view", "ward_view", "WardDataset", "ward_dataset",
           "ward_area_view", "WardAreas", "ward_areas", "ward_period_message"]
