"""The survey gap charts (confidence drivers, the comparator's side by side, the white–BME gap) draw no text
over a bar or over other text (issue 23): checked on the scenegraph vl-convert lays out, at a phone's width and
a projector's, for gaps either side of zero and one reaching the plot's edge."""

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
            if node.get("role") == "mark" and node.get("marktype") in ("rect", "text"):
                for it in node.get("items", []):
                    if node["marktype"] == "rect":
                        bars.append((it["x"], it["y"], it["x"] + it["width"], it["y"] + it["height"]))
                    else:
                        size, y = it.get("fontSize", 11), it["y"] + it.get("dy", 0)
                        top = y - size if it.get("baseline") == "bottom" else y if it.get("baseline") == "top" \
                            else y - size / 2
                        left = it["x"] + it.get("dx", 0)
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
PAIR = pd.DataFrame({"measure_label": ["Good job locally", "Deal with what matters", "Relied on to be there"],
                     "gap_points": [15.0, -6.0, 1.0],
                     "verdict": ["really higher", "within the margin of error", "within the margin of error"]})


@pytest.mark.parametrize("width", [350, 1880])
@pytest.mark.parametrize("chart", [lambda: charts.driver_gaps(DRIVERS), lambda: charts.pair_gaps(PAIR)])
def test_no_text_over_a_bar_or_other_text(chart, width: int) -> None:
    bars, texts = _boxes(chart().to_dict(), width)
    assert len(bars) >= 3 and len(texts) == 2 * len(bars)  # every row: its name and its verdict
    assert [(t, b) for t in texts for b in bars if _overlap(t, b)] == []
    assert [(a, b) for i, a in enumerate(texts) for b in texts[i + 1:] if _overlap(a, b)] == []


def test_each_row_says_its_gap_and_verdict_in_words() -> None:
    spec = charts.driver_gaps(DRIVERS).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["words"] for r in rows] == ["-3 points: within the margin of error", "-10 points: really lower",
                                         "-12 points: really lower", "+5 points: really higher"]
