"""Map shading and keys: bands that never overlap, withheld areas grey and named (no Streamlit drawn)."""

from __future__ import annotations

import pandas as pd

from lib.ui import maps
from lib.views.crime import WITHHELD_WORDS, map_fields


def _key_labels(chart) -> list[str]:
    return [r["label"] for r in next(iter(chart.to_dict()["datasets"].values()))]


def test_few_squares_make_one_class_not_overlapping_ranges():
    """Three stop-and-search squares of 10, 10 and 11 searches were keyed '10 to 10' and '10 to 11'."""
    band, ranges = maps.bands(pd.Series([10, 10, 11]))
    assert ranges == [(10.0, 11.0)] and band.tolist() == [0, 0, 0]
    assert _key_labels(maps.legend(ranges, "{:,.0f}")) == ["10 to 11"]
    band, ranges = maps.bands(pd.Series([7.0, 7.0]))
    assert ranges == [(7.0, 7.0)] and _key_labels(maps.legend(ranges, "{:,.0f}")) == ["7"]


def test_bands_are_distinct_ranges_of_their_members():
    values = pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, None])
    band, ranges = maps.bands(values)
    assert len(ranges) == 6 and pd.isna(band.iloc[-1])
    assert all(hi < nxt_lo for (_, hi), (nxt_lo, _) in zip(ranges, ranges[1:], strict=False))  # no shared edge
    for i, (lo, hi) in enumerate(ranges):  # each range is exactly its members' lowest and highest
        members = values[band == i]
        assert (members.min(), members.max()) == (lo, hi)


def _crime(current, previous, rate):
    return pd.DataFrame({"area_code": [f"E0{i}" for i in range(len(current))],
                         "area_name": list("ABCDE")[:len(current)],
                         "current": current, "previous": previous, "rate_per_1000": rate,
                         "pct_change": [(c - p) / p * 100 for c, p in zip(current, previous, strict=True)]})


def test_withheld_areas_are_grey_left_out_of_the_bands_and_in_the_key():
    """Borough B has 4 crimes (rate 0.02): its colour used to be the lowest band, which the table hides."""
    t = map_fields(_crime([400, 4, 300, 200, 100], [390, 3, 310, 9, 120], [4.0, 0.02, 3.0, 2.0, 1.0]))
    assert t["rate_withheld"].tolist() == [False, True, False, False, False]
    assert t["change_withheld"].tolist() == [False, True, False, True, False]
    assert pd.isna(t.loc[1, "map_rate"]) and pd.isna(t.loc[1, "map_count"]) and t.loc[0, "map_rate"] == 4.0
    assert pd.isna(t.loc[3, "map_change"]) and t.loc[3, "map_rate"] == 2.0  # previous <10: the rate stays
    t = t.assign(borough_code=t["area_code"], tooltip="tip")
    records = [{"borough_code": c, "name": n, "polygon": [[0, 0], [1, 0], [1, 1]]}
               for c, n in zip(t["borough_code"], t["area_name"], strict=True)]
    deck, keys = maps.build_deck(records, t, "m", "borough_code", "map_rate", "tooltip", None, frozenset(), None, [],
                                 withheld_field="rate_withheld")
    fills = {d["borough_code"]: d["fill"][:3] for d in deck.layers[0].data}
    assert fills["E01"] == maps._rgb(maps.WITHHELD) and fills["E00"] != maps._rgb(maps.WITHHELD)
    assert keys == [(1.0, 2.0), (3.0, 4.0)]  # four shown values, two bands, from shown values only (not 0.02)
    labels = _key_labels(maps.legend(keys, "{:,.2f}", withheld=True))
    assert labels == ["1.00 to 2.00", "3.00 to 4.00", maps.WITHHELD_LABEL]
    assert WITHHELD_WORDS == "change, rate and rank not shown: under 10"


