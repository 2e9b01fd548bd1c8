"""pydeck maps: shaded polygons (boroughs, wards, grid cells) with a legend, in fragments.

Geometry is converted to plain coordinate lists once per store (cached) so that reruns only send
values. Every layer has an ``id``. No Mapbox token: Carto's light basemap, or none at all when
``POLICING_BASEMAP=none`` (offline machines, tests). Tooltips are plain text, never HTML. Shading
is never the only carrier of a value: every map sits beside a table of the same numbers.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from lib.geography import polygon_records
from lib.store import Store
from lib.ui import cache
from lib.ui.widgets import chart_spec, vega_chart

LONDON_VIEW = {"latitude": 51.49, "longitude": -0.11, "zoom": 8.9}
MAP_HEIGHT = 560
# Viridis, 6 bands, light (low) to dark (high): ordered by lightness, safe for colour-blindness.
RAMP = ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"]
NO_DATA = "#d9d9d9"
LEGEND_HEIGHT = 120  # pixels: title, swatches and range labels (Streamlit squashes shorter charts)
SELECTED_LINE = [230, 0, 0]
HIGHLIGHT_LINE = [0, 0, 0]


def _rgb(hex_colour: str) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)]


def basemap() -> dict[str, Any]:
    """Carto light tiles unless POLICING_BASEMAP=none."""
    if os.environ.get("POLICING_BASEMAP", "carto").lower() == "none":
        return {"map_provider": None, "map_style": None}
    return {"map_provider": "carto", "map_style": pdk.map_styles.CARTO_LIGHT}


class Shapes(list):
    """Polygon records from :func:`shapes`; ``token`` names where they came from, so that maps drawn
    from them can be cached (records from elsewhere are drawn afresh on every run)."""

    token: tuple = ()


@st.cache_resource(max_entries=16, show_spinner=False)
def _records(path: str, stamp: str, table: str, id_field: str, name_field: str, extra: tuple[str, ...]) -> list[dict]:
    gdf = cache._table(path, stamp, table)
    return polygon_records(gdf, [id_field, name_field, *extra])


@st.cache_resource(max_entries=128, show_spinner=False)
def _shapes(path: str, stamp: str, table: str, id_field: str, name_field: str, extra: tuple[str, ...],
            only: tuple[str, ...] | None) -> Shapes:
    if only is None:
        records = _records(path, stamp, table, id_field, name_field, extra)
    else:  # convert only the polygons asked for
        gdf = cache._table(path, stamp, table)
        records = polygon_records(gdf[gdf[id_field].isin(only)], [id_field, name_field, *extra])
    out = Shapes(records)
    out.token = (path, stamp, table, id_field, name_field, extra, only)
    return out


def shapes(store: Store, table: str, id_field: str, name_field: str, extra: Sequence[str] = (),
           only: Iterable[str] | None = None) -> list[dict]:
    """Cached pydeck-ready polygons of a geometry table; ``only``: just the polygons with these ids
    (e.g. one borough's wards: a smaller map to send and draw)."""
    ids = None if only is None else tuple(sorted(set(map(str, only))))
    return _shapes(str(store.path), cache.store_stamp(store.path), table, id_field, name_field, tuple(extra), ids)


def fit_view(records: list[dict], width_px: int = 700) -> dict[str, float]:
    """Centre and zoom at which the polygons fill about ``width_px`` pixels (Web Mercator).

    At zoom z the world is 256·2^z pixels wide; a span of d degrees of longitude (or d/cos(lat)
    for latitude) needs z = log2(width_px · 360 / (256 · d)).
    """
    lons = [x for r in records for x, _ in r["polygon"]]
    lats = [y for r in records for _, y in r["polygon"]]
    if not lons:
        return dict(LONDON_VIEW)
    lat = (min(lats) + max(lats)) / 2
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) / math.cos(math.radians(lat)), 1e-3)
    zoom = math.log2(width_px * 360 / (256 * span))
    return {"latitude": lat, "longitude": (min(lons) + max(lons)) / 2, "zoom": round(min(zoom, 14.0), 2)}


def bands(values: pd.Series, n: int = len(RAMP)) -> tuple[pd.Series, list[tuple[float, float]]]:
    """Equal-count bands (quantiles) of ``values``: band index per value and each band's range."""
    v = values.astype("float64")
    valid = v.dropna()
    if valid.nunique() < 2:
        return pd.Series(0, index=v.index).where(v.notna()), [(valid.min(), valid.max())] if len(valid) else []
    k = min(n, valid.nunique())
    codes, edges = pd.qcut(valid, k, labels=False, retbins=True, duplicates="drop")
    ranges = [(float(edges[i]), float(edges[i + 1])) for i in range(len(edges) - 1)]
    return codes.reindex(v.index), ranges


def legend(ranges: Sequence[tuple[float, float]], fmt: str, title: str) -> alt.Chart:
    """A small key: one swatch per band with its range written under it, lightest (lowest) first."""
    n = len(ranges)
    ramp = RAMP if n == len(RAMP) else [RAMP[round(i * (len(RAMP) - 1) / max(n - 1, 1))] for i in range(n)]
    bands_text = [f"{fmt.format(a)} to {fmt.format(b)}" for a, b in ranges]
    df = pd.DataFrame({"band": bands_text, "colour": ramp, "row": ""})
    return alt.Chart(df, title=title).mark_rect(stroke="black", strokeWidth=0.5).encode(
        x=alt.X("band:N", sort=bands_text, title=None,
                axis=alt.Axis(labelAngle=0, labelFontSize=14, orient="bottom", ticks=False, domain=False)),
        y=alt.Y("row:N", title=None, axis=None),
        color=alt.Color("colour:N", scale=None, legend=None),
    ).properties(height=30)

