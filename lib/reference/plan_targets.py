"""MOPAC's Police and Crime Plan 2013-16 targets beyond the MOPAC 7 reduction (``lib.metrics.targets``).

The confidence target, as the Challenge deck's confidence slide draws it:

- "Increase confidence in the police by 20% ... as measured by the Crime Survey for England and Wales"
  (MOPAC 2016 report, ../shared/seeds 003: the Mayor's 20:20:20 challenge);
- "20% increase in confidence in the met police (Up to 75%)" (london.gov.uk, Police and Crime Plan
  2013-2016 page); "boost public confidence in the MPS from 62% to 75% of Londoners thinking the MPS are
  doing a good or excellent job ... CSEW Sep 2012: 62%" (MOPAC Challenge, quarterly performance, April 2013);
- "it will be a challenge to meet the confidence target by the 2016 deadline" (MOPAC Challenge,
  18 March 2015, ../shared/seeds 004): the plan's last year is 2015/16, so the deadline is March 2016.

The plan measured it on the Crime Survey for England and Wales (CSEW); the dashboard holds MOPAC's own
Public Attitude Survey (PAS) 'good job' measure, which the Challenge session set beside it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SurveyTarget:
    """A survey measure's target level (a share), when it is due, and where it was set."""

    level: float  # the share to reach, 0-1
    increase: str  # the plan's own words for the change asked
    baseline_level: float  # the share it was set against
    baseline_words: str
    start: str  # YYYY-MM: the plan's first month
    deadline: str  # YYYY-MM: the last month the target applies to
    measured_by: str
    source: str


CONFIDENCE_TARGET = SurveyTarget(
    level=0.75, increase="up 20%", baseline_level=0.62,
    baseline_words="Crime Survey for England and Wales, year to September 2012",
    start="2013-03", deadline="2016-03", measured_by="the Crime Survey for England and Wales",
    source="MOPAC Police and Crime Plan 2013-16",
)
