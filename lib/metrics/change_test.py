"""Is a change real? Tests of a change in a count, and 95% intervals on a disproportionality ratio.

Counts of crimes in two equal-length periods are treated as Poisson counts. The test statistic is
the square-root (Anscombe-type) comparison used in police performance analysis (issue 13; Home
Office / iQuanta "statistically significant change" practice):

    z = 2 (sqrt(now) - sqrt(then))

which is approximately standard normal when both periods have the same underlying rate. A change
is "real" when |z| > 3 (two-sided tail 0.27%: three standard deviations, strict on purpose because
a dashboard tests many changes at once).

Small counts: the square-root approximation is poor when the counts are small, so when
``now + then < SMALL_TOTAL`` (20) we use the exact conditional test instead: given the total
n = now + then, under an unchanged rate ``now`` is Binomial(n, 1/2); the change is real when the
two-sided exact p-value is below 0.0027, the same tail as |z| > 3. The statistic reported for
the exact test is that p-value. Both tests assume periods of the same length (the pack compares
a period with the same period a year earlier).

Disproportionality (stop and search): the ratio of two rates (group searches per head over White
searches per head) is a relative risk; its 95% interval uses the log method of Katz et al. (1978):
se(log RR) = sqrt(1/a - 1/n1 + 1/b - 1/n2), interval exp(log RR +- 1.96 se).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

Z_LIMIT = 3.0
EXACT_ALPHA = 0.0027  # two-sided normal tail beyond +-3 sd
SMALL_TOTAL = 20
Z95 = 1.959963984540054

REAL_FALL = "a real fall"
REAL_RISE = "a real rise"
NORMAL = "within normal variation"
NO_TEST = "no test (no counts)"


@dataclass(frozen=True)
class ChangeTest:
    """Result of testing a change from ``then`` to ``now``."""

    now: int
    then: int
    method: str  # 'poisson_sqrt' (z) or 'exact_binomial' (p-value) or 'none'
    statistic: float | None  # z for poisson_sqrt; two-sided p-value for exact_binomial
    real: bool
    words: str  # "a real fall", "a real rise", "within normal variation"


def sqrt_z(now: float, then: float) -> float:
    """z = 2 (sqrt(now) - sqrt(then)): the Poisson square-root comparison of two counts."""
    return 2.0 * (math.sqrt(now) - math.sqrt(then))


def exact_p(now: int, then: int) -> float:
    """Two-sided exact p-value of ``now`` given n = now + then, Binomial(n, 1/2) (doubling the smaller tail)."""
    n = now + then
    if n == 0:
        return 1.0
    k = min(now, then)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2.0**n
    return min(1.0, 2.0 * tail)


def _words(real: bool, now: float, then: float) -> str:
    if not real:
        return NORMAL
    return REAL_RISE if now > then else REAL_FALL


def change_test(now: int | float | None, then: int | float | None) -> ChangeTest:
    """Test a change in a count between two equal-length periods (module docstring for the rule)."""
    if now is None or then is None or pd.isna(now) or pd.isna(then) or now < 0 or then < 0:
        a0 = 0 if now is None or pd.isna(now) else int(now)
        b0 = 0 if then is None or pd.isna(then) else int(then)
        return ChangeTest(a0, b0, "none", None, False, NO_TEST)
    a, b = int(round(now)), int(round(then))
    if a + b == 0:
        return ChangeTest(a, b, "none", None, False, NO_TEST)
    if a + b < SMALL_TOTAL:
        p = exact_p(a, b)
        real = p < EXACT_ALPHA
        return ChangeTest(a, b, "exact_binomial", p, real, _words(real, a, b))
    z = sqrt_z(a, b)
    real = abs(z) > Z_LIMIT
    return ChangeTest(a, b, "poisson_sqrt", z, real, _words(real, a, b))


def change_test_table(table: pd.DataFrame, now: str = "current", then: str = "previous") -> pd.DataFrame:
    """:func:`change_test` on every row: a copy of ``table`` with ``change_method``, ``change_statistic``,
    ``change_real`` and ``change_words`` added (vectorised for the z rule; exact test row by row for
    the few small counts)."""
    a = pd.to_numeric(table[now], errors="coerce").astype("float64").round()
    b = pd.to_numeric(table[then], errors="coerce").astype("float64").round()
    valid = a.notna() & b.notna() & (a >= 0) & (b >= 0) & ((a + b) > 0)
    small = valid & ((a + b) < SMALL_TOTAL)
    big = valid & ~small
    z = 2.0 * (np.sqrt(a.where(big)) - np.sqrt(b.where(big)))
    stat = z.copy()
    real = big & (z.abs() > Z_LIMIT)
    method = pd.Series(np.where(big, "poisson_sqrt", "none"), index=table.index, dtype="str")
    for ix in small[small].index:
        p = exact_p(int(a[ix]), int(b[ix]))
        stat[ix] = p
        real[ix] = p < EXACT_ALPHA
        method[ix] = "exact_binomial"
    words = np.where(~valid, NO_TEST, np.where(~real, NORMAL, np.where(a > b, REAL_RISE, REAL_FALL)))
    out = table.copy()
    out["change_method"] = method
    out["change_statistic"] = stat.astype("float64")
    out["change_real"] = real.astype("bool")
    out["change_words"] = pd.Series(words, index=table.index, dtype="str")
    return out


@dataclass(frozen=True)
class RatioInterval:
    """A relative risk (ratio of two rates) with its 95% interval (Katz log method)."""

    ratio: float | None
    low: float | None
    high: float | None


def relative_risk_interval(a: float, n1: float, b: float, n2: float) -> RatioInterval:
    """Relative risk (a/n1)/(b/n2) and its 95% interval by the Katz log method.

    ``a`` events (searches) in a population ``n1`` (the group), ``b`` in ``n2`` (the reference
    group, White). Undefined (None) when any count or population is zero or missing.
    """
    vals = [a, n1, b, n2]
    if any(v is None or pd.isna(v) or v <= 0 for v in vals):
        return RatioInterval(None, None, None)
    rr = (a / n1) / (b / n2)
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / b - 1 / n2))
    return RatioInterval(rr, math.exp(math.log(rr) - Z95 * se), math.exp(math.log(rr) + Z95 * se))


def relative_risk_table(
    searches: pd.Series, population: pd.Series, reference: str = "White"
) -> pd.DataFrame:
    """Ratio and 95% interval for every group against ``reference``, from searches and population by group.

    Index: group; columns ratio, low, high (NaN where undefined; the reference group is 1 with no interval).
    """
    s = pd.to_numeric(searches, errors="coerce").astype("float64")
    p = pd.to_numeric(population, errors="coerce").astype("float64").reindex(s.index)
    b, n2 = s.get(reference, np.nan), p.get(reference, np.nan)
    ok = (s > 0) & (p > 0) & (b > 0) & (n2 > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rr = (s / p) / (b / n2)
        se = np.sqrt((1 / s - 1 / p + 1 / b - 1 / n2).clip(lower=0))
        out = pd.DataFrame(
            {
                "ratio": rr.where(ok),
                "low": np.exp(np.log(rr) - Z95 * se).where(ok),
                "high": np.exp(np.log(rr) + Z95 * se).where(ok),
            }
        )
    if reference in out.index:
        out.loc[reference, ["low", "high"]] = np.nan
    return out
