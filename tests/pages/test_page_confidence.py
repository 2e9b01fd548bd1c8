"""AppTest of pages/2_Confidence.py on the demo store and on a store of the real PAS files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric

from tests.helpers import checked, page_text, table_with

PAGE = "pages/2_Confidence.py"


def test_demo_store_london(open_page) -> None:
    at = checked(open_page(PAGE))
    heads = [h.value for h in at.header]
    assert heads[0] == "London: every measure, 12 months to December 2025"
    assert "Victim satisfaction (User Satisfaction Survey)" in heads
    metric = at.metric[0]
    assert metric.label == "Police do a good job in the local area" and metric.value.endswith("%")
    t = page_text(at)
    assert "Demonstration data" in t
    assert "No official victim satisfaction figures are published by borough" in t and "lib.cli" not in t
    assert "demonstration data" in t  # said on the USS section itself
    assert "400 interviews per borough" in t and "12,800 for London" in t  # the stated assumption
    summary = [*at.table, *at.dataframe][0].value
    assert len(summary) == 8 and "95% interval from" in summary.columns


def test_demo_store_borough_and_gap(open_page) -> None:
    at = checked(open_page(PAGE, borough="Enfield", measure="trust"))
    heads = [h.value for h in at.header]
    assert heads[0].startswith("Enfield: every measure")
    assert "Trust the MPS by borough, 12 months to December 2025" in heads
    labels = [m.label for m in at.metric]
    assert "Gap (white minus BME)" in labels
    drivers = table_with(at, "Driver")
    assert "Fair treatment" in set(drivers["Driver"]) and "Good job locally" not in set(drivers["Driver"])


def test_bad_url_parameters_fall_back(open_page) -> None:
    at = checked(open_page(PAGE, to="bogus", measure="bogus", sample="0", deff="9", uss_to="1999-03"))
    warnings = " ".join(w.value for w in at.warning)
    assert "This link's to isn't available: to\\: 'bogus' is not a month\\: a month YYYY-MM" in warnings
    assert "Showing December 2025 instead" in warnings
    assert "Showing Good job locally instead" in warnings
    assert "Showing 400 instead" in warnings
    assert at.header[0].value == "London: every measure, 12 months to December 2025"


def test_real_pas_enfield_pack(open_page, pas_store: Path) -> None:
    """Enfield SNB pack: confidence 59% in the 12 months to September 2015, below the MPS average (67%)."""
    at = checked(open_page(PAGE, store=pas_store, borough="Enfield", to="2015-09"))
    assert at.header[0].value == "Enfield: every measure, 12 months to September 2015"
    assert at.metric[0].value == "59%"
    summary = [*at.table, *at.dataframe][0].value.set_index("Measure")
    assert summary.at["Good job locally", "Value"] == pytest.approx(0.59)
    assert summary.at["Good job locally", "London"] == pytest.approx(0.67)
    assert summary.at["Good job locally", "Against London"] == "really lower"
    ranked = table_with(at, "Rank")
    assert len(ranked) == 32
    t = page_text(at)
    assert "No official victim satisfaction figures are published by borough" in t and "none to show" in t


def test_real_pas_change_verdict(open_page, pas_store: Path) -> None:
    at = checked(open_page(PAGE, store=pas_store, borough="Haringey", to="2015-12"))
    assert "-12 points on a year earlier: a real fall" in at.metric[0].delta
    assert at.metric[0].proto.color == Metric.MetricColor.RED  # a real fall in confidence is worse: red


def test_a_change_within_the_margin_of_error_is_grey(open_page, real_store: Path) -> None:
    """Enfield, 12 months to December 2023: 42%, 3 points down on 45% a year earlier; with 400 interviews each
    year the 95% interval of the change (Newcombe) is about ±7 points, so the arrow is grey, not red."""
    at = checked(open_page(PAGE, store=real_store, borough="Enfield", to="2023-12"))
    assert at.metric[0].delta == "-3 points on a year earlier: within the margin of error"
    assert at.metric[0].proto.color == Metric.MetricColor.GRAY


def test_real_store_similar_boroughs_and_map(open_page, real_store: Path) -> None:
    """On the whole ingested store the borough's most similar group is formed from borough_features."""
    at = checked(open_page(PAGE, store=real_store, borough="Enfield", to="2015-09"))
    similar = table_with(at, "Similar boroughs' average")
    assert similar.set_index("Measure").at["Good job locally", "Borough"] == pytest.approx(0.59)
    assert int(similar["Boroughs in group"].iloc[0]) == 15
    assert any(m.value.startswith("Most similar group (socio-demographic features, nearest first): Enfield, ")
               for m in at.markdown)


def test_real_map_colours_only_gaps_beyond_survey_error(open_page, real_store: Path) -> None:
    """September 2015: Enfield 59% against London 67% on 400 and 12,800 interviews, a gap of −8
    points with a Newcombe interval of about ±4.9: vermillion ("Lower than London"). The map has
    the borough outlines as a layer of its own and says its rule in words."""
    at = checked(open_page(PAGE, store=real_store, borough="Enfield", to="2015-09"))
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert layers["pas_map-borough-outlines"]["@@type"] == "PathLayer" and layers["pas_map-borough-outlines"]["data"]
    fills = {r["borough_code"]: r["fill"][:3] for r in layers["pas_map-polygons"]["data"]}
    assert fills["E09000010"] == [0xD5, 0x5E, 0x00]
    assert fills["E09000001"] == [255, 255, 255]  # City of London: no PAS figure, left white
