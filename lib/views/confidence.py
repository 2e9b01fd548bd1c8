"""The Confidence screen: public confidence (PAS) and victim satisfaction (USS) for one area.

Read by ``pages/2_Confidence.py``, ``python -m lib.cli confidence``, the Challenge deck (slide 4:
London and the boroughs furthest above and below it, with survey intervals) and the borough pack
(confidence and satisfaction with intervals). Arithmetic in :mod:`lib.metrics.confidence`,
:mod:`lib.metrics.satisfaction` and :mod:`lib.metrics.survey`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from lib import choices
from lib.errors import UsageError
from lib.metrics import confidence as conf
from lib.metrics import map_classes as mc
from lib.metrics import satisfaction as sat
from lib.metrics.survey import (
    DESIGN_EFFECT,
    MPS_BOROUGHS,
    PAS_BOROUGH_SAMPLE,
    PAS_INTERVIEWS_PER_YEAR,
    PAS_LONDON_SAMPLE,
    VERDICT_FALL,
    VERDICT_HIGHER,
    VERDICT_LOWER,
    VERDICT_RISE,
    wilson_interval,
)
from lib.periods import add_months, month_label
from lib.reference.boroughs import LONDON_CODE, borough_by_code

PAS_TABLE = "pas_borough"
USS_TABLE = "uss"
FEATURES_TABLE = "borough_features"
BOUNDARIES_TABLE = "boroughs"
HEADLINE_MEASURE = conf.HEADLINE_MEASURE
HEADLINE_LABEL = "Police do a good job in the local area"
# Plain words for the public; how an extract is loaded is said on the About the data page only.
NO_USS = ("**No official victim satisfaction figures are published by borough**: the Met's User Satisfaction "
          "Survey has no public extract. {what}")
EXTREMES = 3  # boroughs furthest above and below London on the ranked measure (Challenge slide 4)

# Column names on screen (and in the CSV downloads), in order.
CI = {"ci_low": "95% interval from", "ci_high": "95% interval to"}
SUMMARY_COLUMNS = {
    "measure_label": "Measure", "value": "Value", **CI,
    "mps_value": "London", "vs_mps_points": "Gap to London (points)", "vs_mps_verdict": "Against London",
    "year_earlier_value": "A year earlier", "change_points": "Change (points)", "verdict": "Change: verdict",
}
TREND_COLUMNS = {"quarter": "12 months to", "value": "Value", **CI, "london": "London"}
RANK_COLUMNS = {"rank": "Rank", "area_name": "Borough", "value": "Value", **CI, "london": "London",
                "vs_london_points": "Gap to London (points)", "vs_london": "Against London"}
DRIVER_COLUMNS = {"measure_label": "Driver", "value": "Borough", "mps_value": "London",
                  "vs_mps_points": "Gap (points)", "vs_mps_verdict": "Verdict"}
SIMILAR_COLUMNS = {"measure_label": "Measure", "value": "Borough", "group_average": "Similar boroughs' average",
                   "rank_in_group": "Rank in group (1 = highest)", "group_size": "Boroughs in group",
                   "group_best": "Group best", "group_worst": "Group worst"}
USS_COLUMNS = {"borough_name": "Borough", "proportion": "Satisfied", "respondents": "Victims interviewed", **CI,
               "london": "London", "vs_london_points": "Gap to London (points)", "vs_london": "Against London"}
GAP_COLUMNS = {"borough_name": "Borough", "white": "White victims satisfied", "white_respondents": "White victims",
               "bme": "BME victims satisfied", "bme_respondents": "BME victims", "gap_points": "Gap (points)",
               "verdict": "Verdict"}
USS_TREND_COLUMNS = {"period": "12 months to", "measure_label": "Measure", "proportion": "Satisfied",
                     "respondents": "Victims interviewed"}


def _shown(table: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The columns named in ``names``, in that order, renamed for the screen."""
    return table[list(names)].rename(columns=dict(names))


# ---------------------------------------------------------------- what the pickers offer


@dataclass(frozen=True)
class ConfidenceChoices:
    """What the Confidence screen can offer in this store: quarters, measures, and which sections exist."""

    has_pas: bool
    quarters: tuple[str, ...]
    measures: dict[str, str]  # measure id -> label, reference order
    has_uss: bool
    uss_periods: tuple[str, ...]
    uss_is_demo: bool
    uss_notice: str  # why the satisfaction figures are missing or invented ('' for a real extract)
    has_map: bool


