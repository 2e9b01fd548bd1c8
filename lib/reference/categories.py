"""Crime indicators (TNO, the MOPAC 7 and the pack's other lines) in both MPS category schemes.

The mapping is reviewed reference data, ``lib/reference/crime_categories.csv``: one row per
(scheme, published major, published minor, indicator) membership, so one published category counts
in several indicators (e.g. 'Burglary in a Dwelling' in TNO, Burglary (Total), Burglary
(Residential) and MOPAC 7). A row with an empty indicator marks a category that has been reviewed
and deliberately counts in no indicator (NFIB fraud). The ``note`` column says why, where a choice
was made.

Schemes: ``pre2018`` is the MPS's older Home Office based scheme ("Major Category"/"Minor
Category", the historic 2008-2016 file); ``current`` is the MajorText/MinorText scheme of the files
from 2010-04 onwards (burglary minors recoded in 2023: DOMESTIC BURGLARY became RES BURGLARY OF A
HOME and RES BURGLARY OF UNCONNECTED BUILDING; BURGLARY - RESIDENTIAL and NFIB FRAUD appear in the
files from 2023-12).

Known differences between the schemes, measured on London over 2010-2016 where both releases cover
the same months: Theft/Taking Of Motor Vehicle agrees within 0.2% once AGGRAVATED VEHICLE TAKING
is included; Criminal Damage is about 3% lower in the current scheme even with ARSON; residential
burglary in the current scheme includes burglary of sheds and garages (Home Office definition
from 2017), which the pre-2018 scheme counted in 'Burglary in Other Buildings'; Violence Against
the Person in the pre-2018 scheme includes Offensive Weapon (the current scheme has a separate
POSSESSION OF WEAPONS major).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pandas as pd

MAPPING_FILE = Path(__file__).parent / "crime_categories.csv"
SCHEMES = ("pre2018", "current")

TNO = "Total Notifiable Offences"
MOPAC7 = "MOPAC 7"

# The pack's order (Enfield Safer Neighbourhood Board pack 2015, Figure 1), then the lines it
# shows under "Other Crime" that both schemes can define.
INDICATORS: list[str] = [
    TNO,
    "Violence with Injury",
    "Robbery (Total)",
    "Burglary (Total)",
    "Theft From Person",
    "Theft/Taking Of Motor Vehicle",
    "Theft From Motor Vehicle",
    "Criminal Damage",
    MOPAC7,
    "Violence Against the Person",
    "Homicide",
    "Burglary (Residential)",
    "Burglary (Non-residential)",
    "Robbery (Personal)",
    "Robbery (Business)",
    "Motor Vehicle Crime",
    "Rape",
    "Serious Sexual Offences",
    "Sexual Offences",
]

# The seven key neighbourhood crimes of the MOPAC Police and Crime Plan 2013-16 (Enfield pack
# note 1; MOPAC 2016 report): MOPAC 7 is their sum.
MOPAC7_INDICATORS: list[str] = [
    "Violence with Injury",
    "Robbery (Total)",
    "Burglary (Total)",
    "Theft From Person",
    "Theft/Taking Of Motor Vehicle",
    "Theft From Motor Vehicle",
    "Criminal Damage",
]

# One sentence per indicator: what it counts and where the definition comes from.
INDICATOR_DEFINITIONS: dict[str, str] = {
    TNO: "All offences statutorily notifiable to the Home Office recorded by the MPS: every published "
    "category except NFIB fraud, which is recorded centrally by Action Fraud (Enfield pack glossary; HOCR).",
    "Violence with Injury": "Homicide, wounding/GBH and assault with injury (Enfield pack glossary: "
    "HOCR 'violence against the person'; MOPAC 7 definition 2013-16).",
    "Robbery (Total)": "Robbery of personal and of business property (Enfield pack glossary: HOCR 'robbery').",
    "Robbery (Personal)": "Robbery of personal property (Enfield pack glossary: HOCR 'robbery').",
    "Robbery (Business)": "Robbery of business property (Enfield pack glossary: HOCR 'robbery').",
    "Burglary (Total)": "Residential and non-residential burglary (Enfield pack glossary: HOCR 'burglary').",
    "Burglary (Residential)": "Burglary of a dwelling; in the current scheme also of sheds and garages "
    "belonging to a home (Enfield pack glossary; Home Office residential burglary from 2017).",
    "Burglary (Non-residential)": "Burglary of other buildings: business and community premises "
    "(Enfield pack glossary: HOCR 'burglary').",
    "Theft From Person": "Theft from the person without force (Enfield pack glossary: HOCR 'theft'; "
    "pre-2018 'Other Theft Person').",
    "Theft/Taking Of Motor Vehicle": "Theft or unauthorised taking of a motor vehicle, including aggravated "
    "vehicle taking (Enfield pack glossary: HOCR 'vehicle offences').",
    "Theft From Motor Vehicle": "Theft from a motor vehicle (Enfield pack glossary: HOCR 'vehicle offences').",
    "Criminal Damage": "Criminal damage and arson (Enfield pack glossary: HOCR 'criminal damage').",
    MOPAC7: "The sum of the seven key neighbourhood crimes: violence with injury, robbery, burglary, theft "
    "from the person, theft/taking of and theft from a motor vehicle, criminal damage (MOPAC Police "
    "and Crime Plan 2013-16; Enfield pack note 1; MOPAC 2016 report).",
    "Violence Against the Person": "Every offence in the published Violence Against the Person major "
    "category (Enfield pack; pre-2018 it also holds offensive weapon offences).",
    "Homicide": "Murder and manslaughter: pre-2018 'Murder', current 'HOMICIDE' (Enfield pack).",
    "Motor Vehicle Crime": "Theft of and from motor vehicles (Enfield pack glossary).",
    "Rape": "Rape (Enfield pack; published minor category).",
    "Serious Sexual Offences": "Sexual offences other than rape: the published minor category pre-2018 'Other "
    "Sexual', current 'OTHER SEXUAL OFFENCES' (the Enfield pack's 'Serious Sexual Offences' row).",
    "Sexual Offences": "Every offence in the published Sexual Offences major category (Enfield pack).",
}


@cache
def _rows() -> tuple[tuple[str, str, str, str, str], ...]:
    with open(MAPPING_FILE, encoding="utf-8", newline="") as fh:
        return tuple(
            (r["scheme"], r["major"], r["minor"], r["indicator"], r["note"]) for r in csv.DictReader(fh)
        )


def mapping_table() -> pd.DataFrame:
    """The whole reviewed mapping: scheme, major, minor, indicator ('' = reviewed, in no indicator), note."""
    return pd.DataFrame(list(_rows()), columns=["scheme", "major", "minor", "indicator", "note"], dtype="string")


def mapping(scheme: str) -> pd.DataFrame:
    """Category-to-indicator memberships of one scheme: columns major, minor, indicator."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown crime category scheme {scheme!r} (expected one of {SCHEMES})")
    t = mapping_table()
    t = t[(t["scheme"] == scheme) & (t["indicator"] != "")]
    return t[["major", "minor", "indicator"]].reset_index(drop=True)


