"""Demonstration complaints data: allegations and workforce for the 32 MPS boroughs, monthly.

No borough-level complaints extract is published, so the demonstration store carries invented
figures at the levels of the Enfield Safer Neighbourhood Board pack 2015: about 35 allegations per
100 workforce a year (Enfield 36.5, about 500 allegations), failures in duty about half of all
allegations and oppressive behaviour about a quarter, and 'no case to answer' about 70% of
finalised outcomes. Recent allegations are more often not yet finalised, as in a real extract.
Deterministic from ``ctx.rng("complaints")``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.demo import DEMO_LAST_MONTH, DemoContext
from lib.periods import add_months, month_range
from lib.reference.boroughs import mps_boroughs
from lib.reference.complaints import allegation_types, outcomes

MONTHS = 48
# Share of allegations by type (Enfield SNB pack: failures in duty 53%, oppressive behaviour 23%).
TYPE_SHARES = {
    "Oppressive Behaviour": 0.23,
    "Discrimination": 0.04,
    "Malpractice": 0.05,
    "Failures in Duty": 0.50,
    "Incivility": 0.12,
    "Traffic Irregularity": 0.02,
    "Other": 0.04,
}
# Share of finalised outcomes (Enfield SNB pack: no case to answer 69.0%, disapplication 8.8%,
# case to answer 1.2%).
OUTCOME_SHARES = {
    "Case to Answer": 0.015,
    "No Case to Answer": 0.70,
    "Local Resolution": 0.13,
    "Disapplication": 0.09,
    "Discontinuance": 0.02,
    "Withdrawn": 0.045,
}
NOT_FINALISED = "Not yet finalised"
# Probability that an allegation recorded ``age`` months before the last month is still open.
OPEN_AT_AGE_0 = 0.65
OPEN_DECAY_MONTHS = 2.5
RATE_PER_100_MEAN, RATE_PER_100_SD = 35.0, 6.0
WORKFORCE_MEAN, WORKFORCE_SD = 1300.0, 220.0
OFFICER_SHARE = 0.76
# Boroughs pinned to the pack's published levels: (workforce, allegations per 100 workforce a year).
CALIBRATION = {"Enfield": (1359.0, 36.5), "Westminster": (3100.0, 33.0)}
SEASONALITY = np.array([0.95, 0.92, 1.0, 1.0, 1.04, 1.06, 1.08, 1.06, 1.0, 1.0, 0.96, 0.93])


def _borough_levels(rng: np.random.Generator) -> list[tuple[str, str, float, float, float]]:
    """(code, name, workforce, allegations per 100 workforce a year, yearly trend) per borough."""
    levels = []
    for b in mps_boroughs():
        workforce = max(700.0, rng.normal(WORKFORCE_MEAN, WORKFORCE_SD))
        rate = float(np.clip(rng.normal(RATE_PER_100_MEAN, RATE_PER_100_SD), 20.0, 55.0))
        trend = rng.normal(0.0, 0.06)
        if b.name in CALIBRATION:
            workforce, rate = CALIBRATION[b.name]
        levels.append((b.code, b.name, workforce, rate, trend))
    return levels


def generate(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    """The complaints_allegations and complaints_workforce tables for the demonstration store."""
    rng = ctx.rng("complaints")
    months = month_range(add_months(DEMO_LAST_MONTH, -(MONTHS - 1)), DEMO_LAST_MONTH)
    type_names = list(allegation_types()["name"])
    finalised_names = list(outcomes().query("finalised")["name"])
    type_p = np.array([TYPE_SHARES[t] for t in type_names])
    outcome_p = np.array([OUTCOME_SHARES[o] for o in finalised_names])
    allegation_rows: list[tuple[str, str, str, str, str, int]] = []
    workforce_rows: list[tuple[str, str, str, float, float, str]] = []
    for code, name, workforce, rate, trend in _borough_levels(rng):
        b_type_p = rng.dirichlet(type_p * 400)
        b_outcome_p = rng.dirichlet(outcome_p * 600)
        people = workforce
        for i, month in enumerate(months):
            people *= 1 + rng.normal(0.0, 0.004)
            officers = round(people * OFFICER_SHARE)
            staff = round(people) - officers
            workforce_rows.append((code, name, month, float(officers), float(staff), month))
            years_from_end = (MONTHS - 1 - i) / 12
            season = SEASONALITY[int(month[5:7]) - 1]
            mean = people * rate / 100 / 12 * season * (1 + trend) ** -years_from_end
            total = int(rng.poisson(mean))
            by_type = rng.multinomial(total, b_type_p)
            age = MONTHS - 1 - i
            p_open = OPEN_AT_AGE_0 * np.exp(-age / OPEN_DECAY_MONTHS)
            for a_type, n_type in zip(type_names, by_type, strict=True):
                still_open = int(rng.binomial(n_type, p_open))
                by_outcome = rng.multinomial(n_type - still_open, b_outcome_p)
                counts = [*zip(finalised_names, by_outcome, strict=True), (NOT_FINALISED, still_open)]
                allegation_rows += [(code, name, month, a_type, o, int(n)) for o, n in counts if n > 0]
    allegations = pd.DataFrame(
        allegation_rows,
        columns=["borough_code", "borough_name", "month", "allegation_type", "outcome", "allegations"],
    )
    workforce_table = pd.DataFrame(
        workforce_rows,
        columns=["borough_code", "borough_name", "month", "officers", "staff", "source_period"],
    )
    return {"complaints_allegations": allegations, "complaints_workforce": workforce_table}
