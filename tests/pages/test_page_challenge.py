"""AppTest of the Challenge deck on the real store, against an independent pandas count (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import challenge_target_count

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "7_Challenge.py")


@pytest.fixture(scope="module")
def store_dir(real_store: Path) -> Path:
    """The store ingested from ../shared/data in this test session (never a leftover folder)."""
    return real_store


@pytest.fixture
def page(store_dir, monkeypatch):
    monkeypatch.setenv("POLICING_STORE", str(store_dir))
    monkeypatch.setenv("POLICING_BASEMAP", "none")
    at = AppTest.from_file(PAGE, default_timeout=180)
    for k, v in {"to": "2015-02", "release": "2016-12", "baseline": "2011/12"}.items():
        at.query_params[k] = v
    return at


def test_slide_one_shows_london_reduction_and_n_of_32(page, store_dir):
    london, n = challenge_target_count(store_dir)
    assert (london, n) == (-19.8, 16)  # the published figure the independent count reproduces
    page.run()
    assert not page.exception
    values = [m.value for m in page.metric]
    assert f"{london:+.1f}%" in values
    assert f"{n} of 32" in values
    assert page.query_params["slide"] == ["1"] or page.query_params["slide"] == "1"


def test_next_moves_to_ranked_slide_with_all_32_names(page):
    page.run()
    page.button[1].click().run()
    assert not page.exception
    assert str(page.query_params["slide"]).strip("[]'") == "2"
    names = pd.concat([t.value for t in page.table])["Borough"]
    assert len(names) == 32 and names.is_unique
    assert "Westminster" in set(names)


def test_slides_param_picks_and_orders(page):
    page.query_params["slides"] = "ranked,target"
    page.query_params["slide"] = "1"
    page.run()
    assert not page.exception
    assert len(page.table) == 2  # the ranked slide first


def _slide_param(page) -> str:
    return str(page.query_params["slide"]).strip("[]'")


def test_previous_works_right_after_next(page):
    """The move happens in the button's callback, so the rerun that shows slide 2 draws Previous enabled
    (it was drawn disabled, as for slide 1, when the move came after the button: ArrowLeft then did nothing)."""
    page.run()
    page.button[1].click().run()
    assert _slide_param(page) == "2" and not page.button[0].disabled
    page.button[0].click().run()
    assert _slide_param(page) == "1" and page.button[0].disabled


def test_neighbourhood_slide_from_the_url(page, store_dir):
    nb = pd.read_parquet(store_dir / "pas_neighbourhood.parquet")
    good = nb[nb["measure"] == "good_job"].set_index("neighbourhood")["value"]
    page.query_params.update({"slide": "5", "neighbourhood": "Newham - East",
                              "compare": "Enfield - Southgate and West"})
    page.run()
    assert not page.exception
    shown = {m.label: m.value for m in page.metric}
    assert shown["A: Newham - East"] == f"{good['Newham - East']:.0%}"
    assert shown["B: Enfield - Southgate and West"] == f"{good['Enfield - Southgate and West']:.0%}"


def test_numbers_toggle_shows_a_readable_table(page):
    page.query_params["slide"] = "3"
    page.run()
    page.toggle[0].set_value(True).run()
    assert not page.exception
    t = pd.concat([x.value for x in page.table])  # a plain table (24 px, dark), in two halves side by side
    assert len(t) == 32 and all("_" not in c for c in t.columns)
    assert not t.isna().any().any() and not t.astype(str).isin(["None", "nan"]).any().any()
