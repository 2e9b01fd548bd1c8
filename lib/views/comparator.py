"""The Neighbourhood comparator screen: a neighbourhood within its similarity group and beside another.

Read by ``pages/3_Neighbourhood_comparator.py``, ``python -m lib.cli comparator`` and the Challenge
deck (slide 5: a pair side by side, defaulting to the pair in one similarity group with the largest
'good job' gap, which gaps are beyond survey error, and the drivers where the gap is largest).
Arithmetic in :mod:`lib.metrics.comparator` and :mod:`lib.metrics.survey`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from lib.errors import UsageError
from lib.metrics import comparator as cmp
from lib.metrics.survey import DESIGN_EFFECT, PAS_INTERVIEWS_PER_YEAR, PAS_NEIGHBOURHOOD_SAMPLE, PAS_NEIGHBOURHOODS
from lib.reference.boroughs import mps_boroughs

NEIGHBOURHOOD_TABLE = "pas_neighbourhood"
ETHNICITY_TABLE = "pas_neighbourhood_ethnicity"
BOUNDARIES_TABLE = "boroughs"
HEADLINE_MEASURE = cmp.HEADLINE_MEASURE
NEAREST = 10  # neighbourhoods listed as nearest on drivers
LARGEST_GAPS = 3  # drivers where the gap is largest (Challenge slide 5)

RANK_COLUMNS = {"measure_label": "Measure", "value": "Value", "rank": "Rank in group", "group_size": "Of",
                "group_best": "Group best", "group_median": "Group median", "group_worst": "Group worst",
                "best_neighbourhood": "Best in group", "worst_neighbourhood": "Worst in group"}
SPREAD_COLUMNS = {"group_name": "Group", "size": "Neighbourhoods", "highest": "Highest",
                  "highest_value": "Highest value", "lowest": "Lowest", "lowest_value": "Lowest value",
                  "gap_points": "Gap (points)", "mean": "Group average"}
NEAREST_COLUMNS = {"order": "Order", "neighbourhood": "Neighbourhood", "group": "Group",
                   "same_group": "Same group", "good_job": "Good job locally", "distance": "Distance"}
WHERE_COLUMNS = {"borough_name": "Borough", "members": "Neighbourhoods of the group", "role": "Role"}
SAME_GROUP_COLUMNS = {"neighbourhood": "Neighbourhood", "borough_name": "Borough", "good_job": "Good job locally"}
LABEL_COLUMNS = {"label": "Name in the transcript", "group": "Group", "status": "Status",
                 "named_members": "Neighbourhoods named", "evidence": "Evidence"}
GAP_TABLE_COLUMNS = ["Measure", "Gap (points)", "Verdict"]
# Which survey the comparator file holds: the published file names no months, only the year in its name
# (../shared/data/SOURCES.md: pas_neighbourhood_comparator_2016.csv, "exact survey period not stated").
SURVEY_PERIOD = "the Public Attitude Survey (PAS) figures MOPAC published in 2016 (the file does not say which months)"


def _shown(table: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    return table[list(names)].rename(columns=dict(names))


# ---------------------------------------------------------------- what the pickers offer


@dataclass(frozen=True)
class ComparatorChoices:
    """The neighbourhoods and measures the comparator offers in this store, and its defaults."""

    has_comparator: bool
    neighbourhoods: tuple[str, ...]
    measures: dict[str, str]
    default_neighbourhood: str | None
    default_compare: dict[str, str]  # neighbourhood -> the member of its group furthest from it on 'good job'
    has_map: bool


@dataclass(frozen=True, eq=False)
class ComparatorOptions:
    """What the choices of every borough share (compared and hashed by identity: one object per store
    version, from the cache): the choices with London's default neighbourhood, and each borough's first
    neighbourhood alphabetically."""

    choices: ComparatorChoices
    first_of_borough: dict[str, str]


def comparator_options(store) -> ComparatorOptions:
    """The part of :func:`comparator_choices` that is the same for every borough (every neighbourhood's
    default comparison above all), worked out once; :func:`choices_for` selects a borough's."""
    labels = cmp.measure_labels()
    if not store.has(NEIGHBOURHOOD_TABLE):
        return ComparatorOptions(ComparatorChoices(False, (), labels, None, {}, store.has(BOUNDARIES_TABLE)), {})
    nb = store.table(NEIGHBOURHOOD_TABLE)
    names = cmp.neighbourhoods(nb)
    first = {str(code): min(map(str, g.unique()))
             for code, g in nb.groupby("borough_code", observed=True)["neighbourhood"] if len(g)}
    return ComparatorOptions(ComparatorChoices(
        has_comparator=True, neighbourhoods=tuple(names), measures=labels,
        default_neighbourhood=names[0], default_compare=cmp.furthest_in_group_all(nb),
        has_map=store.has(BOUNDARIES_TABLE),
    ), first)


