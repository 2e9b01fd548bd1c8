"""The documented series breaks (lib/reference/series_breaks.csv) and which a comparison crosses."""

from __future__ import annotations

import pytest

from lib.errors import UsageError
from lib.metrics.breaks import breaks_crossed
from lib.periods import parse_month
from lib.reference.breaks import EVERY_SERIES, KIND_RECODE, KIND_SCHEME, scheme_break, series_breaks
from lib.reference.categories import INDICATORS, known_categories


def test_every_break_is_sourced_and_names_known_series():
    breaks = series_breaks()
    assert [b.month for b in breaks] == ["2010-04", "2023-04"]
    for b in breaks:
        assert parse_month(b.month) == b.month
        assert b.source.strip() and b.what_changed.strip()
        assert b.kind in (KIND_SCHEME, KIND_RECODE)
        assert all(i == EVERY_SERIES or i in INDICATORS for i in b.indicators), b.indicators
        if b.kind == KIND_RECODE:
            # every recoded category is a published category of its scheme, and the break names their group
            current = {minor for _, minor in known_categories(b.scheme)}
            assert set(b.categories) <= current and b.group


def test_the_scheme_break_is_the_2018_change_at_april_2010():
    b = scheme_break()
    assert (b.month, b.kind, b.indicators) == ("2010-04", KIND_SCHEME, (EVERY_SERIES,))


@pytest.mark.parametrize(("indicator", "first", "last", "scheme", "months"), [
    ("Total Notifiable Offences", "2009-05", "2011-04", None, ["2010-04"]),  # months on both sides
    ("Homicide", "2009-05", "2010-04", "current", ["2010-04"]),  # the last month is the first counted anew
    ("Homicide", "2010-04", "2012-03", "current", []),  # every month counted the new way
    ("Homicide", "2009-05", "2011-04", "pre2018", []),  # pinned to the pre-2018 release: one scheme throughout
    ("Burglary (Total)", "2022-01", "2023-12", "current", ["2023-04"]),
    ("MOPAC 7", "2009-01", "2023-12", None, ["2010-04", "2023-04"]),
    ("Robbery (Total)", "2022-01", "2023-12", "current", []),  # the burglary recode does not touch robbery
    ("Burglary (Residential)", "2023-04", "2025-03", "current", []),
])
def test_breaks_crossed(indicator, first, last, scheme, months):
    assert [b.month for b in breaks_crossed(indicator, first, last, scheme)] == months


def test_breaks_crossed_rejects_a_bad_month():
    with pytest.raises(UsageError, match="not a month"):
        breaks_crossed("MOPAC 7", "2023-13", "2024-01")
