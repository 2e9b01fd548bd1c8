"""RAG (red / amber / green) ratings for crime performance, with the rule in plain words.

The rule (modelled on the Barking and Dagenham one-page summaries, seed 002, where "what good looks
like" is a decrease on the same period last year, judged beside the MET average, and the 2016/17
target is a reduction on last year or a stated % decrease):

- green: the change beats the target (default: any reduction) AND is lower than London's change;
- red: crime went up on the same period last year AND by more than London's change;
- amber: anything else (better on one test, worse on the other);
- not rated: when the change cannot be computed (no previous count, or a month is missing).

Crime is "lower is better" throughout. Status is never shown by colour alone: see
``lib.ui.theme.rag_text`` for the symbol and word.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

GREEN, AMBER, RED = "green", "amber", "red"
DEFAULT_TARGET_PCT = 0.0  # "a reduction on last year's figures"


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or bool(pd.isna(x))


def rag(
    pct_change: float | None, london_pct_change: float | None, target_pct: float = DEFAULT_TARGET_PCT
) -> str | None:
    """RAG status of a % change: green beats both target and London, red is up and worse than London.

    Definition (this module's docstring; B&D summaries, seed 002): green when pct_change < target_pct
    and pct_change < london_pct_change; red when pct_change > 0 and pct_change > london_pct_change;
    amber otherwise; None when pct_change is missing. When London's change is missing only the
    target is used (green below it, red above zero, amber between). ``target_pct`` is a % change
    (−5 means "a 5% decrease").
    """
    if _missing(pct_change):
        return None
    p = float(pct_change)
    if _missing(london_pct_change):
        return GREEN if p < target_pct else RED if p > 0 else AMBER
    lon = float(london_pct_change)
    if p < target_pct and p < lon:
        return GREEN
    if p > 0 and p > lon:
        return RED
    return AMBER


def rag_series(pct_change: pd.Series, london_pct_change: pd.Series | float | None,
               target_pct: float = DEFAULT_TARGET_PCT) -> pd.Series:
    """:func:`rag` for every row (None where not rated); ``london_pct_change`` None: the target alone."""
    lon = london_pct_change if isinstance(london_pct_change, pd.Series) else pd.Series(
        np.nan if london_pct_change is None else london_pct_change, index=pct_change.index, dtype="float64")
    values = [rag(p, q, target_pct) for p, q in zip(pct_change.to_numpy(), lon.to_numpy(), strict=True)]
    return pd.Series(values, index=pct_change.index, dtype="object").replace({np.nan: None})


def rag_rule(target_pct: float = DEFAULT_TARGET_PCT, *, london: bool = False) -> str:
    """The RAG rule in plain words, for the page and the CLI help; ``london``: the rule for London itself,
    which is rated against the target alone (beside itself, London's change is neither better nor worse)."""
    if london:
        aim = "any reduction" if target_pct == 0 else f"a change below {target_pct:+g}%"
        return (f"London is rated against the target alone ({aim} on the same period last year), since it "
                "cannot be compared with itself. Green: below the target. Red: crime is up. Amber: in between. "
                "Not rated: the change cannot be computed (no crimes in the earlier period, or months missing "
                "from the data).")
    if target_pct == 0:
        target = "any reduction on the same period last year"
    elif target_pct < 0:
        target = f"a reduction of more than {abs(target_pct):g}% on the same period last year"
    else:
        target = f"an increase of less than {target_pct:g}% on the same period last year"
    return (
        f"Green: {target}, and a better change than London as a whole. "
        "Red: crime is up on the same period last year, and by more than London. "
        "Amber: anything in between. Not rated: the change cannot be computed "
        "(no crimes in the earlier period, or months missing from the data)."
    )
