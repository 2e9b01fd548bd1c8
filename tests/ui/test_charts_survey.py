"""The survey pages' row charts (every measure, the confidence drivers, the comparator's rank, spread and side by
side) draw no text over a bar, a dot or other text (issue 23): checked on the scenegraph vl-convert lays out, at a
phone's width and a projector's, for gaps either side of zero and one reaching the plot's edge."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import vl_convert as vlc

from lib.ui import charts_survey as charts
from lib.ui.theme import themed

CHAR_WIDTH = 0.6  # of the font size: a generous average glyph width for Source Sans / Arial


def _boxes(spec: dict, width: int) -> tuple[list[tuple], list[tuple]]:
    """(bars, texts) of the chart's marks as (x0, y0, x1, y1) boxes in the plot's pixels."""
    spec = themed(spec) | {"width": width}
    bars, texts = [], []

    def walk(node):
        if isinstance(node, dict):
            if node.get("role") == "mark" and node.get("marktype") in ("rect", "text", "symbol", "rule"):  # tick: rect
                for it in node.get("items", []):
                    if node["marktype"] == "rect":
                        bars.append((it["x"], it["y"], it["x"] + it["width"], it["y"] + it["height"]))
                    elif node["marktype"] == "symbol":  # a dot: its area in square pixels
                        r = (it.get("size", 64) ** 0.5) / 2
                        bars.append((it["x"] - r, it["y"] - r, it["x"] + r, it["y"] + r))
                    elif node["marktype"] == "rule":  # an interval or a range, drawn as a thick line
                        half = it.get("strokeWidth", 1) / 2
                        x2, y2 = it.get("x2", it["x"]), it.get("y2", it["y"])
                        bars.append((min(it["x"], x2) - half, min(it["y"], y2) - half, max(it["x"], x2) + half,
                                     max(it["y"], y2) + half))
                    else:
                        size, y = it.get("fontSize", 11), it["y"] + it.get("dy", 0)
                        top = y - size if it.get("baseline") == "bottom" else y if it.get("baseline") == "top" \
                            else y - size / 2
                        left = it["x"] + it.get("dx", 0)
                        if it.get("text"):
                            texts.append((left, top, left + CHAR_WIDTH * size * len(it["text"]), top + size))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(vlc.vegalite_to_scenegraph(json.dumps(spec)))
    return bars, texts


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


DRIVERS = pd.DataFrame({
    "measure_label": ["Fair treatment", "Listen to concerns", "Understand local issues",
                      "Know how to contact ward officer"],
    "vs_mps_points": [-3.0, -10.0, -12.0, 5.0],
    "vs_mps_verdict": ["within the margin of error", "really lower", "really lower", "really higher"],
})
SUMMARY = pd.DataFrame({"measure_label": ["Good job locally", "Know how to contact ward officer"],
                        "value": [0.59, 0.44], "ci_low": [0.54, 0.39], "ci_high": [0.64, 0.49],
                        "mps_value": [0.67, 0.39]})
RANKS = pd.DataFrame({"measure_label": ["Good job locally", "Treat you with respect"], "value": [0.70, 0.81],
                      "rank": [2, 12], "group_size": [13, 13], "group_worst": [0.55, 0.80], "group_best": [0.71, 0.91],
                      "group_median": [0.67, 0.86]})
SPREAD = pd.DataFrame({"group_name": ["Group 5 (stressed urban)", "Group 2 (central affluence)"],
                       "lowest_value": [0.50, 0.76], "highest_value": [0.74, 0.83], "gap_points": [24.0, 7.0]})
PAIR = pd.DataFrame({"measure_label": ["Good job locally", "Deal with what matters", "Relied on to be there"],
                     "gap_points": [15.0, -6.0, 1.0],
                     "verdict": ["really higher", "within the margin of error", "within the margin of error"]})


@pytest.mark.parametrize("width", [350, 1880])
@pytest.mark.parametrize("chart", [lambda: charts.driver_gaps(DRIVERS), lambda: charts.pair_gaps(PAIR),
                                   lambda: charts.measures(SUMMARY), lambda: charts.group_ranks(RANKS),
                                   lambda: charts.group_spreads(SPREAD)])
def test_no_text_over_a_bar_or_other_text(chart, width: int) -> None:
    bars, texts = _boxes(chart().to_dict(), width)
    assert len(bars) >= 2 and len(texts) % 2 == 0 and texts  # every row: its name and its figures in words
    assert [(t, b) for t in texts for b in bars if _overlap(t, b)] == []
    assert [(a, b) for i, a in enumerate(texts) for b in texts[i + 1:] if _overlap(a, b)] == []


def test_each_row_says_its_gap_and_verdict_in_words() -> None:
    spec = charts.driver_gaps(DRIVERS).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["words"] for r in rows] == ["-3 points: within the margin of error", "-10 points: really lower",
                                         "-12 points: really lower", "+5 points: really higher"]


def test_measure_rows_say_figure_interval_and_london() -> None:
    rows = next(iter(charts.measures(SUMMARY).to_dict()["datasets"].values()))
    assert [r["words"] for r in rows] == ["59% (95% interval 54% to 64%); London 67%",
                                         "44% (95% interval 39% to 49%); London 39%"]


RANKED = pd.DataFrame({"area_name": ["Kensington and Chelsea", "Merton", "Enfield", "Haringey"],
                       "value": [0.80, 0.67, 0.59, 0.57], "london": [0.67] * 4})


@pytest.mark.parametrize("width", [350, 1880])
def test_survey_ranking_has_london_in_its_place_and_no_value_on_a_bar(width: int) -> None:
    chart = charts.survey_ranking(RANKED, "area_name", "value", "Good job locally", "Enfield")
    rows = next(iter(chart.to_dict()["datasets"].values()))
    assert [(r["area"], r["text"]) for r in rows] == [("Kensington and Chelsea", "80%"), ("Merton", "67%"),
                                                      ("London", "67%"), ("▶ Enfield", "59%"), ("Haringey", "57%")]
    bars, texts = _boxes(chart.to_dict(), width)
    assert len(bars) == 5 and len(texts) == 5
    assert [(t, b) for t in texts for b in bars if _overlap(t, b)] == []
