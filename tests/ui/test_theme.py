"""The chart theme: projector-size type, Okabe-Ito colours, label contrast, labelled bars (no Streamlit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lib.ui import charts, theme
from lib.ui.widgets import vega_spec


def test_contrast_is_wcag():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#000000", theme.BLUE) < 4.5  # why black verdicts on dark blue failed
    assert theme.text_colour_on(theme.BLUE) == "#FFFFFF"
    assert theme.contrast_ratio(theme.text_colour_on(charts.GAP_BAR_COLOUR), charts.GAP_BAR_COLOUR) >= 4.5
    assert theme.contrast_ratio(theme.GREY, "#FFFFFF") >= theme.MIN_CONTRAST


def test_every_chart_gets_the_theme():
    chart = charts.value_bars(pd.DataFrame({"c": ["Not worried about crime in the local area"], "v": [3.0]}),
                              "c", "v", "Count")
    spec = theme.themed(chart.to_dict())
    axis, config = spec["config"]["axis"], spec["config"]
    assert axis["labelFontSize"] >= 16 and axis["titleFontSize"] >= 20 and config["title"]["fontSize"] >= 20
    assert axis["labelLimit"] == 0 and config["legend"]["labelLimit"] == 0  # no "Not worried ab..."
    assert config["range"]["category"] == theme.OKABE_ITO
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_on_a_phone_the_type_shrinks_and_long_labels_are_cut_at_a_share_of_the_width():
    """At 390 px the similar-group bars vanished behind 200 px of never-cut names: on a narrow container
    the sizes and limits are Vega expressions of its width; the projector sizes stand elsewhere."""
    chart = charts.value_bars(pd.DataFrame({"c": ["Not worried about crime in the local area"], "v": [3.0]}),
                              "c", "v", "Count")
    spec = vega_spec(chart)
    axis = spec["config"]["axis"]
    assert axis["labelFontSize"] == {"expr": f"{theme.NARROW} ? 13 : 16"}
    assert axis["titleFontSize"] == {"expr": f"{theme.NARROW} ? 16 : 20"}
    assert axis["labelLimit"]["expr"].endswith("containerSize()[0] * 0.42 : 0")
    assert "containerSize()[0] * 0.62" in spec["config"]["axisX"]["titleLimit"]["expr"]
    assert "titleLimit" not in axis  # a y title is not cut
    assert spec["config"]["legend"]["columns"] == {"expr": f"{theme.NARROW} ? 1 : 0"}
    assert spec["config"]["legend"]["labelLimit"]["expr"].endswith("containerSize()[0] * 0.85 : 0")
    texts = [lay["mark"] for lay in spec["layer"] if lay["mark"]["type"] == "text"]
    assert texts and all(isinstance(m["fontSize"], dict) for m in texts)
    assert spec["datasets"] == chart.to_dict()["datasets"]  # the data untouched
    import altair as alt
    alt.LayerChart.from_dict(spec)  # still a valid Vega-Lite spec


def _boroughs(n: int = 32) -> pd.DataFrame:
    return pd.DataFrame({"area_name": [f"Borough {i}" for i in range(n)],
                         "pct_change": [-30.0 + 2 * i for i in range(n)], "rank": range(1, n + 1),
                         "baseline": [1000.0] * n, "current": [700.0 + 20 * i for i in range(n)],
                         "status": ["✔ meets target" if i < 6 else "✖ short of target" for i in range(n)]})


def test_tracker_names_and_labels_all_32_and_marks_the_chosen_borough():
    chart = charts.crime_tracker_chart(_boroughs(), "March 2015", "2011/12", 20, "Borough 3")
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    data = pd.DataFrame(next(iter(spec["datasets"].values())))
    assert data["name"].nunique() == 32 and "▶ Borough 3 (chosen)" in set(data["name"])
    assert data.loc[0, "value_text"] == "-30.0%" and data.loc[31, "value_text"] == "+32.0%"
    layers = spec["layer"]
    assert layers[0]["encoding"]["y"]["axis"]["labelOverlap"] is False  # every name drawn, not every other
    assert layers[0]["encoding"]["y"]["sort"][:2] == ["Borough 0", "Borough 1"]  # by rank, not by name
    texts = [lay for lay in layers if lay["mark"]["type"] == "text"]
    # right of each bar, on white: a rise beside its end, a fall beside the zero line (issue 23: beside a fall's
    # end the value ran into the borough's name on a phone, "Merton-36.1%")
    assert {t["mark"]["align"] for t in texts} == {"left"}
    down = next(t for t in texts if t["transform"][0]["filter"] == "datum.pct_change < 0")
    assert down["encoding"]["x"] == {"datum": 0}
    assert all(t["mark"]["fontSize"] >= 16 and t["mark"]["color"] == theme.BLACK for t in texts)


def test_similar_group_bars_carry_their_rate_and_a_small_count_has_none():
    grp = pd.DataFrame({"area_name": ["A", "B"], "label": ["▶ A", "B"], "rate_per_1000": [2.345, None],
                        "current": ["1,200", "4"], "group_rank": pd.array([1, None], dtype="Int64"),
                        "is_selected": [True, False], "group_average": [2.0, 2.0]})
    spec = charts.crime_group_chart(grp).to_dict()
    data = pd.DataFrame(next(iter(spec["datasets"].values())))
    assert data["rate_text"].tolist() == ["2.35", "under 10 crimes: no rate"]


def test_tracker_label_of_a_change_that_rounds_to_nought_has_no_sign():
    b = _boroughs(3).assign(pct_change=[-30.0, -0.03, 0.04])  # Tower Hamlets' "-0.0%" on the real store, 2015-09
    spec = charts.crime_tracker_chart(b, "March 2015", "2011/12", 20, None).to_dict()
    data = pd.DataFrame(next(iter(spec["datasets"].values())))
    assert data["value_text"].tolist() == ["-30.0%", "0.0%", "0.0%"]


def test_chart_builders_do_not_import_streamlit():
    """The CLI's pack and Challenge deck draw with lib.ui.charts: importing it (and the commands) must not
    bring in Streamlit (a fresh interpreter, so no other test has imported it already)."""
    code = ("import sys, lib.ui.charts, lib.ui.charts_survey, lib.ui.theme, lib.commands.pack, "
            "lib.commands.challenge; print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]", out.stdout
    assert theme.rag_text("RED") == "✖ Red" and theme.rag_text(None) == "– Not rated"
