"""Grid binning of search locations with small-count suppression."""

from __future__ import annotations

import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import Point, Polygon

from lib.metrics import spatial_bins as sb

TO_WGS = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def points_at(easting: float, northing: float, n: int) -> pd.DataFrame:
    lon, lat = TO_WGS.transform(easting, northing)
    return pd.DataFrame({"latitude": [lat] * n, "longitude": [lon] * n})


@pytest.fixture()
def searches() -> pd.DataFrame:
    return pd.concat([
        points_at(530_250, 181_250, 12),   # cell 530000_181000: 12 → drawn
        points_at(530_750, 181_250, 9),    # cell 530500_181000: 9 → suppressed
        points_at(530_499, 181_499, 1),    # same cell as the first, near its corner → 13
        pd.DataFrame({"latitude": [None] * 4, "longitude": [None] * 4}),  # unlocated
    ], ignore_index=True)


def test_grid_counts(searches):
    g = sb.grid_counts(searches).set_index("cell_id")["searches"].to_dict()
    assert g == {"530000_181000": 13, "530500_181000": 9}


def test_map_cells_suppress_under_ten(searches):
    cells = sb.map_cells(searches)
    assert cells["cell_id"].tolist() == ["530000_181000"]
    assert cells["searches"].tolist() == [13]
    ring = Polygon(cells["polygon"].iloc[0])
    lon, lat = TO_WGS.transform(530_250, 181_250)
    assert ring.contains(Point(lon, lat))
    assert ring.area == pytest.approx((0.0072 * 0.0045), rel=0.1)  # about 500 m square in degrees at London


def test_bin_summary_counts_everything(searches):
    s = sb.bin_summary(searches)
    assert s == {
        "searches": 26, "located": 22, "unlocated": 4, "cells_shown": 1, "searches_in_cells_shown": 13,
        "cells_suppressed": 1, "searches_in_cells_suppressed": 9, "cell_metres": 500,
    }


def test_empty_and_unlocated_only():
    empty = pd.DataFrame({"latitude": [None], "longitude": [None]})
    assert sb.grid_counts(empty).empty
    assert sb.map_cells(empty).empty
    assert sb.bin_summary(empty)["unlocated"] == 1


def test_cell_size_parameter(searches):
    g = sb.grid_counts(searches, cell_m=1000)
    assert g["cell_id"].tolist() == ["530000_181000"] and g["searches"].tolist() == [22]


def test_points_projected_once_count_into_the_same_cells():
    """``with_grid`` projects every point once; ``grid_counts`` then reads the grid columns and gives the
    same cells as projecting the points itself (two searches in one 500 m square near Dalston, one unlocated)."""
    import pandas as pd

    from lib.metrics.spatial_bins import GRID_COLUMNS, grid_counts, with_grid

    pts = pd.DataFrame({"latitude": [51.5465, 51.5466, None], "longitude": [-0.0752, -0.0751, None]})
    projected = with_grid(pts)
    assert projected[list(GRID_COLUMNS)].iloc[2].isna().all() and GRID_COLUMNS[0] not in pts.columns
    pd.testing.assert_frame_equal(grid_counts(projected), grid_counts(pts))
    assert grid_counts(projected)["searches"].tolist() == [2]


def test_each_point_is_projected_once_and_looked_up_by_its_coordinates(searches):
    """``grid_locations`` holds the fixture's three points once each (22 located searches; the unlocated four
    are in no row), with the easting and northing they were made from; ``place_on_grid`` puts every search at
    its point's row, as ``with_grid`` does, and refuses a table that lacks a point (made from other searches)."""
    locations = sb.grid_locations(searches)
    assert len(locations) == 3
    got = sorted(zip(locations["grid_easting"].round(1), locations["grid_northing"].round(1), strict=True))
    assert got == [(530_250, 181_250), (530_499, 181_499), (530_750, 181_250)]
    placed = sb.place_on_grid(searches, locations)
    pd.testing.assert_frame_equal(placed, sb.with_grid(searches))
    assert placed["grid_easting"].iloc[:12].round(1).eq(530_250).all() and placed["grid_easting"].iloc[-4:].isna().all()
    pd.testing.assert_frame_equal(sb.grid_counts(placed), sb.grid_counts(searches))
    with pytest.raises(ValueError, match="has no grid location"):
        sb.place_on_grid(searches, locations.iloc[1:])


def test_grid_references_as_ordnance_survey_prints_them():
    """Ben Nevis's summit, (216667, 771255), is NN 166 712 on OS maps; (651409, 313177) is TG 51409 13177, the
    usual worked example of this conversion. London's squares: TQ south of northing 200 km, TL north of it (the
    north of Enfield); the letters skip I; a point off the grid is refused."""
    assert sb.grid_reference(216_667, 771_255) == "NN 166 712"
    assert sb.grid_reference(651_409, 313_177) == "TG 514 131"
    assert sb.grid_reference(530_000, 180_400) == "TQ 300 804"
    assert sb.grid_reference(532_000, 200_500) == "TL 320 005"
    assert sb.grid_reference(505_499, 199_999) == "TQ 054 999"  # the last 100 m square before TL, cut not rounded
    assert sb.grid_reference(420_000, 560_000) == "NZ 200 600"  # Newcastle upon Tyne: both letters after I
    with pytest.raises(ValueError, match="off the National Grid"):
        sb.grid_reference(-1, 180_000)
