"""Complaints categories and their glossary (Enfield SNB pack 2015, after the MPS DPS).

``complaints_allegation_types.csv`` and ``complaints_outcomes.csv``: read by the complaints import
(to recognise the published spellings), the demonstration generator and ``lib.metrics.complaints``.
"""

from __future__ import annotations

import pandas as pd

from lib.reference import read_table


def allegation_types() -> pd.DataFrame:
    """The seven allegation types with their glossary text (Enfield SNB pack 2015 glossary), in pack order."""
    return read_table("complaints_allegation_types.csv").copy()


def outcomes() -> pd.DataFrame:
    """The outcome categories with glossary and ``finalised`` flag (Enfield SNB pack 2015 glossary,
    plus 'Not yet finalised' for allegations still open at extraction), in pack order."""
    df = read_table("complaints_outcomes.csv").copy()
    df["finalised"] = df["finalised"].eq("true")
    return df


def glossary() -> pd.DataFrame:
    """Every complaints category with its definition: kind ('Allegation type'/'Outcome'), name,
    definition, source (Enfield SNB pack 2015 glossaries of complaints and outcome categories)."""
    t = allegation_types().assign(kind="Allegation type")
    o = outcomes().assign(kind="Outcome")
    both = pd.concat([t, o], ignore_index=True)
    return both.rename(columns={"glossary": "definition"})[["kind", "name", "definition", "source"]]