def members(scheme: str, indicator: str) -> list[tuple[str, str]]:
    """The published (major, minor) categories that make up ``indicator`` in ``scheme`` (the rows of
    :func:`mapping`, read from the reviewed file's rows without building a table for each question)."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown crime category scheme {scheme!r} (expected one of {SCHEMES})")
    return [(major, minor) for s, major, minor, ind, _ in _rows() if s == scheme and ind == indicator and ind != ""]


def known_categories(scheme: str) -> set[tuple[str, str]]:
    """Every (major, minor) of the scheme that the mapping has reviewed, in an indicator or not."""
    t = mapping_table()
    t = t[t["scheme"] == scheme]
    return set(zip(t["major"], t["minor"], strict=True))


def unmapped_categories(seen: pd.DataFrame) -> pd.DataFrame:
    """Published categories (columns scheme, major, minor) the reviewed mapping does not list.

    Such a category is a new code in a new release: its offences are kept in the store but count in
    no indicator, not even Total Notifiable Offences, until a row is added to the mapping.
    """
    keys = seen[["scheme", "major", "minor"]].drop_duplicates()
    known = {(s, a, b) for s in SCHEMES for a, b in known_categories(s)}
    mask = [
        (s, a, b) not in known
        for s, a, b in zip(keys["scheme"], keys["major"], keys["minor"], strict=True)
    ]
    return keys[mask].sort_values(["scheme", "major", "minor"]).reset_index(drop=True)


def with_indicators(crime: pd.DataFrame, scheme: str | None = None) -> pd.DataFrame:
    """Crime rows joined to the indicators they count in: one row per (input row, indicator).

    ``crime`` needs columns major and minor, and scheme unless ``scheme`` is given (ward tables are
    all in the current scheme). Categories in no indicator drop out; the other columns are kept.
    """
    df = crime if scheme is None else crime.assign(scheme=scheme)
    m = mapping_table()
    m = m[m["indicator"] != ""][["scheme", "major", "minor", "indicator"]]
    keys = ["scheme", "major", "minor"]
    left = df.astype({k: "string" for k in keys})
    out = left.merge(m, on=keys, how="inner")
    if scheme is not None and "scheme" not in crime.columns:
        out = out.drop(columns="scheme")
    return out


@cache
def repeated_categories() -> pd.DataFrame:
    """Published categories that repeat a row already listed: one row per (scheme, kind, major, name) with the
    row it repeats (``same_as``, and ``same_as_kind``: 'indicator' or 'major').

    Definition (issue 22, one row per crime): by the reviewed mapping alone, never by counts that happen to
    agree. A major category repeats an indicator when its reviewed minors are exactly that indicator's
    categories in the scheme ('Burglary' is 'Burglary (Total)'); a minor repeats an indicator when it alone
    makes it up ('Burglary in a Dwelling' is 'Burglary (Residential)'), or else repeats its major when it is
    that major's only minor ('FRAUD AND FORGERY'). A crime table lists the indicator (or major) once, with
    its one rate; the other published categories are its breakdown.
    """
    t = mapping_table()
    rows = []
    for scheme in SCHEMES:
        cats = t[t["scheme"] == scheme]
        by_set = {frozenset(members(scheme, ind)): ind for ind in INDICATORS}
        for major, g in cats.groupby("major", sort=True):
            minors = frozenset(zip(g["major"], g["minor"], strict=True))
            if minors in by_set:
                rows.append((scheme, "major", major, major, by_set[minors], "indicator"))
            for minor in sorted(set(g["minor"])):
                one = frozenset({(major, minor)})
                if one in by_set:
                    rows.append((scheme, "minor", major, minor, by_set[one], "indicator"))
                elif len(minors) == 1:
                    rows.append((scheme, "minor", major, minor, major, "major"))
    return pd.DataFrame(rows, columns=["scheme", "kind", "major", "name", "same_as", "same_as_kind"], dtype="string")


def mapping_problems() -> list[str]:
    """Reasons the reviewed mapping is inconsistent (empty when it is sound).

    Checks: every indicator is one of INDICATORS and each is defined in both schemes; MOPAC 7 is
    exactly the union of the seven; every category in an indicator is in TNO; no duplicate rows; a
    category name repeats the same row in every scheme that publishes it (:func:`repeated_categories`).
    """
    problems: list[str] = []
    t = mapping_table()
    dup = t.duplicated(["scheme", "major", "minor", "indicator"])
    problems += [f"duplicate row {tuple(r)}" for r in t[dup][["scheme", "major", "minor", "indicator"]].values]
    unknown = sorted(set(t["indicator"]) - set(INDICATORS) - {""})
    problems += [f"indicator {u!r} is not in INDICATORS" for u in unknown]
    for scheme in SCHEMES:
        tno = set(members(scheme, TNO))
        for ind in INDICATORS:
            cats = set(members(scheme, ind))
            if not cats:
                problems.append(f"{scheme}: indicator {ind!r} has no categories")
            if cats - tno:
                problems.append(f"{scheme}: {ind!r} counts categories outside TNO: {sorted(cats - tno)}")
        union = set().union(*(set(members(scheme, i)) for i in MOPAC7_INDICATORS))
        if union != set(members(scheme, MOPAC7)):
            problems.append(f"{scheme}: MOPAC 7 is not the union of the seven")
    rep = repeated_categories()
    clash = rep.groupby(["kind", "major", "name"])["same_as"].nunique()
    problems += [f"{k} category {n!r} of {m!r} repeats different rows in the two schemes"
                 for (k, m, n), c in clash.items() if c > 1]
    return problems
