"""Will the target be met? A forecast of the 12-month total to a chosen month, and of its change
against the baseline, with prediction intervals and the probability of reaching the target.

Method (parametric bootstrap of the monthly model of ``lib.metrics.unusual``, with a drift term
measured from the model's own past errors). Standing at the origin month (the latest month used;
nothing after it is read), the 12 months to the forecast month are split into months already
observed and months still to come. The observed months are counted as published: they carry no
uncertainty. The months to come are forecast from the quasi-Poisson log-linear model (trend and
calendar-month effects) fitted on the 36 months to the origin, and simulated ``FORECAST_DRAWS``
times with a fixed seed; each draw

1. draws the dispersion φ* = φ̂·d/χ²_d (d = 23 degrees of freedom: φ̂ is estimated, not known),
2. draws the coefficients from their normal approximation N(β̂, φ*/φ̂·cov(β̂)) (the trend and the
   seasonal effects are estimated too, and the uncertainty of the trend grows with the horizon),
3. draws a drift δ ~ N(0, τ*²) shared by all the months to come: a change of level or trend that
   the 36 months could not foresee (crime turned from falling to rising in 2014-15, and fell
   sharply in 2020). τ² is measured on the same series at the same horizon: the model's forecasts
   from the ``LOOKBACK`` (60) latest past origins whose outcome is known at the origin missed by
   e = log(actual/forecast); τ² = mean(e²) − the model's own mean variance of log(sum), at least 0
   (:func:`drift_variance`, a method-of-moments variance-components estimate). The past errors
   overlap (consecutive origins forecast almost the same months), so τ² rests on about
   ν = (past forecasts)/min(horizon, 12) independent errors, at least 2 (:func:`drift_df`), and each
   draw takes τ*² = τ̂²·ν/χ²_ν, as step 1 does for φ; δ is then Student-t-like. Without the drift
   the intervals held the real outcome far less often than stated (docs/METHODS.md).
4. draws each future month's count from a gamma-Poisson (negative binomial) distribution with the
   drawn mean μ·e^δ and variance φ*·μ·e^δ (Poisson when φ* ≤ 1), independently month to month,

and adds the observed months to the simulated ones. The change against the baseline follows per
draw, (total − baseline) / baseline × 100; the central forecast is the median draw, the 80% and 95%
prediction intervals the 10-90% and 2.5-97.5% percentiles of the draws, and the probability of
reaching the target the share of draws that meet it by the published rule
(``lib.metrics.targets.meets_target``: the change rounded to one decimal place, half away from
zero, at or below −reduction). Simulating the monthly counts, rather than the rolling 12-month
totals, keeps the overlap of consecutive rolling totals out of the model: each month's count enters
once. The simulation is the "simulation-based prediction interval" of Hyndman and Athanasopoulos,
Forecasting: Principles and Practice, 3rd ed., section 5.5, on a generalised linear model.

Needs the 36 consecutive months to the origin (as ``lib.metrics.unusual``) and at least
``MIN_PAST_FORECASTS`` (12) past forecasts at the same horizon, i.e. 36 + horizon + 11 months.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.metrics.unusual import HISTORY_MONTHS, forecast_design, history_fit
from lib.periods import add_months, month_index, month_range, rolling_12

FORECAST_DRAWS = 10_000  # simulated futures per area
FORECAST_SEED = 24  # the random stream (issue 24); each area's stream also depends on its code
INTERVAL_LEVELS = (80, 95)  # central prediction intervals, %
LOOKBACK = 60  # past forecast origins (the latest whose outcome is known at the origin) that measure the drift
MIN_PAST_FORECASTS = 12  # fewer past forecasts than this: no forecast
MIN_DRIFT_DF = 2.0  # the drift variance is never treated as known from fewer independent errors than this
DISPLAY_DECIMALS = 1  # the published rule rounds a change to one decimal place
METHOD = (
    "parametric bootstrap of the monthly quasi-Poisson log-linear model (trend and calendar-month effects, "
    "fitted on the 36 months to the origin): observed months as published, future months simulated "
    f"{FORECAST_DRAWS:,} times with parameter and dispersion uncertainty, a level drift measured from the "
    "model's past forecast errors at the same horizon, and negative-binomial noise"
)


def area_seed(key: str, seed: int = FORECAST_SEED) -> np.random.Generator:
    """The random stream of one area's forecast: fixed by ``seed`` and the area code, so an area's answer
    does not depend on which other areas are forecast with it."""
    return np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])


def simulate_months(history: np.ndarray, last: str, horizon: int, draws: int,
                    rng: np.random.Generator, drift_sd: float = 0.0, drift_df: float = np.inf) -> np.ndarray | None:
    """Simulated counts of the ``horizon`` months after ``last`` (draws × horizon), from the model fitted
    on ``history`` (consecutive counts ending ``last``), or None when it cannot be fitted.

    Definition: steps 1-4 of the module docstring (dispersion, coefficients, drift, gamma-Poisson counts).
    """
    fit = history_fit(history, last)
    if fit is None:
        return None
    if horizon <= 0:
        return np.zeros((draws, 0))
    x = forecast_design(len(history), last, horizon)
    phi = fit.dispersion * fit.df / rng.chisquare(fit.df, draws)
    root = np.linalg.cholesky(fit.cov / fit.dispersion)
    beta = fit.beta + np.sqrt(phi)[:, None] * (rng.standard_normal((draws, len(fit.beta))) @ root.T)
    tau = drift_sd * (np.sqrt(drift_df / rng.chisquare(drift_df, (draws, 1))) if np.isfinite(drift_df) else 1.0)
    mu = np.exp(beta @ x.T + tau * rng.standard_normal((draws, 1)))
    extra = np.clip(phi - 1.0, 0.0, None)[:, None]  # gamma mixing: variance φμ = μ + (φ − 1)μ
    shape = np.divide(mu, extra, out=np.ones_like(mu), where=extra > 0)
    lam = np.where(extra > 0, rng.gamma(shape, np.broadcast_to(extra, mu.shape)), mu)
    return rng.poisson(lam).astype("float64")


def point_forecast(counts: pd.Series, origin: str, to: str) -> tuple[float, float] | None:
    """The model's forecast of the months of the 12 to ``to`` that come after ``origin``, from the 36 months
    to ``origin`` (``counts``: monthly counts indexed by month): their expected sum m and the model's own
    variance of log(sum), (φ·m + var(m̂)) / m², by the delta method; None without 36 months or a fit."""
    hist = counts.reindex(month_range(add_months(origin, -(HISTORY_MONTHS - 1)), origin))
    return _point_forecast(hist.to_numpy(dtype="float64"), origin, month_index(to) - month_index(origin))


def _point_forecast(hist: np.ndarray, origin: str, horizon: int) -> tuple[float, float] | None:
    """:func:`point_forecast` from the 36 counts to ``origin`` (NaN where a month is missing)."""
    if np.isnan(hist).any() or horizon <= 0:
        return None
    fit = history_fit(hist, origin)
    if fit is None:
        return None
    x = forecast_design(HISTORY_MONTHS, origin, horizon)[max(horizon - 12, 0):]
    mu = fit.mean(x)
    m, grad = float(mu.sum()), mu @ x
    return m, (fit.dispersion * m + float(grad @ fit.cov @ grad)) / m**2


def drift_variance(counts: pd.Series, origin: str, to: str) -> tuple[float, int]:
    """How far the model's forecasts of this series, at this horizon, have missed beyond its own
    uncertainty: τ² = max(0, mean(e²) − mean(v)) over the past forecasts whose outcome is known at
    ``origin``, with e = log((actual + ½)/(forecast + ½)) and v the model's variance of log(sum)
    (:func:`point_forecast`); and the number of past forecasts.

    Definition: the past origins are the latest ``LOOKBACK`` months o with o + horizon ≤ ``origin``;
    each forecasts the same months of its own 12-month window as the forecast at ``origin`` does
    (a variance-components estimate by the method of moments: error variance = model variance + drift).
    """
    horizon = month_index(to) - month_index(origin)
    # every month any past forecast reads, oldest first (NaN where the series lacks one): read once
    first = add_months(origin, -(horizon + LOOKBACK - 1) - (HISTORY_MONTHS - 1))
    months = counts.reindex(month_range(first, origin)).to_numpy(dtype="float64")
    errors, model = [], []
    for back in range(horizon, horizon + LOOKBACK):
        at = len(months) - 1 - back  # the past origin o = origin - back; its window ends at o + horizon
        p = _point_forecast(months[at - (HISTORY_MONTHS - 1):at + 1], add_months(origin, -back), horizon)
        actual = months[at + horizon - min(horizon, 12) + 1:at + horizon + 1]
        if p is None or np.isnan(actual).any():
            continue
        errors.append(np.log((float(actual.sum()) + 0.5) / (p[0] + 0.5)))
        model.append(p[1])
    if not errors:
        return 0.0, 0
    return max(float(np.mean(np.square(errors)) - np.mean(model)), 0.0), len(errors)


def drift_df(past_forecasts: int, horizon: int) -> float:
    """Degrees of freedom of the drift variance: the number of past forecasts whose windows do not
    overlap, past_forecasts / min(horizon, 12), at least ``MIN_DRIFT_DF``."""
    return max(past_forecasts / max(min(horizon, 12), 1), MIN_DRIFT_DF)


@dataclass(frozen=True)
class TotalForecast:
    """Simulated totals of the 12 months to ``to`` as seen at ``origin``."""

    origin: str
    to: str
    observed: float  # the months of the 12 already published at the origin
    observed_months: int
    draws: np.ndarray | None  # simulated 12-month totals (observed part included); None: no fit
    reason: str | None = None
    drift_sd: float = 0.0  # τ, the standard deviation of the drift (log scale)
    past_forecasts: int = 0  # the past forecasts τ was measured on


def forecast_total(monthly: pd.DataFrame, origin: str, to: str, draws: int = FORECAST_DRAWS,
                   rng: np.random.Generator | None = None) -> TotalForecast:
    """The 12 months to ``to`` forecast at ``origin`` from a monthly series (columns month, count).

    Definition: the months of the 12 up to ``origin`` as published, plus the later ones simulated
    (:func:`simulate_months`) from the 36 months to ``origin``; nothing after ``origin`` is read.
    """
    rng = rng or np.random.default_rng(FORECAST_SEED)
    counts = monthly.set_index(monthly["month"].astype(str))["count"].astype("float64")
    first, last = rolling_12(to)
    window = month_range(first, last)
    seen = [m for m in window if m <= origin]
    observed = counts.reindex(seen)
    if observed.isna().any():
        miss = observed[observed.isna()].index[0]
        return TotalForecast(origin, to, np.nan, len(seen), None, f"no count for {miss}")
    history_first = add_months(origin, -(HISTORY_MONTHS - 1))
    hist = counts.reindex(month_range(history_first, origin))
    if hist.isna().any():
        return TotalForecast(origin, to, float(observed.sum()), len(seen), None,
                             f"needs the {HISTORY_MONTHS} months {history_first} to {origin}; "
                             f"the series has {int(hist.notna().sum())} of them")
    horizon = month_index(to) - month_index(origin)
    tau2, n_past = drift_variance(counts[counts.index <= origin], origin, to) if horizon > 0 else (0.0, 0)
    if horizon > 0 and n_past < MIN_PAST_FORECASTS:
        return TotalForecast(origin, to, float(observed.sum()), len(seen), None,
                             f"needs {MIN_PAST_FORECASTS} past forecasts {horizon} months ahead to measure the "
                             f"drift; the series before {origin} gives {n_past}")
    future = simulate_months(hist.to_numpy(), origin, horizon, draws, rng, float(np.sqrt(tau2)),
                             drift_df(n_past, horizon))
    if future is None:
        return TotalForecast(origin, to, float(observed.sum()), len(seen), None,
                             "no crimes recorded in some calendar month of the 36: the model has no fit")
    in_window = min(horizon, 12)
    total = float(observed.sum()) + future[:, horizon - in_window:].sum(axis=1)
    return TotalForecast(origin, to, float(observed.sum()), len(seen), total, None, float(np.sqrt(tau2)), n_past)


def published_round(pct: np.ndarray, decimals: int = DISPLAY_DECIMALS) -> np.ndarray:
    """Percentages rounded as published, half away from zero (−19.75 → −19.8): the rule of
    ``lib.metrics.targets.round_half_up``, for arrays."""
    scale = 10.0**decimals
    return np.sign(pct) * np.floor(np.abs(pct) * scale + 0.5 + 1e-9) / scale


@dataclass(frozen=True)
class ChangeForecast:
    """The forecast change against the baseline, %: central, the intervals, and the chance of the target."""

    to: str
    central: float | None
    intervals: dict[int, tuple[float, float]]  # level (%) -> (low, high)
    probability: float | None  # of meeting the target (published rule)
    reason: str | None = None


def change_forecast(total: TotalForecast, baseline: float, reduction: float) -> ChangeForecast:
    """The change against ``baseline`` of a :class:`TotalForecast`, per draw.

    Definition: pct = (total − baseline) / baseline × 100 for each draw; central = median; the
    L% interval = the (50 − L/2)th and (50 + L/2)th percentiles; probability = share of draws whose
    pct, rounded as published, is at or below −reduction.
    """
    if total.draws is None or not baseline or np.isnan(baseline):
        why = total.reason or "no baseline count"
        return ChangeForecast(total.to, None, {}, None, why)
    pct = (total.draws - baseline) / baseline * 100.0
    intervals = {lv: (float(np.percentile(pct, 50 - lv / 2)), float(np.percentile(pct, 50 + lv / 2)))
                 for lv in INTERVAL_LEVELS}
    probability = float(np.mean(published_round(pct) <= -float(reduction)))
    return ChangeForecast(total.to, float(np.median(pct)), intervals, probability)


def default_forecast_to(origin: str) -> str:
    """The end of the origin's financial year: the March at or after ``origin``."""
    year, month = int(origin[:4]), int(origin[5:])
    return f"{year if month <= 3 else year + 1}-03"


def coverage(outcomes: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> float:
    """Share of outcomes inside their intervals (ends included)."""
    outcomes, lows, highs = (np.asarray(a, dtype="float64") for a in (outcomes, lows, highs))
    return float(np.mean((outcomes >= lows) & (outcomes <= highs)))
