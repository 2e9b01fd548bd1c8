"""The one chart theme, as data: what every chart looks like on screen and in print alike.

Colours (Okabe-Ito, distinguishable with every common colour-vision deficiency), black text, labels and
legends never cut short, legends above the chart, titles at the start, no frame around the plot. Both
renderers register it under :data:`THEME_NAME` with Altair's public theme registry
(``alt.theme.register(THEME_NAME, enable=True)``: ``lib/ui/theme.py`` for the screen, ``lib/report/charts.py``
for the printed packs and deck), so every ``chart.to_dict()`` carries it, whichever side built the chart.
Altair's registry is one setting for the whole process: both sides enable the same theme once, at import,
and nothing switches it per call (a per-call switch would race between a server's sessions).

What differs by medium is only the type: :func:`type_config` gives the sizes and face for one medium
(the screen's 16/20/22 px Source Sans, read from the back of a room; print's 12 px DejaVu Sans, 9 pt on
A4), which each renderer adds over the theme. No Altair here (the reference layer imports pandas at most).
"""

from __future__ import annotations

from typing import Any

THEME_NAME = "policing"

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLACK = "#000000"
LABEL_LIMIT_PX = 0  # 0 = never cut a label or a legend entry ("12 months to Sep …" was Vega's 160 px default)


def theme_config() -> dict[str, Any]:
    """The Vega-Lite ``config`` every chart shares, on screen and in print (no type sizes or face)."""
    return {
        "axis": {"labelLimit": LABEL_LIMIT_PX, "labelColor": BLACK, "titleColor": BLACK, "titleFontWeight": "normal"},
        "legend": {"labelLimit": LABEL_LIMIT_PX, "symbolSize": 200, "labelColor": BLACK, "titleColor": BLACK,
                   "orient": "top"},
        "title": {"anchor": "start", "color": BLACK},
        "header": {"labelLimit": LABEL_LIMIT_PX},
        "text": {"color": BLACK},
        "range": {"category": list(OKABE_ITO)},
        "view": {"stroke": None},
    }


def type_config(font: str, label_px: float, axis_title_px: float, title_px: float, legend_px: float) -> dict[str, Any]:
    """The type of one medium as Vega-Lite ``config``: ``font`` for every text, tick and mark labels at
    ``label_px``, axis titles at ``axis_title_px``, chart titles at ``title_px``, legends at ``legend_px``."""
    return {
        "font": font,
        "axis": {"labelFontSize": label_px, "titleFontSize": axis_title_px, "labelFont": font, "titleFont": font},
        "legend": {"labelFontSize": legend_px, "titleFontSize": legend_px},
        "title": {"fontSize": title_px},
        "header": {"labelFontSize": label_px, "titleFontSize": axis_title_px},
        "text": {"fontSize": label_px},
    }


def merged(*configs: dict[str, Any]) -> dict[str, Any]:
    """Configs merged key by key, nested dicts included; a later one wins where two set the same key."""
    out: dict[str, Any] = {}
    for config in configs:
        for key, value in config.items():
            out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out