def confidence_choices(store) -> ConfidenceChoices:
    """The quarters with PAS figures, the measures, and whether the store has USS figures and boundaries."""
    has_pas, has_uss = store.has(PAS_TABLE), store.has(USS_TABLE)
    return ConfidenceChoices(
        has_pas=has_pas,
        quarters=tuple(conf.quarters(store.table(PAS_TABLE))) if has_pas else (),
        measures={m: conf.measure_labels()[m] for m in conf.measure_order()},
        has_uss=has_uss,
        uss_periods=tuple(sat.periods(store.table(USS_TABLE))) if has_uss else (),
        uss_is_demo=bool(store.is_demo),
        uss_notice=(NO_USS.format(what="So this dashboard has none to show.") if not has_uss else NO_USS.format(
            what="**The satisfaction figures below are demonstration data**, invented at the levels of the Enfield "
            "Safer Neighbourhood Board pack (2015).") if store.is_demo else ""),
        has_map=store.has(BOUNDARIES_TABLE),
    )


# ---------------------------------------------------------------- public confidence


@dataclass(frozen=True)
class Headline:
    """One headline figure as the screen shows it."""

    label: str
    value: str
    delta: str | None
    help: str
    real: bool | None = None  # the change's 95% interval excludes zero (None: no test)


@dataclass(frozen=True)
class ConfidenceView:
    """Everything the Confidence screen shows about public confidence for one area, quarter and measure.

    Raw tables (``summary``, ``trend``, ``ranked``, ``drivers``, ``similar``) keep the metric column
    names for charts, the command line and the packs; ``*_table`` are the same rows with the columns
    the screen shows. ``above_london`` / ``below_london``: the boroughs furthest from London on the
    chosen measure, with intervals (Challenge slide 4).
    """

    area_code: str
    area_name: str
    quarter: str
    quarter_label: str
    year_earlier: str
    year_earlier_label: str
    measure: str
    measure_label: str
    sample: conf.SampleAssumption
    assumption: str
    headline: Headline | None
    summary: pd.DataFrame
    summary_table: pd.DataFrame
    trend: pd.DataFrame
    trend_table: pd.DataFrame
    ranked: pd.DataFrame
    ranked_table: pd.DataFrame
    map_values: pd.DataFrame  # borough_code, percent, map_class (index into MAP_CLASS_LABELS), tip
    map_legend: str
    london_value: float | None
    london_ci: tuple[float, float] | None
    above_london: pd.DataFrame
    below_london: pd.DataFrame
    drivers: pd.DataFrame
    drivers_table: pd.DataFrame
    similar: pd.DataFrame | None
    similar_table: pd.DataFrame | None
    similar_members: list[str] = field(default_factory=list)
    similar_note: str = ""
    answer: str = ""  # the page's first sentence: the headline measure for the area, period and comparison

    @property
    def is_london(self) -> bool:
        return self.area_code == LONDON_CODE

    def report(self) -> list[dict]:
        """The command line's rows (:func:`report_rows` of the summary)."""
        return report_rows(self.summary)


def report_rows(summary: pd.DataFrame) -> list[dict]:
    """The command line's rows of a :func:`lib.metrics.confidence.borough_summary`: per measure the value, London,
    95% interval and the change on a year earlier."""
    return [{
        "measure": r["measure"], "measure_label": r["measure_label"], "value": r["value"],
        "mps_value": r["mps_value"], "ci_low": r["ci_low"], "ci_high": r["ci_high"],
        "change": {
            "year_earlier": r["year_earlier"], "year_earlier_value": r["year_earlier_value"],
            "points": r["change_points"], "ci_low_points": r["change_low_points"],
            "ci_high_points": r["change_high_points"], "significant": r["significant"],
            "verdict": r["verdict"],
        },
    } for r in summary.to_dict(orient="records")]


def _assumption(sample: conf.SampleAssumption) -> str:
    return (f"**How sure are these figures?** The published file carries no sample sizes. The intervals assume "
            f"**{sample.borough:,.0f} interviews per borough** per rolling year and **{sample.london:,.0f} for "
            f"London** (the PAS interviews about {PAS_INTERVIEWS_PER_YEAR:,} people a year, Enfield SNB pack 2015; "
            f"{PAS_INTERVIEWS_PER_YEAR:,} ÷ {MPS_BOROUGHS} boroughs ≈ {PAS_BOROUGH_SAMPLE}), with design effect "
            f"{sample.design_effect:g} (1: a simple random sample). Each figure's 95% interval is a Wilson score "
            "interval, the usual range for a survey percentage; a change or gap is called real only when its own 95% "
            "interval (Newcombe's method, for the difference between two survey percentages) leaves out zero. "
            "Figures are published to whole percentages.")


