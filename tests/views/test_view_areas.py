"""Views that take an area code refuse, in one line, an area the Met does not police or that does not exist.

Every front end refuses the City of London first (``lib.choices.area``); a view called with its code must not
answer for it either. Before, ``outcomes_view`` answered "In City of London, every row has fewer than 10
offences ..." and ``satisfaction_view`` answered for the City too (the Met publishes no City figures: plausible,
wrong answers), ``stop_search_area`` raised pandas' TypeError, ``confidence_view`` KeyError, and an unknown code
raised KeyError in all four. (crime_view, drivers and unusual_view already refused both in one line.)
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.reference.boroughs import CITY_OF_LONDON_CODE
from lib.store import Store
from lib.views.confidence import confidence_view, satisfaction_view
from lib.views.outcomes import outcomes_view
from lib.views.stop_search import period_choices, stop_search_area, stop_search_period, stop_search_records

VIEWS = ["stop_search_area", "outcomes_view", "confidence_view", "satisfaction_view"]
REFUSED = [(CITY_OF_LONDON_CODE, "is policed by the City of London Police, not the Met"),
           ("E09999999", "is not an area"), ("Gotham", "is not an area")]


@pytest.fixture(scope="module")
def views(real_store: Path, demo_store: Path):
    """Each view at a period it answers for (the whole stop-and-search span; positive outcomes to July 2025;
    victim satisfaction on the demonstration store: the real files hold none)."""
    store = Store(real_store)
    months = sorted(period_choices(store)[0])
    period = stop_search_period(stop_search_records(store), months[0], months[-1], boroughs=False)
    return {"stop_search_area": lambda code: stop_search_area(period, code),
            "outcomes_view": lambda code: outcomes_view(store, code, "2025-07"),
            "confidence_view": lambda code: confidence_view(store, code),
            "satisfaction_view": lambda code: satisfaction_view(Store(demo_store), code)}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("code", "why"), REFUSED, ids=["City of London", "unknown code", "unknown name"])
def test_an_area_outside_the_met_is_refused_in_one_line(views, view: str, code: str, why: str) -> None:
    with pytest.raises(UsageError) as e:
        views[view](code)
    message = str(e.value)
    assert "\n" not in message and message.startswith(f"borough: {code!r} {why}: London (or MPS, E12000007)")


def _fields(view) -> list[str]:
    """The view's fields as JSON text (a table's ``==`` is per cell, and NaN is not NaN)."""
    def plain(o: object) -> object:
        return o.to_json() if isinstance(o, pd.DataFrame) else str(o)

    return [json.dumps(getattr(view, f.name), sort_keys=True, default=plain) for f in dataclasses.fields(view)]


@pytest.mark.parametrize("view", VIEWS)
def test_london_and_a_borough_by_code_or_name_are_the_same_answer(views, view: str) -> None:
    """The positive control: the check lets every spelling the front ends accept through, to the same figures."""
    london, enfield = _fields(views[view]("E12000007")), _fields(views[view]("E09000010"))
    assert london == _fields(views[view]("London")) == _fields(views[view]("mps"))
    assert enfield == _fields(views[view]("Enfield")) and enfield != london
