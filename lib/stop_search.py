"""Stop and search: volumes, outcomes, weapons and key-crime shares, by borough and London.

Answers what a borough Stop and Search Monitoring Group looks at each month (Enfield SNB pack 2015,
Figures 11-13): how many searches, under which powers, for what, with what outcome, and who was
searched. Category groupings are reference tables in ``lib/reference/stop_search_*.csv``.

Areas: a borough's searches are those located inside it (``location_status == 'borough'``);
London (the MPS) counts every search the Met published, including unlocated ones and those
located in the City of London or outside London.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from lib.errors import UsageError
from lib.metrics.disproportionality import (
    GROUPS,
    NOT_RECORDED,
    ethnicity_table,
    monthly_disproportionality,
    population_by_group,
)
from lib.metrics.suppression import THRESHOLD as THRESHOLD_PUBLIC
from lib.metrics.suppression import suppress_counts
from lib.periods import add_months, month_index
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, borough_by_code, mps_boroughs

REFERENCE_DIR = Path(__file__).parent / "reference"
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

PACE_PUBLISHED = "Police and Criminal Evidence Act 1984 (section 1)"
UNDIFFERENTIATED_SHARE = 0.95
MIN_PACE_FOR_CHECK = 50

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
REFERENCE_FILES = {
    "legislation": "stop_search_legislation.csv",
    "object_of_search": "stop_search_objects.csv",
    "outcome": "stop_search_outcomes.csv",
}


@cache
def reference_groups(column: str) -> dict[str, str]:
    """Published value → group for 'legislation', 'object_of_search' or 'outcome' (reference CSV)."""
    with open(REFERENCE_DIR / REFERENCE_FILES[column], encoding="utf-8") as fh:
        return {r["published"]: r["group"] for r in csv.DictReader(fh)}


@cache
def ethnicity_groups(scheme: str) -> dict[str, str]:
    """Published ethnicity → White, Black, Asian, Other or Not recorded ('officer_defined'/'self_defined').

    Mapping as the Enfield SNB pack explains (Figure 12 notes): mixed White and Black → Black, mixed
    White and Asian → Asian, Chinese and Arab → Other.
    """
    with open(REFERENCE_DIR / "stop_search_ethnicity.csv", encoding="utf-8") as fh:
        return {r["published"]: r["group"] for r in csv.DictReader(fh) if r["scheme"] == scheme}


def _map(values: pd.Series, mapping: dict[str, str], unknown: str) -> pd.Series:
    filled = values.astype("string").fillna("")
    return filled.map(mapping).fillna(unknown).astype("string")


def unknown_published_values(df: pd.DataFrame) -> dict[str, list[str]]:
    """Published values of legislation, object and outcome that the reference tables do not list."""
    out: dict[str, list[str]] = {}
    for column in REFERENCE_FILES:
        known = reference_groups(column)
        seen = df[column].dropna().astype(str).unique()
        missing = sorted(v for v in seen if v not in known)
        if missing:
            out[column] = missing
    return out


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


def area_name(area_code: str) -> str:
    return LONDON_NAME if area_code == LONDON_CODE else borough_by_code(area_code).name


def in_area(df: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Searches counted for an area: every search for London (the MPS); those located in it for a borough."""
    if area_code == LONDON_CODE:
        return df
    return df[(df["location_status"] == "borough") & (df["borough_code"] == area_code)]


def months_covered(df: pd.DataFrame) -> list[str]:
    """The months that have record-level searches, in order."""
    return sorted(str(m) for m in df["month"].unique())


def check_period(df: pd.DataFrame, start: str, end: str) -> list[str]:
    """The covered months in start..end; UsageError if the period is reversed or has no data."""
    if month_index(end) < month_index(start):
        raise UsageError(f"the period {start} to {end} ends before it starts")
    covered = [m for m in months_covered(df) if start <= m <= end]
    if not covered:
        have = months_covered(df)
        span = f"{have[0]} to {have[-1]}" if have else "none"
        raise UsageError(f"no stop and search records for {start} to {end} (records cover {span})")
    return covered


