"""Grid squares named by borough and nearest ward, on hand-made wards and on the real boundaries."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from lib.metrics.grid_places import square_centres, square_places


def _wards() -> gpd.GeoDataFrame:
    """Two 1 km wards side by side on the British National Grid: Dalston (Hackney) from x = 0 to
    1,000 and Soho (Westminster) from 1,000 to 2,000, both y = 0 to 1,000."""
    return gpd.GeoDataFrame({"ward_name": ["Dalston", "Soho"], "borough_name": ["Hackney", "Westminster"]},
                            geometry=[box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000)], crs="EPSG:27700")


def test_centres_are_half_a_square_in() -> None:
    c = square_centres(pd.Series(["500_0"]), 500)
    assert (c.x.iloc[0], c.y.iloc[0]) == (750.0, 250.0)


def test_inside_and_nearest_ward() -> None:
    """Square 0_0 (centre 250, 250) is in Dalston; 1000_500 (centre 1250, 750) in Soho; 2500_0
    (centre 2750, 250) is in no ward, 750 m from Soho and 1,750 m from Dalston: near Soho."""
    got = square_places(pd.Series(["0_0", "1000_500", "2500_0"], index=[7, 8, 9]), _wards(), 500)
    assert got.to_dict() == {7: "Hackney, near Dalston", 8: "Westminster, near Soho", 9: "Westminster, near Soho"}


def test_no_wards_no_names() -> None:
    assert square_places(pd.Series(["0_0"]), None).isna().all()


def test_real_square_in_the_west_end(real_store: Path) -> None:
    """The busiest square of 2018-19 on the real files, south-west corner (529500, 181000), spans
    529500-530000 E, 181000-181500 N (Soho and Covent Garden's edge): the ward holding its centre is
    Westminster's West End."""
    wards = gpd.read_parquet(real_store / "wards.parquet")
    got = square_places(pd.Series(["529500_181000"]), wards).iloc[0]
    assert got == "Westminster, near West End"