def choices_for(options: ComparatorOptions, borough_code: str) -> ComparatorChoices:
    """:func:`comparator_choices` for one borough, from :func:`comparator_options`."""
    c = options.choices
    if not c.has_comparator:
        return c
    return replace(c, default_neighbourhood=options.first_of_borough.get(borough_code, c.default_neighbourhood))


def comparator_choices(store, borough_code: str) -> ComparatorChoices:
    """Every neighbourhood (alphabetical), the measures, the default neighbourhood for the chosen borough
    (its first alphabetically, else London's first) and each neighbourhood's default comparison."""
    return choices_for(comparator_options(store), borough_code)


# ---------------------------------------------------------------- the answer


@dataclass(frozen=True)
class ComparatorView:
    """Everything the comparator screen shows for one neighbourhood and one comparison.

    Raw tables keep the metric column names (charts, command line, slides); ``*_table`` are the
    screen's columns. ``compare_note`` says so when the comparison had to be changed (a neighbourhood
    is never compared with itself). ``largest_gaps``: the drivers (measures other than 'good job')
    with the widest gap between the pair, widest first.
    """

    neighbourhood: str
    compare: str
    compare_note: str
    ranking: cmp.GroupRanking
    members_text: str
    rank_table: pd.DataFrame
    side: pd.DataFrame
    side_table: pd.DataFrame
    side_intro: str
    real_gaps_table: pd.DataFrame
    largest_gaps: pd.DataFrame
    spread_measure: str
    spread_measure_label: str
    spread: pd.DataFrame
    spread_table: pd.DataFrame
    where: pd.DataFrame
    where_table: pd.DataFrame
    own_borough_code: str
    group_borough_codes: tuple[str, ...]
    same_group_table: pd.DataFrame
    nearest: pd.DataFrame
    nearest_table: pd.DataFrame
    ethnicity: pd.DataFrame
    ethnicity_table: pd.DataFrame
    labels: pd.DataFrame
    labels_table: pd.DataFrame
    sample: float
    design_effect: float
    answer: str = ""  # the page's first sentence: 'good job' in the neighbourhood, its rank in the group, the pair
    headline: tuple[str, str, str] | None = None  # (label, value, help): the answer's figure as a headline card
    survey_period: str = SURVEY_PERIOD

    @property
    def group(self) -> int:
        return self.ranking.group

    @property
    def group_name(self) -> str:
        return self.ranking.group_name


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def answer_sentence(ranking: cmp.GroupRanking, side: pd.DataFrame, neighbourhood: str, compare: str) -> str:
    """The page's answer in one sentence: the share in ``neighbourhood`` saying the police do a good job, its
    rank among the neighbourhoods of its similarity group with the group's middle figure, and ``compare``'s
    figure with the verdict on the gap (from :func:`lib.metrics.comparator.rank_in_group` and
    :func:`lib.metrics.comparator.side_by_side`), naming the survey period."""
    own = ranking.measures[ranking.measures["measure"] == HEADLINE_MEASURE]
    pair = side[side["measure"] == HEADLINE_MEASURE]
    if own.empty or pd.isna(own["value"].iloc[0]):
        return f"{neighbourhood} has no 'good job' figure in {SURVEY_PERIOD}."
    r = own.iloc[0]
    rank = int(r["rank"])
    text = (f"In {neighbourhood}, {r['value']:.0%} of people asked said the police do a good job locally: "
            f"{'the' if rank == 1 else 'the ' + _ordinal(rank)} highest of the {int(r['group_size'])} "
            f"neighbourhoods in its group of similar places, {ranking.group_name}, whose middle figure is "
            f"{r['group_median']:.0%}")
    if len(pair) and not pd.isna(pair["second"].iloc[0]):
        p = pair.iloc[0]
        gap = round(float(p["gap_points"]))
        than = "the same" if gap == 0 else f"{abs(gap)} points {'lower' if gap > 0 else 'higher'}"
        beyond = "beyond" if bool(p["beyond_survey_error"]) else "within"
        text += f"; {compare} has {p['second']:.0%}, {than} ({beyond} the margin of error)"
    return text + f". From {SURVEY_PERIOD}."


