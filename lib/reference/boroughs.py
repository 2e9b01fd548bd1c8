"""The 33 London local authorities and the spellings the published files use for them.

Reference data lives in ``lib/reference/boroughs.csv`` (GSS codes E09000001..33 from the ONS
register; aliases collected from the MPS, MOPAC PAS and GLA files). The Metropolitan Police polices
32 of them; the City of London has its own force, so it appears in boundaries and profiles but in
no MPS crime or PAS file.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent
LONDON_CODE = "E12000007"
LONDON_NAME = "London"
CITY_OF_LONDON_CODE = "E09000001"


@dataclass(frozen=True)
class Borough:
    code: str
    name: str
    policed_by_mps: bool
    inner: bool


def _key(name: str) -> str:
    """Normalise a spelling: case, '&', hyphens, 'London Borough of' prefixes and spaces."""
    s = name.strip().lower().replace("&", " and ").replace("-", " ")
    s = re.sub(r"^(the )?(london borough of|royal borough of)\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


@cache
def all_boroughs() -> tuple[Borough, ...]:
    """All 33 authorities in code order, City of London first."""
    with open(REFERENCE_DIR / "boroughs.csv", encoding="utf-8") as fh:
        return tuple(
            Borough(r["code"], r["name"], r["policed_by_mps"] == "true", r["inner"] == "true")
            for r in csv.DictReader(fh)
        )


@cache
def mps_boroughs() -> tuple[Borough, ...]:
    """The 32 boroughs policed by the Metropolitan Police, in alphabetical order of name."""
    return tuple(sorted((b for b in all_boroughs() if b.policed_by_mps), key=lambda b: b.name))


@cache
def _lookup() -> dict[str, Borough]:
    table: dict[str, Borough] = {}
    with open(REFERENCE_DIR / "boroughs.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_code = {b.code: b for b in all_boroughs()}
    for r in rows:
        b = by_code[r["code"]]
        for spelling in [r["name"], r["code"], *filter(None, r["aliases"].split("|"))]:
            table[_key(spelling)] = b
    return table


def find_borough(name_or_code: str) -> Borough | None:
    """The borough a published spelling or GSS code refers to, or None if it is not a borough."""
    return _lookup().get(_key(name_or_code))


def borough_by_code(code: str) -> Borough:
    """The borough with this GSS code (KeyError if none)."""
    for b in all_boroughs():
        if b.code == code:
            return b
    raise KeyError(code)


@cache
def non_borough_areas() -> dict[str, str]:
    """Published area names that are not boroughs (airports, 'Unknown'), mapped to their kind."""
    with open(REFERENCE_DIR / "non_borough_areas.csv", encoding="utf-8") as fh:
        return {r["name"]: r["kind"] for r in csv.DictReader(fh)}
