"""Stop and search: volumes, outcomes, weapons and key-crime shares, by borough and London.

Answers what a borough Stop and Search Monitoring Group looks at each month (Enfield SNB pack 2015,
Figures 11-13): how many searches, under which powers, for what, with what outcome, and who was
searched. Category groupings are reference tables in ``lib/reference/stop_search_*.csv``.

Areas: a borough's searches are those located inside it (``location_status == 'borough'``);
London (the MPS) counts every search the Met published, including unlocated ones and those
located in the City of London or outside London.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from lib.errors import UsageError
from lib.metrics.disproportionality import (
    GROUPS,
    NOT_RECORDED,
    PER,
    POPULATION_SCHEME,
    REFERENCE_GROUP,
    ethnicity_table,
    monthly_disproportionality,
    population_by_group,
)
from lib.periods import add_months, month_index, month_runs
from lib.reference.boroughs import LONDON_CODE, mps_boroughs
from lib.reference.stop_search import ethnicity_groups, reference_groups

# Targets quoted by the Enfield SNB pack (Figure 13): shares of all searches.
WEAPONS_TARGET = 0.20
KEY_CRIME_TARGET = 0.40
WEAPONS = "Weapons"
KEY_CRIME = "Key crime"
ARREST = "Arrest"
NO_FURTHER_ACTION = "No further action"
OTHER = "Other"
VEHICLE_ONLY = "Vehicle search"
LEGISLATION_ORDER = (
    "PACE s1", "Misuse of Drugs Act s23", "CJPOA s60", "Firearms Act s47", OTHER, NOT_RECORDED,
)
# Months whose police.uk records lack most locations (Met, known police.uk gap).
MONTHS_MOSTLY_UNLOCATED_SHARE = 0.5

# Dimensions a monthly count can be broken down by: name → column (after :func:`classify`).
DIMENSIONS = {
    "type": "type",
    "legislation": "legislation_group",
    "legislation_published": "legislation",
    "object": "object_group",
    "object_published": "object_of_search",
    "outcome": "outcome_group",
    "outcome_published": "outcome",
    "officer_defined_ethnicity": "ethnic_group",
    "self_defined_ethnicity": "self_defined_group",
    "age": "age_group",
    "gender": "gender_group",
}
def _map(values: pd.Series, mapping: dict[str, str], unknown: str) -> pd.Series:
    """Each value's group in ``mapping`` (blank when missing), ``unknown`` when it has none: looked up once
    per distinct value (a few dozen among 200,000 searches), not once per search."""
    filled = values.astype("string").fillna("")
    codes, distinct = pd.factorize(filled)
    groups = [mapping.get(v) for v in distinct]
    looked_up = np.array([g if isinstance(g, str) else unknown for g in groups] + [unknown], dtype=object)
    return pd.Series(looked_up[codes], index=values.index, name=values.name, dtype="string")  # code -1: unknown


def classify(df: pd.DataFrame) -> pd.DataFrame:
    """The searches with group columns added: legislation_group, object_group, outcome_group,
    ethnic_group (officer-defined, 4 groups + Not recorded), self_defined_group, age_group, gender_group.

    Published values missing from the reference tables fall in 'Other'; blanks are 'Not recorded'.
    """
    out = df.copy()
    out["legislation_group"] = _map(out["legislation"], reference_groups("legislation"), OTHER)
    out["object_group"] = _map(out["object_of_search"], reference_groups("object_of_search"), OTHER)
    out["outcome_group"] = _map(out["outcome"], reference_groups("outcome"), "Other outcome")
    out["ethnic_group"] = _map(out["officer_defined_ethnicity"], ethnicity_groups("officer_defined"), OTHER)
    out["self_defined_group"] = _map(out["self_defined_ethnicity"], ethnicity_groups("self_defined"), OTHER)
    out["age_group"] = out["age_range"].astype("string").fillna(NOT_RECORDED)
    out["gender_group"] = out["gender"].astype("string").fillna(NOT_RECORDED)
    return out


GROUP_COLUMNS = ("legislation_group", "object_group", "outcome_group", "ethnic_group", "self_defined_group",
                 "age_group", "gender_group")


def classified(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` if it already carries the :func:`classify` columns (a slice of a classified table), else
    :func:`classify` of it: the groups depend on each row's published values only."""
    return df if all(c in df.columns for c in GROUP_COLUMNS) else classify(df)


