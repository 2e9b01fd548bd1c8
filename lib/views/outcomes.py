"""Positive outcomes of hate crime, domestic abuse, knife and gun crime for one area and 12 months (the MPS
Monthly Crime Dashboard's 'Other' sheet, August 2021 to July 2025)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import choices
from lib.errors import UsageError
from lib.metrics.positive_outcomes import outcome_months, positive_outcomes
from lib.metrics.special_crime import special_row_order, special_series
from lib.metrics.suppression import THRESHOLD
from lib.periods import month_label, period_for
from lib.views.crime import dataset_special

SOURCE = "MPS Monthly Crime Dashboard, 'Other' sheet (offences and positive outcomes by borough)"
RATE_WORDS = ("Outcome rate: positive outcomes recorded in the 12 months as a share of the offences recorded in "
              "the same months (an outcome is counted when it is recorded, so this is not the share of these "
              f"offences solved). Not shown where either count is under {THRESHOLD}.")


@dataclass(frozen=True)
class OutcomesView:
    area_name: str
    first: str
    last: str
    rows: pd.DataFrame  # lib.metrics.positive_outcomes.OUTCOME_COLUMNS, in the pack's row order
    sentence: str

    @property
    def period_words(self) -> str:
        return f"{month_label(self.first)} to {month_label(self.last)}"

    @property
    def table(self) -> pd.DataFrame:
        """The rows as the page shows them: counts as published, the rate as a whole per cent or withheld."""
        r = self.rows
        return pd.DataFrame({
            "Crime": r["indicator"], "Offences": [f"{n:,}" for n in r["offences"]],
            "Positive outcomes": [f"{n:,}" for n in r["outcomes"]],
            "Outcome rate": ["not shown: under 10" if pd.isna(x) else f"{x:.0%}" for x in r["rate"]],
        })


def outcomes_view(store, area_code: str, to: str) -> OutcomesView:
    """The 12 months to ``to`` for ``area_code`` (a borough or London); a one-line refusal naming the months
    the file covers when the 12 months are not all in it, and of an area the Met does not police or that
    does not exist (``lib.choices.area``: the City of London has its own force, and no Met figures)."""
    area = choices.area(area_code)
    area_code = area.code
    if not store.has("crime_special_outcomes"):
        raise UsageError("no positive-outcome figures are loaded (the MPS dashboard's 'Other' sheet)")
    outcomes = special_series(store.table("crime_special_outcomes"))
    months = outcome_months(outcomes)
    p = period_for("r12", to)
    if not months:
        raise UsageError("no positive-outcome figures are loaded (the MPS dashboard's 'Other' sheet is empty)")
    if p.first < months[0] or p.last > months[-1]:
        raise UsageError(f"positive outcomes are published for {month_label(months[0])} to "
                         f"{month_label(months[-1])} only: choose a 12-month period inside them")
    offences = dataset_special(store)
    rows = positive_outcomes(offences, outcomes, area_code, p.first, p.last)
    order = special_row_order()
    rows = rows.sort_values("indicator", key=lambda s: s.map(order)).reset_index(drop=True)
    name = area.name
    top = rows.dropna(subset=["rate"]).sort_values("offences", ascending=False).head(1)
    if len(top):
        r = top.iloc[0]
        sentence = (f"In {name}, {r.outcomes:,} positive outcomes (charges and other outcomes) were recorded for "
                    f"{r.indicator.lower()} in the 12 months to {month_label(p.last)}, against {r.offences:,} offences "
                    f"recorded in the same months: an outcome rate of {r.rate:.0%}.")
    else:
        sentence = (f"In {name}, every row has fewer than {THRESHOLD} offences or outcomes in the 12 months to "
                    f"{month_label(p.last)}: counts shown, rates not.")
    return OutcomesView(area_name=name, first=p.first, last=p.last, rows=rows, sentence=sentence)
