"""AppTest of pages/3_Neighbourhood_comparator.py on the real comparator file and on the demo store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.pas import ADAPTERS
from lib.store import write_store

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "3_Neighbourhood_comparator.py")


@pytest.fixture(scope="module")
def pas_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = shared_data / "confidence"
    ctx = IngestContext(source_dir=d)
    tables, schemas = {}, {}
    for a in ADAPTERS:
        tables.update(a.read([p for p in sorted(d.iterdir()) if a.recognises(p, sniff_head(p))], ctx))
        schemas.update({t.name: t for t in a.tables})
    dest = tmp_path_factory.mktemp("pas_cmp") / "store"
    write_store(dest, tables, schemas, {"kind": "official"})
    return dest


def run(store: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("POLICING_STORE", str(store))
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str):
    return next(t.value for t in at.table if column in t.value.columns)


def test_real_side_by_side(pas_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The transcript's pair on the 2016 file: Waltham Forest - Central against Newham - East."""
    at = run(pas_store, monkeypatch, neighbourhood="Waltham Forest - Central", compare="Newham - East")
    heads = [h.value for h in at.header]
    assert heads[0] == "Waltham Forest - Central is in Group 7 (deprived multi-ethnic)"
    assert "Side by side: Waltham Forest - Central and Newham - East" in heads
    side = table_with(at, "Gap (points)").set_index("Measure")
    assert len(side) == 18
    assert side.at["Good job locally", "Gap (points)"] == pytest.approx(-1.0)
    assert side.at["Well informed", "Gap (points)"] == pytest.approx(-15.0)
    assert side.at["Well informed", "Verdict"] == "really lower"
    real = [t.value for t in at.table if list(t.value.columns) == ["Measure", "Gap (points)", "Verdict"]]
    assert list(real[0]["Measure"]) == ["Well informed"]
    rank = table_with(at, "Rank in group").set_index("Measure")
    assert (rank.at["Good job locally", "Rank in group"], rank.at["Good job locally", "Of"]) == (5, 13)
    assert "13 neighbourhoods" in " ".join(m.value for m in at.markdown)


def test_real_spread_and_labels(pas_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(pas_store, monkeypatch, neighbourhood="Newham - East", list="nearest on drivers")
    spread = table_with(at, "Highest value")
    assert spread.iloc[0]["Group"] == "Group 5 (stressed urban)" and spread.iloc[0]["Gap (points)"] == 24.0
    labels = table_with(at, "Evidence")
    assert set(labels.loc[labels["Status"] == "shown", "Name in the transcript"]) >= {"deprived multi-ethnic"}
    nearest = table_with(at, "Distance")
    assert len(nearest) == 10 and "Same group" in nearest.columns
    captions = " ".join(c.value for c in at.caption)
    assert "No neighbourhood boundaries are published" in captions


def test_demo_store_and_bad_parameters(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(demo_store, monkeypatch, neighbourhood="bogus", compare="nowhere", sample="1", list="x")
    warnings = " ".join(w.value for w in at.warning)
    assert "Demonstration data" in warnings
    assert "The link asked for neighbourhood “bogus”, which isn't available" in warnings
    assert "Showing 120 instead" in warnings
    assert at.header[0].value.endswith("(demo) is in Group " + at.header[0].value.rsplit("Group ", 1)[1])
    assert "(" not in at.header[0].value.rsplit("Group ", 1)[1]  # no transcript name for invented groups


def test_demo_store_borough_default(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(demo_store, monkeypatch, borough="Newham")
    assert at.header[0].value.startswith("Newham - ")
