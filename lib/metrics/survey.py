"""Survey error for published proportions: 95% intervals and whether a difference is real.

The published PAS files give proportions only, no sample sizes. The dashboard therefore uses the
survey's documented design as a stated, configurable assumption: the Public Attitude Survey
interviews "over 12,800 respondents per year" across London (Enfield Safer Neighbourhood Board pack,
2015, footnote 2), spread over the 32 MPS boroughs, so about 400 interviews per borough per rolling
year. Neighbourhood figures (106 neighbourhoods) rest on about 12,800 / 106 ≈ 120 a year. A design
effect (``DESIGN_EFFECT``, default 1: simple random sampling) divides the sample into an effective
sample size; raise it to widen every interval if the weighting is known to cost precision.

Formulas (z = 1.96 for 95%):

- Wilson score interval for a proportion p from n respondents:
  centre = (p + z²/2n) / (1 + z²/n),
  half-width = z / (1 + z²/n) × √( p(1−p)/n + z²/4n² ),
  interval = centre ± half-width. (Wilson, 1927.)
- Difference of two independent proportions d = p1 − p2 (Newcombe's hybrid score interval, 1998,
  method 10), from the Wilson intervals (l1, u1) and (l2, u2):
  lower = d − √( (p1 − l1)² + (u2 − p2)² ), upper = d + √( (u1 − p1)² + (p2 − l2)² ).
  The difference is *real* (statistically significant at 95%) when the interval excludes zero.

Rolling 12-month figures a year apart use separate interviews, so they are independent samples;
figures less than a year apart share respondents and must not be compared this way. Published
proportions are rounded to whole percentages, which adds up to half a point of rounding either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054
PAS_INTERVIEWS_PER_YEAR = 12_800  # Enfield SNB pack 2015: "over 12,800 respondents per year"
MPS_BOROUGHS = 32
PAS_NEIGHBOURHOODS = 106
PAS_BOROUGH_SAMPLE = round(PAS_INTERVIEWS_PER_YEAR / MPS_BOROUGHS)  # 400 per borough per rolling year
PAS_LONDON_SAMPLE = PAS_INTERVIEWS_PER_YEAR
PAS_NEIGHBOURHOOD_SAMPLE = 120  # ≈ 12,800 / 106 per neighbourhood per year
USS_INTERVIEWS_PER_YEAR = 16_500  # Enfield SNB pack 2015: "approximately 16,500 victims per year"
DESIGN_EFFECT = 1.0  # simple random sampling; >1 widens every interval

VERDICT_RISE = "a real rise"
VERDICT_FALL = "a real fall"
VERDICT_HIGHER = "really higher"
VERDICT_LOWER = "really lower"
VERDICT_NONE = "within the margin of error"


def effective_sample(n: float, design_effect: float = DESIGN_EFFECT) -> float:
    """Effective sample size: interviews divided by the design effect (Kish, 1965)."""
    if n <= 0 or design_effect <= 0:
        raise ValueError("sample size and design effect must be positive")
    return n / design_effect


def wilson_interval(p: float, n: float, z: float = Z_95) -> tuple[float, float]:
    """Wilson score 95% interval for a proportion p from an (effective) sample of n respondents.

    centre = (p + z²/2n)/(1 + z²/n); half-width = z/(1 + z²/n)·√(p(1−p)/n + z²/4n²).
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"proportion {p} is outside 0..1")
    if n <= 0:
        raise ValueError("sample size must be positive")
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Difference:
    """A difference of two proportions (first minus second) with its 95% interval."""

    first: float
    second: float
    difference: float
    low: float
    high: float

    @property
    def significant(self) -> bool:
        """True when the 95% interval excludes zero: a real difference, not survey error."""
        return self.low > 0 or self.high < 0

    @property
    def points(self) -> float:
        """The difference in percentage points."""
        return self.difference * 100.0


def difference(p1: float, n1: float, p2: float, n2: float, z: float = Z_95) -> Difference:
    """Difference of two independent proportions p1 − p2 with Newcombe's hybrid score 95% interval.

    lower = d − √((p1 − l1)² + (u2 − p2)²), upper = d + √((u1 − p1)² + (p2 − l2)²), where (l, u) are
    the Wilson intervals of each proportion (Newcombe 1998, method 10).
    """
    l1, u1 = wilson_interval(p1, n1, z)
    l2, u2 = wilson_interval(p2, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Difference(first=p1, second=p2, difference=d, low=low, high=high)


def change_verdict(d: Difference) -> str:
    """Plain words for a change over time (later minus earlier): a real rise, a real fall, or neither."""
    if d.low > 0:
        return VERDICT_RISE
    if d.high < 0:
        return VERDICT_FALL
    return VERDICT_NONE


def gap_verdict(d: Difference) -> str:
    """Plain words for a gap between two places (first minus second): really higher, really lower, or neither."""
    if d.low > 0:
        return VERDICT_HIGHER
    if d.high < 0:
        return VERDICT_LOWER
    return VERDICT_NONE
