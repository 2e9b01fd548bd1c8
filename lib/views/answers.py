"""The answer first: one plain sentence per screen, with its headline figure and comparison (issue 23).

Each function reads a view another module built (never the store) and puts the figures that view already
holds into words a resident knows: the plain name first, the official term beside it
(``lib/reference/plain_names.csv``). No figure is worked out again here; where a view withholds a change
(a count under 10), the sentence says so and why.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from lib.metrics.change_test import change_test
from lib.metrics.suppression import THRESHOLD, WITHHELD_NOTE
from lib.periods import month_label, month_range, period_label
from lib.reference.boroughs import LONDON_CODE
from lib.views.crime import SMALL_CHANGE

PLAIN_NAMES = Path(__file__).resolve().parents[1] / "reference" / "plain_names.csv"
HEADLINE_KIND = "r12"  # the answer's figure: the rolling 12 months, as the packs' headline
SMALL_WORDS = (f"the change is not shown because fewer than {THRESHOLD} crimes are too few for a reliable "
               "percentage")


@dataclass(frozen=True)
class Answer:
    """A screen's answer: the sentence, its headline figure with a short label, and the comparison.

    ``figure`` is text as published ('11,413'); ``change`` the figure's change in words for a headline card
    ('-4.9% on a year before: a real fall', None when withheld or not known); ``withheld`` says why a change
    is not given ('' when it is); ``real`` is the change test's verdict (None: no test).
    """

    sentence: str
    figure: str
    label: str
    period: str
    comparison: str
    change: str | None = None
    real: bool | None = None
    withheld: str = ""
    source: str = ""


@dataclass(frozen=True)
class PlainName:
    official: str  # the name in the MPS files and the packs ('MOPAC 7')
    plain: str  # what a resident calls it ('the seven priority crimes')
    phrase: str  # how a sentence counts it: '{n} of the seven priority crimes'


@cache
def plain_names() -> dict[str, PlainName]:
    """The plain names of the crime series, keyed by their official name (``lib/reference/plain_names.csv``)."""
    with PLAIN_NAMES.open(newline="", encoding="utf-8") as f:
        return {r["official"]: PlainName(r["official"], r["plain"], r["phrase"]) for r in csv.DictReader(f)}


def plain_name(official: str) -> str:
    """'The seven priority crimes (MOPAC 7)': the plain name first with the official one beside it, or the
    official name alone where it is already plain ('Homicide')."""
    p = plain_names().get(official)
    if p is None or p.plain.lower() == official.lower():
        return official
    return f"{p.plain[:1].upper()}{p.plain[1:]} ({official})"


def _counted(official: str, count: str) -> str:
    p = plain_names().get(official)
    if p is None:
        return f"{count} crimes of the kind '{official}'"
    phrase = p.phrase.format(n=count)
    return phrase if p.plain.lower() == official.lower() else f"{phrase} ({official})"


def signed(pct: float) -> str:
    """A % change to one decimal with its sign ('-4.9%', '+11.2%'); never '-0.0%'."""
    text = f"{pct:+.1f}%"
    return "0.0%" if text in ("+0.0%", "-0.0%") else text


def _change_words(pct: float) -> str:
    r = round(abs(pct), 1)
    if r == 0:
        return "about the same number as a year before"
    return f"{r:.1f}% {'fewer' if pct < 0 else 'more'} than a year before"


def _london_words(pct: float | None) -> str:
    if pct is None or pd.isna(pct):
        return ""
    r = round(abs(pct), 1)
    return "; London was unchanged" if r == 0 else f"; London {'fell' if pct < 0 else 'rose'} {r:.1f}%"


def crime_answer(view) -> Answer:
    """The crime page's answer for its area, series and period, from a :class:`lib.views.crime.CrimeView`:
    the rolling-12-month headline (the same figures as the headline card and the indicator table).

    'Enfield recorded 11,413 of the seven priority crimes (MOPAC 7) in the 12 months to September 2015,
    4.9% fewer than a year before; London fell 1.0%.' London chosen: the sentence is about London, with no
    comparison with itself. Either count under 10: both counts, no % change, and why.
    """
    h = next(h for h in view.headlines if h.kind == HEADLINE_KIND)
    months = f"the 12 months to {month_label(view.to)}"
    london = view.area_code == LONDON_CODE
    # the headline card's comparison, without London beside London itself
    comparison = h.comparison_text.split(" London: ")[0] if london else h.comparison_text
    label = f"{plain_name(view.indicator)}, 12 months to {month_label(view.to)}"
    if h.current is None or pd.isna(h.current):
        sentence = f"There are no figures for {plain_name(view.indicator).lower()} in {view.area_name} in {months}."
        return Answer(sentence, "–", label, h.period, comparison, source=view.release_words)
    counted = _counted(view.indicator, h.value_text)
    before = h.previous is not None and not pd.isna(h.previous)
    if h.suppressed:
        prev = f" ({h.previous:,.0f} a year before)" if before else ""
        sentence = f"{view.area_name} recorded {counted} in {months}{prev}; {SMALL_WORDS}."
        return Answer(sentence, h.value_text, label, h.period, comparison, withheld=SMALL_WORDS,
                      source=view.release_words)
    if not before or h.pct_change is None or pd.isna(h.pct_change):
        sentence = f"{view.area_name} recorded {counted} in {months}; there is no figure for a year before."
        return Answer(sentence, h.value_text, label, h.period, comparison, source=view.release_words)
    sentence = (f"{view.area_name} recorded {counted} in {months}, {_change_words(h.pct_change)}"
                f"{'' if london else _london_words(h.london_pct_change)}.")
    verdict = change_test(h.current, h.previous).words
    change = f"{signed(h.pct_change)} on a year before: {verdict}"
    return Answer(sentence, h.value_text, label, h.period, comparison, change=change, real=h.real,
                  source=view.release_words)


def confidence_answer(view) -> Answer | None:
    """The confidence page's headline as a sentence, from a :class:`lib.views.confidence.ConfidenceView`'s
    own headline (the survey figure, its change on a year earlier with its verdict, and London's figure).
    None when the view has no headline measure."""
    h = view.headline
    if h is None:
        return None
    period = f"the 12 months to {view.quarter_label}"
    london = "" if view.is_london or view.london_value is None else f"; London {view.london_value:.0%}"
    change = f" ({h.delta})" if h.delta else ""
    agree = h.label[:1].lower() + h.label[1:]
    sentence = f"In {view.area_name}, {h.value} of people surveyed in {period} agree that {agree}{change}{london}."
    return Answer(sentence, h.value, f"{h.label}, 12 months to {view.quarter_label}", view.quarter_label,
                  h.help, change=h.delta, real=h.real,
                  source="MOPAC Public Attitude Survey (a survey estimate with a 95% interval)")


def stop_search_answer(view) -> Answer:
    """The stop-and-search headline as a sentence, from a :class:`lib.views.stop_search.StopSearchView`: the
    searches in the period, the arrest rate, and which months of the period have records at all."""
    h = view.headline
    held = list(view.months)
    where = "in London" if view.is_london else f"located in {view.area_name}"
    cover = ""
    if not held:
        cover = " (no records for these months)"
    elif held != month_range(view.start, view.end):
        named = (period_label(held[0], held[-1]) if held == month_range(held[0], held[-1])
                 else ", ".join(month_label(m) for m in held))
        cover = f" (records exist for {named} only)"
    arrests = "" if h.arrest_rate is None or pd.isna(h.arrest_rate) else f"; {h.arrest_rate:.0%} ended in arrest"
    span = f"in {view.period_label}" if view.start == view.end else f"from {view.period_label}"
    sentence = f"The Met recorded {h.searches:,} stops and searches {where} {span}{cover}{arrests}."
    return Answer(sentence, f"{h.searches:,}", f"Stops and searches, {view.period_label}", view.period_label,
                  view.coverage_text, source="police.uk stop and search records")


# --- the crime table on a phone ---------------------------------------------------------------------------

COMPACT_COLUMNS = ["Crime", "Latest 12 months", "Change", "Verdict"]


def crime_compact_table(view) -> pd.DataFrame:
    """The crime table for a phone: for each crime (the pack's rows, not the published sub-categories), the
    latest count, the change on a year before and the verdicts, in four columns that fit 390 px.

    Every figure is the view's own indicator table's (:func:`lib.views.crime.display_table`), put into words:
    the change as '-4.9%' or why it is not shown; the verdict as the RAG rating and whether the change is
    beyond normal variation. The full table (every column, every sub-category) stays one tap away and in the CSV.
    """
    t = view.indicator_table.reset_index(drop=True)
    keep = (view.report["kind"].astype("str") != "minor").to_numpy()
    t = t[keep].reset_index(drop=True)
    withheld = t["Is the change real?"].astype("str") == SMALL_CHANGE
    change = [WITHHELD_NOTE if w else "–" if pd.isna(p) else signed(p)
              for p, w in zip(t["% change"], withheld, strict=True)]
    verdict = [r if w else f"{r}; {real}" for r, real, w in zip(t["RAG"].astype("str"),
                                                                  t["Is the change real?"].astype("str"),
                                                                  withheld, strict=True)]
    names = [plain_name(c) if c in plain_names() else c for c in t["Crime"].astype("str")]
    return pd.DataFrame({"Crime": names, "Latest 12 months": t["Latest 12 months"].astype("str"),
                         "Change": change, "Verdict": verdict}, columns=COMPACT_COLUMNS)
