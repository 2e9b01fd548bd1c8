"""The stop-and-search view: public tables typed (counts as published, shares of small counts withheld) and
Figure 12."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from lib.ingest.stop_search_grid import squares_table
from lib.metrics import spatial_bins as sb
from lib.metrics.grid_places import prepare_wards, square_places
from lib.metrics.spatial_bins import with_grid
from lib.reference.boroughs import LONDON_CODE, find_borough
from lib.store import Store
from lib.views.stop_search import NO_GRID, figure12, map_cells, map_squares, map_text, public_table


def test_public_table_shows_counts_and_withholds_shares_of_small_counts() -> None:
    t = pd.DataFrame({"month": ["2018-06", "2018-07"], "searches": [120, 7], "share": [0.5, 0.25]})
    shown = public_table(t, ["searches"], {"share": "searches"})
    assert str(shown["searches"].dtype) == "Int64" and shown["searches"].tolist() == [120, 7]
    assert shown["share"].dtype == "float64" and pd.isna(shown.loc[1, "share"]) and shown.loc[0, "share"] == 0.5
    assert shown["searches_shown"].tolist() == ["120", "7"]
    assert t["searches"].tolist() == [120, 7]  # the arithmetic table is not touched


def test_figure12_is_ratio_and_count_per_group() -> None:
    # Enfield pack Figure 12, September 2015: White 1.00 (191), Black 2.42 (148), Asian 0.79 (29), Other 0.12 (3),
    # not recorded (2)... the count as the pack prints it; the ratio of a count under 10 withheld
    monthly = pd.DataFrame({
        "month": ["2015-09"] * 5, "group": ["White", "Black", "Asian", "Other", "Not recorded"],
        "searches": [191, 148, 29, 3, 2], "disproportionality": [1.0, 2.4247, 0.7949, 0.1230, None],
    })
    shown = public_table(monthly, ["searches"], {"disproportionality": "searches"})
    row = figure12(shown).iloc[0]
    assert row["Month"] == "September 2015"
    assert (row["White"], row["Black"], row["Asian"]) == ("1.00 (191)", "2.42 (148)", "0.79 (29)")
    assert row["Other"] == "– (3)" and row["Not recorded"] == "2"


def test_map_text_says_what_is_not_drawn() -> None:
    text = map_text({"searches": 26, "located": 22, "unlocated": 4, "cells_shown": 1, "searches_in_cells_shown": 13,
                     "cells_suppressed": 1, "searches_in_cells_suppressed": 9, "cell_metres": 500})
    assert "4 searches have no location" in text and "fewer than 10" in text and "9 searches in 1 square with" in text
    assert "13 of them fall in the 1 square drawn (500 m a side)" in text  # not "the 1 500 m squares"


def test_map_squares_are_named_by_place_not_grid_code() -> None:
    """Eleven searches at one point in a hand-made ward (Dalston, Hackney): one square drawn, named
    "Hackney, near Dalston" in the table column and the tooltip, with no easting_northing code but its OS grid
    reference (squares near one ward share the name). The squares'
    names and corners are made at ingest (lib.ingest.stop_search_grid) and the view reads them."""
    wards = gpd.GeoDataFrame({"ward_name": ["Dalston"], "borough_name": ["Hackney"]},
                             geometry=[box(533000, 184000, 535000, 186000)], crs="EPSG:27700").to_crs("EPSG:4326")
    point = gpd.GeoSeries(gpd.points_from_xy([533900], [185100]), crs="EPSG:27700").to_crs("EPSG:4326")
    part = with_grid(pd.DataFrame({"latitude": [point.y.iloc[0]] * 11, "longitude": [point.x.iloc[0]] * 11}))
    cells = map_cells(part, map_squares(squares_table(part, wards)))
    assert cells["place"].tolist() == ["Hackney, near Dalston"]
    # the square from (533500, 185000): 100 km square TQ (E 500-600 km, N 100-200 km), then 335 and 850 hundred metres
    assert cells["grid_ref"].tolist() == ["TQ 335 850"]
    assert cells["tip"].tolist() == ["Hackney, near Dalston (TQ 335 850): 11 searches in this 500 m square"]
    assert cells["cell_id"].tolist() == ["533500_185000"] and cells["searches"].tolist() == [11]
    assert map_cells(part, map_squares(squares_table(part, None)))["place"].tolist() == ["Unnamed square"]
    # A store without the grid (ingested before it was made) draws no square and says why.
    assert map_cells(part, None).empty and "re-ingest" in NO_GRID


def test_the_maps_read_from_the_store_are_the_metric_functions_answer(real_store: Path) -> None:
    """On the real store, the squares the page draws for London, Enfield and Westminster over the period it opens
    on (March 2018 to February 2019), with searches projected, squares' corners re-projected and named afresh by
    the metric functions (pyproj, geopandas), are the view's squares read from the store, square for square."""
    from lib.views.stop_search import stop_search_area, stop_search_period, stop_search_records

    store = Store(real_store)
    period = stop_search_period(stop_search_records(store), "2018-03", "2019-02")
    wards = prepare_wards(store.table("wards"))
    searches = store.table("stop_search")
    for code in (LONDON_CODE, find_borough("Enfield").code, find_borough("Westminster").code):
        view = stop_search_area(period, code)
        rows = searches["month"].between("2018-03", "2019-02")
        if code != LONDON_CODE:
            rows &= searches["borough_code"] == code
        fresh = sb.map_cells(with_grid(searches[rows]))
        assert len(fresh) >= 20, (code, len(fresh))
        got = view.map_cells
        assert got["cell_id"].tolist() == fresh["cell_id"].tolist() and got["searches"].tolist() == fresh[
            "searches"].tolist()
        assert got["polygon"].tolist() == fresh["polygon"].tolist()
        assert got["place"].tolist() == square_places(fresh["cell_id"], wards).tolist()
        assert view.map_text == map_text(sb.bin_summary(with_grid(searches[rows])))


