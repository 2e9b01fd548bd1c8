"""Most similar areas: nearest neighbours on standardised socio-demographic features.

Method (the one the Home Office / HMICFRS "most similar group" comparisons use in spirit, and the
one the Barking and Dagenham indicator summaries report as "rank 8of15"): each feature is
standardised over all the areas compared (z-score: subtract the mean, divide by the standard
deviation), and the distance between two areas is the Euclidean distance between their vectors of
z-scores, every feature weighted equally. An area's most similar group is the area itself plus its
``k`` nearest others (default 14, so a group of 15).

The same code serves boroughs (features from the ``borough_features`` table) and wards (from
``ward_features``, compared within London or within one borough), and neighbourhoods (confidence).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_GROUP_NEIGHBOURS = 14


def standardise(features: pd.DataFrame) -> pd.DataFrame:
    """Z-scores: each column minus its mean over the areas, divided by its standard deviation.

    Definition: z = (x − mean) / sd, sd with ddof=0 (population), computed over the rows given.
    A column with no spread (sd 0) carries no information and becomes all zeros; missing values
    are filled with the column mean (z = 0) so that one gap does not drop an area.
    """
    if all(dtype == "float64" for dtype in features.dtypes):  # already numbers: converting changes nothing
        num = features
    else:
        num = features.apply(pd.to_numeric, errors="coerce").astype("float64")
    mean = num.mean(axis=0)
    sd = num.std(axis=0, ddof=0)
    z = (num - mean) / sd.where(sd > 0)
    z = z.fillna(0.0)
    return z


def nearest_neighbours(features: pd.DataFrame, target: object, k: int) -> pd.DataFrame:
    """The ``k`` areas nearest to ``target``: Euclidean distance between z-scored feature vectors.

    Definition: every numeric column of ``features`` (index = area id, one row per area) is
    standardised over all rows (see :func:`standardise`); distance is the Euclidean distance of the
    z-score vectors (equal weights). Returns a DataFrame indexed by area id (the target itself
    excluded) with columns ``distance`` (float) and ``order`` (1 = nearest), sorted by distance,
    ties broken by area id. Fewer than ``k`` rows when there are fewer other areas.
    Raises KeyError if ``target`` is not in the index, ValueError if there are no numeric columns.
    """
    if target not in features.index:
        raise KeyError(f"{target!r} is not among the areas compared")
    if features.index.has_duplicates:
        raise ValueError("features index has duplicate area ids")
    numeric = features.select_dtypes(include="number")
    if numeric.shape[1] == 0:
        numeric = features.apply(pd.to_numeric, errors="coerce").dropna(axis=1, how="all")
    if numeric.shape[1] == 0:
        raise ValueError("features has no numeric columns")
    z = standardise(numeric)
    diff = z.to_numpy() - z.loc[[target]].to_numpy()
    dist = np.sqrt((diff**2).sum(axis=1))
    out = pd.DataFrame({"distance": dist}, index=z.index)
    out = out.drop(index=target)
    out["_id"] = out.index.astype(str)
    out["_key"] = out["distance"].round(9)  # ties equal up to floating-point noise
    out = out.sort_values(["_key", "_id"], kind="mergesort").drop(columns=["_id", "_key"])
    out = out.head(max(int(k), 0))
    out["order"] = np.arange(1, len(out) + 1)
    out.index.name = features.index.name
    return out


def feature_matrix(long: pd.DataFrame, id_column: str, features: list[str] | None = None) -> pd.DataFrame:
    """Wide matrix (one row per area, one column per feature) from a long features table.

    Definition: pivot of ``value`` by ``id_column`` × ``feature`` (the shape of the store's
    ``borough_features`` / ``ward_features`` tables); ``features`` restricts and orders the columns.
    Areas missing every chosen feature are dropped.
    """
    wide = long.pivot_table(index=id_column, columns="feature", values="value", aggfunc="first")
    wide.columns = [str(c) for c in wide.columns]
    if features is not None:
        wide = wide.reindex(columns=[f for f in features if f in wide.columns])
    wide = wide.dropna(how="all").astype("float64")
    wide.index = wide.index.astype(str)
    wide.index.name = id_column
    return wide


@dataclass(frozen=True)
class SimilarGroup:
    """An area's most similar group: itself first, then its neighbours nearest first."""

    target: str
    members: tuple[str, ...]  # target first
    distances: tuple[float, ...]  # 0.0 for the target
    features: tuple[str, ...]  # the feature names used

    @property
    def size(self) -> int:
        return len(self.members)


def most_similar_group(
    features_long: pd.DataFrame,
    area_code: str,
    k: int = DEFAULT_GROUP_NEIGHBOURS,
    id_column: str = "borough_code",
    features: list[str] | None = None,
    among: list[str] | None = None,
) -> SimilarGroup:
    """Most similar group: the area plus its ``k`` nearest areas on standardised features.

    Definition: the ``k`` (default 14) areas nearest on z-scored socio-demographic features by
    Euclidean distance (:func:`nearest_neighbours`), plus the area itself: a group of 15 for a
    London borough, as in the Barking and Dagenham indicator summaries ("8of15"). ``among`` limits
    the areas compared (e.g. the 32 MPS boroughs, or the wards of one borough) before standardising.
    """
    wide = feature_matrix(features_long, id_column, features)
    if among is not None:
        wide = wide.loc[wide.index.isin([str(a) for a in among])]
    if area_code not in wide.index:
        raise KeyError(f"{area_code!r} has no socio-demographic features to compare")
    nn = nearest_neighbours(wide, area_code, k)
    return SimilarGroup(
        target=area_code,
        members=(area_code, *map(str, nn.index)),
        distances=(0.0, *map(float, nn["distance"])),
        features=tuple(wide.columns),
    )


def rank_in_group(values: pd.Series, group: SimilarGroup) -> tuple[int | None, int]:
    """Rank of the target's value within its group, 1 = lowest, and the group size.

    Definition: position of the target when the group's values (e.g. crime rates per 1,000) are
    sorted ascending, ties sharing the lowest rank ("min"); as in "rank 8of15" in the Barking and
    Dagenham summaries. Members without a value are left out of the count; (None, n) if the target
    has none.
    """
    v = values.reindex(list(group.members)).dropna()
    if group.target not in v.index:
        return None, int(len(v))
    ranks = v.rank(method="min", ascending=True)
    return int(ranks[group.target]), int(len(v))


def group_average(values: pd.Series, group: SimilarGroup) -> float | None:
    """Group average: unweighted mean of the members' values (the target included).

    Definition: arithmetic mean over the group's members of the value given (e.g. the rate per
    1,000 residents), as the "MSG average" line of the indicator summaries.
    """
    v = values.reindex(list(group.members)).dropna()
    return float(v.mean()) if len(v) else None