def headline_figure(ranking: cmp.GroupRanking, neighbourhood: str) -> tuple[str, str, str] | None:
    """The answer's figure as (label, value, help): 'good job' in the neighbourhood and its rank in the group."""
    own = ranking.measures[ranking.measures["measure"] == HEADLINE_MEASURE]
    if own.empty or pd.isna(own["value"].iloc[0]):
        return None
    r = own.iloc[0]
    return (f"Police do a good job locally: {neighbourhood}", f"{r['value']:.0%}",
            f"Rank {int(r['rank'])} of {int(r['group_size'])} in {ranking.group_name} (1 = highest). {SURVEY_PERIOD}.")


def where_it_sits(nb: pd.DataFrame, neighbourhood: str) -> pd.DataFrame:
    """All 32 boroughs for the map: members of the neighbourhood's group in each, its role and hover text."""
    g = cmp.group_of(nb, neighbourhood)
    b = cmp.boroughs_of_group(nb, neighbourhood).set_index("borough_code")
    rows = []
    for bor in mps_boroughs():
        if bor.code in b.index:
            r = b.loc[bor.code]
            rows.append({"borough_code": bor.code, "borough_name": bor.name, "members": int(r["members"]),
                         "role": r["role"], "tip": f"{bor.name}: {r['role']} — Group {g}: {r['neighbourhoods']}"})
        else:
            rows.append({"borough_code": bor.code, "borough_name": bor.name, "members": 0, "role": "not in group",
                         "tip": f"{bor.name}: no neighbourhood of Group {g}"})
    return pd.DataFrame(rows)


