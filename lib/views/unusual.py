"""Is this month unusual? One area's crime series judged month by month against its own history.

``unusual_view(dataset, area_code, area_name, indicator, first, last)`` answers for a borough or
London (``LONDON_CODE``) and any indicator or published category of a :class:`CrimeDataset` (a
release, or the newest release per month): each month's count, the count expected from the 36
months before it, the limits at the stated false-alarm rate and a flag ('high', 'low' or None),
with the method in words. The arithmetic is ``lib.metrics.unusual``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.errors import UsageError
from lib.metrics import crime_series as cs
from lib.metrics.suppression import THRESHOLD, suppressed_rows, withhold
from lib.metrics.unusual import FALSE_ALARM_RATE, HIGH, HISTORY_MONTHS, METHOD, unusual_months
from lib.periods import month_label, month_range
from lib.views.crime import CrimeDataset

KIND_PREFERENCE = (cs.KIND_INDICATOR, cs.KIND_MAJOR, cs.KIND_MINOR)  # a name used by several kinds
METHOD_WORDS = (
    f"Each month is compared with what the {HISTORY_MONTHS} months before it predict for that time of year, "
    "allowing for the trend and for the month-to-month variation the series has shown; a month is flagged when "
    f"its count is outside the range such a series leaves only {FALSE_ALARM_RATE:.0%} of the time."
)


@dataclass(frozen=True)
class UnusualView:
    """One area's series judged month by month: the figures, the flagged months and the method."""

    area_code: str
    area_name: str
    indicator: str
    kind: str  # 'indicator', 'major' or 'minor'
    first: str
    last: str
    release: str | None
    release_words: str
    method: str  # the method named for a statistician (lib.metrics.unusual.METHOD)
    method_words: str  # the method in words a resident can read
    false_alarm_rate: float
    table: pd.DataFrame  # month, count, expected, lower, upper, flag, reason (all figures)
    public: pd.DataFrame  # the same with counts under 10 and their flags withheld
    words: str  # the answer in one sentence, from the public figures

    @property
    def flagged(self) -> pd.DataFrame:
        """The public table's flagged months."""
        return self.public[self.public["flag"].notna()]


def series_kind(dataset: CrimeDataset, indicator: str) -> tuple[str, str]:
    """The series name as published and its kind for ``indicator`` (any case): an indicator first, then
    a published major category, then a minor one; UsageError naming --indicator and its allowed values."""
    names = dataset.series_names
    key = indicator.strip().casefold()
    match = names[names["indicator"].str.casefold() == key]
    for kind in KIND_PREFERENCE:
        hit = match[match["kind"] == kind]
        if len(hit):
            return str(hit["indicator"].iloc[0]), kind
    known = [i for i in cs.INDICATOR_ORDER if i in set(names["indicator"])]
    raise UsageError(f"unknown --indicator {indicator!r} (allowed: {', '.join(known)}, "
                     "or any published major or minor crime category)")


UNDER_TEN = f"under {THRESHOLD} crimes: too few to judge"


def _sentence(view_area: str, indicator: str, first: str, last: str, public: pd.DataFrame) -> str:
    modelled = public[public["expected"].notna()]
    judged = modelled[modelled["count"].notna()]
    span = f"from {month_label(first)} to {month_label(last)}" if first != last else f"in {month_label(first)}"
    if not len(modelled) and public["reason"].eq(UNDER_TEN).all():
        return (f"{view_area}, {indicator}: the monthly counts {span} are under {THRESHOLD}, too few to judge "
                "whether any month was unusual.")
    if not len(modelled):
        why = public["reason"].dropna()
        because = why.iloc[-1] if len(why) else "no figures"
        return f"{view_area}, {indicator}: no month {span} could be judged ({because})."
    if not len(judged):
        return (f"{view_area}, {indicator}: the monthly counts {span} are under {THRESHOLD}, too few to judge "
                "whether any month was unusual.")
    flagged = judged[judged["flag"].notna()]
    head = f"{view_area}, {indicator}: {len(flagged)} of the {len(judged)} months judged {span} "
    if not len(flagged):
        return head + "were unusual for their time of year."
    parts = [f"{month_label(r.month)} {'higher' if r.flag == HIGH else 'lower'} than expected "
             f"({r.count:,.0f} against {r.expected:,.0f}; expected range {r.lower:,.0f} to {r.upper:,.0f})"
             for r in flagged.itertuples(index=False)]
    verb = "was" if len(flagged) == 1 else "were"
    return f"{head}{verb} unusual for their time of year: {'; '.join(parts)}."


def unusual_view(dataset: CrimeDataset, area_code: str, area_name: str, indicator: str, first: str,
                 last: str) -> UnusualView:
    """Each month ``first``..``last`` of an area's series (a borough code or London) judged against the
    months before it (``lib.metrics.unusual.unusual_months``: only earlier months are used, so the
    answer for a month does not change when later months are published or revised)."""
    if first > last:
        raise UsageError(f"--from {first} is after --to {last}")
    name, kind = series_kind(dataset, indicator)
    monthly = cs.monthly(dataset.series, area_code, name, kind)
    if not len(monthly):
        raise UsageError(f"no {name!r} figures for {area_name} {dataset.release_words}")
    have = set(map(str, monthly["month"]))
    outside = [m for m in month_range(first, last) if m not in have]
    if outside:
        raise UsageError(f"{outside[0]} is outside the {name!r} series {dataset.release_words} "
                         f"(which covers {min(have)} to {max(have)})")
    table = unusual_months(monthly, first, last)
    # counts as published; a month under 10 is not judged (its limits and verdict withheld, and why)
    hidden = suppressed_rows(table, ["count"])
    public = withhold(table, hidden, ["expected", "lower", "upper", "flag"])
    public["reason"] = public["reason"].where(~(hidden & public["reason"].isna()).to_numpy(), UNDER_TEN)
    return UnusualView(
        area_code=area_code, area_name=area_name, indicator=name, kind=kind, first=first, last=last,
        release=dataset.release, release_words=dataset.release_words, method=METHOD, method_words=METHOD_WORDS,
        false_alarm_rate=FALSE_ALARM_RATE, table=table, public=public,
        words=_sentence(area_name, name, first, last, public),
    )
