"""Reference: which hate and special crime flags (``crime_special``) are shown, under which name, in which order.

``lib/reference/special_crime_rows.csv`` maps a published flag (MajorText, MinorText of the MPS hate
and special crime file) to the row name of the Enfield Safer Neighbourhood Board pack's "Other
Crime" table (seed 000), in the pack's order, with the glossary term that defines it
(``lib/reference/glossary.csv``). ``pack_position`` is the row's place among all the pack's Other
Crime rows (so the rows can be interleaved with the main-file rows such as Rape); empty for the two
flags the Enfield pack does not show (anti-Semitic and Islamophobic offences, named as in the Barking
and Dagenham one-pagers, seed 002). Flags not listed (dog attacks, mobile phone robbery and theft,
artifice burglary, victim- and state-based TNO, and the subsets of gun, knife and domestic abuse
crime) are not pack rows.

The flags overlap each other and the main crime categories: a row is its own count, never added
to TNO or to another row. A flag that counts the same offences as an indicator of the main file names it
in ``same_as_indicator`` and is not a row of its own (one row per crime, issue 22): Homicide, whose note
says why the main file's figure is the one shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lib.reference import read_rows

ROWS_FILE = "special_crime_rows.csv"


@dataclass(frozen=True)
class SpecialCrimeRow:
    row: str  # row name as the Enfield pack prints it
    order: int  # display order
    major: str  # 'Hate' or 'Special', as published
    minor: str  # the flag as published (crime_special.minor)
    pack_position: int | None  # place among the Enfield pack's Other Crime rows; None if not a pack row
    glossary_term: str
    note: str
    same_as_indicator: str = ""  # the main-file indicator shown instead of this flag ('' = shown as its own row)


@cache
def special_crime_rows() -> tuple[SpecialCrimeRow, ...]:
    """The rows, in display order."""
    out = [
        SpecialCrimeRow(
            r["row"], int(r["order"]), r["major"], r["minor"],
            int(r["pack_position"]) if r["pack_position"] else None, r["glossary_term"], r["note"],
            r["same_as_indicator"],
        )
        for r in read_rows(ROWS_FILE)
    ]
    return tuple(sorted(out, key=lambda r: r.order))


def shown_special_rows() -> tuple[SpecialCrimeRow, ...]:
    """The rows a crime table shows, in display order: every row but those an indicator shows instead."""
    return tuple(r for r in special_crime_rows() if not r.same_as_indicator)


def row_for_flag(major: str, minor: str) -> SpecialCrimeRow | None:
    """The pack row a published flag is shown as, or None if the flag is not shown."""
    return next((r for r in special_crime_rows() if r.major == major and r.minor == minor), None)


DASHBOARD_NAMES_FILE = "crime_dashboard_other_names.csv"


@dataclass(frozen=True)
class DashboardName:
    crime_type: str  # as the MPS Monthly Crime Dashboard 'Other' sheet publishes it
    crime_subtype: str
    major: str  # the hate and special crime file's MajorText the subtype continues ('Hate' or 'Special')
    minor: str  # its MinorText; the subtype's own name when the older file has no counterpart
    note: str  # why this mapping (with the London totals either side of the 2021-06..07 gap)


@cache
def dashboard_names() -> dict[tuple[str, str], DashboardName]:
    """(crime_type, crime_subtype) of the Monthly Crime Dashboard 'Other' sheet -> the name it is stored
    under in ``crime_special`` (``lib/reference/crime_dashboard_other_names.csv``), so its offences
    continue the older hate and special crime file's rows under the same names."""
    out = {}
    for r in read_rows(DASHBOARD_NAMES_FILE):
        name = DashboardName(r["crime_type"], r["crime_subtype"], r["major"], r["minor"], r["note"])
        out[(name.crime_type, name.crime_subtype)] = name
    return out
