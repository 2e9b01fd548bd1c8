"""Is this month unusual? An expected count for each month of a monthly crime series, from that
series' own history, with limits at a stated false-alarm rate.

Method (quasi-Poisson log-linear regression, fitted afresh for every month judged). For a month M,
take the counts of the ``HISTORY_MONTHS`` (36) months before M, and only those: nothing from M or
later is used. Fit log E[y_t] = a + b·t + s(month of year of t), a linear trend on the log scale
and one effect per calendar month, with Var[y_t] = φ·E[y_t] (quasi-Poisson: overdispersed
Poisson), by iteratively reweighted least squares (McCullagh and Nelder, Generalized Linear Models,
2nd ed., 1989, sections 2.5 and 9.2). φ is the Pearson statistic over its degrees of freedom
(36 − 13 = 23), not floored at 1. The expected count is the fitted mean projected one month on.

Limits (Farrington, Andrews, Beale and Catchpole, JRSS A 159:547-563, 1996, section 3.4; also
Noufaily et al., Statistics in Medicine 32:1206-1222, 2013). The prediction error variance is
v = φ·μ + μ²·xᵀΣx (the month's own noise plus the uncertainty of the fitted mean, Σ = φ(XᵀWX)⁻¹
on the log scale). The count is put on the 2/3-power scale, where Poisson-like counts are nearly
symmetric, limits are μ^(2/3) ± t·(2/3)·μ^(−1/3)·√v there, and raised back to the power 3/2. t is
Student's t quantile on 23 degrees of freedom (φ is estimated), for a two-sided false-alarm rate of
``FALSE_ALARM_RATE`` (1%: 0.5% in each tail). A month above its upper limit is flagged 'high',
below its lower limit 'low'.

Minimum history: the 36 consecutive months before M must all be in the series (a published major
or minor category exists only in its own category scheme, so it has no expectation in the first
three years of a scheme). A calendar month with no crimes in any of the three years leaves the
model without a finite fit: no expectation either. In both cases expected, lower, upper and flag
are missing and ``reason`` says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from lib.periods import add_months, month_range

FALSE_ALARM_RATE = 0.01  # two-sided: a month of an in-control series is flagged high or low with this chance
HISTORY_MONTHS = 36  # months before the month judged that the model is fitted on
N_PARAMETERS = 13  # intercept, linear trend, 11 calendar-month effects
MAX_ITERATIONS, TOLERANCE = 50, 1e-9  # IRLS stopping rule (change in deviance, relative)
HIGH, LOW = "high", "low"
METHOD = (
    "quasi-Poisson log-linear model (trend and calendar-month effects) fitted by IRLS on the 36 months "
    "before each month; Farrington 2/3-power prediction limits at a 1% two-sided false-alarm rate"
)
COLUMNS = ["month", "count", "expected", "lower", "upper", "flag", "reason"]


def t_quantile(p: float, df: float) -> float:
    """Student's t quantile: the value a t variable on ``df`` degrees of freedom falls below with
    probability ``p``.

    Definition: the Cornish-Fisher expansion of t in the normal quantile z to the term in 1/df⁴
    (Abramowitz and Stegun, Handbook of Mathematical Functions, 26.7.5); its error is below 1e-3
    from 10 degrees of freedom (2.807 at p = 0.995, df = 23, against 2.807 tabulated).
    """
    z = NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def design(t: np.ndarray, calendar_month: np.ndarray) -> np.ndarray:
    """The model's design matrix: intercept, trend t (months), and an indicator for each calendar
    month February..December (January is the reference), one row per month."""
    t = np.asarray(t, dtype="float64")
    cal = np.asarray(calendar_month)
    levels = np.arange(1, 13)
    cols = [np.ones_like(t), t] + [(cal == m).astype("float64") for m in levels[1:]]
    return np.column_stack(cols)


@dataclass(frozen=True)
class Fit:
    """A fitted quasi-Poisson log-linear model: coefficients, their covariance (dispersion included),
    the dispersion φ and its degrees of freedom."""

    beta: np.ndarray
    cov: np.ndarray
    dispersion: float
    df: int

    def mean(self, x: np.ndarray) -> np.ndarray:
        return np.exp(np.asarray(x) @ self.beta)


def fit_quasi_poisson(y: np.ndarray, x: np.ndarray) -> Fit | None:
    """The quasi-Poisson log-linear fit of counts ``y`` on design ``x`` by IRLS, or None when the
    maximum-likelihood estimate is not finite (a calendar month with no counts at all).

    Definition: β maximises the Poisson log-likelihood Σ y·xβ − exp(xβ) (IRLS: weights μ, working
    response xβ + (y − μ)/μ); φ = Σ (y − μ)²/μ / (n − p), the Pearson estimate; cov(β) = φ(XᵀWX)⁻¹
    (McCullagh and Nelder 1989, sections 2.5 and 9.2).
    """
    y = np.asarray(y, dtype="float64")
    n, p = x.shape
    if n <= p or np.linalg.matrix_rank(x) < p:
        return None
    reference = x[:, 0] - x[:, 2:].sum(axis=1)  # the rows of the reference calendar month (January)
    if np.any(x[:, 2:].T @ y == 0) or reference @ y == 0:  # a calendar month with no counts: no finite fit
        return None
    if not y.sum():
        return None
    eta = np.log(y + 0.5)
    dev_old = np.inf
    for _ in range(MAX_ITERATIONS):
        mu = np.exp(eta)
        z = eta + (y - mu) / mu
        xw = x * mu[:, None]
        beta = np.linalg.solve(x.T @ xw, xw.T @ z)
        eta = x @ beta
        mu = np.exp(eta)
        with np.errstate(divide="ignore", invalid="ignore"):
            dev = 2 * np.sum(np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu))
        if abs(dev - dev_old) <= TOLERANCE * (abs(dev) + 0.1):
            break
        dev_old = dev
    if not np.all(np.isfinite(beta)):
        return None
    mu = np.exp(x @ beta)
    dispersion = float(np.sum((y - mu) ** 2 / mu) / (n - p))
    cov = np.linalg.inv(x.T @ (x * mu[:, None])) * dispersion
    return Fit(beta=beta, cov=cov, dispersion=dispersion, df=n - p)


def prediction_limits(mu: float, var_log_mu: float, dispersion: float, df: int,
                      rate: float = FALSE_ALARM_RATE) -> tuple[float, float]:
    """Lower and upper prediction limits for one new count with mean ``mu``.

    Definition: on the 2/3-power scale, μ^(2/3) ± t·(2/3)·μ^(−1/3)·√(φμ + μ²·var(log μ)), with t
    the (1 − rate/2) quantile of Student's t on ``df`` degrees of freedom, raised back to the power
    3/2; a negative lower limit is 0 (Farrington et al. 1996, section 3.4).
    """
    v = dispersion * mu + mu**2 * var_log_mu
    t = t_quantile(1 - rate / 2, df)
    centre, half = mu ** (2 / 3), t * (2 / 3) * mu ** (-1 / 3) * math.sqrt(max(v, 0.0))
    return max(centre - half, 0.0) ** 1.5, (centre + half) ** 1.5


def history_fit(counts: np.ndarray, last: str) -> Fit | None:
    """The model fitted on ``counts``, the consecutive monthly counts ending with month ``last``
    (trend t = 0 at the first of them)."""
    n = len(counts)
    first = add_months(last, -(n - 1))
    cal = np.array([int(m[5:]) for m in month_range(first, last)])
    return fit_quasi_poisson(np.asarray(counts, dtype="float64"), design(np.arange(n), cal))


def forecast_design(n_history: int, last: str, horizon: int) -> np.ndarray:
    """Design rows of the ``horizon`` months after ``last`` for a fit on ``n_history`` months ending
    ``last`` (see :func:`history_fit`)."""
    months = month_range(add_months(last, 1), add_months(last, horizon))
    cal = np.array([int(m[5:]) for m in months])
    return design(np.arange(n_history, n_history + horizon), cal)


def expected_count(history: np.ndarray, last: str, rate: float = FALSE_ALARM_RATE) -> tuple[float, float, float] | None:
    """Expected count and lower and upper limits for the month after ``last``, from ``history``
    (the consecutive counts ending ``last``), or None when the model cannot be fitted."""
    fit = history_fit(history, last)
    if fit is None:
        return None
    x = forecast_design(len(history), last, 1)[0]
    mu = float(fit.mean(x))
    lower, upper = prediction_limits(mu, float(x @ fit.cov @ x), fit.dispersion, fit.df, rate)
    return mu, lower, upper


def unusual_months(monthly: pd.DataFrame, first: str, last: str, rate: float = FALSE_ALARM_RATE,
                   history: int = HISTORY_MONTHS) -> pd.DataFrame:
    """For each month ``first``..``last`` of a monthly series (columns month, count): its count, the
    count expected from the ``history`` months before it, the prediction limits and a flag.

    Definition: see the module docstring (quasi-Poisson log-linear model fitted on the 36 months
    before each month only; Farrington 2/3-power limits at a two-sided false-alarm rate ``rate``);
    flag 'high' when count > upper, 'low' when count < lower, else None. A month missing from the
    series has a missing count and no flag. Columns: month, count (float, NaN when absent),
    expected, lower, upper (NaN when not computed), flag (None), reason (None, or why there is no
    expectation).
    """
    counts = monthly.set_index(monthly["month"].astype(str))["count"].astype("float64")
    rows = []
    for m in month_range(first, last):
        count = float(counts.get(m, np.nan))
        start = add_months(m, -history)
        hist = counts.reindex(month_range(start, add_months(m, -1)))
        row = {"month": m, "count": count, "expected": np.nan, "lower": np.nan, "upper": np.nan,
               "flag": None, "reason": None}
        if hist.isna().any():
            have = int(hist.notna().sum())
            row["reason"] = (f"needs the {history} months {start} to {add_months(m, -1)} before it; "
                             f"the series has {have} of them")
        else:
            e = expected_count(hist.to_numpy(), add_months(m, -1), rate)
            if e is None:
                row["reason"] = "no crimes recorded in some calendar month of the 36 before it: the model has no fit"
            else:
                row["expected"], row["lower"], row["upper"] = e
                if not np.isnan(count):
                    row["flag"] = HIGH if count > e[2] else LOW if count < e[1] else None
        if np.isnan(count) and row["reason"] is None:
            row["reason"] = "no count published for this month"
        rows.append(row)
    out = pd.DataFrame({c: [r[c] for r in rows] for c in COLUMNS if c not in ("flag", "reason")})
    for c in ("flag", "reason"):  # None where missing (an inferred string column would hold NaN)
        out[c] = pd.Series([r[c] for r in rows], dtype="object")
    out = out[COLUMNS]
    return out.astype({"month": "string", "count": "float64", "expected": "float64", "lower": "float64",
                       "upper": "float64"})

