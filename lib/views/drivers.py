"""What drove the change: an indicator's change over the 12 months to a month split into its crime
types and into the area's wards, with one sentence naming the largest part.

Steps (each cacheable by the page, as the crime page's are): :func:`driver_counts` (every area's
published counts by category for a release, worked out once), :func:`ward_dataset` of
``lib/views/crime.py`` (the ward file), then :func:`drivers_view` for one area, indicator and month.
:func:`drivers` composes them for the command line and the packs and gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.errors import UsageError
from lib.metrics import crime_series as cs
from lib.metrics.breaks import breaks_crossed
from lib.metrics.drivers import (
    MOST_SHARE,
    category_contributions,
    combine_parts,
    largest_in_direction,
    share_of_change,
    ward_contributions,
)
from lib.metrics.suppression import suppressed_rows
from lib.periods import Period, month_label, period_for
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, borough_by_code
from lib.reference.breaks import KIND_RECODE, KIND_SCHEME, Break
from lib.views.crime import WardDataset, count_text, release_words, ward_dataset

# Shortened words of the published category names, written out for a sentence (phrases, then words).
PLAIN_PHRASES = {"BURGLARY BUSINESS AND COMMUNITY": "BURGLARY OF BUSINESS AND COMMUNITY PREMISES"}
PLAIN_WORDS = {"RES": "RESIDENTIAL", "UNAUTH": "UNAUTHORISED", "VEH": "VEHICLE", "MISC": "MISCELLANEOUS",
               "AGG": "AGGRAVATED"}
MINUS = "\u2212"


def plain_name(category: str) -> str:
    """A published category in plain words: 'THEFT OR UNAUTH TAKING OF A MOTOR VEH' → 'theft or
    unauthorised taking of a motor vehicle'; mixed-case names (pre-2018 scheme) only lower-cased."""
    words = str(category)
    if not words.isupper():
        return words.lower()
    for short, long in PLAIN_PHRASES.items():
        words = words.replace(short, long)
    return " ".join(PLAIN_WORDS.get(w, w) for w in words.split(" ")).lower()


def signed(n: int) -> str:
    """'+1,234' or '−1,234' (a true minus sign)."""
    return f"+{n:,}" if n > 0 else f"{MINUS}{abs(n):,}" if n < 0 else "0"


@dataclass(frozen=True, eq=False)
class DriverCounts:
    """Every area's published counts by category, month and scheme for a release (None: the newest
    release for each month), the boroughs and London (MPS total): the step every area's answer shares."""

    release: str | None
    counts: pd.DataFrame  # lib.metrics.crime_series.borough_category_counts
    months: tuple[str, ...]


def driver_counts(store, release: str | None = None) -> DriverCounts:
    """The published counts behind every area's figures, as the crime page's series are built from them."""
    other = store.table("crime_other_areas") if store.has("crime_other_areas") else None
    counts = cs.borough_category_counts(cs.CrimeTables(borough=store.table("crime_borough"), other=other), release)
    return DriverCounts(release, counts, tuple(sorted(map(str, counts["month"].unique()))))


def ward_release_for(store, release: str | None) -> str | None:
    """The ward file's release to use with the borough ``release``: the same release when the ward file
    has one of that name, otherwise the newest ward release for each month (the ward file's own)."""
    if release is None or not store.has("crime_releases"):
        return None
    rel = store.table("crime_releases")
    return release if release in set(map(str, rel.loc[rel["level"] == "ward", "release"])) else None


@dataclass(frozen=True)
class DriversView:
    """An area's change in one indicator and what drove it (numbers; ``category_table`` and
    ``ward_table`` are the same suppressed for the public)."""

    area_code: str
    area_name: str
    indicator: str
    to: str
    release: str | None
    period_words: str
    release_words: str
    change: int
    previous: int
    current: int
    categories: pd.DataFrame  # scheme, major, category, name, crime_type, previous, current, contribution
    wards: pd.DataFrame  # ward_code, ward, borough_code, borough, previous, current, contribution (empty: none)
    wards_change: int | None  # the wards' own total change (None when no ward figures)
    wards_words: str  # which ward figures, or why there are none
    sentence: str
    notes: tuple[Break, ...]  # documented breaks the comparison crosses
    types: pd.DataFrame  # the categories as the sentence counts them (label, previous, current, contribution)

    @property
    def category_table(self) -> pd.DataFrame:
        """The crime types as the public sees them: counts as published and each one's change in crimes (the
        difference of two published counts: nothing under 10 to withhold, and the parts add up on screen)."""
        return _public(self.categories, {"name": "Crime type"})

    @property
    def ward_table(self) -> pd.DataFrame:
        """The wards as the public sees them: counts as published and each one's change in crimes."""
        cols = {"ward": "Ward"} if self.area_code != LONDON_CODE else {"ward": "Ward", "borough": "Borough"}
        return _public(self.wards, cols)

    @property
    def note_words(self) -> tuple[str, ...]:
        """Each break crossed in one line: what changed, from when."""
        return tuple(f"Break in the series from {month_label(b.month)}: {b.what_changed}" for b in self.notes)


