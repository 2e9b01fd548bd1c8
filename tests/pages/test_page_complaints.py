"""AppTest of pages/5_Complaints.py: demonstration store, the Enfield pack store, bad links."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.ingest import run_ingest
from lib.store import Store, write_store
from tests.conftest import FIXTURES
from tests.helpers import checked, table_with

PAGE = "pages/5_Complaints.py"
ENFIELD = "E09000010"


@pytest.fixture(scope="module")
def enfield_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the complaints extract typed from the Enfield SNB pack (tests/fixtures/complaints)."""
    dest = tmp_path_factory.mktemp("page") / "store"
    run_ingest(FIXTURES / "complaints" / "enfield_pack", dest)
    return dest


def _between(df: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    return df[(df["month"] >= first) & (df["month"] <= last)]


def _headline(allegations: pd.DataFrame, workforce: pd.DataFrame, first: str, last: str, prev: tuple[str, str]):
    """Allegations, % change and per 100 workforce for London, counted directly with pandas."""
    now = int(_between(allegations, first, last)["allegations"].sum())
    before = int(_between(allegations, *prev)["allegations"].sum())
    w = _between(workforce, first, last)
    people = (w["officers"] + w["staff"]).groupby(w["borough_code"]).mean()
    with_wf = _between(allegations[allegations["borough_code"].isin(people.index)], first, last)["allegations"].sum()
    return now, (now - before) / before * 100, with_wf / people.sum() * 100


def _metrics(at: AppTest) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_demo_store_london_default(open_page, demo_store: Path) -> None:
    at = checked(open_page(PAGE, store=demo_store))
    allegations = Store(demo_store).table("complaints_allegations")
    workforce = Store(demo_store).table("complaints_workforce")
    assert allegations["month"].max() == "2025-12"
    now, change, per_100 = _headline(allegations, workforce, "2025-01", "2025-12", ("2024-01", "2024-12"))
    m = _metrics(at)
    assert m["Allegations in 12 months"][0] == f"{now:,}"
    assert m["Allegations in 12 months"][1] == f"{change:+.0f}% on a year before"
    assert m["Per 100 workforce"][0] == f"{per_100:.1f}"
    text = " ".join(i.value for i in at.info)
    assert "demonstration data" in text and "No official complaints figures are published by borough" in text
    assert "lib.cli" not in text and "ingest" not in text
    assert any("Demonstration data" in w.value for w in at.warning)
    assert any("London: January 2025 to December 2025" in md.value for md in at.markdown)
    assert "compared with January 2024 to December 2024" in " ".join(md.value for md in at.markdown)
    boroughs = table_with(at, "Rank")
    assert len(boroughs) == 32
    assert list(boroughs["Rank"]) == list(range(1, 33))
    headers = [h.value for h in at.header]
    assert headers[:3] == ["Allegations by borough", "Change on a year before", "Allegations per 100 workforce"]
    assert "What the categories mean" in headers
    glossary = table_with(at, "Kind")
    assert "Traffic Irregularity" in set(glossary["Name"])
    assert glossary.set_index("Name").loc["Withdrawn", "Definition"].startswith("Refers to instances where the")
    assert len(at.get("download_button")) == 6
    charts = at.get("vega_lite_chart")
    assert len(charts) == 6  # every chart sits beside its table and CSV
    assert "London average" in str(charts[0].proto)  # the London line is drawn with its label


def test_demo_store_borough_and_month_from_the_link(open_page, demo_store: Path) -> None:
    at = checked(open_page(PAGE, store=demo_store, borough="Enfield", to="2024-06"))
    allegations = Store(demo_store).table("complaints_allegations")
    enfield = _between(allegations[allegations["borough_code"] == ENFIELD], "2023-07", "2024-06")
    assert _metrics(at)["Allegations in 12 months"][0] == f"{int(enfield['allegations'].sum()):,}"
    assert any("Enfield: July 2023 to June 2024" in md.value for md in at.markdown)
    assert "What was alleged in Enfield" in [h.value for h in at.header]
    types = table_with(at, "Allegation type")
    by_type = enfield.groupby("allegation_type")["allegations"].sum()
    fid = types.set_index("Allegation type").loc["Failures in Duty"]
    assert fid["Allegations"] == f"{by_type['Failures in Duty']:,}"
    share = by_type["Failures in Duty"] / by_type.sum() * 100
    assert round(fid["Share of all allegations (%)"], 6) == round(share, 6)
    assert at.query_params["to"] == ["2024-06"] or at.query_params["to"] == "2024-06"


def test_enfield_pack_figures_on_the_page(open_page, enfield_store: Path) -> None:
    at = checked(open_page(PAGE, store=enfield_store, borough="Enfield", to="2015-09"))
    m = _metrics(at)
    assert m["Allegations in 12 months"] == ("496", "+9% on a year before")
    assert m["Per 100 workforce"][0] == "36.5"
    assert m["Workforce (average)"][0] == "1,359"
    assert not any("demonstration data" in i.value for i in at.info)
    assert any("Enfield: October 2014 to September 2015" in md.value for md in at.markdown)
    types = table_with(at, "Allegation type").set_index("Allegation type")
    assert round(types.loc["Failures in Duty", "Share of all allegations (%)"]) == 53
    assert round(types.loc["Oppressive Behaviour", "Share of all allegations (%)"]) == 23
    assert round(types.loc["Failures in Duty", "Change (%)"]) == 19
    # small counts are shown as published; their shares are withheld (hand count of the fixture's
    # allegations.csv, Traffic Irregularity, October 2014 to September 2015)
    fixture = pd.read_csv(FIXTURES / "complaints" / "enfield_pack" / "allegations.csv")
    traffic = fixture[(fixture["allegation_type"] == "Traffic Irregularity")
                      & fixture["month"].between("2014-10", "2015-09")]["allegations"].sum()
    assert 0 < traffic < 10 and types.loc["Traffic Irregularity", "Allegations"] == str(traffic)
    assert pd.isna(types.loc["Traffic Irregularity", "Share of all allegations (%)"])
    outcomes = table_with(at, "Outcome").set_index("Outcome")
    assert outcomes.loc["No Case to Answer", "Allegations"] == "339"
    assert round(outcomes.loc["No Case to Answer", "Share of finalised outcomes (%)"], 1) == 69.0
    assert round(outcomes.loc["Disapplication", "Share of finalised outcomes (%)"], 1) == 8.8
    assert outcomes.loc["Case to Answer", "Allegations"] == "6"  # as the Enfield pack publishes it (was masked)
    assert any("491 allegations with a finalised outcome" in cap.value for cap in at.caption)


def test_bad_month_in_the_link_gives_a_message_and_the_latest(open_page, enfield_store: Path) -> None:
    at = checked(open_page(PAGE, store=enfield_store, borough="Enfield", to="bogus"))
    assert any("bogus" in w.value and "isn't available" in w.value for w in at.warning)
    assert any("Enfield: October 2014 to September 2015" in md.value for md in at.markdown)
    at = checked(open_page(PAGE, store=enfield_store, to="2030-01"))
    assert any("2030-01" in w.value for w in at.warning)
    assert _metrics(at)["Allegations in 12 months"][0] == "496"


def test_bad_borough_in_the_link_falls_back_to_london(open_page, enfield_store: Path) -> None:
    at = checked(open_page(PAGE, store=enfield_store, borough="Gotham"))
    assert any("Gotham" in w.value for w in at.warning)
    assert any(md.value.startswith("**London:") for md in at.markdown)


def test_store_without_complaints_says_so(open_page, tmp_path: Path) -> None:
    write_store(tmp_path / "bare", {}, {}, {"kind": "official"})
    at = checked(open_page(PAGE, store=tmp_path / "bare"))
    assert any("this dashboard has none to show" in i.value and "lib.cli" not in i.value for i in at.info)
    assert len(at.metric) == 0
