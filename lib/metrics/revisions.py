"""What a release revised: the same months, areas and crime categories in two releases, compared.

The MPS re-extracts its history with every release, so a month's count can differ between releases
(shared data README 'Releases disagree'). Definition: for every month both releases publish, each
area's count of each published category in the later release minus the earlier one (revision), and
as a % of the earlier count. Releases in different category schemes (the pre-2018 scheme and the
current one) cannot be compared category by category: they are compared at indicator level (TNO,
MOPAC 7 and its seven members, each summed from its own scheme's categories by
``lib/reference/crime_categories.csv``).
"""

from __future__ import annotations

import pandas as pd

from lib.reference.categories import MOPAC7, MOPAC7_INDICATORS, TNO

# A revision is listed when it moves a count by at least MIN_OFFENCES offences AND by at least MIN_PCT
# per cent of the earlier count (a count that was 0 needs only the offences): smaller ones are the
# re-extraction's routine churn.
MIN_OFFENCES = 10
MIN_PCT = 5.0
LEVEL_CATEGORY, LEVEL_INDICATOR = "category", "indicator"
COMPARED_INDICATORS: tuple[str, ...] = (TNO, MOPAC7, *MOPAC7_INDICATORS)
AREA_KEYS = ["area_code", "area_name", "month"]
REVISION_COLUMNS = [*AREA_KEYS, "level", "major", "category", "before", "after", "revision", "pct"]


def _pct(rev: pd.Series, before: pd.Series) -> pd.Series:
    b = before.astype("float64")
    return (rev.astype("float64") / b * 100).where(b != 0)


def _compare(a: pd.DataFrame, b: pd.DataFrame, keys: list[str], level: str) -> pd.DataFrame:
    """Outer join of two releases' counts on ``keys`` (a key missing from one release counts 0 there)."""
    m = a.rename(columns={"count": "before"}).merge(b.rename(columns={"count": "after"}), on=keys, how="outer")
    m[["before", "after"]] = m[["before", "after"]].fillna(0).astype("int64")
    m["revision"] = m["after"] - m["before"]
    m["pct"] = _pct(m["revision"], m["before"])
    return m.assign(level=level)


def category_revisions(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Every (area, month, published category) of two releases in the same scheme, compared.

    ``before``/``after``: area_code, area_name, month, major, minor, count, for the months both
    releases publish. Columns: REVISION_COLUMNS (level 'category', category = the minor category).
    """
    keys = [*AREA_KEYS, "major", "minor"]
    cols = [*keys, "count"]
    m = _compare(before[cols], after[cols], keys, LEVEL_CATEGORY).rename(columns={"minor": "category"})
    return m[REVISION_COLUMNS]


def indicator_counts(counts: pd.DataFrame, categories: pd.DataFrame, indicators: tuple[str, ...]) -> pd.DataFrame:
    """Area × month counts of ``indicators``: the sum of each one's categories in each row's scheme.

    ``counts``: area_code, area_name, month, scheme, major, minor, count; ``categories``: the reviewed
    mapping (scheme, major, minor, indicator). Columns: area_code, area_name, month, indicator, count.
    """
    keys = ["scheme", "major", "minor"]
    members = categories.loc[categories["indicator"].isin(list(indicators)), [*keys, "indicator"]].astype("string")
    rows = counts.astype({k: "string" for k in keys}).merge(members, on=keys, how="inner")
    return rows.groupby([*AREA_KEYS, "indicator"], as_index=False, observed=True)["count"].sum()


def indicator_revisions(before: pd.DataFrame, after: pd.DataFrame, categories: pd.DataFrame,
                        indicators: tuple[str, ...] = COMPARED_INDICATORS) -> pd.DataFrame:
    """Every (area, month, indicator) of two releases compared, each release summed in its own scheme
    (the comparison across the 2018 change of scheme). Columns: REVISION_COLUMNS (level 'indicator',
    major empty, category = the indicator)."""
    keys = [*AREA_KEYS, "indicator"]
    a = indicator_counts(before, categories, indicators)
    b = indicator_counts(after, categories, indicators)
    m = _compare(a, b, keys, LEVEL_INDICATOR).rename(columns={"indicator": "category"}).assign(major="")
    return m[REVISION_COLUMNS]


def notable(revisions: pd.DataFrame, min_offences: int = MIN_OFFENCES, min_pct: float = MIN_PCT) -> pd.DataFrame:
    """The revisions over the threshold (see MIN_OFFENCES, MIN_PCT), largest first.

    Order: absolute revision in offences, then absolute %, then area, month and category names.
    """
    r = revisions
    big = (r["revision"].abs() >= min_offences) & ((r["before"] == 0) | (r["pct"].abs() >= min_pct))
    out = r[big]
    out = out.assign(_size=out["revision"].abs(), _pct=out["pct"].abs().fillna(float("inf")))
    out = out.sort_values(["_size", "_pct", "area_name", "month", "category"],
                          ascending=[False, False, True, True, True], kind="stable")
    return out.drop(columns=["_size", "_pct"]).reset_index(drop=True)