class _PreparedDeck(pdk.Deck):
    """A Deck whose JSON is written once (compact) and reused: cached maps are not serialised again."""

    _json: str | None = None

    def to_json(self) -> str:
        if self._json is None:
            from pydeck.bindings.json_tools import default_serialize

            self._json = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        return self._json


def _deck(records: list[dict], values: pd.DataFrame, key: str, id_field: str, value_field: str,
          tooltip_field: str, selected: str | None, highlight: frozenset[str], view: dict[str, float] | None,
          ) -> tuple[pdk.Deck, list[tuple[float, float]]]:
    v = values.set_index(id_field)
    band, ranges = bands(v[value_field])
    ramp = RAMP if len(ranges) == len(RAMP) else [
        RAMP[round(i * (len(RAMP) - 1) / max(len(ranges) - 1, 1))] for i in range(len(ranges))
    ]
    tips = v[tooltip_field]
    data = []
    for r in records:
        rid = r[id_field]
        b = band.get(rid)
        fill = _rgb(ramp[int(b)]) if b is not None and not pd.isna(b) else _rgb(NO_DATA)
        line = SELECTED_LINE if rid == selected else HIGHLIGHT_LINE if rid in highlight else [80, 80, 80]
        width = 4 if rid == selected else 3 if rid in highlight else 1
        tip = tips.get(rid) if rid in v.index else None
        data.append({**r, "fill": fill + [215], "line": line, "line_width": width,
                     "tip": tip if isinstance(tip, str) else f"{r.get('name', rid)}: no data"})
    layer = pdk.Layer(  # line_width_units quoted: pydeck reads bare strings as expressions
        "PolygonLayer", data=data, id=f"{key}-polygons", get_polygon="polygon", get_fill_color="fill",
        get_line_color="line", get_line_width="line_width", line_width_units="'pixels'", pickable=True,
        stroked=True, filled=True, auto_highlight=True,
    )
    deck = _PreparedDeck(
        layers=[layer], initial_view_state=pdk.ViewState(**(view or LONDON_VIEW)), tooltip={"text": "{tip}"},
        **basemap(),
    )
    deck.to_json()
    return deck, ranges


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_deck(token: tuple, digest: str, key: str, id_field: str, value_field: str, tooltip_field: str,
                 selected: str | None, highlight: frozenset[str], view: tuple | None, base: str,
                 _records: list[dict], _values: pd.DataFrame) -> tuple[pdk.Deck, list[tuple[float, float]]]:
    return _deck(_records, _values, key, id_field, value_field, tooltip_field, selected, highlight,
                 dict(view) if view else None)


def polygon_map(
    records: list[dict],
    values: pd.DataFrame,
    *,
    key: str,
    id_field: str,
    value_field: str,
    tooltip_field: str,
    value_format: str = "{:,.1f}",
    legend_title: str = "",
    selected: str | None = None,
    highlight: Iterable[str] = (),
    view: dict[str, float] | None = None,
    height: int = MAP_HEIGHT,
) -> str | None:
    """Draw shaded polygons; return the id of a polygon the user clicked (None if none).

    ``values`` has ``id_field``, ``value_field`` and ``tooltip_field`` (the full text shown on
    hover: name, value, rank). Polygons without a value are grey and say 'no data'. Maps of
    records from :func:`shapes` are built once per values and selection (cached).
    """
    highlight = frozenset(highlight)
    token = getattr(records, "token", None)
    if token:
        deck, ranges = _cached_deck(
            token, cache.digest(values), key, id_field, value_field, tooltip_field, selected, highlight,
            tuple(sorted(view.items())) if view else None, os.environ.get("POLICING_BASEMAP", "carto").lower(),
            records, values,
        )
    else:
        deck, ranges = _deck(records, values, key, id_field, value_field, tooltip_field, selected, highlight, view)
    state = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=key, height=height)
    if ranges:
        vega_chart(chart_spec(legend, tuple(ranges), value_format, legend_title), key=f"{key}_legend",
                   height=LEGEND_HEIGHT)
    objects = (state or {}).get("selection", {}).get("objects", {}) if isinstance(state, dict) else \
        getattr(getattr(state, "selection", None), "objects", {}) or {}
    picked = objects.get(f"{key}-polygons") or []
    return picked[0].get(id_field) if picked else None


def pick_once(key: str, picked: str | None) -> str | None:
    """``picked`` only the first time a click arrives (selection state persists across reruns)."""
    last = st.session_state.get(f"_picked_{key}")
    st.session_state[f"_picked_{key}"] = picked
    return picked if picked is not None and picked != last else None


def ward_map(store: Store, wards: pd.DataFrame, *, key: str) -> str | None:
    """One borough's wards shaded by rate per 1,000 (or by count when some ward has no population)."""
    records = shapes(store, "wards", "ward_code", "ward_name", only=wards["ward_code"])
    by_rate = bool(wards["rate_per_1000"].notna().all())
    return polygon_map(records, wards, key=key, view=fit_view(records), id_field="ward_code",
                       value_field="rate_per_1000" if by_rate else "current", tooltip_field="tooltip",
                       value_format="{:,.1f}" if by_rate else "{:,.0f}",
                       legend_title="Crimes per 1,000 residents (Census 2011), latest 12 months" if by_rate
                       else "Crimes, latest 12 months")