def _headline(summary: pd.DataFrame) -> Headline | None:
    rows = summary[summary["measure"] == HEADLINE_MEASURE]
    if rows.empty:
        return None
    g = rows.iloc[0]
    delta = (None if pd.isna(g["change_points"])
             else f"{g['change_points']:+.0f} points on a year earlier: {g['verdict']}")
    london = "" if pd.isna(g["mps_value"]) else f"; London {g['mps_value']:.0%}"
    return Headline(HEADLINE_LABEL, f"{g['value']:.0%}", delta,
                    f"95% interval {g['ci_low']:.0%} to {g['ci_high']:.0%}{london}.",
                    None if delta is None or pd.isna(g["significant"]) else bool(g["significant"]))


# A gap or change in words a resident reads (lib.metrics.survey's verdicts, said against what).
GAP_WORDS = {VERDICT_HIGHER: "higher than London, beyond the margin of error",
             VERDICT_LOWER: "lower than London, beyond the margin of error"}
GAP_NONE = "no real difference from London (within the margin of error)"
CHANGE_WORDS = {VERDICT_RISE: "a real rise", VERDICT_FALL: "a real fall"}
CHANGE_NONE = "within the margin of error"
SURVEY_WORDS = "Public Attitude Survey (PAS)"


def _pct(value: float) -> str:
    return f"{value:.0%}"


def answer_sentence(summary: pd.DataFrame, area_name: str, quarter_label: str, is_london: bool) -> str:
    """The page's answer in one sentence, from the headline row of ``summary`` (:func:`lib.metrics.confidence.
    borough_summary`): the share saying the police do a good job, its 95% interval, the survey period and
    the comparison (a borough against London; London against a year earlier), e.g. "In Enfield, 59% of
    people asked in the Public Attitude Survey (PAS) said the police do a good job in their area in the 12
    months to September 2015 (95% interval 54% to 64%), against 67% across London: lower than London, beyond
    the margin of error."
    """
    rows = summary[summary["measure"] == HEADLINE_MEASURE]
    if rows.empty:
        return (f"The {SURVEY_WORDS} has no figure for {area_name} in the 12 months to {quarter_label} on whether "
                "the police do a good job.")
    g = rows.iloc[0]
    where = "Across London" if is_london else f"In {area_name}"
    text = (f"{where}, {_pct(g['value'])} of people asked in the {SURVEY_WORDS} said the police do a good job in "
            f"their area in the 12 months to {quarter_label} (95% interval {_pct(g['ci_low'])} to "
            f"{_pct(g['ci_high'])})")
    if not is_london and not pd.isna(g["mps_value"]):
        text += (f", against {_pct(g['mps_value'])} across London: "
                 f"{GAP_WORDS.get(g['vs_mps_verdict'], GAP_NONE)}")
    if pd.isna(g["change_points"]):
        return text + "."
    return (text + f"; a year earlier it was {_pct(g['year_earlier_value'])} "
            f"({CHANGE_WORDS.get(g['verdict'], CHANGE_NONE)}).")


# The confidence map's classes (lib.metrics.map_classes), lowest first: the map colours a borough
# only where its gap to London is beyond survey error.
MAP_CLASS_LABELS = ("Lower than London", "No real difference from London", "Higher than London")
_CLASS_INDEX = {mc.LOWER: 0, mc.NO_REAL_DIFFERENCE: 1, mc.HIGHER: 2}


def _sentence_case(text: str) -> str:
    return text[:1].lower() + text[1:]


def map_table(ranked: pd.DataFrame, london: float | None = None,
              london_ci: tuple[float, float] | None = None) -> pd.DataFrame:
    """Ranked boroughs as map rows: borough_code, value in percent, the map class against London
    (an index into :data:`MAP_CLASS_LABELS`) and the hover text (name, value, rank, class in words)."""
    n = len(ranked)
    pct = (ranked["value"] * 100).round(0)
    lo, hi = london_ci if london_ci is not None else (None, None)
    codes = mc.classes_vs_reference(ranked["value"], ranked["ci_low"], ranked["ci_high"], london, lo, hi)
    index = codes.map(_CLASS_INDEX).astype("Int64")
    words = index.map(lambda i: "" if pd.isna(i) else "; " + _sentence_case(MAP_CLASS_LABELS[int(i)])).astype(str)
    tip = (ranked["area_name"] + ": " + pct.astype(int).astype(str) + "% (rank " + ranked["rank"].astype(str)
           + f" of {n})" + words)
    return pd.DataFrame({"borough_code": ranked["area_code"].to_numpy(), "percent": pct.to_numpy(),
                         "map_class": index.to_numpy(), "tip": tip.to_numpy()})