def test_a_withheld_rank_does_not_show_as_a_place_in_the_table():
    from lib.views.crime import _withheld_last

    t = map_fields(_crime([400, 4, 300], [390, 30, 310], [4.0, 0.02, 3.0])).assign(rank=[3, 1, 2])
    assert _withheld_last(t, "rank", "area_name")["area_name"].tolist() == ["C", "A", "B"]  # B's rank 1 hidden


def test_london_and_a_fitted_borough_are_whole_on_a_phone():
    """deck.gl's world is 512 px at zoom 0: at zoom 8.9 London was 570 px wide, east London off a phone."""
    london_px = 0.845 / 360 * maps.DECK_TILE_PX * 2 ** maps.LONDON_VIEW["zoom"]
    assert 300 < london_px <= 358  # a 390 px phone's map is about 358 px wide
    square = [{"polygon": [[0.0, 51.5], [0.2, 51.5], [0.2, 51.6], [0.0, 51.6]]}]
    view = maps.fit_view(square)
    assert round(0.2 / 360 * maps.DECK_TILE_PX * 2 ** view["zoom"]) == maps.FIT_WIDTH_PX


def test_an_all_withheld_map_still_has_a_key():
    """Homicide in Enfield's wards: every ward under 10, an all-grey map that must say why."""
    assert _key_labels(maps.legend((), "{:,.2f}", withheld=True)) == [maps.WITHHELD_LABEL]
    assert _key_labels(maps.class_legend((("Higher", "#0072B2"),), withheld=True)) == ["Higher", maps.WITHHELD_LABEL]


def _vertices(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["borough_code", "borough_name", "part", "vertex", "lon", "lat"])


def test_polygons_come_back_as_rings_from_the_ready_table():
    table = _vertices([("A", "West", 0, 0, 0.0, 51.0), ("A", "West", 0, 1, 0.1, 51.0), ("A", "West", 0, 2, 0.0, 51.0),
                       ("A", "West", 1, 0, 0.5, 51.5), ("A", "West", 1, 1, 0.6, 51.5), ("A", "West", 1, 2, 0.5, 51.5),
                       ("B", "East", 2, 0, 1.0, 51.0), ("B", "East", 2, 1, 1.1, 51.1), ("B", "East", 2, 2, 1.0, 51.0)])
    records = maps.shape_records(table, "borough_code", "borough_name", None, token=("t",))
    assert [(r["borough_code"], r["borough_name"], len(r["polygon"])) for r in records] == [
        ("A", "West", 3), ("A", "West", 3), ("B", "East", 3)]
    assert records[1]["polygon"] == [[0.5, 51.5], [0.6, 51.5], [0.5, 51.5]] and records.token == ("t",)
    only = maps.shape_records(table, "borough_code", "borough_name", ("B",))
    assert [r["borough_code"] for r in only] == ["B"]


def test_outlines_are_the_scopes_asked_for_at_the_tolerance_asked_for():
    table = pd.DataFrame({"scope": ["London"] * 2 + ["London"] * 2 + ["E1"] * 2,
                          "tolerance_m": [171.0, 171.0, 50.0, 50.0, 50.0, 50.0], "part": [0, 0, 0, 0, 0, 0],
                          "vertex": [0, 1, 0, 1, 0, 1], "lon": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], "lat": [51.0] * 6})
    assert [r["path"] for r in maps.outline_records(table, ("London",), 171.0)] == [[[0.0, 51.0], [1.0, 51.0]]]
    assert [r["path"] for r in maps.outline_records(table, ("E1",), 50.0)] == [[[4.0, 51.0], [5.0, 51.0]]]


def test_a_store_without_screen_ready_geometry_says_to_reingest(open_page, demo_store, tmp_path):
    """A store ingested before the web geometry tables: the map says to re-ingest, no traceback."""
    import shutil

    from tests.helpers import checked

    old = tmp_path / "old"
    shutil.copytree(demo_store, old)
    for name in ("web_boroughs", "web_wards", "web_outlines"):
        (old / f"{name}.parquet").unlink()
    at = checked(open_page("pages/1_Crime.py", store=old))
    assert not at.get("deck_gl_json_chart")
    assert [i.value for i in at.info].count(maps.REINGEST) == 1
