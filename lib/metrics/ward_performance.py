"""Ward-level crime for the months the ward file covers: counts, % change, rate, rank within borough.

The MPS ward files (2022 ward codes, 2010-04 onwards: a history file and a recent one) use the current
category scheme, so the same indicators as the borough figures apply. Rates use ward populations from
``ward_features`` (feature ``population``) when the store has them; otherwise they are missing and the page says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.metrics.crime_performance import compare_periods
from lib.metrics.crime_series import KIND_INDICATOR

# The latest resident count published for the 2025 wards: Census 2011 usual residents of the LSOAs
# placed in each ward (lib/ingest/census.py); rates on it are labelled as such.
WARD_POPULATION_FEATURE = "population_2011"


def ward_populations(ward_features: pd.DataFrame | None) -> pd.Series:
    """Resident population by ward code (from ``ward_features``), empty when not available."""
    if ward_features is None or not len(ward_features):
        return pd.Series(dtype="float64")
    p = ward_features[ward_features["feature"] == WARD_POPULATION_FEATURE]
    return pd.Series(p["value"].astype("float64").to_numpy(), index=p["ward_code"].astype(str))


def ward_table(
    series: pd.DataFrame,
    ward_features: pd.DataFrame | None,
    borough_code: str | None,
    indicator: str,
    to: str,
    kind: str = "r12",
) -> pd.DataFrame:
    """Every ward of a borough (or of London when ``borough_code`` is None) for one indicator and period.

    Definition: :func:`lib.metrics.crime_performance.compare_periods` on the ward series; rate_per_1000 = current
    count ÷ ward residents × 1,000 where the population is known; rank_in_borough = position of the
    ward's rate (or, without populations, its count) among the borough's wards, 1 = lowest;
    rank_basis says which. Columns: ward_code, ward_name, borough_code, borough_name, current,
    previous, pct_change, rate_per_1000, rank_in_borough, wards_in_borough, rank_basis.
    """
    s = series[(series["indicator"] == indicator) & (series["kind"] == KIND_INDICATOR)]
    if borough_code is not None:
        s = s[s["borough_code"] == borough_code]
    return ward_ranks(ward_figures(s, ward_features, to, kind), borough_code)


def ward_figures(series: pd.DataFrame, ward_features: pd.DataFrame | None, to: str, kind: str = "r12",
                 ) -> pd.DataFrame | None:
    """The first step of :func:`ward_table`: each ward's counts, % change and rate for the period, from
    ``series`` already limited to one indicator (None when it has no rows). A ward's figures depend on its
    own rows alone, so London's wards can be worked out once and :func:`ward_ranks` take any borough's."""
    if not len(series):
        return None
    c = compare_periods(series, kind, to).rename(columns={"area_code": "ward_code", "area_name": "ward_name"})
    pop = ward_populations(ward_features)
    c["population"] = c["ward_code"].map(pop).astype("float64")
    c["rate_per_1000"] = c["current"] / c["population"] * 1000
    return c


def ward_ranks(figures: pd.DataFrame | None, borough_code: str | None) -> pd.DataFrame:
    """The second step of :func:`ward_table`: a borough's wards (every ward when ``borough_code`` is None)
    from :func:`ward_figures`, ranked within their borough as :func:`ward_table` defines it."""
    if figures is not None and borough_code is not None:
        figures = figures[(figures["borough_code"] == borough_code).to_numpy(dtype=bool, na_value=False)]
    if figures is None or not len(figures):
        return pd.DataFrame(columns=["ward_code", "ward_name", "borough_code", "borough_name", "current",
                                     "previous", "pct_change", "rate_per_1000", "rank_in_borough",
                                     "wards_in_borough", "rank_basis"])
    c = figures.copy()
    has_rate = c["rate_per_1000"].notna().all()
    basis = "rate per 1,000 residents (Census 2011)" if has_rate else "count"
    value = c["rate_per_1000"] if has_rate else c["current"]
    c["rank_in_borough"] = value.groupby(c["borough_code"]).rank(method="min").astype("Int64")
    c["wards_in_borough"] = c.groupby("borough_code")["ward_code"].transform("count").astype("int64")
    c["rank_basis"] = basis
    cols = ["ward_code", "ward_name", "borough_code", "borough_name", "current", "previous", "pct_change",
            "rate_per_1000", "rank_in_borough", "wards_in_borough", "rank_basis"]
    out = c[cols].sort_values(["borough_name", "rank_in_borough", "ward_name"]).reset_index(drop=True)
    out["rate_per_1000"] = out["rate_per_1000"].replace([np.inf, -np.inf], np.nan)
    return out
