"""The About page: what the store holds, coverage per table, sources, licence and definitions.

``about_view(store)`` returns one :class:`AboutView`; the page draws it and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pandas as pd

from lib.metrics.ward_months import WARD_MONTHS_NOTE
from lib.periods import month_label, period_label
from lib.reference import read_table
from lib.reference.complaints import glossary as complaints_glossary
from lib.reference.population import population_vintages
from lib.store import Store

LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(Metropolitan Police Service, MOPAC, Greater London Authority, ONS, MHCLG, Home Office, data.police.uk). "
    "Boundaries contain National Statistics and Ordnance Survey data © Crown copyright and database right."
)
GLOSSARY = "glossary.csv"

# The ingest's notes (manifest "notes") that a reader of the page needs, in the order shown, with the
# plain-words label each goes under. Any other note is bookkeeping for analysts (mapping hashes, source
# file names, skipped aggregate rows) and is shown apart, under "Technical notes".
NOTE_LABELS = {
    "demo": "Demonstration data",
    "crime_default_release_borough": "Recorded crime by borough: the release each month is taken from",
    "crime_default_release_ward": "Recorded crime by ward: the release each month is taken from",
    WARD_MONTHS_NOTE: "Recorded crime by ward: incomplete months",
    "crime_special_months": "Hate crime, knife and gun crime, domestic abuse",
    "pas_borough": "Public Attitude Survey by borough",
    "pas_neighbourhood": "Public Attitude Survey by neighbourhood (the comparator)",
    "pas_neighbourhood_ethnicity": "Public Attitude Survey by neighbourhood and ethnic group",
    "stop_search": "Stop and search records",
    "stop_search_rates_gov": "Stop and search rates by ethnicity (Home Office)",
    "population_estimates": "Mid-year population estimates (ONS)",
    "population_ethnicity": "Population by ethnic group, Census 2011",
    "population_ethnicity_2021": "Population by ethnic group, Census 2021",
    "wards": "Ward boundaries",
    "ward_vintage": "Ward codes",
}
# What the store holds, topic by topic, in words (the About page's coverage table: no table names outside the
# analysts' fold). Table -> (plain name, column holding its periods when the manifest lists no months).
TOPICS = {
    "crime_borough": ("Recorded crime by borough (Metropolitan Police)", None),
    "crime_ward": ("Recorded crime by ward", None),
    "crime_special": ("Hate crime, knife and gun crime, domestic abuse", None),
    "pas_borough": ("Public confidence by borough (Public Attitude Survey, PAS), 12 months to each quarter",
                    "quarter"),
    "pas_neighbourhood": ("Public confidence by neighbourhood (the comparator; PAS, published 2016)", None),
    "uss": ("Victim satisfaction (User Satisfaction Survey, USS), 12 months to each quarter", "period"),
    "stop_search": ("Stop and search records (police.uk), with gaps", None),
    "stop_search_rates_gov": ("Stop and search rates by ethnic group (Home Office), by financial year", None),
    "complaints_allegations": ("Complaint allegations against borough officers and staff", None),
    "population_estimates": ("Population estimates (ONS, mid-year)", None),
    "population_ethnicity": ("Population by ethnic group, Census 2011", None),
    "population_ethnicity_2021": ("Population by ethnic group, Census 2021", None),
    "boroughs": ("Borough boundaries", None),
    "wards": ("Ward boundaries", None),
}
# The answer's topics, in its order: (table, words before the month).
ANSWER_TOPICS = (("crime_borough", "recorded crime"), ("pas_borough", "public confidence (the Public Attitude Survey)"),
                 ("stop_search", "stop and search records"), ("complaints_allegations", "complaints"),
                 ("uss", "victim satisfaction"))
COVERAGE_COLUMNS = ["What it covers", "From", "To", "Records"]

_RANGE = re.compile(r"\b(\d{4}-\d{2})\.\.(\d{4}-\d{2})\b")
_MONTH = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])\b")
_MID_YEARS = re.compile(r"\bmid-(\d{4})\.\.mid-(\d{4})\b")


def plain_note(value: object) -> str:
    """One note in words: month codes as 'April 2010', ranges as 'April 2010 to May 2021', a
    month-range-to-release mapping as 'January 2008 to March 2010: release of December 2016; ...', and
    population vintage ids by their labels (lib/reference/population_vintages.csv)."""
    if isinstance(value, dict):
        return "; ".join(f"{plain_note(k)}: release of {plain_note(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(plain_note(v) for v in value)
    text = _RANGE.sub(lambda m: period_label(m[1], m[2]), str(value))
    text = _MID_YEARS.sub(lambda m: f"mid-{m[1]}" if m[1] == m[2] else f"mid-{m[1]} to mid-{m[2]}", text)
    for v in population_vintages():
        text = text.replace(v.vintage, v.label)
    return _MONTH.sub(lambda m: month_label(m[0]), text).replace("..", " to ")


def ward_months_note(value: object) -> str:
    """The ingest's check of the ward file's months (:mod:`lib.metrics.ward_months`) in words."""
    found = value.get("incomplete", {}) if isinstance(value, dict) else {}
    months = [f"{month_label(m)} in the ward release to {month_label(r)} ({w:,} offences against {b:,} in the "
              f"borough files)" for r, by_month in sorted(found.items()) for m, (w, b) in sorted(by_month.items())]
    if not months:
        return "none: every month checked holds at least half the borough files' total"
    return "; ".join(months) + f": no ward figures for periods that include {'it' if len(months) == 1 else 'them'}"


def note_rows(notes: dict) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The notes split into (label, words) for readers, in NOTE_LABELS order, and (key, raw text) for analysts."""
    words = {WARD_MONTHS_NOTE: ward_months_note}
    plain = tuple((label, words.get(key, plain_note)(notes[key])) for key, label in NOTE_LABELS.items()
                  if key in notes)
    technical = tuple((key, plain_note(value)) for key, value in sorted(notes.items()) if key not in NOTE_LABELS)
    return plain, technical


