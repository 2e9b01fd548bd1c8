"""The MOPAC 7 target tracker: reduction since a baseline year, borough by borough.

The MOPAC Police and Crime Plan 2013-16 set a 20% reduction in the seven key neighbourhood crimes
("MOPAC 7") against the baseline financial year 2011/12 (April 2011 to March 2012), measured on
the 12 months to the latest month (March 2015 Challenge transcript, seed 004: "We are at 19.8%
based on February figures"; "16 of the 32 boroughs are currently seeing reductions of the MOPAC 7
of 20% or more"). "Using the Metropolitan Police Service's statistical approach, 20%, which is you
have to be at 20% or higher": a borough meets the target when its reduction, as shown to one
decimal place, is at least the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from lib.errors import UsageError
from lib.metrics.change import pct_change, pct_change_series
from lib.metrics.crime_series import KIND_INDICATOR, window_totals
from lib.periods import add_months, month_index, month_range, parse_period, rolling_12
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME
from lib.reference.categories import MOPAC7

DEFAULT_BASELINE = ("2011-04", "2012-03")  # financial year 2011/12 (Police and Crime Plan 2013-16)
DEFAULT_REDUCTION = 20.0
DISPLAY_DECIMALS = 1


def round_half_up(x: float, decimals: int = DISPLAY_DECIMALS) -> float:
    """x rounded as published (half away from zero), e.g. −19.75 → −19.8."""
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def meets_target(pct: float | None, reduction: float = DEFAULT_REDUCTION) -> bool | None:
    """True when the reduction is at least the target, compared as published (one decimal place).

    Definition: meets when round(pct_change, 1) ≤ −reduction ("you have to be at 20% or higher",
    transcript, seed 004); None when the change cannot be computed.
    """
    if pct is None or (isinstance(pct, float) and np.isnan(pct)):
        return None
    return round_half_up(pct) <= -float(reduction)


def _series_for(series: pd.DataFrame, category: str) -> pd.DataFrame:
    s = series[(series["indicator"] == category) & (series["kind"] == KIND_INDICATOR)]
    if not len(s):
        s = series[series["indicator"] == category]
        kinds = set(s["kind"])
        if len(kinds) > 1:  # a minor category named as its major: prefer the major
            s = s[s["kind"] == sorted(kinds)[0]]
    if not len(s):
        raise UsageError(f"unknown crime category {category!r}")
    return s


def check_months(series: pd.DataFrame, first: str, last: str, what: str) -> None:
    """UsageError unless every month first..last is in the data."""
    have = set(map(str, series["month"].unique()))
    missing = [m for m in month_range(first, last) if m not in have]
    if missing:
        span = f"{min(have)} to {max(have)}" if have else "no months"
        raise UsageError(
            f"{what} needs {first} to {last}, but the data lack {len(missing)} of those months "
            f"(first missing {missing[0]}; data cover {span})"
        )


def target_table(
    series: pd.DataFrame,
    to: str,
    baseline: tuple[str, str] = DEFAULT_BASELINE,
    reduction: float = DEFAULT_REDUCTION,
    category: str = MOPAC7,
) -> pd.DataFrame:
    """% change from the baseline period to the 12 months to ``to``, for London and every borough.

    Definition: baseline = total over the baseline months (default FY 2011/12), current = total over
    the 12 months ending ``to``, pct_change = (current − baseline) / baseline × 100, meets_target per
    :func:`meets_target` (London's row is judged the same way). Sorted London first, then boroughs
    by pct_change (largest reduction first). Columns: area_code, area_name, baseline, current,
    pct_change, meets_target, rank (1 = largest reduction), releases.
    """
    s = _series_for(series, category)
    first, last = rolling_12(to)
    check_months(s, baseline[0], baseline[1], "the baseline")
    check_months(s, first, last, "the 12 months to " + to)
    b = window_totals(s, *baseline)[["area_code", "area_name", "count", "releases"]]
    c = window_totals(s, first, last)[["area_code", "count", "releases"]]
    t = b.merge(c, on="area_code", suffixes=("_b", "_c"))
    out = pd.DataFrame({
        "area_code": t["area_code"],
        "area_name": t["area_name"],
        "baseline": t["count_b"],
        "current": t["count_c"],
        "pct_change": pct_change_series(t["count_c"], t["count_b"]),
        "releases": [
            "+".join(sorted(set(a.split("+")) | set(b_.split("+"))))
            for a, b_ in zip(t["releases_b"], t["releases_c"], strict=True)
        ],
    })
    out["meets_target"] = [meets_target(p, reduction) for p in out["pct_change"]]
    is_lon = out["area_code"] == LONDON_CODE
    bor = out[~is_lon].sort_values(["pct_change", "area_name"]).reset_index(drop=True)
    bor["rank"] = pd.Series(np.arange(1, len(bor) + 1), dtype="Int64")
    lon = out[is_lon].assign(rank=pd.Series([pd.NA] * int(is_lon.sum()), dtype="Int64"))
    return pd.concat([lon, bor], ignore_index=True)


@dataclass(frozen=True)
class TargetSummary:
    """The headline of the tracker."""

    category: str
    baseline: tuple[str, str]
    to: str
    reduction: float
    london_baseline: float
    london_current: float
    london_pct_change: float | None
    meeting: int
    total: int


def target_summary(table: pd.DataFrame, to: str, baseline: tuple[str, str], reduction: float,
                   category: str = MOPAC7) -> TargetSummary:
    """London's change and how many boroughs meet the reduction (from :func:`target_table`)."""
    lon = table[table["area_code"] == LONDON_CODE].iloc[0]
    bor = table[table["area_code"] != LONDON_CODE]
    return TargetSummary(
        category=category,
        baseline=baseline,
        to=to,
        reduction=float(reduction),
        london_baseline=float(lon["baseline"]),
        london_current=float(lon["current"]),
        london_pct_change=pct_change(float(lon["current"]), float(lon["baseline"])),
        meeting=int((bor["meets_target"] == True).sum()),  # noqa: E712 - object column with None
        total=int(len(bor)),
    )


def trajectory(
    series: pd.DataFrame,
    to: str,
    baseline: tuple[str, str] = DEFAULT_BASELINE,
    area_codes: tuple[str, ...] = (LONDON_CODE,),
    category: str = MOPAC7,
    reduction: float = DEFAULT_REDUCTION,
) -> pd.DataFrame:
    """Month by month, the % change of the 12 months to each month against the baseline.

    Definition: for each month M from the first full 12 months after the baseline to ``to``:
    (total over the 12 months to M − baseline total) / baseline total × 100, for each area asked;
    with the target line (−reduction). Columns: area_code, area_name, month, rolling_12,
    baseline, pct_change, target_pct. Months whose 12-month window is incomplete are left out.
    """
    s = _series_for(series, category)
    s = s[s["area_code"].isin(area_codes)]
    check_months(s, baseline[0], baseline[1], "the baseline")
    base = window_totals(s, *baseline).set_index("area_code")["count"]
    start = add_months(baseline[1], 12)
    if month_index(start) > month_index(to):
        start = to
    m = s[(s["month"] >= add_months(start, -11)) & (s["month"] <= to)].sort_values(["area_code", "month"])
    rows = []
    for code, g in m.groupby("area_code", observed=True):
        full = month_range(g["month"].iloc[0], to)
        v = g.set_index("month")["count"].astype("float64").reindex(full)
        r = v.rolling(12, min_periods=12).sum()
        frame = pd.DataFrame({"month": full, "rolling_12": r.to_numpy()})
        frame = frame[(frame["month"] >= start) & frame["rolling_12"].notna()]
        frame.insert(0, "area_name", str(g["area_name"].iloc[0]))
        frame.insert(0, "area_code", str(code))
        frame["baseline"] = float(base.get(code, np.nan))
        rows.append(frame)
    if not rows:
        return pd.DataFrame(columns=["area_code", "area_name", "month", "rolling_12", "baseline",
                                     "pct_change", "target_pct"])
    out = pd.concat(rows, ignore_index=True)
    out["pct_change"] = pct_change_series(out["rolling_12"], out["baseline"])
    out["target_pct"] = -float(reduction)
    return out


@dataclass(frozen=True)
class Revision:
    """The same tracker question answered as first published and on the newest figures."""

    release_then: str
    pct_then: float | None
    meeting_then: int
    pct_now: float | None
    meeting_now: int

    @property
    def words(self) -> str:
        """'revised since first published: −19.8% then, −19.1% now'."""
        def f(p: float | None) -> str:
            return "not available" if p is None else f"{round_half_up(p):+.1f}%".replace("-", "−")
        return f"revised since first published (release {self.release_then}): {f(self.pct_then)} then, " \
               f"{f(self.pct_now)} now"


def revision(
    then_series: pd.DataFrame,
    now_series: pd.DataFrame,
    release_then: str,
    to: str,
    baseline: tuple[str, str] = DEFAULT_BASELINE,
    reduction: float = DEFAULT_REDUCTION,
    category: str = MOPAC7,
) -> Revision:
    """London's % change and boroughs meeting the target as first published vs. on the newest data.

    Definition: :func:`target_table` on the series pinned to ``release_then`` and on the default
    (newest release per month) series; the difference is the MPS's re-extraction of its history.
    """
    a = target_summary(target_table(then_series, to, baseline, reduction, category), to, baseline, reduction)
    b = target_summary(target_table(now_series, to, baseline, reduction, category), to, baseline, reduction)
    return Revision(release_then, a.london_pct_change, a.meeting, b.london_pct_change, b.meeting)


def first_release_containing(
    releases_table: pd.DataFrame, first: str, last: str, level: str = "borough"
) -> str | None:
    """The earliest release that covers every month first..last (the figures "as first published")."""
    r = releases_table[releases_table["level"] == level]
    spans = r.groupby("release").agg(first_month=("first_month", "min"), last_month=("last_month", "max"))
    ok = spans[(spans["first_month"] <= first) & (spans["last_month"] >= last)]
    return str(sorted(ok.index)[0]) if len(ok) else None


def parse_baseline(text: str) -> tuple[str, str]:
    """'2011-04:2012-03' or '2011/12' as (first, last) (UsageError when malformed)."""
    return parse_period(text)


__all__ = [
    "DEFAULT_BASELINE", "DEFAULT_REDUCTION", "LONDON_NAME", "Revision", "TargetSummary",
    "first_release_containing", "meets_target", "parse_baseline", "revision", "target_summary",
    "target_table", "trajectory",
]
