"""What drove a change: an indicator's change between two periods split into its published crime
categories and into wards, each part's contribution = its count now − its count then.

Definition (as ONS bulletins name what drove a change): for the period and its comparison period
(``lib.periods.Period``, the crime page's 12 months against the 12 before), each published category
counted in the indicator (``lib/reference/crime_categories.csv``, in the scheme of each month) gets
previous = its count over the comparison months, current = its count over the period's months and
contribution = current − previous. The contributions add up exactly to the indicator's own change,
because the indicator's count is the sum of those categories. Wards: the same for each ward's
indicator count from the ward file, whose total (``wards_change``) need not equal the area's own.
Largest in absolute size first (ties by name).
"""

from __future__ import annotations

import pandas as pd

from lib.periods import Period

# A part "drove most of" a change when it is at least this share of the change (in the same direction);
# below it the change is called spread across several parts.
MOST_SHARE = 0.5
PART_COLUMNS = ["previous", "current", "contribution"]


def _in(months: pd.Series, first: str, last: str) -> pd.Series:
    return (months >= first) & (months <= last)


def _split(rows: pd.DataFrame, keys: list[str], period: Period) -> pd.DataFrame:
    """previous, current and contribution of each ``keys`` group of ``rows`` (month, count), largest
    absolute contribution first, then by ``keys``; groups with nothing in either period left out."""
    m = rows["month"].astype("string")
    r = rows.assign(
        previous=rows["count"].where(_in(m, period.prev_first, period.prev_last), 0).astype("int64"),
        current=rows["count"].where(_in(m, period.first, period.last), 0).astype("int64"),
    )
    g = r.groupby(keys, as_index=False, observed=True, dropna=False)[["previous", "current"]].sum()
    g = g[(g["previous"] != 0) | (g["current"] != 0)]
    g["contribution"] = g["current"] - g["previous"]
    g = g.assign(_size=g["contribution"].abs()).sort_values(["_size", *keys], ascending=[False, *[True] * len(keys)],
                                                            kind="stable")
    return g.drop(columns="_size").reset_index(drop=True)


def category_contributions(counts: pd.DataFrame, categories: pd.DataFrame, indicator: str,
                           period: Period) -> pd.DataFrame:
    """Each published category's part in one area's change of ``indicator`` over ``period``.

    ``counts``: the area's published counts (month, scheme, major, minor, count) for the months of the
    period and its comparison period; ``categories``: the reviewed mapping (scheme, major, minor,
    indicator). Columns: scheme, major, category (the published minor category), previous, current,
    contribution; the contributions add up to the indicator's change (see the module docstring).
    """
    members = categories.loc[categories["indicator"] == indicator, ["scheme", "major", "minor"]].drop_duplicates()
    keys = ["scheme", "major", "minor"]
    rows = counts.astype({k: "string" for k in keys}).merge(members.astype("string"), on=keys, how="inner")
    out = _split(rows[["month", *keys, "count"]], keys, period)
    return out.rename(columns={"minor": "category"})[["scheme", "major", "category", *PART_COLUMNS]]


def ward_contributions(series: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Each ward's part in the change of one indicator over ``period``, from the ward file.

    ``series``: the wards' monthly counts of the indicator (area_code = ward code, area_name = ward
    name, borough_code, month, count). Columns: ward_code, ward, borough_code, previous, current,
    contribution. Their sum is the wards' own change, which need not equal the area's.
    """
    rows = series[["area_code", "area_name", "borough_code", "month", "count"]]
    out = _split(rows, ["area_code", "area_name", "borough_code"], period)
    out = out.rename(columns={"area_code": "ward_code", "area_name": "ward"})
    return out[["ward_code", "ward", "borough_code", *PART_COLUMNS]]


def largest_in_direction(parts: pd.DataFrame, change: int, eligible: pd.Series | None = None) -> int | None:
    """Index (row position) of the part with the largest contribution in the direction of ``change``
    (a rise: the largest positive; a fall: the largest negative), among ``eligible`` rows; None when
    there is no change or no such part."""
    if change == 0 or not len(parts):
        return None
    c = parts["contribution"].to_numpy()
    ok = (c > 0) if change > 0 else (c < 0)
    if eligible is not None:
        ok = ok & eligible.to_numpy()
    if not ok.any():
        return None
    size = abs(c) * ok
    return int(size.argmax())


def share_of_change(contribution: int, change: int) -> float | None:
    """A part's contribution as a share of the change (1.0 = all of it); None when there is no change."""
    return None if change == 0 else contribution / change


def combine_parts(parts: pd.DataFrame, by: pd.Series) -> pd.DataFrame:
    """Parts summed by a label (``by``, one per row of ``parts``): the crime types a recode splits across
    categories counted as one. Columns: label, previous, current, contribution; largest absolute
    contribution first, then by label. The contributions still add up to the same change."""
    g = parts[PART_COLUMNS].assign(label=by.to_numpy()).groupby("label", as_index=False)[PART_COLUMNS].sum()
    g = g.assign(_size=g["contribution"].abs()).sort_values(["_size", "label"], ascending=[False, True], kind="stable")
    return g.drop(columns="_size").reset_index(drop=True)
