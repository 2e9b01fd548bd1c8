"""pydeck maps: shaded polygons (boroughs, wards, grid cells) with a legend.

Geometry comes ready from the store: simplified, rounded and flattened at ingest
(:mod:`lib.ingest.web_geometry`), turned into coordinate lists once per store version (through
``lib.ui.cache``), so the app never reads GeoParquet nor imports geopandas, shapely or pyproj. A store
ingested before those tables existed draws no map but says to re-ingest (:data:`REINGEST`). A drawn map is
built once per polygons, values and selection (``lib.ui.cache.map_deck``), its JSON written once
(:class:`BuiltDeck`). Streamlit sends a map as one element: an unchanged map is recognised by its hash and not
sent again, but a changed one (another measure, another colour) is sent whole, geometry included, so the
geometry is kept lean (about a pixel: :data:`lib.geography.LONDON_TOLERANCE_M`). Every map has the borough
outlines as a layer of their own (dark, thin), so it reads with no basemap; a map of the boroughs themselves
may draw their own edges that way instead (``outlines=None``: one layer less to send). Every layer has an
``id``. No Mapbox token: Carto's light basemap, or none at all when ``POLICING_BASEMAP=none`` (offline
machines, tests). Tooltips are plain text, never HTML. Shading is never the only carrier of a value: every map
sits beside a table of the same numbers. Drawn with pydeck's public ``pdk.Deck``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from lib.geography import DECK_TILE_PX, LONDON_TOLERANCE_M, LONDON_VIEW, OUTLINES_LONDON, WARD_TOLERANCE_M, WEB_TABLES
from lib.store import Store
from lib.ui import cache
from lib.ui.widgets import vega_chart

# LONDON_VIEW and DECK_TILE_PX are defined in lib.geography: the geometry is simplified at ingest for that view.
MAP_HEIGHT = 560
# Viridis, 6 bands, light (low) to dark (high): ordered by lightness, safe for colour-blindness.
RAMP = ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"]
NO_DATA = "#d9d9d9"
# An area whose figure is withheld (a count under 10): a darker grey than "no data", named in the key.
WITHHELD = "#9E9E9E"
WITHHELD_LABEL = "Under 10 crimes: not shaded"
# Diverging classes around a reference (lower, no real difference, higher): Okabe-Ito vermillion and
# blue either side of a neutral grey; places with no figure are left white on a classed map.
DIVERGING = ("#D55E00", "#BBBBBB", "#0072B2")
NO_DATA_CLASSED = "#FFFFFF"
# A zoomed map (one borough's wards) is fitted to this many pixels: the map is ~358 px wide on a
# phone and ~660 px in the wide column at 1920, so the area is whole on a phone and not lost on a projector.
FIT_WIDTH_PX = 330
LEGEND_ROW = 26  # pixels a row of the map's key
LEGEND_FONT = 15
SELECTED_LINE = [230, 0, 0]
HIGHLIGHT_LINE = [0, 0, 0]
# Borough outlines: a layer of their own on every map, dark and thin, so a map reads with no basemap.
OUTLINE_LINE = [40, 40, 40]
OUTLINE_WIDTH = 1  # pixels
# A store whose geometry is not ready for the screen (ingested before lib.ingest.web_geometry existed).
REINGEST = ("The map needs boundaries prepared for the screen, which this store does not hold: re-ingest the "
            "data (python -m lib.cli ingest) to draw maps.")


def _rgb(hex_colour: str) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)]


def basemap() -> dict[str, Any]:
    """Carto light tiles unless POLICING_BASEMAP=none."""
    if os.environ.get("POLICING_BASEMAP", "carto").lower() == "none":
        return {"map_provider": None, "map_style": None}
    return {"map_provider": "carto", "map_style": pdk.map_styles.CARTO_LIGHT}


class Shapes(list):
    """Polygon (or outline) records; ``token`` names where they came from (the store version, table and
    choices), so that a map drawn from them is cached by that name rather than by hashing every polygon.
    Records without a token are drawn afresh on every run. ``missing``: the store lacks the screen-ready
    table (:data:`REINGEST`)."""

    def __init__(self, records: Iterable[dict] = (), token: tuple = (), missing: bool = False) -> None:
        super().__init__(records)
        self.token = token
        self.missing = missing


def _rings(table: pd.DataFrame, keys: Sequence[str]) -> list[tuple[tuple, list]]:
    """(the ``keys``' values, [[lon, lat], ...]) of each part of a table of vertices
    (:mod:`lib.ingest.web_geometry`: one row per vertex, in drawing order)."""
    if not len(table):
        return []
    part = table["part"].to_numpy()
    starts = [0, *(i + 1 for i in (part[1:] != part[:-1]).nonzero()[0]), len(part)]
    coords = table[["lon", "lat"]].to_numpy().tolist()
    firsts = table[list(keys)].iloc[starts[:-1]].astype(object).itertuples(index=False, name=None)
    return [(k, coords[a:b]) for k, a, b in zip(firsts, starts[:-1], starts[1:], strict=True)]


def shape_records(table: pd.DataFrame, id_field: str, name_field: str, only: tuple[str, ...] | None,
                  token: tuple = ()) -> Shapes:
    """Pydeck-ready polygons of a screen-ready table; ``only``: just the polygons with these ids."""
    if only is not None:  # convert only the polygons asked for
        table = table[table[id_field].isin(only)]
    return Shapes(({"polygon": ring, id_field: k[0], name_field: k[1]}
                   for k, ring in _rings(table, (id_field, name_field))), token=token)


def outline_records(table: pd.DataFrame, scopes: tuple[str, ...], tolerance_m: float, token: tuple = ()) -> Shapes:
    """The borough outlines of ``scopes`` (a borough's code, or :data:`lib.geography.OUTLINES_LONDON`) at
    ``tolerance_m`` as pydeck paths, from the screen-ready outlines table."""
    rows = table[table["scope"].isin(scopes) & (table["tolerance_m"] == tolerance_m)]
    return Shapes(({"path": ring} for scope in scopes
                   for _, ring in _rings(rows[rows["scope"] == scope], ("scope",))), token=token)


def shapes(store: Store, table: str, id_field: str, name_field: str, only: Iterable[str] | None = None) -> Shapes:
    """Pydeck-ready polygons of a geometry table (``boroughs``, ``wards``) from its screen-ready table
    (:data:`lib.geography.WEB_TABLES`), once per store version (:func:`lib.ui.cache.shapes`); ``only``: just
    the polygons with these ids (e.g. one borough's wards: a smaller map to send and draw)."""
    ids = None if only is None else tuple(sorted(set(map(str, only))))
    return cache.shapes(store, WEB_TABLES[table][0], id_field, name_field, ids)


def borough_outlines(store: Store, only: Iterable[str] | None = None,
                     tolerance_m: float | None = None) -> Shapes:
    """Borough boundaries as pydeck paths, each shared edge once, for the outline layer drawn on
    every map so that it reads with no basemap; ``only``: these boroughs' outlines (a ward map);
    ``tolerance_m``: simplification, one of the tolerances made at ingest (default: the London-wide
    maps'). Empty without a borough table."""
    scopes = (OUTLINES_LONDON,) if only is None else tuple(sorted(set(map(str, only))))
    tol = LONDON_TOLERANCE_M if tolerance_m is None else tolerance_m
    return cache.borough_outlines(store, scopes, tol)


def fit_view(records: list[dict], width_px: int = FIT_WIDTH_PX) -> dict[str, float]:
    """Centre and zoom at which the polygons fill about ``width_px`` pixels (Web Mercator).

    At zoom z deck.gl's world is 512·2^z pixels wide (:data:`DECK_TILE_PX`); a span of d degrees of
    longitude (or d/cos(lat) for latitude) needs z = log2(width_px · 360 / (512 · d)).
    """
    lons = [x for r in records for x, _ in r["polygon"]]
    lats = [y for r in records for _, y in r["polygon"]]
    if not lons:
        return dict(LONDON_VIEW)
    lat = (min(lats) + max(lats)) / 2
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) / math.cos(math.radians(lat)), 1e-3)
    zoom = math.log2(width_px * 360 / (DECK_TILE_PX * span))
    return {"latitude": lat, "longitude": (min(lons) + max(lons)) / 2, "zoom": round(min(zoom, 14.0), 2)}


def bands(values: pd.Series, n: int = len(RAMP)) -> tuple[pd.Series, list[tuple[float, float]]]:
    """Equal-count bands (quantiles) of ``values``: band index per value and each band's range, the
    lowest and highest value in it, so that neighbouring bands never overlap ("10 to 10", "10 to 11" was
    a key of three squares). At least two distinct values a band: few values make few bands, one or two
    distinct values one band."""
    v = values.astype("float64")
    valid = v.dropna()
    k = min(n, valid.nunique() // 2)
    if k < 2:
        return pd.Series(0, index=v.index).where(v.notna()), [(valid.min(), valid.max())] if len(valid) else []
    codes = pd.qcut(valid, k, labels=False, duplicates="drop")
    codes = codes.map({c: i for i, c in enumerate(sorted(codes.unique()))})  # dropped edges leave gaps
    ranges = [(float(valid[codes == i].min()), float(valid[codes == i].max())) for i in range(codes.nunique())]
    return codes.reindex(v.index), ranges


def _key(labels: Sequence[str], colours: Sequence[str]) -> alt.LayerChart:
    """A vertical key: one swatch a row with its words beside it, first row at the top. Vertical so
    that long words fit a phone as well as a projector (the key's title is a caption above it)."""
    df = pd.DataFrame({"label": list(labels), "colour": list(colours), "order": range(len(labels))})
    y = alt.Y("order:O", axis=None, scale=alt.Scale(paddingInner=0.25))
    swatch = alt.Chart().mark_rect(stroke="black", strokeWidth=0.5, x=0, x2=36).encode(
        y=y, color=alt.Color("colour:N", scale=None, legend=None))
    words = alt.Chart().mark_text(x=46, align="left", baseline="middle", fontSize=LEGEND_FONT,
                                    color="#111111").encode(y=y, text="label:N")
    return alt.layer(swatch, words, data=df, height=LEGEND_ROW * len(df)).configure_view(stroke=None)


def legend(ranges: Sequence[tuple[float, float]], fmt: str, withheld: bool = False) -> alt.LayerChart:
    """The key of an equal-count shading: one swatch per band with its range, lightest (lowest) first;
    ``withheld``: a last grey row for areas whose figure is not shown (:data:`WITHHELD_LABEL`)."""
    n = len(ranges)
    ramp = RAMP if n == len(RAMP) else [RAMP[round(i * (len(RAMP) - 1) / max(n - 1, 1))] for i in range(n)]
    labels = [fmt.format(a) if fmt.format(a) == fmt.format(b) else f"{fmt.format(a)} to {fmt.format(b)}"
              for a, b in ranges]
    return _key(labels + [WITHHELD_LABEL] * withheld, ramp + [WITHHELD] * withheld)


def class_legend(classes: Sequence[tuple[str, str]], withheld: bool = False) -> alt.LayerChart:
    """The key of named classes ((label, colour) pairs) in the order given (``withheld``: see :func:`legend`)."""
    return _key([label for label, _ in classes] + [WITHHELD_LABEL] * withheld,
                [c for _, c in classes] + [WITHHELD] * withheld)


def diverging_classes(labels: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(label, colour) for three classes around a reference, lowest first: for ``polygon_map(classes=)``."""
    return tuple(zip(labels, DIVERGING, strict=True))


def _fills(values: pd.Series, classes: Sequence[tuple[str, str]] | None
           ) -> tuple[pd.Series, list[str], list[str]]:
    """Colour index per value, the colours, and the legend's label for each colour."""
    if classes is not None:  # values are class indices into ``classes`` (label, colour)
        return values, [c for _, c in classes], [label for label, _ in classes]
    band, ranges = bands(values)
    ramp = RAMP if len(ranges) == len(RAMP) else [
        RAMP[round(i * (len(RAMP) - 1) / max(len(ranges) - 1, 1))] for i in range(len(ranges))
    ]
    return band, ramp, ranges


class BuiltDeck(pdk.Deck):
    """A pydeck ``Deck`` whose JSON (pydeck's own ``to_json``) is written once, when it is built. A built deck is
    shared read-only by every session (:func:`lib.ui.cache.map_deck`), so its JSON cannot change; a clickable map
    is handed to ``st.pydeck_chart`` on every run, which asks for the JSON each time (about 6 ms for London's
    boroughs, pydeck writes it indented)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.built_json = super().to_json()

    def to_json(self) -> str:
        return self.built_json


def build_deck(records: list[dict], values: pd.DataFrame, key: str, id_field: str, value_field: str,
          tooltip_field: str, selected: str | None, highlight: frozenset[str], view: dict[str, float] | None,
          outlines: list[dict] | None, classes: Sequence[tuple[str, str]] | None = None,
          withheld_field: str | None = None) -> tuple[BuiltDeck, list]:
    v = values.set_index(id_field)
    withheld = v[withheld_field].fillna(False).astype(bool) if withheld_field else pd.Series(False, index=v.index)
    band, colours, keys = _fills(v[value_field].where(~withheld), classes)
    tips = v[tooltip_field]
    # polygons that are the boroughs (no outline layer) draw their own edges as the outlines would be drawn
    edge, edge_width = ([80, 80, 80], 0.5) if outlines is not None else (OUTLINE_LINE, OUTLINE_WIDTH)
    data = []
    for r in records:
        rid = r[id_field]
        b = band.get(rid)
        fill = _rgb(WITHHELD) if withheld.get(rid, False) else _rgb(colours[int(b)]) if (
            b is not None and not pd.isna(b)) else _rgb(NO_DATA if classes is None else NO_DATA_CLASSED)
        line = SELECTED_LINE if rid == selected else HIGHLIGHT_LINE if rid in highlight else edge
        width = 4 if rid == selected else 3 if rid in highlight else edge_width
        tip = tips.get(rid) if rid in v.index else None
        data.append({**r, "fill": fill + [215], "line": line, "line_width": width,
                     "tip": tip if isinstance(tip, str) else f"{r.get('name', rid)}: no data"})
    layer = pdk.Layer(  # line_width_units quoted: pydeck reads bare strings as expressions
        "PolygonLayer", data=data, id=f"{key}-polygons", get_polygon="polygon", get_fill_color="fill",
        get_line_color="line", get_line_width="line_width", line_width_units="'pixels'", pickable=True,
        stroked=True, filled=True, auto_highlight=True,
    )
    layers = [layer]
    if outlines is not None:
        layers.append(pdk.Layer(
            "PathLayer", data=outlines, id=f"{key}-borough-outlines", get_path="path", get_color=OUTLINE_LINE,
            get_width=OUTLINE_WIDTH, width_units="'pixels'", pickable=False,
        ))
    deck = BuiltDeck(
        layers=layers, initial_view_state=pdk.ViewState(**(view or LONDON_VIEW)),
        tooltip={"text": "{tip}"}, **basemap(),
    )
    return deck, keys


def polygon_map(
    records: list[dict],
    values: pd.DataFrame,
    *,
    key: str,
    id_field: str,
    value_field: str,
    tooltip_field: str,
    outlines: list[dict] | None,
    value_format: str = "{:,.1f}",
    legend_title: str = "",
    classes: Sequence[tuple[str, str]] | None = None,
    withheld_field: str | None = None,
    selected: str | None = None,
    highlight: Iterable[str] = (),
    view: dict[str, float] | None = None,
    height: int = MAP_HEIGHT,
    pick: bool = False,
) -> str | None:
    """Draw shaded polygons under the borough outlines; return the id of a polygon clicked (None if none).

    ``values`` has ``id_field``, ``value_field`` and ``tooltip_field`` (the full text shown on
    hover: name, value, rank). Polygons without a value are grey and say 'no data'. Shading is by
    equal-count bands of the value, or, with ``classes`` ((label, colour) pairs), ``value_field``
    holds each polygon's class index. ``withheld_field`` (a boolean column): areas whose figure is
    withheld (a count under 10) are drawn :data:`WITHHELD` grey, left out of the bands and named in the
    key, so the colour never shows what the table hides. ``outlines``: :func:`borough_outlines`, or None when
    the polygons are the boroughs (their own edges are drawn as the outlines). A map of records from
    :func:`shapes` is built once per values and selection and remembered (Streamlit then recognises
    an unchanged map by its hash and does not send it again).

    ``pick=True``: a click on a polygon is returned (the map is then a widget, and Streamlit serialises it on
    every run). Otherwise the map is only looked at, and a map of :func:`shapes` is drawn once per polygons,
    values and selection and replayed by Streamlit on later runs (:func:`lib.ui.cache.drawn_map`): pydeck
    writes a map's JSON indented, tens of milliseconds a London map on every run.
    """
    if getattr(records, "missing", False) or getattr(outlines, "missing", False):
        st.info(REINGEST)
        return None
    highlight = frozenset(highlight)
    classes = tuple(classes) if classes is not None else None
    state = None
    if isinstance(records, Shapes) and records.token and (
            outlines is None or isinstance(outlines, Shapes) and outlines.token):
        shown = values[[c for c in dict.fromkeys((id_field, value_field, tooltip_field, withheld_field)) if c]]
        args = (records, shown, key, id_field, value_field, tooltip_field, selected, highlight,
                tuple(sorted(view.items())) if view else None, outlines, classes, withheld_field,
                os.environ.get("POLICING_BASEMAP", "carto").lower())
        if pick:
            deck, keys = cache.map_deck(*args)
            state = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=key, height=height)
        else:
            keys = cache.drawn_map(*args, height)
    else:
        deck, keys = build_deck(records, values, key, id_field, value_field, tooltip_field, selected, highlight,
                                view, outlines, classes, withheld_field)
        if pick:
            state = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=key, height=height)
        else:
            st.pydeck_chart(deck, height=height)
    any_withheld = bool(withheld_field and values[withheld_field].fillna(False).astype(bool).any())
    if (keys or any_withheld) and legend_title:
        st.caption(legend_title)
    rows = any_withheld + (len(classes) if classes is not None else len(keys))
    if classes is not None:
        vega_chart(cache.chart_spec(class_legend, classes, any_withheld), key=f"{key}_legend",
                   height=LEGEND_ROW * rows + 8)
    elif keys or any_withheld:  # an all-grey map (every ward under 10) still says why it is grey
        vega_chart(cache.chart_spec(legend, tuple(keys), value_format, any_withheld), key=f"{key}_legend",
                   height=LEGEND_ROW * rows + 8)
    objects = (state or {}).get("selection", {}).get("objects", {}) if isinstance(state, dict) else \
        getattr(getattr(state, "selection", None), "objects", {}) or {}
    picked = objects.get(f"{key}-polygons") or []
    return picked[0].get(id_field) if picked else None


def pick_once(key: str, picked: str | None) -> str | None:
    """``picked`` only the first time a click arrives (selection state persists across reruns)."""
    last = st.session_state.get(f"_picked_{key}")
    st.session_state[f"_picked_{key}"] = picked
    return picked if picked is not None and picked != last else None


def ward_map(store: Store, wards: pd.DataFrame, *, key: str, borough_code: str | None = None) -> str | None:
    """One borough's wards shaded by rate per 1,000 (or by count when some ward has no population),
    under the outline of ``borough_code`` (all boroughs' outlines when None)."""
    records = shapes(store, "wards", "ward_code", "ward_name", only=wards["ward_code"])
    by_rate = bool(wards["rate_per_1000"].notna().all())
    return polygon_map(records, wards, key=key, view=fit_view(records), id_field="ward_code",
                       outlines=borough_outlines(store, only=None if borough_code is None else [borough_code],
                                                 tolerance_m=WARD_TOLERANCE_M),
                       value_field="map_rate" if by_rate else "map_count", tooltip_field="tooltip",
                       withheld_field="rate_withheld",
                       value_format="{:,.1f}" if by_rate else "{:,.0f}",
                       legend_title="Crimes per 1,000 residents (Census 2011), latest 12 months" if by_rate
                       else "Crimes, latest 12 months")
