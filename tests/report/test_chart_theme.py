"""One chart theme through Altair's theme registry, shared by the screen (lib/ui/theme.py) and print
(lib/report/charts.py): the same colours, black text and whole legends, each medium with its own type."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd

from lib.reference.chart_theme import OKABE_ITO, THEME_NAME, theme_config

ROOT = Path(__file__).resolve().parents[2]
LONG = "12 months to September 2015, a legend entry longer than Vega's 160 px default"


def _chart() -> alt.Chart:
    data = pd.DataFrame({"month": ["2015-08", "2015-09"] * 2, "n": [1, 2, 3, 4], "year": ["a", "a", LONG, LONG]})
    return alt.Chart(data).mark_line().encode(x="month:O", y="n:Q", color="year:N")


def test_either_side_alone_registers_and_enables_the_one_theme() -> None:
    for module in ("lib.ui.theme", "lib.report.charts"):
        code = f"import altair as alt, {module}; print(alt.theme.active); print(alt.theme.get()() == " \
               "{'config': __import__('lib.reference.chart_theme', fromlist=['x']).theme_config()})"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        assert out.stdout.split() == [THEME_NAME, "True"], (module, out.stdout, out.stderr)


def test_a_chart_carries_the_theme_and_print_adds_its_type() -> None:
    import lib.report.charts as printed
    from lib.ui import theme as screen

    spec = _chart().to_dict()
    assert spec["config"]["range"]["category"] == list(OKABE_ITO)  # from the registry, before either medium
    assert spec["config"]["legend"]["labelLimit"] == 0
    paper = printed.chart_spec(_chart())["config"]
    assert paper["legend"]["labelLimit"] == 0 and paper["range"]["category"] == list(OKABE_ITO)
    assert paper["font"] == printed.FONT and paper["axis"]["labelFontSize"] == printed.REPORT_FONT_SIZE
    glass = screen.themed(spec)["config"]
    assert glass["axis"]["labelFontSize"] == screen.AXIS_LABEL_PX and glass["font"] == screen.FONT
    for key, shared in theme_config().items():  # the shared settings are the same on both
        for medium in (paper, glass):
            if isinstance(shared, dict):
                mine = {k: medium[key][k] for k in shared}
                if medium is paper and key == "axis":  # print's one exception: an axis label cut at 16 ems
                    assert mine.pop("labelLimit") == 16 * printed.REPORT_FONT_SIZE
                    shared = {k: v for k, v in shared.items() if k != "labelLimit"}
                assert mine == shared, (key, medium is paper)
            else:
                assert medium[key] == shared


def test_a_long_legend_entry_prints_whole() -> None:
    import re

    from lib.report.charts import chart_svg

    texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart_svg(_chart()))
    assert LONG in texts and not any(t.endswith("…") for t in texts)
