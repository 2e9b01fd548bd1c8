"""Reference: the ONS population estimate vintages we hold (lib/reference/population_vintages.csv).

A *vintage* is one ONS release of mid-year estimates. ONS revises past years (2012-2016 in 2018;
2012-2020 again after Census 2021), so the same borough and year has a different figure in each
vintage. Ingest tags every figure with its vintage id; the rate arithmetic
(:mod:`lib.metrics.population`) reads here when each vintage's figures were published.

``years_published`` is ``release`` when every figure in the vintage was published on the release
date, or ``june_next_year`` when the vintage compiles figures as first published, each mid-year N
in June N+1 (ONS's usual timing: "ONS publishes mid-year N in the summer of N+1", data README).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lib.reference import read_rows

VINTAGES_FILE = "population_vintages.csv"


@dataclass(frozen=True)
class Vintage:
    vintage: str
    label: str
    published: str  # 'YYYY-MM' of the release
    census_base: int  # 2011 or 2021: the census the series is consistent with
    years_published: str  # 'release' or 'june_next_year'
    note: str

    def published_month(self, year: int) -> str:
        """Month the figure for mid-``year`` in this vintage was published, 'YYYY-MM'."""
        if self.years_published == "june_next_year":
            return f"{year + 1:04d}-06"
        return self.published


@cache
def population_vintages() -> tuple[Vintage, ...]:
    """Every vintage we know, oldest release first."""
    rows = read_rows(VINTAGES_FILE)
    return tuple(
        Vintage(r["vintage"], r["label"], r["published"], int(r["census_base"]), r["years_published"], r["note"])
        for r in rows
    )


def vintage(vintage_id: str) -> Vintage:
    """The vintage with this id (KeyError if unknown)."""
    for v in population_vintages():
        if v.vintage == vintage_id:
            return v
    raise KeyError(vintage_id)
