"""Positive outcomes of hate crime, domestic abuse, knife and gun crime: how many offences ended in a charge or
another positive outcome, against the offences recorded (MPS Monthly Crime Dashboard, 'Other' sheet).

Definition: for one area and the 12 months ``first``..``last``, each row's offences (``crime_special`` as a
series) and positive outcomes (``crime_special_outcomes`` built into a series by the same function,
:func:`lib.metrics.special_crime.special_series`, so a row and London mean the same in both); the outcome rate
= outcomes / offences in the same months. The publisher counts an outcome in the month it is recorded, not the
month of the offence, so the rate compares two counts of the same months, not the fate of those offences. A
rate whose outcomes or offences are under 10 is withheld (:mod:`lib.metrics.suppression`).
"""

from __future__ import annotations

import pandas as pd

from lib.metrics.suppression import THRESHOLD

OUTCOME_COLUMNS = ["indicator", "major", "offences", "outcomes", "rate"]


def outcome_months(outcomes: pd.DataFrame) -> list[str]:
    """The months the outcome series covers, in order."""
    return sorted(map(str, outcomes["month"].dropna().unique()))


def positive_outcomes(offences: pd.DataFrame, outcomes: pd.DataFrame, area_code: str, first: str,
                      last: str) -> pd.DataFrame:
    """One row per special crime row with outcomes: offences and outcomes over ``first``..``last`` and the
    outcome rate (NaN when either count is under 10). Both inputs are special series (``special_series``)."""
    def total(series: pd.DataFrame, name: str) -> pd.Series:
        s = series[(series["area_code"] == area_code) & (series["month"] >= first) & (series["month"] <= last)]
        return s.groupby(["indicator", "major"], observed=True)["count"].sum().rename(name)

    out = pd.concat([total(offences, "offences"), total(outcomes, "outcomes")], axis=1, join="inner").reset_index()
    out = out.astype({"offences": "int64", "outcomes": "int64"})
    small = (out["offences"] < THRESHOLD) | (out["outcomes"] < THRESHOLD)
    out["rate"] = (out["outcomes"] / out["offences"].where(out["offences"] > 0)).where(~small)
    return out[OUTCOME_COLUMNS]
