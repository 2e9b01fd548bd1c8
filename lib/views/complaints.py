"""The complaints screen: one typed answer for an area and the 12 months to a month.

Read by ``pages/5_Complaints.py`` and ``lib/commands/complaints.py``; definitions in
:mod:`lib.metrics.complaints`. The headline (``summary``) holds real counts (an area's 12-month
total); every table is suppressed for the public: counts under 10 shown as '<10' in whole-text
count columns, their shares and changes NaN, ``chart_value`` NaN where the count is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.metrics import complaints as c
from lib.metrics.suppression import THRESHOLD, is_suppressed, suppress_counts
from lib.periods import month_label
from lib.reference.boroughs import LONDON_CODE
from lib.reference.complaints import glossary as complaints_glossary

NOT_AVAILABLE = "–"
ALLEGATIONS_TABLE = c.ALLEGATIONS_TABLE
WORKFORCE_TABLE = c.WORKFORCE_TABLE


def _count_text(value: object) -> str:
    if isinstance(value, str):
        return value  # already the mask
    if value is None or pd.isna(value):
        return NOT_AVAILABLE
    return f"{int(value):,}"


def for_public(breakdown: pd.DataFrame) -> pd.DataFrame:
    """A breakdown (``by_allegation_type``/``by_outcome``/``by_borough``/``monthly_trend``) for public
    display: count columns as whole text, as published ("1,234", "7"; "–" missing), and any share, rate or
    % change computed from a count under 10 NaN (too few for a reliable figure: lib.metrics.suppression).
    ``chart_value`` holds the main count."""
    count_col = "count" if "count" in breakdown.columns else "allegations"
    counts = [col for col in (count_col, "previous", "rolling_12_months") if col in breakdown.columns]
    out = breakdown.assign(**{col: pd.to_numeric(breakdown[col]).astype("Int64") for col in counts})
    dependents = {col: count_col for col in ("share", "per_100_workforce") if col in breakdown.columns}
    if "pct_change" in breakdown.columns and "previous" in breakdown.columns:
        out = suppress_counts(out, [], {"pct_change": "previous"})
        dependents["pct_change"] = count_col
    real = out[count_col]
    out = suppress_counts(out, [], dependents)
    for col in dependents:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    for col in counts:
        out[col] = out[col].map(_count_text).astype("string")
    out["chart_value"] = real.astype("float64")
    return out


# The tables' screen names (the page shows the view's *_table fields; the CSVs carry the same names).
BOROUGH_COLUMNS = {  # the code stays under its own name: hidden on screen, 'ONS code' in the CSV
    "rank": "Rank", "borough_code": "borough_code", "borough_name": "Borough", "allegations": "Allegations",
    "previous": "Year before",
    "pct_change": "Change (%)", "workforce": "Workforce (average)", "per_100_workforce": "Per 100 workforce",
}
TYPE_COLUMNS = {
    "name": "Allegation type", "count": "Allegations", "share": "Share of all allegations (%)",
    "previous": "Year before", "pct_change": "Change (%)",
}
OUTCOME_COLUMNS = {
    "name": "Outcome", "count": "Allegations", "share": "Share of finalised outcomes (%)",
    "previous": "Year before", "pct_change": "Change (%)",
}
TREND_COLUMNS = {"month_label": "Month", "allegations": "Allegations", "rolling_12_months": "12 months to month"}
FORMATS = {
    "Change (%)": "{:+.0f}%", "Share of all allegations (%)": "{:.1f}%", "Share of finalised outcomes (%)": "{:.1f}%",
    "Per 100 workforce": "{:.1f}", "Workforce (average)": "{:,.0f}",
}


def _shown(table: pd.DataFrame, names: dict[str, str], columns: list[str] | None = None) -> pd.DataFrame:
    """``table``'s named columns under their screen names (``columns``: just these, in this order)."""
    out = table[[c for c in names if c in table.columns]].rename(columns=names).reset_index(drop=True)
    return out if columns is None else out[columns]