def _public(parts: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    cols = {**names, "previous": "Previous 12 months", "current": "Latest 12 months", "contribution": "Change"}
    if not len(parts):
        return pd.DataFrame(columns=list(cols.values()))
    out = parts.astype({"contribution": "Int64"})
    for c in ("previous", "current"):
        out[c] = count_text(out[c])
    return out[list(cols)].rename(columns=cols).reset_index(drop=True)


def _check_months(months: tuple[str, ...], p: Period, release: str | None) -> None:
    have = set(months)
    need = [p.prev_first, p.last]
    if not all(m in have for m in need):
        where = f"the release to {month_label(release)}" if release else "the data"
        span = f"{months[0]} to {months[-1]}" if months else "no months"
        raise UsageError(f"the 12 months to {p.last} and the 12 before ({p.prev_first} to {p.last}) are not all "
                         f"in {where}, which covers {span}")


def _ward_parts(wards: WardDataset, area_code: str, indicator: str, p: Period) -> tuple[pd.DataFrame | None, str]:
    if wards.message is not None:
        return None, wards.message
    if wards.first is None or not (wards.first <= p.prev_first and p.last <= wards.last):
        span = f"{month_label(wards.first)} to {month_label(wards.last)}" if wards.first else "no months"
        return None, (f"No ward figures for {p.words}: the ward file {release_words(wards.release)} covers {span}.")
    short = wards.incomplete_in(p.prev_first, p.last)  # the one definition: lib.metrics.ward_months
    if short:
        held = ", ".join(f"{wards.incomplete[m][0]:,} offences against {wards.incomplete[m][1]:,}" for m in short)
        return None, (f"No ward split: the ward file is incomplete in {', '.join(month_label(m) for m in short)} "
                      f"(London's wards hold {held} in the borough files).")
    s = wards.series
    in_period = (s["month"] >= p.prev_first) & (s["month"] <= p.last)
    keep = in_period & (s["indicator"] == indicator) & (s["kind"] == cs.KIND_INDICATOR)
    if area_code != LONDON_CODE:
        keep &= s["borough_code"] == area_code
    parts = ward_contributions(s[keep], p)
    parts["borough"] = [borough_by_code(c).name for c in parts["borough_code"]]
    whose = "the 32 boroughs' wards (not the ward file's Aviation Security rows)" if area_code == LONDON_CODE \
        else "the borough's wards"
    return parts, (f"Wards: {whose} in the MPS ward file (2022 wards) {release_words(wards.release)}; its own "
                   "counts, which need not add up to the area's figures from the borough file.")


def crime_types(cats: pd.DataFrame, notes: tuple[Break, ...]) -> pd.Series:
    """The crime type each category row counts as in the sentence: its plain name, or the group of a
    crossed recode that lists it (``lib/reference/series_breaks.csv``)."""
    recoded = {c: b.group for b in notes if b.kind == KIND_RECODE for c in b.categories}
    return pd.Series([recoded.get(c, n) for c, n in zip(cats["category"], cats["name"], strict=True)],
                     index=cats.index, dtype="string")


def _lead(parts: pd.DataFrame, label: str, change: int, word: str) -> str:
    """The crime-type half of the sentence (rule: :func:`drivers_view`)."""
    i = largest_in_direction(parts, change, ~suppressed_rows(parts, ["previous", "current"]))
    if i is None:
        return f"No crime type with 10 or more crimes had a {word}"
    top = parts.iloc[i]
    part = f"{top[label]} ({signed(int(top['contribution']))})"
    share = share_of_change(int(top["contribution"]), change)
    if share > 1:
        return f"The {word} came from {top[label]} ({signed(int(top['contribution']))}, more than the whole " \
               f"{word} of {abs(change):,})"
    if share >= MOST_SHARE:
        return f"Most of the {word} came from {part}"
    return f"The {word} was spread across several crime types, the largest {part}"


def _sentence(change: int, types: pd.DataFrame, wards: pd.DataFrame | None, wards_words: str, london: bool,
              notes: tuple[Break, ...]) -> str:
    """'Most of the rise came from <crime type> (+n), above all in <ward> (+m).' (rule: :func:`drivers_view`)."""
    if change == 0:
        return "There was no change overall: the crime types' rises and falls cancel out."
    word = "rise" if change > 0 else "fall"
    scheme = next((b for b in notes if b.kind == KIND_SCHEME), None)
    if scheme is not None:
        head = (f"The crime categories changed in {month_label(scheme.month)}, so the {word} cannot be split by "
                "crime type")
    else:
        head = _lead(types, "label", change, word)
    if wards is None:
        return f"{head}. {wards_words}"
    j = largest_in_direction(wards, change, ~suppressed_rows(wards, ["previous", "current"]))
    if j is None:
        return f"{head}; no ward with 10 or more crimes had a {word} in the ward file."
    w = wards.iloc[j]
    where = f"{w['ward']} ({w['borough']})" if london else str(w["ward"])
    return f"{head}, above all in {where} ({signed(int(w['contribution']))})."


def drivers_view(counts: DriverCounts, wards: WardDataset, area_code: str, indicator: str, to: str) -> DriversView:
    """What drove the change in ``indicator`` for the area over the 12 months to ``to`` against the 12
    before (``period_for('r12', to)``, as the crime page compares).

    Definition: :mod:`lib.metrics.drivers`. The sentence names the largest part in the direction of
    the change among the crime types (and wards) whose counts are both 10 or more (a smaller one
    would give a withheld count away): "The rise came from X (+n, more than the whole rise of N)" when
    that part is more than the whole change, "Most of the rise came from X (+n)" when it is at least
    ``MOST_SHARE`` of it, otherwise "The rise was spread across several crime types, the largest X (+n)";
    then "above all in W (+m)", the ward with the largest part in the same direction. Categories that a
    crossed recode splits (``lib/reference/series_breaks.csv``) count as one crime type in the sentence
    (``types``); across the 2018 change of scheme the change is not split by crime type in words at all.
    """
    p = period_for("r12", to)
    _check_months(counts.months, p, counts.release)
    c = counts.counts
    area = c[(c["area_code"] == area_code) & (c["month"] >= p.prev_first) & (c["month"] <= p.last)]
    if not len(area):
        raise UsageError(f"no crime figures for area {area_code!r}")
    name = LONDON_NAME if area_code == LONDON_CODE else borough_by_code(area_code).name
    mapping = cs.load_categories()
    if indicator not in set(mapping["indicator"]):
        raise UsageError(f"unknown indicator {indicator!r} (expected one of: {', '.join(cs.INDICATOR_ORDER)})")
    cats = category_contributions(area, mapping, indicator, p)
    cats.insert(3, "name", [plain_name(x) for x in cats["category"]])
    previous, current = int(cats["previous"].sum()), int(cats["current"].sum())
    change = current - previous
    wparts, wwords = _ward_parts(wards, area_code, indicator, p)
    last_scheme = str(area.loc[area["month"] == p.last, "scheme"].iloc[0])
    notes = tuple(breaks_crossed(indicator, p.prev_first, p.last, last_scheme))
    cats.insert(4, "crime_type", crime_types(cats, notes))
    types = combine_parts(cats, cats["crime_type"])
    empty = pd.DataFrame(columns=["ward_code", "ward", "borough_code", "borough", "previous", "current",
                                  "contribution"])
    return DriversView(
        area_code=area_code, area_name=name, indicator=indicator, to=to, release=counts.release,
        period_words=p.words, release_words=release_words(counts.release), change=change, previous=previous,
        current=current, categories=cats,
        wards=empty if wparts is None else wparts[list(empty.columns)],
        wards_change=None if wparts is None else int(wparts["contribution"].sum()), wards_words=wwords,
        sentence=_sentence(change, types, wparts, wwords, area_code == LONDON_CODE, notes), notes=notes, types=types,
    )


def drivers(store, area_code: str, indicator: str, to: str, release: str | None = None) -> DriversView:
    """:func:`drivers_view` in one call: the release's counts and the ward file (its release of the same
    name, else the newest ward release for each month)."""
    return drivers_view(driver_counts(store, release), ward_dataset(store, ward_release_for(store, release)),
                        area_code, indicator, to)


__all__ = ["DriverCounts", "DriversView", "driver_counts", "drivers", "drivers_view", "plain_name", "signed",
           "ward_release_for"]