def in_area(df: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Searches counted for an area: every search for London (the MPS); those located in it for a borough."""
    if area_code == LONDON_CODE:
        return df
    return df[(df["location_status"] == "borough") & (df["borough_code"] == area_code)]


def months_covered(df: pd.DataFrame) -> list[str]:
    """The months that have record-level searches, in order."""
    return sorted(str(m) for m in df["month"].unique())


def check_period(df: pd.DataFrame, start: str, end: str) -> list[str]:
    """The covered months in start..end; UsageError if the period is reversed or has no data (naming every
    run of months the records do cover: they have gaps of years)."""
    if month_index(end) < month_index(start):
        raise UsageError(f"the period {start} to {end} ends before it starts")
    covered = [m for m in months_covered(df) if start <= m <= end]
    if not covered:
        have = month_runs(months_covered(df))
        span = ", ".join(r[0] if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in have) if have else "none"
        raise UsageError(f"no stop and search records for {start} to {end} (records cover {span})")
    return covered


def select(df: pd.DataFrame, area_code: str, start: str, end: str) -> pd.DataFrame:
    """Searches in an area and period (inclusive); UsageError if the period has no data."""
    check_period(df, start, end)
    keep = (df["month"] >= start) & (df["month"] <= end)
    if area_code != LONDON_CODE:  # as in_area, in the same single selection
        keep &= (df["location_status"] == "borough") & (df["borough_code"] == area_code)
    return df[keep]


def coverage(df: pd.DataFrame) -> pd.DataFrame:
    """Per month: searches, unlocated searches, located outside the MPS boroughs, unlocated share.

    Definition: unlocated share = searches without latitude/longitude / all searches in the month.
    """
    counts = df.groupby("month")["location_status"].value_counts().unstack(fill_value=0)
    for col in ("borough", "unlocated", "outside_mps"):
        if col not in counts.columns:
            counts[col] = 0
    out = pd.DataFrame({
        "month": counts.index.astype(str),
        "searches": counts.sum(axis=1).to_numpy(),
        "in_borough": counts["borough"].to_numpy(),
        "unlocated": counts["unlocated"].to_numpy(),
        "outside_mps": counts["outside_mps"].to_numpy(),
    })
    out["unlocated_share"] = out["unlocated"] / out["searches"]
    return out.reset_index(drop=True)


def mostly_unlocated_months(df: pd.DataFrame) -> list[str]:
    """Months where more than :data:`MONTHS_MOSTLY_UNLOCATED_SHARE` of searches have no location (:func:`coverage`):
    they count for London but in no borough, so every borough's count for them is short."""
    cov = coverage(df)
    return [str(x) for x in cov.loc[cov["unlocated_share"] > MONTHS_MOSTLY_UNLOCATED_SHARE, "month"]]


def monthly_counts(df: pd.DataFrame, by: str, months: list[str] | None = None) -> pd.DataFrame:
    """Searches per month broken down by a dimension (see :data:`DIMENSIONS`): month, category, searches.

    Definition: number of search records in the month with that value; every month in ``months``
    and every category seen appear, with 0 where there were none. ``df`` must be classified.
    """
    if by not in DIMENSIONS:
        raise UsageError(f"cannot break searches down by {by!r} (choose from {', '.join(DIMENSIONS)})")
    col = DIMENSIONS[by]
    months = months if months is not None else months_covered(df)
    counts = df.groupby(["month", col]).size()
    cats = list(counts.index.get_level_values(1).unique())
    orders = {"legislation": list(LEGISLATION_ORDER), "officer_defined_ethnicity": [*GROUPS, NOT_RECORDED]}
    order = orders.get(by)
    if order:
        cats = [c for c in order if c in cats] + sorted(c for c in cats if c not in order)
    else:
        totals = df[col].value_counts()
        cats = sorted(cats, key=lambda c: (-int(totals.get(c, 0)), str(c)))
    full = pd.MultiIndex.from_product([months, cats], names=["month", "category"])
    counts.index.names = ["month", "category"]
    out = counts.reindex(full, fill_value=0).rename("searches").reset_index()
    out["searches"] = out["searches"].astype("int64")
    return out


@dataclass(frozen=True)
class Rate:
    """A share with its parts: value = numerator / denominator (None when the denominator is 0)."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def as_dict(self) -> dict:
        return {**asdict(self), "value": self.value}


def arrest_rate(df: pd.DataFrame) -> Rate:
    """Arrest rate: searches resulting in arrest / all searches (Enfield SNB pack glossary 'Arrest rate').

    Arrest outcomes are listed in ``lib/reference/stop_search_outcomes.csv``. ``df`` classified.
    """
    return Rate(int((df["outcome_group"] == ARREST).sum()), int(len(df)))


def no_further_action_share(df: pd.DataFrame) -> Rate:
    """No-further-action share: searches with no further action as outcome / all searches (police.uk)."""
    return Rate(int((df["outcome_group"] == NO_FURTHER_ACTION).sum()), int(len(df)))


def outcome_linked_rate(df: pd.DataFrame) -> Rate:
    """Outcome-linked rate: searches whose outcome was linked to the object of search / searches where
    this was recorded (police.uk field 'Outcome linked to object of search').

    The denominator leaves out searches where the field is blank (the Met left it blank for every
    search in 2016-2019), so the rate is None when it was never recorded.
    """
    linked = df["outcome_linked"]
    return Rate(int((linked == True).sum()), int(linked.notna().sum()))  # noqa: E712


def weapons_share(df: pd.DataFrame) -> Rate:
    """Weapons searches share: searches for offensive weapons, firearms or (s60) anything to threaten or
    harm / all searches (Enfield SNB pack Figure 13; target 20%).

    Membership in ``lib/reference/stop_search_objects.csv`` (group 'Weapons').
    """
    return Rate(int((df["object_group"] == WEAPONS).sum()), int(len(df)))


def key_crime_share(df: pd.DataFrame) -> Rate:
    """Key crime (MOPAC 7) searches share: searches for stolen goods, articles for use in theft or
    criminal damage / all searches (Enfield SNB pack Figure 13; target 40%).

    Membership in ``lib/reference/stop_search_objects.csv`` (group 'Key crime').
    """
    return Rate(int((df["object_group"] == KEY_CRIME).sum()), int(len(df)))


def monthly_rates(df: pd.DataFrame, months: list[str] | None = None) -> pd.DataFrame:
    """Per month: searches, arrests, arrest rate, no-further-action share, weapons and key-crime shares
    with their targets.

    Definitions as :func:`arrest_rate`, :func:`no_further_action_share`, :func:`weapons_share`,
    :func:`key_crime_share`; ``weapons_target`` 0.20 and ``key_crime_target`` 0.40 (Enfield pack).
    """
    months = months if months is not None else months_covered(df)
    g = df.groupby("month")
    out = pd.DataFrame({
        "searches": g.size(),
        "arrests": g["outcome_group"].agg(lambda s: int((s == ARREST).sum())),
        "no_further_action": g["outcome_group"].agg(lambda s: int((s == NO_FURTHER_ACTION).sum())),
        "weapons": g["object_group"].agg(lambda s: int((s == WEAPONS).sum())),
        "key_crime": g["object_group"].agg(lambda s: int((s == KEY_CRIME).sum())),
    }).reindex(months, fill_value=0)
    out = out.astype("int64")
    out.index.name = "month"
    out = out.reset_index()
    den = out["searches"].where(out["searches"] > 0)
    out["arrest_rate"] = out["arrests"] / den
    out["no_further_action_share"] = out["no_further_action"] / den
    out["weapons_share"] = out["weapons"] / den
    out["key_crime_share"] = out["key_crime"] / den
    out["weapons_target"] = WEAPONS_TARGET
    out["key_crime_target"] = KEY_CRIME_TARGET
    return out


def people_searched(df: pd.DataFrame) -> pd.DataFrame:
    """Searches of people: all searches except vehicle-only ones (an unattended vehicle has no ethnicity).

    As Enfield SNB pack Figure 12 ('excludes vehicle/vessel only searches') and the GOV.UK rates.
    """
    return df[df["type"] != VEHICLE_ONLY]


def ethnicity_counts(df: pd.DataFrame) -> pd.Series:
    """Searches of people by officer-defined ethnic group (4 groups + Not recorded); ``df`` classified."""
    counts = people_searched(df)["ethnic_group"].value_counts()
    return counts.reindex([*GROUPS, NOT_RECORDED], fill_value=0).astype("int64")


def ethnicity_summary(df: pd.DataFrame, population_ethnicity: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Searches, population, rate per 1,000 and disproportionality ratio (White = 1) per group for an area.

    Definition: :func:`lib.metrics.disproportionality.ethnicity_table` on people searched (vehicle-only
    excluded) by officer-defined ethnic appearance, Census 2011 populations ('search4').
    """
    return ethnicity_table(ethnicity_counts(df), population_by_group(population_ethnicity, area_code))


def monthly_ethnicity(df: pd.DataFrame, population_ethnicity: pd.DataFrame, area_code: str,
                      months: list[str] | None = None) -> pd.DataFrame:
    """Disproportionality ratio by month and group for an area (Enfield SNB pack Figure 12 layout)."""
    people = people_searched(df)
    counts = monthly_counts(people, "officer_defined_ethnicity", months)
    counts = counts.rename(columns={"category": "group"})
    return monthly_disproportionality(counts, population_by_group(population_ethnicity, area_code))


def summary(searches: pd.DataFrame, population_ethnicity: pd.DataFrame | None, area_code: str,
            start: str, end: str, shares_left_out: tuple[str, ...] = ()) -> dict:
    """The headline figures for an area and period: searches, arrests, arrest rate, weapons and key-crime
    shares, unlocated searches (London only) and the ethnicity table (see the functions above).
    ``shares_left_out``: months
    whose objects of search are a recording artefact (``lib.reference.stop_search.undifferentiated_object_months``),
    left out of the weapons and key-crime shares only."""
    part = classified(select(searches, area_code, start, end))
    objects = part[~part["month"].isin(shares_left_out)] if shares_left_out else part
    covered = check_period(searches, start, end)
    arrests = arrest_rate(part)
    eth = (ethnicity_summary(part, population_ethnicity, area_code) if population_ethnicity is not None
           else ethnicity_table(ethnicity_counts(part), {g: float("nan") for g in GROUPS}))
    return {
        "area_code": area_code,
        "from": start,
        "to": end,
        "months_with_data": covered,
        "searches": int(len(part)),
        "arrests": arrests.numerator,
        "arrest_rate": arrests.value,
        "no_further_action_share": no_further_action_share(part).value,
        "weapons_share": weapons_share(objects).value,
        "key_crime_share": key_crime_share(objects).value,
        "unlocated": (int((part["location_status"] == "unlocated").sum())
                      if area_code == LONDON_CODE else None),
        "ethnicity": eth.to_dict(orient="records"),
    }


def borough_comparison(searches: pd.DataFrame, population_ethnicity: pd.DataFrame, start: str,
                       end: str) -> pd.DataFrame:
    """Each of the 32 boroughs in a period: searches, residents, searches per 1,000 residents, and the
    Black/White and Asian/White disproportionality ratios, ranked by rate (1 = highest).

    Definitions: rate = located searches in the borough / resident population (sum of the four
    'search4' groups, Census 2011) × 1,000; ratios as :func:`lib.metrics.disproportionality.disproportionality`.
    Unlocated searches are in no borough, so months with many of them understate every borough.
    Worked out for the 32 boroughs at once (one count by borough and group, one population table):
    the same figures as :func:`ethnicity_summary` borough by borough. ``searches`` may be classified.
    """
    check_period(searches, start, end)
    period = searches[(searches["month"] >= start) & (searches["month"] <= end)]
    located = classified(period[period["location_status"] == "borough"])
    codes = [b.code for b in mps_boroughs()]
    groups = list(GROUPS)
    total = located["borough_code"].value_counts().reindex(codes, fill_value=0).astype("int64")
    people = people_searched(located)
    counts = (people.groupby(["borough_code", "ethnic_group"]).size().unstack(fill_value=0)
              .reindex(index=codes, columns=groups, fill_value=0).astype("float64"))
    pop = population_ethnicity
    if "scheme" in pop.columns:
        pop = pop[pop["scheme"] == POPULATION_SCHEME]
    pop = (pop[pop["borough_code"].isin(codes)].groupby(["borough_code", "group"])["population"].sum()
           .astype("float64").unstack().reindex(index=codes, columns=groups))
    # ethnicity_table: rates on the populations as given; residents = the sum of the whole-number populations
    rates = counts / pop.where(pop > 0) * PER
    white = rates[REFERENCE_GROUP]
    usable = white.notna() & (white != 0)
    residents = np.trunc(pop).sum(axis=1, min_count=1)
    n = total.to_numpy(dtype="float64")
    rate = np.where(residents.isna() | (residents == 0), np.nan, n / residents.to_numpy() * PER)
    out = pd.DataFrame({
        "borough_code": codes,
        "borough_name": [b.name for b in mps_boroughs()],
        "searches": total.to_numpy(),
        "residents": residents.to_numpy() if residents.isna().any() else residents.to_numpy().astype("int64"),
        "rate_per_1000": rate.astype("float64"),
        "black_white_ratio": (rates["Black"] / white).where(usable).to_numpy(dtype="float64"),
        "asian_white_ratio": (rates["Asian"] / white).where(usable).to_numpy(dtype="float64"),
        "black_searches": counts["Black"].to_numpy().astype("int64"),
    })
    out["rank"] = out["rate_per_1000"].rank(ascending=False, method="min").astype("Int64")
    return out.sort_values(["rank", "borough_name"]).reset_index(drop=True)


def default_period(df: pd.DataFrame, months: int = 12) -> tuple[str, str]:
    """The latest ``months`` months of record-level data (fewer if the data are shorter)."""
    have = months_covered(df)
    if not have:
        raise UsageError("there are no stop and search records in the store")
    end = have[-1]
    return max(have[0], add_months(end, -(months - 1))), end


def latest_full_window(df: pd.DataFrame, months: int = 12) -> tuple[str, str]:
    """The latest ``months`` consecutive calendar months that all have record-level searches: the period the
    page opens on. The latest calendar months (:func:`default_period`) can hold one month of records after a
    gap of years (the Met's files: 2017-12..2019-02, then 2022-09 alone). When no run of months with records
    is that long, the longest run (the latest of equal runs)."""
    have = month_runs(months_covered(df))
    if not have:
        raise UsageError("there are no stop and search records in the store")
    full = [r for r in have if len(r) >= months]
    if full:
        return full[-1][-months], full[-1][-1]
    longest = max(range(len(have)), key=lambda i: (len(have[i]), i))
    return have[longest][0], have[longest][-1]


GOV_MET = "Metropolitan Police"
GOV_ENGLAND_WALES = "All - excluding BTP"
GOV_GROUPS = {"White": "White", "Black": "Black", "Asian": "Asian", "Mixed": "Mixed",
              "Other inc Chinese": "Other", "Other": "Other"}


def gov_trend(rates: pd.DataFrame, geography: str = GOV_MET) -> pd.DataFrame:
    """Searches per 1,000 residents by ethnic group and financial year for a force, and the ratio to the
    White rate (GOV.UK Ethnicity facts and figures, stop and search; excludes vehicle-only searches).

    Uses the 5+1 ethnic groups (ONS 2001 to 2018/19, ONS 2011 for 2019/20; 'Other inc Chinese' and
    'Other' both shown as Other), all legislation. The rate is as published; the ratio is the
    group's published rate / the White published rate in the same year.
    """
    t = rates[(rates["geography"] == geography) & (rates["legislation_type"] == "All")
              & rates["ethnicity_type"].str.contains("5+1", regex=False)
              & rates["ethnicity"].isin(list(GOV_GROUPS))]
    out = pd.DataFrame({
        "financial_year": t["financial_year"].astype(str).to_numpy(),
        "group": t["ethnicity"].map(GOV_GROUPS).astype(str).to_numpy(),
        "searches": t["searches"].to_numpy(),
        "population": t["population"].to_numpy(),
        "rate_per_1000": t["rate_per_1000"].astype("float64").to_numpy(),
    })
    white = out[out["group"] == "White"].set_index("financial_year")["rate_per_1000"]
    out["ratio_to_white"] = out["rate_per_1000"] / out["financial_year"].map(white)
    order = {g: i for i, g in enumerate(["White", "Black", "Asian", "Mixed", "Other"])}
    out = out.sort_values(["financial_year", "group"], key=lambda s: s.map(order) if s.name == "group" else s)
    return out.reset_index(drop=True)


def outcome_mix(df: pd.DataFrame) -> pd.DataFrame:
    """Searches by outcome group with each group's share of all searches (police.uk outcomes)."""
    counts = df["outcome_group"].value_counts()
    out = pd.DataFrame({"outcome": counts.index.astype(str), "searches": counts.to_numpy().astype("int64")})
    out["share"] = out["searches"] / max(len(df), 1)
    return out