def coverage(store: Store) -> pd.DataFrame:
    """One row per table in the store: what it is, how many rows, and the months it covers."""
    from lib.ingest import all_schemas

    schemas = all_schemas()
    rows = []
    for name, info in sorted(store.manifest.get("tables", {}).items()):
        months = info.get("months") or ["", ""]
        schema = schemas.get(name)
        rows.append({
            "table": name,
            "what it holds": schema.description.split(". ")[0] if schema else "",
            "rows": info.get("rows", 0),
            "from": months[0],
            "to": months[1],
            "source": schema.source if schema else "",
        })
    return pd.DataFrame(rows, columns=["table", "what it holds", "rows", "from", "to", "source"])


def table_months(store: Store, name: str) -> tuple[str, str] | None:
    """The first and last month ('YYYY-MM') a table covers: from the manifest, or from its period column
    (:data:`TOPICS`); None when it has no months."""
    months = store.manifest.get("tables", {}).get(name, {}).get("months")
    if months:
        return str(months[0]), str(months[1])
    column = TOPICS.get(name, (None, None))[1]
    if column is None or not store.has(name):
        return None
    values = store.table(name)[column].dropna().astype(str)
    return (values.min(), values.max()) if len(values) else None


def topics(store: Store) -> pd.DataFrame:
    """What the store holds in words: one row per topic of :data:`TOPICS` the store has, with its months."""
    rows = []
    for name, (words, _) in TOPICS.items():
        if not store.has(name):
            continue
        span = table_months(store, name)
        rows.append({"What it covers": words, "From": month_label(span[0]) if span else "–",
                     "To": month_label(span[1]) if span else "–",
                     "Records": int(store.manifest.get("tables", {}).get(name, {}).get("rows", 0))})
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def answer_sentence(store: Store, is_demo: bool, created_label: str) -> str:
    """The page's answer in one sentence: what kind of figures these are, when the store was built and how far
    each main topic runs (and which topics are not published at all)."""
    latest = [(words, table_months(store, name)) for name, words in ANSWER_TOPICS if store.has(name)]
    runs = [f"{words} to {month_label(span[1])}" for words, span in latest if span]
    missing = [words for name, words in ANSWER_TOPICS if not store.has(name)]
    if is_demo:
        text = "These are demonstration figures, generated to show how the dashboard works, not official statistics"
    else:
        text = f"These figures come from the files the Met, MOPAC, ONS and police.uk publish, loaded on {created_label}"
    if runs:
        text += ": " + (", ".join(runs[:-1]) + " and " + runs[-1] if len(runs) > 1 else runs[0])
    if missing:
        text += f"; {' and '.join(missing)} by borough {'is' if len(missing) == 1 else 'are'} not published"
    return text + "."


