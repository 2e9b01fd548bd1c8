"""The About page: what the store holds, coverage per table, sources, licence and definitions.

``about_view(store)`` returns one :class:`AboutView`; the page draws it and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.reference import read_table
from lib.reference.complaints import glossary as complaints_glossary
from lib.store import Store

LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(Metropolitan Police Service, MOPAC, Greater London Authority, ONS, MHCLG, Home Office, data.police.uk). "
    "Boundaries contain National Statistics and Ordnance Survey data © Crown copyright and database right."
)
GLOSSARY = "glossary.csv"


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


def about_view(store: Store) -> AboutView:
    """The store's kind, build time, notes and warnings, table coverage, definitions and source files."""
    s = ingest_summary(store)
    return AboutView(kind=str(s["kind"]), created=str(s["created"]), notes=dict(s["notes"]),
                     warnings=tuple(s["warnings"]), coverage=coverage(store), glossary=glossary(),
                     sources=source_files(store))
