"""Which documented breaks a comparison crosses (``lib/reference/series_breaks.csv``)."""

from __future__ import annotations

from lib.periods import month_index, parse_month
from lib.reference.breaks import Break, series_breaks


def breaks_crossed(indicator: str, first_month: str, last_month: str, scheme: str | None = None) -> list[Break]:
    """The documented breaks in ``indicator`` between ``first_month`` and ``last_month``, oldest first.

    Definition: a comparison whose months run from ``first_month`` to ``last_month`` crosses a break
    when the break's first month counted the new way is after ``first_month`` and no later than
    ``last_month`` (some months compared are counted the old way, some the new), and the break
    touches the indicator (publisher's notes in ``lib/reference/series_breaks.csv``). ``scheme``: the
    category scheme of the comparison's later months when known; a break in another scheme is not
    crossed (months pinned to the pre-2018 release never meet the current scheme's recodes).
    """
    a, b = month_index(parse_month(first_month)), month_index(parse_month(last_month))
    return [
        br for br in series_breaks()
        if br.touches(indicator) and a < month_index(br.month) <= b and (scheme is None or br.scheme == scheme)
    ]