def _small_store(dest: Path, grid: str) -> Path:
    """The police.uk fixture's searches in a store: with the grid made at ingest (``grid='whole'``), with a
    locations table that lacks one of the searches' points (``'short'``), or without the grid (``'none'``: a store
    ingested before it existed)."""
    from lib.ingest.stop_search import STOP_SEARCH
    from lib.ingest.stop_search_grid import TABLES, stop_search_grid_tables
    from lib.store import write_store
    from tests.ingest.test_ingest_stop_search import FIX, read_police

    searches, _ = read_police([FIX / "police_uk_small.csv"])
    tables, schemas = {"stop_search": searches}, {"stop_search": STOP_SEARCH}
    if grid != "none":
        made = stop_search_grid_tables(tables.get)
        if grid == "short":
            made["stop_search_locations"] = made["stop_search_locations"].iloc[1:]
        tables |= made
        schemas |= {t.name: t for t in TABLES}
    write_store(dest, tables, schemas, {"kind": "official"})
    return dest


def test_a_store_whose_grid_is_missing_or_stale_says_to_re_ingest(tmp_path: Path) -> None:
    """The fixture's searches (Enfield squares, June 2018): with the grid, every located search is placed and the
    caption counts them; without it, the view still answers (the command line's figures) but draws no square and
    says why; a locations table lacking a search's point is a one-line error, never a wrong map."""
    from lib.errors import UsageError
    from lib.views.stop_search import stop_search_view

    whole = stop_search_view(Store(_small_store(tmp_path / "whole", "whole")), LONDON_CODE, "2018-06", "2018-06")
    assert whole.map_text.startswith("5 searches in the period. 4 have a location;") and whole.map_cells.empty
    bare = stop_search_view(Store(_small_store(tmp_path / "none", "none")), LONDON_CODE, "2018-06", "2018-06")
    assert bare.map_text == NO_GRID and bare.map_cells.empty and bare.summary == whole.summary
    with pytest.raises(UsageError, match="stop_search_locations table does not match its searches.*re-ingest"):
        stop_search_view(Store(_small_store(tmp_path / "short", "short")), LONDON_CODE, "2018-06", "2018-06")
