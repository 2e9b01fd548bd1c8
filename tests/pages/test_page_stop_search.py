"""AppTest of the stop and search page on the demonstration store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.reference import read_rows
from lib.store import Store
from tests.helpers import checked, page_text

PAGE = "pages/4_Stop_and_search.py"


ARRESTS = {r["published"] for r in read_rows("stop_search_outcomes.csv") if r["group"] == "Arrest"}


def expected(table: pd.DataFrame, start: str, end: str, borough: str | None = None) -> dict:
    """Searches, arrest rate and unlocated searches counted directly with pandas (not lib.metrics)."""
    t = table[(table["month"] >= start) & (table["month"] <= end)]
    if borough:
        t = t[(t["location_status"] == "borough") & (t["borough_code"] == borough)]
    return {"searches": len(t), "arrest_rate": t["outcome"].isin(ARRESTS).sum() / len(t),
            "unlocated": int((t["location_status"] == "unlocated").sum())}


def months(table: pd.DataFrame) -> list[str]:
    return sorted(str(m) for m in table["month"].unique())


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_london_default(open_page, demo_store: Path) -> None:
    at = checked(open_page(PAGE))
    t = page_text(at)
    assert "Record-level searches (police.uk) cover" in t
    assert "Demonstration data" in t
    table = Store(demo_store).table("stop_search")
    have = months(table)
    e = expected(table, have[-12], have[-1])  # the default period: the latest 12 months
    assert metric(at, "Searches") == f"{e['searches']:,}"
    assert metric(at, "Arrest rate") == f"{e['arrest_rate']:.1%}"
    assert f"{e['unlocated']:,}" in t and "have no location" in t
    assert "Who was searched: disproportionality by ethnic appearance" in t
    assert "squares with fewer than 10 searches are not drawn" in t


def test_borough_and_period_from_url(open_page, demo_store: Path) -> None:
    table = Store(demo_store).table("stop_search")
    have = months(table)
    at = checked(open_page(PAGE, borough="Enfield", **{"from": have[-3], "to": have[-1]}))
    assert metric(at, "Searches") == f"{expected(table, have[-3], have[-1], 'E09000010')['searches']:,}"
    assert "Enfield (searches located in the borough)" in page_text(at)
    assert "have no location, so they count for London" not in page_text(at)


def test_bad_url_values_fall_back(open_page) -> None:
    t = page_text(checked(open_page(PAGE, **{"from": "bogus", "to": "2099-99"})))
    assert "isn't available" in t
    assert "Record-level searches" in t


def test_reversed_period_is_swapped(open_page, demo_store: Path) -> None:
    have = months(Store(demo_store).table("stop_search"))
    at = checked(open_page(PAGE, **{"from": have[-1], "to": have[-4]}))
    assert "showing the two months swapped" in page_text(at)


def test_ratios_on_census_2021_with_intervals(open_page, real_store: Path) -> None:
    """?census=2021 divides by the Census 2021 populations (counted here with pandas) and shows intervals."""
    store = Store(real_store)
    at = checked(open_page(PAGE, store=real_store, borough="Enfield", census="2021",
                           **{"from": "2022-09", "to": "2022-09"}))
    assert "Census 2021 populations" in page_text(at)
    table = next(t.value for t in [*at.table, *at.dataframe] if "Ratio to White" in t.value.columns)
    assert {"Ratio, 95% interval from", "Ratio, 95% interval to"} <= set(table.columns)
    pop = store.table("population_ethnicity_2021")
    black = pop[(pop["borough_code"] == "E09000010") & (pop["scheme"] == "search4") & (pop["group"] == "Black")]
    enfield_black = black["population"].sum()
    shown = table.set_index("Group").loc["Black", "Residents"]
    assert float(str(shown).replace(",", "")) == float(enfield_black)