def map_legend(measure_label: str, ranked: pd.DataFrame, london: float | None) -> str:
    """The map key's title in words: what the three colours mean and how large survey error is."""
    if london is None or not len(ranked):
        return f"{measure_label}: no London figure to compare with"
    half = mc.typical_half_width(ranked["ci_low"], ranked["ci_high"])
    return (f"{measure_label} against London ({london:.0%}): coloured only where the gap is beyond survey "
            f"error (a borough's 95% interval is about ±{half * 100:.0f} points)")


def _similar(store, pas: pd.DataFrame, area_code: str, quarter: str):
    if area_code == LONDON_CODE:
        return None, [], "Choose a borough under 'Change what is shown' to compare it with the boroughs most like it."
    if not store.has(FEATURES_TABLE):
        return None, [], ("This store has no socio-demographic features per borough, so no most similar group "
                          "can be formed.")
    try:
        table, codes = conf.similar_boroughs_comparison(pas, store.table(FEATURES_TABLE), area_code, quarter)
    except (KeyError, ValueError) as e:
        return None, [], f"No most similar group: {e}"
    names = [borough_by_code(c).name for c in codes]
    return table, names, f"Most similar group (socio-demographic features, nearest first): {', '.join(names)}."


def confidence_summary(store, area_code: str, quarter: str | None = None, sample: float = PAS_BOROUGH_SAMPLE,
                       deff: float = DESIGN_EFFECT,
                       ) -> tuple[choices.Area, pd.DataFrame, str, conf.SampleAssumption, pd.DataFrame]:
    """Every measure for an area at a quarter (default: the latest), with its interval, change and London
    (:func:`lib.metrics.confidence.borough_summary`): the area, the survey table, the quarter, the sample assumed
    and the summary. What the ``confidence`` command prints and the first part of :func:`confidence_view`."""
    area = choices.area(area_code)
    if not store.has(PAS_TABLE):
        raise UsageError(f"the store at {store.path} has no table {PAS_TABLE!r} (no PAS file was ingested)")
    if sample <= 0 or deff <= 0:
        raise UsageError("the sample and the design effect must be positive")
    pas = store.table(PAS_TABLE)
    quarter = conf.latest_quarter(pas) if quarter is None else conf.check_quarter(pas, quarter)
    assumption = conf.SampleAssumption(borough=sample, london=PAS_LONDON_SAMPLE, design_effect=deff)
    return area, pas, quarter, assumption, conf.borough_summary(pas, area.code, quarter, assumption)


def confidence_view(
    store, area_code: str, quarter: str | None = None, measure: str = HEADLINE_MEASURE,
    sample: float = PAS_BOROUGH_SAMPLE, deff: float = DESIGN_EFFECT,
) -> ConfidenceView:
    """Public confidence for an area (a borough's GSS code or London's) at a quarter (default: the latest):
    every measure with its interval, change and gap to London, the chosen measure's trend, the boroughs
    ranked with London and the furthest above and below it, the drivers against London and the most
    similar boroughs. ``sample`` = assumed interviews per borough per rolling year, ``deff`` = design effect.
    An area the Met does not police (the City of London) or that does not exist is refused in one line
    (``lib.choices.area``, as on every front end)."""
    area, pas, quarter, assumption, summary = confidence_summary(store, area_code, quarter, sample, deff)
    area_code = area.code
    labels = conf.measure_labels()
    if measure not in labels:
        raise UsageError(f"unknown PAS measure {measure!r} (one of {', '.join(labels)})")
    trend = conf.measure_trend(pas, area_code, measure, assumption)
    ranked = conf.ranked_boroughs(pas, measure, quarter, assumption)
    above, below = conf.furthest_from_london(ranked, EXTREMES)
    london = ranked["london"].iloc[0] if len(ranked) else None
    london = None if london is None or pd.isna(london) else float(london)
    drivers = (conf.drivers_vs_london(pas, area_code, quarter, assumption) if area_code != LONDON_CODE
               else pd.DataFrame(columns=list(DRIVER_COLUMNS)))
    similar, members, note = _similar(store, pas, area_code, quarter)
    year_earlier = add_months(quarter, -12)
    return ConfidenceView(
        area_code=area_code, area_name=area.name, quarter=quarter, quarter_label=month_label(quarter),
        year_earlier=year_earlier, year_earlier_label=month_label(year_earlier), measure=measure,
        measure_label=labels[measure], sample=assumption, assumption=_assumption(assumption),
        headline=_headline(summary), summary=summary,
        answer=answer_sentence(summary, area.name, month_label(quarter), area_code == LONDON_CODE),
        summary_table=(_shown(summary, SUMMARY_COLUMNS) if len(summary)
                       else pd.DataFrame(columns=[*SUMMARY_COLUMNS.values()])),
        trend=trend, trend_table=_shown(trend, TREND_COLUMNS),
        ranked=ranked, ranked_table=_shown(ranked, RANK_COLUMNS), map_values=map_table(
            ranked, london, None if london is None else wilson_interval(london, assumption.n_for(LONDON_CODE))),
        map_legend=map_legend(labels[measure], ranked, london),
        london_value=london,
        london_ci=None if london is None else wilson_interval(london, assumption.n_for(LONDON_CODE)),
        above_london=above, below_london=below,
        drivers=drivers, drivers_table=_shown(drivers, DRIVER_COLUMNS),
        similar=similar, similar_table=None if similar is None else _shown(similar, SIMILAR_COLUMNS),
        similar_members=members, similar_note=note,
    )