@dataclass(frozen=True)
class ComplaintsView:
    """The Complaints page's figures for one area and period: real counts in ``summary``; every
    table already suppressed for the public (counts under 10 as '<10', their shares blank)."""

    summary: c.ComplaintsSummary
    london: dict[str, float | None]
    boroughs: pd.DataFrame
    types: pd.DataFrame
    outcomes: pd.DataFrame
    finalised: int
    trend: pd.DataFrame
    glossary: pd.DataFrame
    types_raw: pd.DataFrame  # unsuppressed breakdowns: the analysts' command line reads these
    outcomes_raw: pd.DataFrame
    answer: str = ""  # the page's first sentence (:func:`answer_sentence`)

    @property
    def change_text(self) -> str | None:
        """The headline's % change on the 12 months before, or None where there is none or it is withheld
        (either count under ``THRESHOLD``)."""
        s = self.summary
        if s.pct_change is None or s.previous is None or is_suppressed(s.allegations) or is_suppressed(s.previous):
            return None
        return f"{s.pct_change:+.0f}% on a year before"

    # The tables as the page shows them (screen names, :data:`FORMATS`), each beside its chart.
    @property
    def borough_table(self) -> pd.DataFrame:
        return _shown(self.boroughs, BOROUGH_COLUMNS)

    @property
    def change_table(self) -> pd.DataFrame:
        return _shown(self.boroughs, BOROUGH_COLUMNS, ["Borough", "Allegations", "Year before", "Change (%)"])

    @property
    def per_100_table(self) -> pd.DataFrame:
        return _shown(self.boroughs, BOROUGH_COLUMNS, ["Borough", "Allegations", "Workforce (average)",
                                                       "Per 100 workforce"])

    @property
    def types_table(self) -> pd.DataFrame:
        return _shown(self.types, TYPE_COLUMNS)

    @property
    def outcomes_table(self) -> pd.DataFrame:
        return _shown(self.outcomes, OUTCOME_COLUMNS)

    @property
    def trend_table(self) -> pd.DataFrame:
        return _shown(self.trend, TREND_COLUMNS)


def answer_sentence(s: c.ComplaintsSummary, london: dict[str, float | None]) -> str:
    """The page's answer in one sentence: allegations in the area and period (a count, always shown), the %
    change on the 12 months before (withheld when either count is under ``THRESHOLD``: too few to be
    reliable), and allegations per 100 officers and staff against London's."""
    is_london = s.borough_code == LONDON_CODE
    where = "Across London" if is_london else f"In {s.borough_name}"
    staff = "borough police officers and staff" if not is_london else "officers and staff of the 32 boroughs"
    text = (f"{where}, {s.allegations:,} complaint {'allegation was' if s.allegations == 1 else 'allegations were'} "
            f"made against {staff} in the 12 months to {month_label(s.period.last)}")
    if s.previous is not None:
        if is_suppressed(s.allegations) or is_suppressed(s.previous) or s.pct_change is None:
            text += (f", against {s.previous:,} in the 12 months before (with fewer than {THRESHOLD}, no "
                     "percentage change is given)")
        elif round(s.pct_change) == 0:
            text += f", about the same as the {s.previous:,} in the 12 months before"
        else:
            text += (f", {abs(s.pct_change):.0f}% {'more' if s.pct_change > 0 else 'fewer'} than the "
                     f"{s.previous:,} in the 12 months before")
    if s.per_100_workforce is not None and not is_suppressed(s.allegations):
        text += f"; {s.per_100_workforce:.1f} for every 100 officers and staff"
        if not is_london and london.get("per_100_workforce") is not None:
            text += f", against {london['per_100_workforce']:.1f} across London"
    return text + "."


def has_complaints(store) -> bool:
    """True when the store holds the complaints tables (a demonstration store always does; an
    official store only when a complaints import file was ingested)."""
    return store.has(ALLEGATIONS_TABLE) and store.has(WORKFORCE_TABLE)


def period_ends(store) -> list[str]:
    """Months that can end the 12-month period on the page, newest last."""
    return c.available_period_ends(store.table(ALLEGATIONS_TABLE))


def latest_month(store) -> str:
    """The default end of the 12-month period: the last month with allegations."""
    return c.latest_month(store.table(ALLEGATIONS_TABLE))


def complaints_view(store, borough_code: str, to: str) -> ComplaintsView:
    """Headline, borough ranking with the London average, type and outcome breakdowns and the
    monthly trend for the 12 months to ``to`` (the Enfield SNB pack's complaints section)."""
    allegations, workforce = store.table(ALLEGATIONS_TABLE), store.table(WORKFORCE_TABLE)
    to = c.check_period_end(allegations, to)
    trend = c.monthly_trend(allegations, borough_code, to)
    trend.insert(1, "month_label", pd.Series([month_label(m) for m in trend["month"]], dtype="string"))
    types = c.by_allegation_type(allegations, borough_code, to)
    outcomes = c.by_outcome(allegations, borough_code, to)
    summary = c.summary(allegations, workforce, borough_code, to)
    london = c.london_average(allegations, workforce, to)
    return ComplaintsView(
        summary=summary,
        london=london,
        boroughs=for_public(c.by_borough(allegations, workforce, to)),
        types=for_public(types),
        outcomes=for_public(outcomes),
        finalised=int(outcomes.loc[outcomes["finalised"], "count"].sum()),
        trend=for_public(trend),
        glossary=complaints_glossary().drop(columns="source").rename(columns=str.capitalize),
        types_raw=types,
        outcomes_raw=outcomes,
        answer=answer_sentence(summary, london),
    )