def _side_table(side: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    names = {"measure_label": "Measure", "first": first, "second": second, "gap_points": "Gap (points)",
             "verdict": "Verdict"}
    return _shown(side, names)


@dataclass(frozen=True, eq=False)
class ComparatorGroups:
    """What every neighbourhood's view shares for a store and spread measure (compared and hashed by
    identity): the tables, every group's spread on the measure and the groups' names."""

    neighbourhoods: pd.DataFrame  # the store's NEIGHBOURHOOD_TABLE
    ethnicity: pd.DataFrame  # ETHNICITY_TABLE, or an empty frame
    spread_measure: str
    spread: pd.DataFrame  # lib.metrics.comparator.group_spread
    labels: pd.DataFrame  # lib.metrics.comparator.group_labels


def comparator_groups(store, spread_measure: str = HEADLINE_MEASURE) -> ComparatorGroups:
    """The part of :func:`comparator_view` that is the same for every neighbourhood, worked out once;
    :func:`comparator_pair_view` answers for a neighbourhood from it."""
    if not store.has(NEIGHBOURHOOD_TABLE):
        raise UsageError(f"the store at {store.path} has no table {NEIGHBOURHOOD_TABLE!r} (no PAS file was ingested)")
    labels = cmp.measure_labels()
    if spread_measure not in labels:
        raise UsageError(f"unknown comparator measure {spread_measure!r} (one of {', '.join(labels)})")
    nb = store.table(NEIGHBOURHOOD_TABLE)
    nbe = store.table(ETHNICITY_TABLE) if store.has(ETHNICITY_TABLE) else pd.DataFrame(columns=["neighbourhood"])
    return ComparatorGroups(nb, nbe, spread_measure, cmp.group_spread(nb, spread_measure), cmp.group_labels(nb))


def comparator_view(
    store, neighbourhood: str | None = None, compare: str | None = None, sample: float = PAS_NEIGHBOURHOOD_SAMPLE,
    deff: float = DESIGN_EFFECT, spread_measure: str = HEADLINE_MEASURE,
) -> ComparatorView:
    """A neighbourhood (name or MPS code) in its group, side by side with ``compare``.

    Without a neighbourhood: the pair in one similarity group with the largest 'good job' gap
    (:func:`lib.metrics.comparator.largest_gap_pair`). Without a comparison, or when it names the same
    neighbourhood: the member of its group furthest from it on 'good job', and ``compare_note`` says so.
    ``sample`` = assumed interviews per neighbourhood per year, ``deff`` = design effect. The same answer
    as :func:`comparator_pair_view` of :func:`comparator_groups` (the page caches the shared step).
    """
    return comparator_pair_view(comparator_groups(store, spread_measure), neighbourhood, compare, sample, deff)


def comparator_pair_view(
    groups: ComparatorGroups, neighbourhood: str | None = None, compare: str | None = None,
    sample: float = PAS_NEIGHBOURHOOD_SAMPLE, deff: float = DESIGN_EFFECT,
) -> ComparatorView:
    """:func:`comparator_view` for one neighbourhood and comparison, from :func:`comparator_groups`."""
    if sample <= 0 or deff <= 0:
        raise UsageError("the sample and the design effect must be positive")
    labels = cmp.measure_labels()
    spread_measure = groups.spread_measure
    nb = groups.neighbourhoods
    if neighbourhood is None:
        neighbourhood, default = cmp.largest_gap_pair(nb, HEADLINE_MEASURE)
        compare = compare or default
    neighbourhood = cmp.find_neighbourhood(nb, neighbourhood)
    note = ""
    if compare is not None:
        compare = cmp.find_neighbourhood(nb, compare)
    if compare is None or compare == neighbourhood:
        if compare == neighbourhood:
            note = (f"{neighbourhood} was chosen twice, so it is compared with the member of its group furthest "
                    f"from it on 'good job'.")
        compare = cmp.furthest_in_group(nb, neighbourhood)
        if note:
            note = note.replace("furthest from it on 'good job'.", f"furthest from it on 'good job': {compare}.")
    ranking = cmp.rank_in_group(nb, neighbourhood)
    side = cmp.side_by_side(nb, neighbourhood, compare, sample, deff)
    side_table = _side_table(side, neighbourhood, compare)
    drivers = side[side["measure"] != HEADLINE_MEASURE]
    largest = drivers.loc[drivers["gap_points"].abs().sort_values(ascending=False, kind="stable").index]
    where = where_it_sits(nb, neighbourhood)
    nearest = cmp.nearest_on_drivers(nb, neighbourhood, NEAREST)
    nbe = groups.ethnicity
    ethnicity = cmp.ethnicity_view(nbe, neighbourhood) if len(nbe) else pd.DataFrame(columns=["measure"])
    return ComparatorView(
        neighbourhood=neighbourhood, compare=compare, compare_note=note, ranking=ranking,
        members_text=f"**{len(ranking.members)} neighbourhoods** in this group: {', '.join(ranking.members)}.",
        rank_table=_shown(ranking.measures, RANK_COLUMNS),
        side=side, side_table=side_table,
        side_intro=(f"Gap = {neighbourhood} minus {compare}, in percentage points. A gap is **beyond survey "
                    f"error** when its 95% interval excludes zero, assuming **{sample:,.0f} interviews per "
                    f"neighbourhood** a year (about {PAS_INTERVIEWS_PER_YEAR:,} PAS interviews a year ÷ "
                    f"{PAS_NEIGHBOURHOODS} neighbourhoods) and design effect {deff:g}."),
        real_gaps_table=side_table.loc[side["beyond_survey_error"].to_numpy(), GAP_TABLE_COLUMNS].reset_index(
            drop=True),
        largest_gaps=largest.head(LARGEST_GAPS).reset_index(drop=True),
        spread_measure=spread_measure, spread_measure_label=labels[spread_measure],
        spread=groups.spread, spread_table=_shown(groups.spread, SPREAD_COLUMNS),
        where=where, where_table=_shown(where[where["members"] > 0], WHERE_COLUMNS),
        own_borough_code=str(where.loc[where["role"] == "this neighbourhood", "borough_code"].iloc[0]),
        group_borough_codes=tuple(where.loc[where["role"] == "group member", "borough_code"]),
        same_group_table=_shown(cmp.same_group_list(nb, neighbourhood), SAME_GROUP_COLUMNS),
        nearest=nearest, nearest_table=nearest.rename(columns=NEAREST_COLUMNS),
        ethnicity=ethnicity,
        ethnicity_table=ethnicity.drop(columns="measure").rename(columns={"measure_label": "Measure"}),
        labels=groups.labels, labels_table=_shown(groups.labels, LABEL_COLUMNS),
        sample=sample, design_effect=deff,
        answer=answer_sentence(ranking, side, neighbourhood, compare),
        headline=headline_figure(ranking, neighbourhood),
    )
