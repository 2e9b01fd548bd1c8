"""AppTest of pages/2_Confidence.py on the demo store and on a store of the real PAS files."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.pas import ADAPTERS
from lib.store import write_store

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "2_Confidence.py")


@pytest.fixture(scope="module")
def pas_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding only the PAS tables ingested from the real files (no USS: none is published)."""
    d = shared_data / "confidence"
    ctx = IngestContext(source_dir=d)
    tables, schemas = {}, {}
    for a in ADAPTERS:
        tables.update(a.read([p for p in sorted(d.iterdir()) if a.recognises(p, sniff_head(p))], ctx))
        schemas.update({t.name: t for t in a.tables})
    dest = tmp_path_factory.mktemp("pas_page") / "store"
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


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [w.value for w in at.warning] + [i.value for i in at.info]
                     + [c.value for c in at.caption])


def test_demo_store_london(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(demo_store, monkeypatch)
    heads = [h.value for h in at.header]
    assert heads[0] == "London: every measure, 12 months to December 2025"
    assert "Victim satisfaction (User Satisfaction Survey)" in heads
    metric = at.metric[0]
    assert metric.label == "Police do a good job in the local area" and metric.value.endswith("%")
    t = texts(at)
    assert "Demonstration data" in t
    assert "No public extract of the User Satisfaction Survey exists" in t
    assert "demonstration data" in t  # said on the USS section itself
    assert "400 interviews per borough" in t and "12,800 for London" in t  # the stated assumption
    summary = at.table[0].value
    assert len(summary) == 8 and "95% interval from" in summary.columns


def test_demo_store_borough_and_gap(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(demo_store, monkeypatch, borough="Enfield", measure="trust")
    heads = [h.value for h in at.header]
    assert heads[0].startswith("Enfield: every measure")
    assert "Trust the MPS by borough, 12 months to December 2025" in heads
    labels = [m.label for m in at.metric]
    assert "Gap (white minus BME)" in labels
    drivers = next(t.value for t in at.table if "Driver" in t.value.columns)
    assert "Fair treatment" in set(drivers["Driver"]) and "Good job locally" not in set(drivers["Driver"])


def test_bad_url_parameters_fall_back(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(demo_store, monkeypatch, to="bogus", measure="bogus", sample="0", deff="9", uss_to="1999-03")
    warnings = " ".join(w.value for w in at.warning)
    assert "“bogus”, which isn't available. Showing December 2025 instead" in warnings
    assert "Showing Good job locally instead" in warnings
    assert "Showing 400 instead" in warnings
    assert at.header[0].value == "London: every measure, 12 months to December 2025"


def test_real_pas_enfield_pack(pas_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enfield SNB pack: confidence 59% in the 12 months to September 2015, below the MPS average (67%)."""
    at = run(pas_store, monkeypatch, borough="Enfield", to="2015-09")
    assert at.header[0].value == "Enfield: every measure, 12 months to September 2015"
    assert at.metric[0].value == "59%"
    summary = at.table[0].value.set_index("Measure")
    assert summary.at["Good job locally", "Value"] == pytest.approx(0.59)
    assert summary.at["Good job locally", "London"] == pytest.approx(0.67)
    assert summary.at["Good job locally", "Against London"] == "really lower"
    ranked = next(t.value for t in at.table if "Rank" in t.value.columns)
    assert len(ranked) == 32
    t = texts(at)
    assert "No public extract of the User Satisfaction Survey exists" in t and "This store has none" in t


def test_real_pas_change_verdict(pas_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(pas_store, monkeypatch, borough="Haringey", to="2015-12")
    assert "-12 points on a year earlier: a real fall" in at.metric[0].delta


def test_real_store_similar_boroughs_and_map(real_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the whole ingested store the borough's most similar group is formed from borough_features."""
    at = run(real_store, monkeypatch, borough="Enfield", to="2015-09")
    similar = next(t.value for t in at.table if "Similar boroughs' average" in t.value.columns)
    assert similar.set_index("Measure").at["Good job locally", "Borough"] == pytest.approx(0.59)
    assert int(similar["Boroughs in group"].iloc[0]) == 15
    assert any(m.value.startswith("Most similar group (socio-demographic features, nearest first): Enfield, ")
               for m in at.markdown)
