"""Reference: the indicators of the partnership's one-page performance summaries, in their order.

``lib/reference/one_pager_indicators.csv`` lists the recorded-crime indicators of the Barking and
Dagenham Community Safety Partnership one-pagers (seed 002, December 2016) that the published files
can answer, in the order the one-pagers print them: TNO, the MOPAC 7 crimes (robbery and burglary each
overall, then personal robbery and residential burglary), domestic abuse, sexual offences, gun and knife
crime, hate crime. ``row`` is the store's name of the series (``source``: ``indicator`` for the
borough crime file, ``special`` for the hate and special crime file, ``hate`` for a page of several
hate-crime flags, ';'-separated). ``target_pct``: the reduction on the previous year the one-pagers set
for 2016/17 (0 = any reduction; blank = for monitoring, no target); ``good``: which way the one-pagers
read as better ('increase' where more reporting is encouraged). The one-pagers' other indicators
(MARAC, IDAP, youth justice, re-offending, ASB, Victim Support, fire service, drug treatment, serious
youth violence) come from local sources with no published file: :data:`NOT_PUBLISHED` names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lib.reference import read_rows

INDICATORS_FILE = "one_pager_indicators.csv"
SOURCES = ("indicator", "special", "hate")
NOT_PUBLISHED = ("serious youth violence", "MARAC repeat referrals", "the domestic abuse programme (IDAP)",
                 "first-time entrants and young people sentenced to custody", "proven re-offending",
                 "anti-social behaviour", "Victim Support referrals", "fire service arson incidents",
                 "drug treatment completions")


@dataclass(frozen=True)
class OnePagerIndicator:
    position: int
    title: str  # the page's title, as the one-pagers name the indicator
    rows: tuple[str, ...]  # the store's series name(s): one, or the flags of the hate crime page
    source: str  # 'indicator', 'special' or 'hate'
    target_pct: float | None  # reduction on the previous year set as the target; None = for monitoring
    target_words: str
    good: str  # 'decrease' or 'increase'
    definition: str


@cache
def one_pager_indicators() -> tuple[OnePagerIndicator, ...]:
    """The one-pagers' indicators the published files answer, in the one-pagers' order."""
    out = []
    for r in read_rows(INDICATORS_FILE):
        if r["source"] not in SOURCES or r["good"] not in ("decrease", "increase"):
            raise ValueError(f"{INDICATORS_FILE}: row {r['position']}: bad source or good")
        out.append(OnePagerIndicator(
            int(r["position"]), r["title"], tuple(r["row"].split(";")), r["source"],
            float(r["target_pct"]) if r["target_pct"] else None, r["target_words"], r["good"], r["definition"]))
    return tuple(sorted(out, key=lambda i: i.position))
