"""Months and periods. A month is always the string 'YYYY-MM' in the store and in arguments.

Definitions used throughout (MPS and MOPAC performance packs):
- rolling 12 months to M: the 12 calendar months ending with M, inclusive;
- financial year: April to March, labelled '2015/16';
- financial year to date at M: from April of M's financial year to M, inclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lib.errors import UsageError, shorten

# ASCII digits only (re.ASCII: a bare \d also takes "٢٠١٥" or "²"); matched whole with fullmatch, so no
# trailing newline slips through as "$" would let it.
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])", re.ASCII)
_COMPACT_MONTH = re.compile(r"[0-9]{6}", re.ASCII)
_FY = re.compile(r"([0-9]{4})/([0-9]{2})", re.ASCII)
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


def parse_month(text: str) -> str:
    """Validate 'YYYY-MM' (also accepts 'YYYYMM' as the MPS column headers write it)."""
    t = str(text).strip()
    if _COMPACT_MONTH.fullmatch(t):
        t = f"{t[:4]}-{t[4:]}"
    if not _MONTH.fullmatch(t):
        raise UsageError(f"not a month: {shorten(text)} (expected YYYY-MM in ASCII digits, e.g. 2015-09)")
    return t


def month_index(month: str) -> int:
    """Months since year 0: consecutive months differ by one."""
    y, m = int(month[:4]), int(month[5:7])
    return y * 12 + m - 1


def from_index(i: int) -> str:
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def add_months(month: str, n: int) -> str:
    return from_index(month_index(month) + n)


def month_range(start: str, end: str) -> list[str]:
    """Every month from start to end inclusive (empty if end is before start)."""
    return [from_index(i) for i in range(month_index(start), month_index(end) + 1)]


def month_runs(months: list[str]) -> list[list[str]]:
    """``months`` ('YYYY-MM', in order) split into runs of consecutive calendar months."""
    out: list[list[str]] = []
    for month in months:
        if out and month_index(month) == month_index(out[-1][-1]) + 1:
            out[-1].append(month)
        else:
            out.append([month])
    return out


def rolling_12(end: str) -> tuple[str, str]:
    """The 12 months ending with ``end``: (first, last)."""
    return add_months(end, -11), end


def year_earlier(start: str, end: str) -> tuple[str, str]:
    """The same period twelve months before."""
    return add_months(start, -12), add_months(end, -12)


def financial_year_start(month: str) -> str:
    """April of the financial year that contains ``month``."""
    y, m = int(month[:4]), int(month[5:7])
    return f"{y if m >= 4 else y - 1:04d}-04"


def financial_year_label(month: str) -> str:
    """'2015/16' for any month from April 2015 to March 2016."""
    y = int(financial_year_start(month)[:4])
    return f"{y}/{(y + 1) % 100:02d}"


def financial_year(label: str) -> tuple[str, str]:
    """('2011-04', '2012-03') for '2011/12'."""
    m = _FY.fullmatch(str(label).strip())
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise UsageError(f"not a financial year: {shorten(label)} (expected e.g. 2011/12)")
    y = int(m.group(1))
    return f"{y}-04", f"{y + 1}-03"


def complete_financial_years(months: list[str] | set[str]) -> list[str]:
    """Financial years ('2011/12') whose April and March are both among ``months``, oldest first."""
    have = set(months)
    return sorted(
        label for m in have if m[5:7] == "03"
        and financial_year(label := financial_year_label(m))[0] in have
    )


def parse_period(text: str) -> tuple[str, str]:
    """'YYYY-MM:YYYY-MM' (or a financial year '2011/12') as (first, last), first <= last."""
    t = str(text).strip()
    if _FY.fullmatch(t):
        return financial_year(t)
    parts = t.split(":")
    if len(parts) != 2:
        raise UsageError(f"not a period: {shorten(text)} (expected YYYY-MM:YYYY-MM or a financial year, e.g. 2011/12)")
    a, b = parse_month(parts[0]), parse_month(parts[1])
    if month_index(b) < month_index(a):
        raise UsageError(f"period {shorten(text)} ends before it starts")
    return a, b


def month_label(month: str) -> str:
    """'September 2015'."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


def period_label(start: str, end: str) -> str:
    """'October 2014 to September 2015' (or one month's label when start == end)."""
    if start == end:
        return month_label(start)
    return f"{month_label(start)} to {month_label(end)}"


def month_start_date(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


PERIOD_KINDS: dict[str, str] = {
    "r12": "Rolling 12 months",
    "fytd": "Financial year to date",
    "month": "Month",
}


@dataclass(frozen=True)
class Period:
    """A period and its comparison period: the same months a year earlier."""

    kind: str
    first: str
    last: str
    prev_first: str
    prev_last: str

    @property
    def label(self) -> str:
        return period_label(self.first, self.last)

    @property
    def previous_label(self) -> str:
        return period_label(self.prev_first, self.prev_last)

    @property
    def words(self) -> str:
        """'October 2014 to September 2015 compared with October 2013 to September 2014'."""
        return f"{self.label} compared with {self.previous_label}"


def period_for(kind: str, to: str) -> Period:
    """The period of a kind ending at ``to`` and the same period a year earlier.

    Definition: month = ``to`` alone; fytd = April of ``to``'s financial year to ``to``; r12 = the
    12 months ending with ``to`` (MPS/MOPAC packs; ``lib/periods.py``).
    """
    if kind == "month":
        first = to
    elif kind == "fytd":
        first = financial_year_start(to)
    elif kind == "r12":
        first = rolling_12(to)[0]
    else:
        raise UsageError(f"unknown period {kind!r} (expected one of {', '.join(PERIOD_KINDS)})")
    pf, pl = year_earlier(first, to)
    return Period(kind, first, to, pf, pl)
