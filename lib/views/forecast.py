"""Will the target be met? The tracker's reduction forecast for London and every borough.

``forecast_view(dataset, to, forecast_to, baseline, reduction, category)`` stands at ``to`` (the
tracker's latest month: nothing later is read, even when the dataset holds it) and forecasts the
change of the 12 months to ``forecast_to`` (default: the March at or after ``to``, the end of the
target's financial year) against the baseline, with 80% and 95% prediction intervals and the
probability of reaching the target, for London and each borough. The arithmetic is
``lib.metrics.forecast``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.errors import UsageError
from lib.metrics import crime_series as cs
from lib.metrics.forecast import (
    FORECAST_DRAWS,
    METHOD,
    area_seed,
    change_forecast,
    default_forecast_to,
    forecast_total,
)
from lib.metrics.targets import DEFAULT_BASELINE, DEFAULT_REDUCTION, check_months
from lib.periods import add_months, month_label, period_label
from lib.reference.boroughs import LONDON_CODE
from lib.reference.categories import MOPAC7
from lib.views.crime import CrimeDataset
from lib.views.unusual import series_kind

MAX_HORIZON = 24  # months after the latest month that a forecast may reach
COLUMNS = ["area_code", "area_name", "baseline", "observed", "observed_months", "central", "low_80", "high_80",
           "low_95", "high_95", "probability_of_target", "reason"]
METHOD_WORDS = (
    "The months already published count as they are. The months still to come are forecast from the trend and "
    "the usual seasonal pattern of the three years before, and simulated many times with the month-to-month "
    "variation the series has shown; the ranges hold the 12-month change in 80 and 95 of every 100 simulations, "
    "and the chance of meeting the target is the share of simulations that meet it."
)


@dataclass(frozen=True)
class ForecastView:
    """The tracker's forecast: one row per area (London first, then boroughs by central forecast)."""

    category: str
    to: str  # the latest month used (the forecast's origin)
    forecast_to: str  # the 12 months forecast end here
    baseline: tuple[str, str]
    reduction: float
    release: str | None
    release_words: str
    method: str
    method_words: str
    table: pd.DataFrame  # COLUMNS; changes in % against the baseline
    words: str  # London's forecast in one sentence

    def row(self, area_code: str) -> pd.Series:
        return self.table[self.table["area_code"] == area_code].iloc[0]


def _pct(v: float) -> str:
    return f"{v:+.1f}%".replace("-", "−")


def _sentence(lon: pd.Series, forecast_to: str, reduction: float, to: str) -> str:
    if pd.isna(lon["central"]):
        return f"London: no forecast ({lon['reason']})."
    return (f"London, 12 months to {month_label(forecast_to)}, forecast from figures to {month_label(to)}: "
            f"{_pct(lon['central'])} against the baseline (80% range {_pct(lon['low_80'])} to {_pct(lon['high_80'])}, "
            f"95% range {_pct(lon['low_95'])} to {_pct(lon['high_95'])}); chance of a {reduction:g}% reduction "
            f"{lon['probability_of_target']:.0%}.")


def forecast_view(dataset: CrimeDataset, to: str, forecast_to: str | None = None,
                  baseline: tuple[str, str] = DEFAULT_BASELINE, reduction: float = DEFAULT_REDUCTION,
                  category: str = MOPAC7, draws: int = FORECAST_DRAWS,
                  areas: tuple[str, ...] | None = None) -> ForecastView:
    """The reduction forecast for London and every borough (see the module docstring), or for ``areas`` only (GSS
    codes; the deck's slide 1 needs London's alone). Each area's forecast reads only its own series and its own
    random stream (:func:`lib.metrics.forecast.area_seed`), so an area's row is the same whichever areas are asked."""
    forecast_to = default_forecast_to(to) if forecast_to is None else forecast_to
    last_allowed = add_months(to, MAX_HORIZON)
    if not to <= forecast_to <= last_allowed:
        raise UsageError(f"--forecast-to must be a month from --to ({to}) to {MAX_HORIZON} months later "
                         f"({last_allowed}), not {forecast_to}")
    if baseline[1] > to:
        raise UsageError(f"the baseline {period_label(*baseline)} ends after {to}: nothing to forecast against")
    name, kind = series_kind(dataset, category)
    s = dataset.series[(dataset.series["indicator"] == name) & (dataset.series["kind"] == kind)]
    s = s[s["month"] <= to]
    if areas is not None:
        s = s[s["area_code"].isin(list(areas)).to_numpy(dtype=bool, na_value=False)]
    check_months(s, baseline[0], baseline[1], "the baseline")
    base = cs.window_totals(s, *baseline).set_index("area_code")
    rows = []
    for code, g in s.groupby("area_code", observed=True, sort=True):
        code = str(code)
        monthly = g[["month", "count"]]
        total = forecast_total(monthly, to, forecast_to, draws, area_seed(code))
        b = float(base["count"].get(code, np.nan))
        ch = change_forecast(total, b, reduction)
        low80, high80 = ch.intervals.get(80, (np.nan, np.nan))
        low95, high95 = ch.intervals.get(95, (np.nan, np.nan))
        rows.append({
            "area_code": code, "area_name": str(g["area_name"].iloc[0]), "baseline": b,
            "observed": total.observed, "observed_months": total.observed_months,
            "central": np.nan if ch.central is None else ch.central, "low_80": low80, "high_80": high80,
            "low_95": low95, "high_95": high95,
            "probability_of_target": np.nan if ch.probability is None else ch.probability, "reason": ch.reason,
        })
    table = pd.DataFrame(rows, columns=COLUMNS)
    is_lon = table["area_code"] == LONDON_CODE
    table = pd.concat([table[is_lon], table[~is_lon].sort_values(["central", "area_name"])], ignore_index=True)
    lon = table[table["area_code"] == LONDON_CODE]
    words = _sentence(lon.iloc[0], forecast_to, reduction, to) if len(lon) else "London: no forecast."
    return ForecastView(
        category=name, to=to, forecast_to=forecast_to, baseline=baseline, reduction=float(reduction),
        release=dataset.release, release_words=dataset.release_words, method=METHOD, method_words=METHOD_WORDS,
        table=table, words=words,
    )