def select(df: pd.DataFrame, area_code: str, start: str, end: str) -> pd.DataFrame:
    """Searches in an area and period (inclusive); UsageError if the period has no data."""
    check_period(df, start, end)
    part = in_area(df, area_code)
    return part[(part["month"] >= start) & (part["month"] <= end)]


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


def undifferentiated_object_months(df: pd.DataFrame, share: float = UNDIFFERENTIATED_SHARE) -> list[str]:
    """Months where one object of search covers almost every PACE s1 search (a recording artefact).

    In the police.uk files for 2016-06 and 2017-12 every PACE section 1 search is recorded as
    'Articles for use in criminal damage', so weapons and key-crime shares for those months say
    nothing about what officers searched for. A month is flagged when a single object accounts for
    at least ``share`` (95%) of its PACE s1 searches.
    """
    pace = df[df["legislation"] == PACE_PUBLISHED]
    out = []
    for month, objects in pace.groupby("month")["object_of_search"]:
        counts = objects.fillna("").value_counts()
        if len(objects) >= MIN_PACE_FOR_CHECK and counts.iloc[0] / len(objects) >= share:
            out.append(str(month))
    return sorted(out)


def coverage_text(df: pd.DataFrame) -> str:
    """Plain-words statement of which months the record-level data covers and where locations are missing."""
    from lib.periods import month_label, period_label

    have = months_covered(df)
    if not have:
        return "There are no record-level stop and search data in this store."
    runs: list[list[str]] = []
    for m in have:
        if runs and month_index(m) == month_index(runs[-1][-1]) + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    spans = [period_label(r[0], r[-1]) for r in runs]
    text = "Record-level searches (police.uk) cover " + " and ".join(spans) + "."
    cov = coverage(df)
    gaps = cov[cov["unlocated_share"] > MONTHS_MOSTLY_UNLOCATED_SHARE]
    if len(gaps):
        text += (" " + " and ".join(month_label(m) for m in gaps["month"])
                 + " lack a location for most searches: they count in London's totals but in no borough.")
    flat = undifferentiated_object_months(df)
    if flat:
        text += (" In " + " and ".join(month_label(m) for m in flat) + " every PACE section 1 search is "
                 "recorded with the same object of search, so weapons and key-crime shares for "
                 + ("that month" if len(flat) == 1 else "those months") + " are not meaningful.")
    return text


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
            start: str, end: str) -> dict:
    """The headline figures for an area and period: searches, arrests, arrest rate, weapons and key-crime
    shares, unlocated searches (London only) and the ethnicity table (see the functions above)."""
    part = classify(select(searches, area_code, start, end))
    covered = check_period(searches, start, end)
    arrests = arrest_rate(part)
    eth = (ethnicity_summary(part, population_ethnicity, area_code) if population_ethnicity is not None
           else ethnicity_table(ethnicity_counts(part), {g: float("nan") for g in GROUPS}))
    return {
        "area": area_name(area_code),
        "area_code": area_code,
        "from": start,
        "to": end,
        "months_with_data": covered,
        "searches": int(len(part)),
        "arrests": arrests.numerator,
        "arrest_rate": arrests.value,
        "no_further_action_share": no_further_action_share(part).value,
        "weapons_share": weapons_share(part).value,
        "key_crime_share": key_crime_share(part).value,
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
    """
    check_period(searches, start, end)
    period = classify(searches[(searches["month"] >= start) & (searches["month"] <= end)])
    located = period[period["location_status"] == "borough"]
    rows = []
    for b in mps_boroughs():
        part = located[located["borough_code"] == b.code]
        eth = ethnicity_summary(part, population_ethnicity, b.code).set_index("group")
        residents = eth.loc[list(GROUPS), "population"].sum(min_count=1)
        rows.append({
            "borough_code": b.code,
            "borough_name": b.name,
            "searches": int(len(part)),
            "residents": None if pd.isna(residents) else int(residents),
            "rate_per_1000": None if pd.isna(residents) or residents == 0 else len(part) / residents * 1000,
            "black_white_ratio": eth.loc["Black", "disproportionality"],
            "asian_white_ratio": eth.loc["Asian", "disproportionality"],
            "black_searches": int(eth.loc["Black", "searches"]),
        })
    out = pd.DataFrame(rows)
    out["rate_per_1000"] = out["rate_per_1000"].astype("float64")
    out["black_white_ratio"] = out["black_white_ratio"].astype("float64")
    out["asian_white_ratio"] = out["asian_white_ratio"].astype("float64")
    out["rank"] = out["rate_per_1000"].rank(ascending=False, method="min").astype("Int64")
    return out.sort_values(["rank", "borough_name"]).reset_index(drop=True)


def default_period(df: pd.DataFrame, months: int = 12) -> tuple[str, str]:
    """The latest ``months`` months of record-level data (fewer if the data are shorter)."""
    have = months_covered(df)
    if not have:
        raise UsageError("there are no stop and search records in the store")
    end = have[-1]
    return max(have[0], add_months(end, -(months - 1))), end


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


# --- what the page shows (public-facing: counts under 10 suppressed) ---------------------------


@dataclass
class StopSearchView:
    """Everything the stop-and-search page shows for an area and period, suppressed for the public."""

    area_code: str
    area_name: str
    start: str
    end: str
    coverage_text: str
    headline: dict
    legislation: pd.DataFrame
    outcomes: pd.DataFrame
    objects: pd.DataFrame
    ethnicity: pd.DataFrame
    ethnicity_monthly: pd.DataFrame
    boroughs: pd.DataFrame
    similar: list[str]
    map_cells: pd.DataFrame
    map_text: str
    map_view: dict
    gov: pd.DataFrame

    @property
    def object_shares(self) -> pd.DataFrame:
        """Weapons and key-crime shares in long form for a chart (withheld where the count is under 10)."""
        long = self.objects.melt(id_vars=["month"], value_vars=["weapons_share", "key_crime_share"],
                                 var_name="measure", value_name="share")
        long["measure"] = long["measure"].map({"weapons_share": "Weapons",
                                               "key_crime_share": "Key crime (MOPAC 7)"})
        long["share"] = pd.to_numeric(long["share"], errors="coerce")
        return long

    @property
    def targets(self) -> pd.DataFrame:
        """The Enfield pack's targets as labelled reference lines."""
        return pd.DataFrame({"value": [WEAPONS_TARGET, KEY_CRIME_TARGET],
                             "label": [f"Weapons target {WEAPONS_TARGET:.0%}",
                                       f"Key crime target {KEY_CRIME_TARGET:.0%}"]})

    def borough_table(self, marker: str) -> pd.DataFrame:
        """The borough comparison with the chosen borough marked and its most similar group labelled."""
        t = self.boroughs.copy()
        chosen = t["borough_code"].eq(self.area_code)
        similar = t["borough_code"].isin(self.similar) & ~chosen
        t["Borough"] = t["borough_name"].mask(chosen, marker + " " + t["borough_name"])
        t["Group"] = similar.map({True: "most similar group", False: ""}).mask(chosen, "chosen borough")
        return t


def _suppress(df: pd.DataFrame, count: str, dependent: list[str]) -> pd.DataFrame:
    """Display copy: ``count`` under 10 → '<10', dependent values withheld; chart_value for charts."""
    out = suppress_counts(df, [count], {d: count for d in dependent})
    out["chart_value"] = df[count].where(df[count] >= THRESHOLD_PUBLIC).astype("float64")
    return out


def outcome_mix(df: pd.DataFrame) -> pd.DataFrame:
    """Searches by outcome group with each group's share of all searches (police.uk outcomes)."""
    counts = df["outcome_group"].value_counts()
    out = pd.DataFrame({"outcome": counts.index.astype(str), "searches": counts.to_numpy().astype("int64")})
    out["share"] = out["searches"] / max(len(df), 1)
    return out


def similar_boroughs(store, area_code: str) -> list[str]:
    """The area's most similar group of boroughs (lib.metrics.similarity), or [] when not available."""
    if area_code == LONDON_CODE or not store.has("borough_features"):
        return []
    try:
        from lib.metrics.similarity import most_similar_group

        group = most_similar_group(store.table("borough_features"), area_code,
                                   among=[b.code for b in mps_boroughs()])
    except (KeyError, ValueError, ImportError):
        return []
    return list(group.members)


LONDON_MAP_VIEW = {"latitude": 51.49, "longitude": -0.11, "zoom": 8.9}
BOROUGH_MAP_ZOOM = 11.0


def map_view(df: pd.DataFrame, area_code: str) -> dict:
    """Where the map opens: London as a whole, or the median location of a borough's searches."""
    located = df[df["latitude"].notna()]
    if area_code == LONDON_CODE or located.empty:
        return dict(LONDON_MAP_VIEW)
    return {"latitude": float(located["latitude"].median()), "longitude": float(located["longitude"].median()),
            "zoom": BOROUGH_MAP_ZOOM}


def stop_search_view(store, area_code: str, start: str, end: str) -> StopSearchView:
    """The page's tables for an area and period (see the metric functions above for definitions)."""
    from lib.spatial_bins import bin_summary, bin_summary_text, map_cells

    searches = store.table("stop_search")
    population = store.table("population_ethnicity") if store.has("population_ethnicity") else None
    months = check_period(searches, start, end)
    part = classify(select(searches, area_code, start, end))
    s = summary(searches, population, area_code, start, end)
    legislation = _suppress(monthly_counts(part, "legislation", months), "searches", [])
    rates = monthly_rates(part, months)
    objects = suppress_counts(
        rates[["month", "searches", "weapons", "weapons_share", "key_crime", "key_crime_share",
               "weapons_target", "key_crime_target"]],
        ["searches", "weapons", "key_crime"],
        {"weapons_share": "weapons", "key_crime_share": "key_crime"},
    )
    eth_monthly = (monthly_ethnicity(part, population, area_code, months) if population is not None
                   else pd.DataFrame(columns=["month", "group", "searches", "disproportionality"]))
    eth_monthly = _suppress(eth_monthly, "searches", ["disproportionality", "rate_per_1000"])
    eth_monthly["chart_value"] = pd.to_numeric(eth_monthly["disproportionality"], errors="coerce")
    eth = _suppress(pd.DataFrame(s["ethnicity"]), "searches", ["disproportionality", "rate_per_1000",
                                                               "share_of_searches"])
    comparison = (borough_comparison(searches, population, start, end) if population is not None
                  else pd.DataFrame())
    if len(comparison):
        comparison = suppress_counts(comparison, ["searches", "black_searches"],
                                     {"rate_per_1000": "searches", "black_white_ratio": "black_searches"})
        comparison["chart_value"] = pd.to_numeric(comparison["rate_per_1000"], errors="coerce")
    gov = gov_trend(store.table("stop_search_rates_gov")) if store.has("stop_search_rates_gov") else pd.DataFrame()
    return StopSearchView(
        area_code=area_code, area_name=area_name(area_code), start=start, end=end,
        coverage_text=coverage_text(searches),
        headline={k: s[k] for k in ("searches", "arrests", "arrest_rate", "no_further_action_share",
                                    "weapons_share", "key_crime_share", "unlocated", "months_with_data")},
        legislation=legislation,
        outcomes=_suppress(outcome_mix(part), "searches", ["share"]),
        objects=objects,
        ethnicity=eth,
        ethnicity_monthly=eth_monthly,
        boroughs=comparison,
        similar=similar_boroughs(store, area_code),
        map_cells=map_cells(part),
        map_text=bin_summary_text(bin_summary(part)),
        map_view=map_view(part, area_code),
        gov=gov,
    )
