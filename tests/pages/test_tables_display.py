"""Every table on every page reads as the public should see it, on the demonstration and the real store:
screen names (no snake_case column), no index, no 'None'/'nan'/'<NA>' text, numbers kept as numbers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.helpers import checked

PAGES = ["pages/1_Crime.py", "pages/2_Confidence.py", "pages/3_Neighbourhood_comparator.py",
         "pages/4_Stop_and_search.py", "pages/5_Complaints.py", "pages/6_About_the_data.py"]
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


@pytest.mark.parametrize("page", PAGES)
def test_tables_on_the_demo_store(open_page, page):
    at = checked(open_page(page))
    assert at.dataframe or at.table, f"{page} shows no table"
    assert _problems(at) == []


@pytest.mark.parametrize("page", PAGES)
def test_tables_on_the_real_store(open_page, real_store, page):
    at = checked(open_page(page, store=real_store, borough="Enfield"))
    assert _problems(at) == []
