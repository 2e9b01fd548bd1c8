"""Documented breaks in the crime series: where the publisher changed what a series counts.

The reviewed table ``lib/reference/series_breaks.csv`` has one row per break: the indicators it
touches (``;``-separated names, ``*`` for every indicator and published category), the first month
counted the new way, the category ``scheme`` of the months from then on, its ``kind`` (``scheme``:
the 2018 change of category scheme; ``recode``: categories recoded within a scheme), the published
categories it recodes (``;``-separated, ``*`` for all) and the name of the crime type they make up
together (``group``), what changed in words and the publisher's document it comes from. A break enters
the table only with its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lib.reference import read_rows

BREAKS_FILE = "series_breaks.csv"
EVERY_SERIES = "*"
KIND_SCHEME, KIND_RECODE = "scheme", "recode"


@dataclass(frozen=True)
class Break:
    """One documented break: from ``month`` on, ``indicators`` are counted differently."""

    indicators: tuple[str, ...]
    month: str
    scheme: str
    kind: str
    categories: tuple[str, ...]
    group: str
    what_changed: str
    source: str

    def touches(self, indicator: str) -> bool:
        """Whether the break changes ``indicator`` (an indicator or published category name)."""
        return EVERY_SERIES in self.indicators or indicator in self.indicators


def _names(cell: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in cell.split(";") if n.strip())


@cache
def series_breaks() -> tuple[Break, ...]:
    """Every documented break, oldest first."""
    out = [
        Break(_names(r["indicator"]), r["month"], r["scheme"], r["kind"], _names(r["categories"]), r["group"],
              r["what_changed"], r["source"])
        for r in read_rows(BREAKS_FILE)
    ]
    return tuple(sorted(out, key=lambda b: b.month))


def scheme_break() -> Break:
    """The 2018 change of category scheme (the one break of kind ``scheme``)."""
    return next(b for b in series_breaks() if b.kind == KIND_SCHEME)
