"""The screen's charts: the one chart theme (``lib.reference.chart_theme``, registered with Altair's theme
registry and enabled here, as the printed documents do) with type that reads at 1920x1080 from the back of
a room, labels that contrast with what they sit on, and charts that fit their container.

No Streamlit here: :func:`themed` takes a Vega-Lite spec (a dict, e.g. ``chart.to_dict()``) and returns
it with the theme's ``config``, the screen's type and sizing, for the pages (``lib.ui.widgets.vega_spec``,
drawn by ``st.vega_lite_chart`` with Streamlit's own chart theme left on: a setting our ``config`` makes
wins over Streamlit's default). Contrast follows WCAG 2 (relative luminance; 4.5:1 for text).
"""

from __future__ import annotations

import copy
from typing import Any

import altair as alt

from lib.reference import chart_theme
from lib.reference.chart_theme import THEME_NAME, merged, theme_config, type_config

OKABE_ITO = list(chart_theme.OKABE_ITO)
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, BLACK = OKABE_ITO
GREY = "#767676"  # the lightest grey with 4.5:1 on white: axis text and reference marks
FONT = "Source Sans Pro, Arial, sans-serif"

AXIS_LABEL_PX = 16  # tick labels and mark labels: read from the back of a room at 1920x1080
AXIS_TITLE_PX = 20
TITLE_PX = 22
LEGEND_PX = 16
LABEL_LIMIT_PX = chart_theme.LABEL_LIMIT_PX  # never cut a label ("Not worried ab..." was Vega-Lite's 180 px)
MIN_CONTRAST = 4.5  # WCAG 2 AA for text
# Colour-blind-safe palette (Okabe-Ito) for categories in every chart builder (lib.ui.charts and friends).
CATEGORY_COLOURS = OKABE_ITO
# Status never by colour alone: a symbol and a word go with every colour.
RAG_LABELS: dict[str, str] = {
    "green": "✔ Green",
    "amber": "● Amber",
    "red": "✖ Red",
    "none": "– Not rated",
}


def rag_text(rag: str | None) -> str:
    """A RAG status as symbol and word, e.g. '✖ Red'."""
    return RAG_LABELS.get((rag or "none").lower(), RAG_LABELS["none"])


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a '#rrggbb' colour (0 black .. 1 white)."""
    h = colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (labels written on a bar)."""
    return BLACK if contrast_ratio(BLACK, background) >= contrast_ratio("#FFFFFF", background) else "#FFFFFF"


@alt.theme.register(THEME_NAME, enable=True)
def _registered() -> alt.theme.ThemeConfig:
    """The one chart theme in Altair's registry (the same name and config as ``lib/report/charts.py``)."""
    return alt.theme.ThemeConfig(config=theme_config())


def vega_config() -> dict[str, Any]:
    """The Vega-Lite ``config`` of every chart on screen: the one theme with the screen's type."""
    return merged(theme_config(), type_config(FONT, AXIS_LABEL_PX, AXIS_TITLE_PX, TITLE_PX, LEGEND_PX))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def themed(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with the theme: the chart's own config kept except where the theme sets a size or a
    colour (the theme wins), and a single chart sized to fit its container's width, padding included."""
    out = dict(spec)
    out["config"] = _merge(out.get("config", {}), vega_config())
    if not any(k in out for k in ("vconcat", "hconcat", "concat", "facet", "repeat")):
        out["autosize"] = {"type": "fit-x", "contains": "padding"}
    return out


# --- narrow screens --------------------------------------------------------------------------------
# A phone's chart is ~350 px wide: projector-size type and never-cut labels left no room for the bars
# (the similar-group bars vanished behind 200 px of names at 390 px). Python cannot know the width, so
# the sizes become Vega expressions of the chart's container: on a container under NARROW_PX the type
# is ~80% and long labels are cut at a share of the width; elsewhere (and where no container exists:
# printing) the projector sizes stand.
NARROW_PX = 560
NARROW = f"(containerSize()[0] > 0 && containerSize()[0] < {NARROW_PX})"
NARROW_LABEL_SHARE = 0.42  # of the container's width, for a cut axis label on a phone
NARROW_LEGEND_SHARE = 0.85  # a legend's label has the row to itself ("12 months to Dec 2…" twice was no key)
NARROW_TITLE_SHARE = 0.62  # an axis title is centred on the plot, about half the width; titles come in short lines
_SIZES = ("labelFontSize", "titleFontSize", "fontSize")


def _narrow_size(px: float) -> dict[str, str]:
    return {"expr": f"{NARROW} ? {round(px * 0.8)} : {px:g}"}


def _narrowed(node: Any, parent: str = "") -> Any:
    if isinstance(node, list):
        return [_narrowed(v, parent) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k in ("datasets", "data", "values"):
            out[k] = v
        elif k in _SIZES and isinstance(v, int | float) and not isinstance(v, bool) and v >= 14:
            out[k] = _narrow_size(v)
        elif k == "labelLimit" and v == 0:
            share = NARROW_LEGEND_SHARE if parent == "legend" else NARROW_LABEL_SHARE
            out[k] = {"expr": f"{NARROW} ? containerSize()[0] * {share} : 0"}
        else:
            out[k] = _narrowed(v, k)
    return out


def narrow_screen(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (themed) with its type sizes and label limits as expressions of the container's width
    (:data:`NARROW`), and axis titles cut at the width on a phone rather than off the edge."""
    out = _narrowed(spec)
    # x titles only: a y title runs up the chart's height, which a phone does not shorten
    axis = out.setdefault("config", {}).setdefault("axisX", {})
    axis.setdefault("titleLimit", {"expr": f"{NARROW} ? containerSize()[0] * {NARROW_TITLE_SHARE} : 0"})
    # a legend's entries one under another on a phone (a row of two long entries ran off the edge)
    out["config"].setdefault("legend", {}).setdefault("columns", {"expr": f"{NARROW} ? 1 : 0"})
    return out
