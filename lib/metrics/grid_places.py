"""Names for map grid squares in words: the borough and the nearest ward, never grid codes.

A 500 m search square (``lib.metrics.spatial_bins``) is named after where its centre falls: the
ward that contains the centre, or failing that the nearest ward, as "Borough, near Ward"
(e.g. "Hackney, near Dalston"). Ward and borough names come from the store's ward boundaries (the
2022 wards dissolved from LSOA 2021 shapes, ONS best-fit lookup). Two squares in the same ward
share a name; the table beside the map keeps them apart by their search counts.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from lib.metrics.spatial_bins import BNG, CELL_METRES


def square_centres(cell_ids: pd.Series, cell_m: int = CELL_METRES) -> gpd.GeoSeries:
    """The centre of each square on the British National Grid from its id 'E_N' (south-west corner, metres)."""
    parts = cell_ids.astype(str).str.split("_", n=1, expand=True)
    e = pd.to_numeric(parts[0]).to_numpy(dtype="float64") + cell_m / 2
    n = pd.to_numeric(parts[1]).to_numpy(dtype="float64") + cell_m / 2
    return gpd.GeoSeries(gpd.points_from_xy(e, n), index=cell_ids.index, crs=BNG)


PLACE_COLUMNS = ["ward_name", "borough_name", "geometry"]


def prepare_wards(wards: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """The ward boundaries :func:`square_places` needs (ward_name, borough_name, geometry) on the British
    National Grid, numbered from 0. Done once, the result can be passed to every call (re-projecting the
    wards and building their spatial index are most of the cost of naming a borough's squares)."""
    if wards is None or wards.empty:
        return None
    w = wards[PLACE_COLUMNS]
    w = w.to_crs(BNG) if w.crs is not None else w.set_crs("EPSG:4326").to_crs(BNG)
    return w.reset_index(drop=True)


def _prepared(w: gpd.GeoDataFrame) -> bool:
    return (list(w.columns) == PLACE_COLUMNS and w.crs is not None and w.crs.to_epsg() == 27700
            and isinstance(w.index, pd.RangeIndex) and w.index.start == 0 and w.index.step == 1)


def square_places(cell_ids: pd.Series, wards: gpd.GeoDataFrame | None, cell_m: int = CELL_METRES) -> pd.Series:
    """Each square's name in words: "Borough, near Ward" from the ward containing its centre.

    Definition: centre = south-west corner + half a side (British National Grid); the ward whose
    boundary contains the centre (the first, should boundaries overlap), else the nearest ward by
    distance; name = f"{borough_name}, near {ward_name}". With no ward boundaries (``wards`` None
    or empty) every name is missing. ``wards`` needs ward_name, borough_name and geometry; it may be
    the result of :func:`prepare_wards`, used as it is.
    """
    out = pd.Series(pd.NA, index=cell_ids.index, dtype="string")
    if wards is None or wards.empty or cell_ids.empty:
        return out
    w = wards if _prepared(wards) else prepare_wards(wards)
    points = gpd.GeoDataFrame({"pos": np.arange(len(cell_ids))}, geometry=square_centres(cell_ids, cell_m).values,
                               crs=BNG)
    hit = gpd.sjoin(points, w, how="left", predicate="within").drop_duplicates("pos").set_index("pos")
    missing = hit["index_right"].isna()
    if missing.any():
        near = gpd.sjoin_nearest(points[points["pos"].isin(hit.index[missing])], w, how="left")
        near = near.drop_duplicates("pos").set_index("pos")
        hit.loc[near.index, ["ward_name", "borough_name"]] = near[["ward_name", "borough_name"]]
    hit = hit.sort_index()
    names = hit["borough_name"].astype("string") + ", near " + hit["ward_name"].astype("string")
    out[:] = names.to_numpy()
    return out
