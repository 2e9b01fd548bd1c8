"""Every table on every page reads as the public should see it, on the demonstration and the real store:
screen names (no snake_case column), no index, no 'None'/'nan'/'<NA>' text, numbers kept as numbers.

The pages are run once each per store by ``tests/pages/test_pages_on_both_stores.py``, which applies
:func:`table_problems` to every run (no second page run here: the suite must stay fast)."""

from __future__ import annotations

import re

import pandas as pd

SNAKE = re.compile(r"^[a-z]+(_[a-z]+)+$")
RAW_TEXT = {"None", "nan", "NaN", "<NA>", "NaT"}


def _problems(at) -> list[str]:
    found = []
    for element in [*at.dataframe, *at.table]:
        t = element.value
        assert isinstance(t, pd.DataFrame)
        found += [f"snake_case column {c!r}" for c in t.columns if SNAKE.match(str(c))]
        if not isinstance(t.index, pd.RangeIndex) and element in at.table:
            found.append(f"an index is shown: {list(t.index)[:3]}")
        for c in t.columns:
            col = t[c]
            if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
                continue
            raw = {str(v) for v in col.dropna() if str(v) in RAW_TEXT}
            mixed = {type(v).__name__ for v in col.dropna() if not isinstance(v, str)}
            found += [f"{c!r} shows {sorted(raw)}"] if raw else []
            found += [f"{c!r} mixes text with {sorted(mixed)}"] if mixed else []
    return found


def table_problems(at) -> list[str]:
    """What is wrong with the tables of a page run (empty when every table reads as the public should see
    it). Called on every page run of ``tests/pages/test_pages_on_both_stores.py`` (the demonstration
    store, the real store, and the real store for Enfield), so the check costs no page run of its own."""
    return _problems(at)


def test_the_check_sees_developer_names_and_raw_missing_values():
    class Run:  # the two lists of an AppTest run that the check reads
        def __init__(self, frames):
            self.dataframe, self.table = [type("E", (), {"value": f})() for f in frames], []

    bad = pd.DataFrame({"area_name": ["Enfield", "Barnet"], "Searches": ["None", "12"],
                        "Mixed": pd.Series(["<10", 12], dtype="object")})
    found = table_problems(Run([bad]))
    assert "snake_case column 'area_name'" in found and "'Searches' shows ['None']" in found
    assert "'Mixed' mixes text with ['int']" in found
    good = pd.DataFrame({"Borough": ["Enfield"], "Latest 12 months": ["<10"], "% change": [float("nan")]})
    assert table_problems(Run([good])) == []
