"""The About page: what the store holds, coverage per table, sources, licence and definitions.

``about_view(store)`` returns one :class:`AboutView`; the page draws it and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    return AboutView(kind=str(s["kind"]), created=str(s["created"]), notes=dict(s["notes"]),
                     warnings=tuple(s["warnings"]), coverage=coverage(store), glossary=glossary(),
                     sources=source_files(store))
