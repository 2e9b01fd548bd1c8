"""Altair charts as static pictures for printed documents, with vl-convert (no browser, no network).

``chart_svg(chart, width=..., min_font_size=...)`` returns the SVG text of the same chart the pages
draw (the same Altair builders), ready to be placed inline in HTML; ``chart_png`` returns PNG
bytes for places that need a raster. vl-convert bundles the Vega and Vega-Lite JavaScript and
runs it in an embedded engine inside the wheel; we pass ``allowed_base_urls=[]`` so that a chart
whose data is a URL fails at once instead of reaching the network, and the font is one that
Debian's ``fonts-dejavu-core`` installs, so text is measured and printed with the same face.

The look is the one chart theme the screen uses (``lib.reference.chart_theme``: colours, black text, whole
legends), registered here with Altair's theme registry under the same name as ``lib/ui/theme.py`` does and
enabled once for the process; print adds its own type (DejaVu Sans, ``min_font_size`` and up).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import altair as alt
import vl_convert as vlc

from lib.reference.chart_theme import THEME_NAME, merged, theme_config, type_config

FONT = "DejaVu Sans"  # installed by fonts-dejavu-core (.ci/run); WeasyPrint prints the SVG with it too
VEGA_LITE_VERSION = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "6.4": the version Altair writes
NO_URLS: list[str] = []  # vl-convert refuses every external data URL
REPORT_FONT_SIZE = 12  # smallest chart text on an A4 page (CSS pixels)
SLIDE_FONT_SIZE = 24  # smallest chart text on a 1920x1080 slide: readable from the back of a room
STEP_PER_FONT = 1.4  # band height (bars, rows) per pixel of label text, so labels never overlap
LABEL_LIMIT_PER_FONT = 16  # axis label width (pixels) per pixel of text before a name is cut with "…"
_FONT_SIZE_KEY = re.compile(r"^(fontSize|[a-z]+FontSize)$")
_UNSAFE_SVG = re.compile(r"<script|<foreignObject|\son[a-z]+=|javascript:", re.IGNORECASE)


class ChartError(ValueError):
    """A chart that cannot be printed: it reads external data, or vl-convert rejected its spec."""


def _message(err: Exception) -> str:
    """vl-convert's JavaScript error line ("Error: External data url not allowed: ...")."""
    lines = [line.strip() for line in str(err).splitlines()]
    return next((line for line in lines if line.startswith("Error:")), lines[0] if lines else repr(err))


@alt.theme.register(THEME_NAME, enable=True)
def _registered() -> alt.theme.ThemeConfig:
    """The one chart theme in Altair's registry (the same name and config as ``lib/ui/theme.py``)."""
    return alt.theme.ThemeConfig(config=theme_config())


def _base_config(min_font_size: int) -> dict[str, Any]:
    """The printed chart's config: the one theme, print's type, and print's spacing."""
    step = {"step": round(min_font_size * STEP_PER_FONT)}
    spacing = {
        # vl-convert measures label text a little narrower than DejaVu Sans prints (about 1 character in
        # 12 at 24px), so labels would reach past the picture's left edge and under the axis title:
        # room around the chart and between labels and axis titles absorbs the difference.
        "padding": min_font_size,
        "view": {"discreteHeight": step, "discreteWidth": step},
        "axis": {"labelLimit": min_font_size * LABEL_LIMIT_PER_FONT, "titlePadding": min_font_size,
                 "labelOverlap": True},
        "title": {"subtitleFontSize": min_font_size},
        "background": "white",
    }
    size = min_font_size
    return merged(theme_config(), type_config(FONT, size, size, size, size), spacing)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _raise_font_sizes(node: Any, minimum: int) -> None:
    """Every literal font size in the spec (marks, axes, legends, config) raised to ``minimum``, and
    every axis label limit widened to match, so larger text is not cut shorter."""
    if isinstance(node, dict):
        for key, value in node.items():
            if _FONT_SIZE_KEY.match(key) and isinstance(value, int | float) and value < minimum:
                node[key] = minimum
            elif key == "labelLimit" and isinstance(value, int | float) and 0 < value < minimum * LABEL_LIMIT_PER_FONT:
                node[key] = minimum * LABEL_LIMIT_PER_FONT
            elif key == "fontSize" and isinstance(value, dict) and isinstance(value.get("value"), int | float):
                value["value"] = max(value["value"], minimum)  # encoding channel alt.value(...)
            else:
                _raise_font_sizes(value, minimum)
    elif isinstance(node, list):
        for item in node:
            _raise_font_sizes(item, minimum)


def chart_spec(chart: alt.TopLevelMixin | dict, *, width: int | None = None, height: int | None = None,
               min_font_size: int = REPORT_FONT_SIZE) -> dict[str, Any]:
    """The Vega-Lite spec that is printed: the chart's own, with ``width``/``height`` in CSS pixels
    when given (single and layered charts), our font, and no text smaller than ``min_font_size``."""
    # validate=False: the builders' specs are validated where the pages draw them; checking each again
    # against the Vega-Lite schema here cost ~10 ms a chart (0.1 s of a one-pager pack) for the same dict
    spec = copy.deepcopy(chart) if isinstance(chart, dict) else chart.to_dict(validate=False)
    if width is not None:
        spec["width"] = width
    if height is not None:
        spec["height"] = height
    spec["config"] = _merge(_base_config(min_font_size), spec.get("config", {}))
    axis = spec["config"].setdefault("axis", {})
    if axis.get("labelLimit") == 0:  # the theme's "never cut" (from chart.to_dict()): on paper, cut at 16 ems
        axis["labelLimit"] = min_font_size * LABEL_LIMIT_PER_FONT
    for face in ("labelFont", "titleFont"):
        axis[face] = FONT  # the face print measures and embeds, whatever a chart's own config names
    spec["config"]["font"] = FONT
    _raise_font_sizes(spec, min_font_size)
    return spec


def chart_svg(chart: alt.TopLevelMixin | dict, *, width: int | None = None, height: int | None = None,
              min_font_size: int = REPORT_FONT_SIZE) -> str:
    """The chart as SVG text (one ``<svg>`` element, no XML declaration), for inline HTML.

    Raises :class:`ChartError` when the chart reads data from a URL (charts in documents carry
    their data inline) or the spec cannot be compiled."""
    spec = chart_spec(chart, width=width, height=height, min_font_size=min_font_size)
    try:
        svg = vlc.vegalite_to_svg(json.dumps(spec), vl_version=VEGA_LITE_VERSION, allowed_base_urls=NO_URLS)
    except ValueError as err:
        raise ChartError(_message(err)) from err
    if _UNSAFE_SVG.search(svg):  # Vega's SVG renderer writes none of these; refuse rather than embed one
        raise ChartError("the rendered SVG contains script or event-handler markup")
    return svg


def chart_png(chart: alt.TopLevelMixin | dict, *, width: int | None = None, height: int | None = None,
              min_font_size: int = REPORT_FONT_SIZE, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes at ``scale`` times its CSS pixel size (2: sharp when printed)."""
    spec = chart_spec(chart, width=width, height=height, min_font_size=min_font_size)
    try:
        return vlc.vegalite_to_png(json.dumps(spec), vl_version=VEGA_LITE_VERSION, scale=scale,
                                   allowed_base_urls=NO_URLS)
    except ValueError as err:
        raise ChartError(_message(err)) from err