# ---------------------------------------------------------------- victim satisfaction


@dataclass(frozen=True)
class SatisfactionView:
    """Victim satisfaction (USS) for one area and quarter: boroughs ranked with London, the white–BME gap
    for the area and London and for every borough, and the area's trend on every measure."""

    area_code: str
    area_name: str
    period: str
    period_label: str
    by_borough: pd.DataFrame
    by_borough_table: pd.DataFrame
    gap: dict | None  # {"area": {...}, "london": {...} | None} (lib.metrics.satisfaction.ethnic_gap)
    gap_headlines: tuple[Headline, ...]  # white, BME, gap: empty when the area lacks either group
    london_gap_text: str
    gap_by_borough: pd.DataFrame
    gap_table: pd.DataFrame
    trend: pd.DataFrame
    trend_table: pd.DataFrame


def satisfaction_view(store, area_code: str, period: str | None = None) -> SatisfactionView:
    """Victim satisfaction for an area (GSS code or London's) in the 12 months to ``period`` (default: latest);
    an area the Met does not police or that does not exist is refused in one line (``lib.choices.area``)."""
    area = choices.area(area_code)
    area_code = area.code
    if not store.has(USS_TABLE):
        raise UsageError(f"the store at {store.path} has no victim satisfaction table {USS_TABLE!r}")
    uss = store.table(USS_TABLE)
    period = sat.periods(uss)[-1] if period is None else sat.check_period(uss, period)
    by_borough = sat.satisfaction_by_borough(uss, period)
    gap = sat.ethnic_gap(uss, area_code, period)
    lon = gap["london"] if gap else None
    london_text = "" if lon is None or area_code == LONDON_CODE else (
        f"London's gap is **{lon['gap_points']:.0f} percentage points** (white {lon['white']:.0%}, "
        f"BME {lon['bme']:.0%}).")
    gaps = sat.ethnic_gap_by_borough(uss, period)
    a = gap["area"] if gap else None
    headlines = () if a is None else (
        Headline("White victims satisfied", f"{a['white']:.0%}", None, f"{a['white_respondents']:,} interviewed"),
        Headline("BME victims satisfied", f"{a['bme']:.0%}", None, f"{a['bme_respondents']:,} interviewed"),
        Headline("Gap (white minus BME)", f"{a['gap_points']:.0f} points", a["verdict"],
                 "White minus BME satisfied, in percentage points, with a Newcombe 95% verdict."),
    )
    trend = sat.satisfaction_trend(uss, area_code)
    return SatisfactionView(
        area_code=area_code, area_name=area.name, period=period, period_label=month_label(period),
        by_borough=by_borough, by_borough_table=_shown(by_borough, USS_COLUMNS), gap=gap, gap_headlines=headlines,
        london_gap_text=london_text, gap_by_borough=gaps,
        gap_table=_shown(gaps, GAP_COLUMNS) if len(gaps) else pd.DataFrame(columns=[*GAP_COLUMNS.values()]),
        trend=trend, trend_table=_shown(trend, USS_TREND_COLUMNS),
    )
