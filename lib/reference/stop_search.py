"""Stop-and-search groupings: published police.uk values → the groups the Enfield SNB pack counts.

Read by ingest (to warn about values the tables do not list, and about recording artefacts) and by
``lib.metrics.stop_search`` (to classify searches). The tables are ``stop_search_legislation.csv``,
``stop_search_objects.csv``, ``stop_search_outcomes.csv`` and ``stop_search_ethnicity.csv``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from lib.reference import read_rows

REFERENCE_FILES = {
    "legislation": "stop_search_legislation.csv",
    "object_of_search": "stop_search_objects.csv",
    "outcome": "stop_search_outcomes.csv",
}
# The police.uk wording of PACE section 1, the power whose object of search is checked for artefacts.
PACE_PUBLISHED = "Police and Criminal Evidence Act 1984 (section 1)"
UNDIFFERENTIATED_SHARE = 0.95
MIN_PACE_FOR_CHECK = 50

@cache  # a static CSV, not the store
def reference_groups(column: str) -> dict[str, str]:
    """Published value → group for 'legislation', 'object_of_search' or 'outcome' (reference CSV)."""
    return {r["published"]: r["group"] for r in read_rows(REFERENCE_FILES[column])}


@cache  # a static CSV, not the store
def power_labels() -> dict[str, str]:
    """Power group (as :func:`reference_groups` gives it) → its name in plain words with the official term beside
    it, e.g. 'Suspected drugs (Misuse of Drugs Act s23)' (``stop_search_powers.csv``)."""
    return {r["group"]: r["plain"] for r in read_rows("stop_search_powers.csv")}


@cache  # a static CSV, not the store
def ethnicity_groups(scheme: str) -> dict[str, str]:
    """Published ethnicity → White, Black, Asian, Other or Not recorded ('officer_defined'/'self_defined').

    Mapping as the Enfield SNB pack explains (Figure 12 notes): mixed White and Black → Black, mixed
    White and Asian → Asian, Chinese and Arab → Other.
    """
    return {r["published"]: r["group"] for r in read_rows("stop_search_ethnicity.csv") if r["scheme"] == scheme}


def unknown_published_values(df: pd.DataFrame) -> dict[str, list[str]]:
    """Published values of legislation, object and outcome that the reference tables do not list."""
    out: dict[str, list[str]] = {}
    for column in REFERENCE_FILES:
        known = reference_groups(column)
        seen = df[column].dropna().astype(str).unique()
        missing = sorted(v for v in seen if v not in known)
        if missing:
            out[column] = missing
    return out


def undifferentiated_object_months(df: pd.DataFrame, share: float = UNDIFFERENTIATED_SHARE) -> list[str]:
    """Months where one object of search covers almost every PACE s1 search (a recording artefact).

    In the police.uk files for 2016-06 and 2017-12 every PACE section 1 search is recorded as
    'Articles for use in criminal damage', so weapons and key-crime shares for those months say
    nothing about what officers searched for. A month is flagged when a single object accounts for
    at least ``share`` (95%) of its PACE s1 searches (and it has at least 50 of them). A data-quality
    rule about the published files, kept beside the groupings so that ingest and the views share it.
    """
    pace = df[df["legislation"] == PACE_PUBLISHED]
    out = []
    for month, objects in pace.groupby("month")["object_of_search"]:
        counts = objects.fillna("").value_counts()
        if len(objects) >= MIN_PACE_FOR_CHECK and counts.iloc[0] / len(objects) >= share:
            out.append(str(month))
    return sorted(out)
