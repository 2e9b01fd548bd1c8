"""AppTest of the stop and search page on the demonstration store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "4_Stop_and_search.py")


@pytest.fixture()
def app(demo_store, monkeypatch):
    monkeypatch.setenv("POLICING_STORE", str(demo_store))
    monkeypatch.setenv("POLICING_BASEMAP", "none")
    return AppTest.from_file(PAGE, default_timeout=60)


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info] + [w.value for w in at.warning]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader] + [c.value for c in at.caption]
    return "\n".join(map(str, parts))


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_london_default(app, demo_store):
    from lib import stop_search as ss
    from lib.boroughs import LONDON_CODE
    from lib.store import Store

    at = app.run()
    assert not at.exception
    t = texts(at)
    assert "Record-level searches (police.uk) cover" in t
    assert "Demonstration data" in t
    table = Store(demo_store).table("stop_search")
    start, end = ss.default_period(table)
    expected = ss.summary(table, None, LONDON_CODE, start, end)
    assert metric(at, "Searches") == f"{expected['searches']:,}"
    assert metric(at, "Arrest rate") == f"{expected['arrest_rate']:.1%}"
    assert f"{expected['unlocated']:,}" in t and "have no location" in t
    assert "Who was searched: disproportionality by ethnic appearance" in t
    assert "squares with fewer than 10 searches are not drawn" in t


def test_borough_and_period_from_url(app, demo_store):
    from lib import stop_search as ss
    from lib.store import Store

    table = Store(demo_store).table("stop_search")
    months = ss.months_covered(table)
    app.query_params["borough"] = "Enfield"
    app.query_params["from"] = months[-3]
    app.query_params["to"] = months[-1]
    at = app.run()
    assert not at.exception
    expected = ss.summary(table, None, "E09000010", months[-3], months[-1])
    assert metric(at, "Searches") == f"{expected['searches']:,}"
    assert "Enfield (searches located in the borough)" in texts(at)
    assert "have no location, so they count for London" not in texts(at)


def test_bad_url_values_fall_back(app):
    app.query_params["from"] = "bogus"
    app.query_params["to"] = "2099-99"
    at = app.run()
    assert not at.exception
    t = texts(at)
    assert "isn't available" in t
    assert "Record-level searches" in t


def test_reversed_period_is_swapped(app, demo_store):
    from lib import stop_search as ss
    from lib.store import Store

    months = ss.months_covered(Store(demo_store).table("stop_search"))
    app.query_params["from"] = months[-1]
    app.query_params["to"] = months[-4]
    at = app.run()
    assert not at.exception
    assert "showing the two months swapped" in texts(at)