def source_files(store: Store) -> pd.DataFrame:
    """The published files the store was built from, with their SHA-256 (empty for the demo)."""
    return pd.DataFrame(store.manifest.get("sources", []), columns=["path", "adapter", "sha256"])


def glossary() -> pd.DataFrame:
    """Definitions of every indicator, quoted or adapted from the seeds' glossaries.

    The general terms (``lib/reference/glossary.csv``) followed by the complaints categories and
    outcomes as the Enfield pack defines them.
    """
    general = read_table(GLOSSARY)
    complaints = complaints_glossary().rename(columns={"name": "term"})
    complaints["term"] = complaints["kind"] + ": " + complaints["term"]
    return pd.concat([general, complaints[["term", "definition", "source"]]], ignore_index=True)


def ingest_summary(store: Store) -> dict[str, object]:
    """Kind of store, when it was written, notes (e.g. which release supplies which months) and warnings."""
    m = store.manifest
    return {
        "kind": m.get("kind", "unknown"),
        "created": m.get("created", ""),
        "notes": m.get("notes", {}),
        "warnings": m.get("warnings", []),
    }


@dataclass(frozen=True)
class AboutView:
    """Everything the About page shows."""

    kind: str  # 'demo' or 'official'
    created: str
    notes: dict
    warnings: tuple[str, ...]
    coverage: pd.DataFrame
    glossary: pd.DataFrame
    sources: pd.DataFrame
    licence: str = LICENCE
    topics: pd.DataFrame | None = None  # what the store holds in words (:func:`topics`)
    answer: str = ""  # the page's first sentence (:func:`answer_sentence`)
    latest_crime: str = ""  # the last month of recorded crime, in words ('' without crime figures)

    @property
    def is_demo(self) -> bool:
        return self.kind == "demo"

    @property
    def created_label(self) -> str:
        """When the store was written, in words: '28 November 2026 at 13:48 UTC' (the raw text if unreadable)."""
        try:
            when = datetime.fromisoformat(self.created).astimezone(UTC)
        except ValueError:
            return self.created
        return f"{when.day} {when:%B %Y} at {when:%H:%M} UTC"

    @property
    def plain_notes(self) -> tuple[tuple[str, str], ...]:
        """What the store holds, in words: (label, text) in reading order."""
        return note_rows(self.notes)[0]

    @property
    def technical_notes(self) -> tuple[tuple[str, str], ...]:
        """The ingest's bookkeeping notes (mapping versions, file names): (key, text)."""
        return note_rows(self.notes)[1]


def about_view(store: Store) -> AboutView:
    """The store's kind, build time, notes and warnings, table coverage, definitions and source files."""
    s = ingest_summary(store)
    view = AboutView(kind=str(s["kind"]), created=str(s["created"]), notes=dict(s["notes"]),
                     warnings=tuple(s["warnings"]), coverage=coverage(store), glossary=glossary(),
                     sources=source_files(store), topics=topics(store))
    crime = table_months(store, "crime_borough") if store.has("crime_borough") else None
    return replace(view, answer=answer_sentence(store, view.is_demo, view.created_label),
                   latest_crime=month_label(crime[1]) if crime else "")
