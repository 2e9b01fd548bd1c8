"""The Neighbourhood Confidence Comparator: a neighbourhood against the others in its similarity group.

Works on the store table ``pas_neighbourhood``, passed in by :mod:`lib.views.comparator` (MOPAC's
comparator data: 106 MPS neighbourhoods, each in a numbered similarity group, 18 PAS measures as
proportions, all phrased so that higher is better). Group names come from the reviewed table
``lib/reference/pas_group_labels.csv``: a descriptive name from the March 2015 MOPAC Challenge
transcript is shown only when the neighbourhoods the transcript names under it all sit in one group
of the data (and no other name claims that group); otherwise the group is "Group N".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from lib.errors import UsageError
from lib.metrics.survey import DESIGN_EFFECT as _DEFF
from lib.metrics.survey import PAS_NEIGHBOURHOOD_SAMPLE, difference, effective_sample, gap_verdict
from lib.reference.surveys import (
    ethnicity_measure_labels,
    ethnicity_measure_order,
    group_label_evidence,
    neighbourhood_measure_labels,
    neighbourhood_measure_order,
)

HEADLINE_MEASURE = "good_job"


def measure_order() -> list[str]:
    """The 18 measure ids in reference order (good job first)."""
    return neighbourhood_measure_order()


def measure_labels() -> dict[str, str]:
    """Measure id -> short plain label."""
    return neighbourhood_measure_labels()


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", str(name).lower().replace("&", " and ")).strip()


def neighbourhoods(nb: pd.DataFrame) -> list[str]:
    """All neighbourhood names, alphabetical."""
    return sorted(nb["neighbourhood"].astype(str).unique())


def find_neighbourhood(nb: pd.DataFrame, name: str) -> str:
    """The published name of a neighbourhood, matched ignoring case, spacing and '&'/'and', or its
    MPS code (e.g. 'KF-KE'); UsageError naming some choices if none matches."""
    names = neighbourhoods(nb)
    k = _key(name)
    for n in names:
        if _key(n) == k:
            return n
    codes = nb.drop_duplicates("neighbourhood").set_index("neighbourhood_code")["neighbourhood"]
    if name.strip().upper() in codes.index:
        return str(codes[name.strip().upper()])
    close = [n for n in names if k and k in _key(n)]
    hint = f"; did you mean {', '.join(close[:5])}?" if close else f" (e.g. {names[0]!r})"
    raise UsageError(f"unknown neighbourhood {name!r}{hint}")


def wide(nb: pd.DataFrame) -> pd.DataFrame:
    """One row per neighbourhood (index), one column per measure, values 0..1 (the first value of each pair,
    pandas' ``pivot_table``), measures in the published order."""
    w = nb.pivot_table(index="neighbourhood", columns="measure", values="value", aggfunc="first")
    return w.reindex(columns=[m for m in measure_order() if m in w.columns])


def group_of(nb: pd.DataFrame, neighbourhood: str) -> int:
    """The similarity group number of a neighbourhood as published."""
    return int(nb.loc[nb["neighbourhood"] == neighbourhood, "group"].iloc[0])


def members(nb: pd.DataFrame, group: int) -> list[str]:
    """The neighbourhoods of a group, alphabetical."""
    return sorted(nb.loc[nb["group"] == group, "neighbourhood"].astype(str).unique())


# ---------------------------------------------------------------- group labels


def group_labels(nb: pd.DataFrame) -> pd.DataFrame:
    """Which descriptive name each group carries in this data, with the reason.

    Rule: a label marked shown is attached to a group only when every neighbourhood the transcript
    names under it is in the data and all of them are in that one group, and no other label lands on
    the same group (a clash shows neither). Returns one row per label: label, group (or <NA>),
    status ('shown', 'members not in one group', 'named member not in data', 'clash', 'not shown').
    """
    groups = nb.drop_duplicates("neighbourhood").set_index("neighbourhood")["group"]
    keyed = {_key(n): n for n in groups.index}
    rows = []
    for _, r in group_label_evidence().iterrows():
        named = [m for m in r["named_members"].split("|") if m]
        found = [keyed.get(_key(m)) for m in named]
        status, group = "shown", None
        if any(f is None for f in found):
            status = "named member not in data"
        else:
            gs = {int(groups[f]) for f in found}
            if len(gs) != 1:
                status = "members not in one group"
            else:
                group = gs.pop()
                if r["shown"] != "true":
                    status = "not shown"
        rows.append({"label": r["label"], "group": group, "status": status, "named_members": ", ".join(named),
                     "evidence": r["evidence"]})
    out = pd.DataFrame(rows)
    shown = out[out["status"] == "shown"]
    clash = shown["group"].duplicated(keep=False)
    out.loc[shown.index[clash], "status"] = "clash"
    out["group"] = out["group"].astype("Int64")
    return out


def group_name(labels: pd.DataFrame, group: int) -> str:
    """'Group 7 (deprived multi-ethnic)' when a label is supported by the membership, else 'Group 7'.
    ``labels``: :func:`group_labels` of the neighbourhood table (it names every group)."""
    hit = labels[(labels["status"] == "shown") & (labels["group"] == group)]
    return f"Group {group} ({hit['label'].iloc[0]})" if len(hit) else f"Group {group}"


# ---------------------------------------------------------------- rank within group


@dataclass(frozen=True)
class GroupRanking:
    neighbourhood: str
    group: int
    group_name: str
    members: list[str]
    measures: pd.DataFrame  # measure, measure_label, value, rank, group_size, group_best, ...


def rank_in_group(nb: pd.DataFrame, neighbourhood: str) -> GroupRanking:
    """The neighbourhood's rank within its similarity group on every measure, with the group's best,
    worst and median.

    Definition: within the neighbourhood's published similarity group (MOPAC comparator), rank 1 =
    the highest proportion (every measure is phrased so that higher is better), ties sharing the
    better rank; group best/worst/median over the members with a value; group_size counts them.
    """
    g = group_of(nb, neighbourhood)
    name = group_name(group_labels(nb), g)
    w = wide(nb[nb["group"] == g])
    labels = measure_labels()
    rows = []
    for m in w.columns:
        col = w[m].dropna()
        if neighbourhood not in col.index:
            continue
        ranks = col.rank(method="min", ascending=False)
        best, worst = col.max(), col.min()
        rows.append({
            "measure": m, "measure_label": labels[m], "value": float(col[neighbourhood]),
            "rank": int(ranks[neighbourhood]), "group_size": int(len(col)),
            "group_best": float(best), "group_worst": float(worst), "group_median": float(col.median()),
            "best_neighbourhood": ", ".join(sorted(col.index[col == best])),
            "worst_neighbourhood": ", ".join(sorted(col.index[col == worst])),
        })
    return GroupRanking(neighbourhood, g, name, members(nb, g), pd.DataFrame(rows))


# ---------------------------------------------------------------- spread


def group_spread(nb: pd.DataFrame, measure: str = HEADLINE_MEASURE) -> pd.DataFrame:
    """For each group, the highest and lowest neighbourhood on a measure and the gap, biggest first.

    Definition: per published similarity group, max and min of the measure's proportion over the
    members and the gap max − min in percentage points (the spread the Deputy Mayor's "seven circles"
    picked out, MOPAC Challenge March 2015); also the group's size and unweighted mean.
    """
    d = nb[nb["measure"] == measure]
    labels = group_labels(nb)  # once for every group's name (it was worked out again for each group)
    rows = []
    for g, part in d.groupby("group"):
        part = part.sort_values(["value", "neighbourhood"], ascending=[False, True])
        hi, lo = part.iloc[0], part.sort_values(["value", "neighbourhood"]).iloc[0]
        rows.append({
            "group": int(g), "group_name": group_name(labels, int(g)), "size": int(len(part)),
            "highest": hi["neighbourhood"], "highest_value": float(hi["value"]),
            "lowest": lo["neighbourhood"], "lowest_value": float(lo["value"]),
            "gap_points": round((float(hi["value"]) - float(lo["value"])) * 100, 6),
            "mean": float(part["value"].mean()),
        })
    out = pd.DataFrame(rows)
    return out.sort_values(["gap_points", "group"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------- side by side


def side_by_side(
    nb: pd.DataFrame,
    first: str,
    second: str,
    sample: float = PAS_NEIGHBOURHOOD_SAMPLE,
    design_effect: float = _DEFF,
) -> pd.DataFrame:
    """Two neighbourhoods measure by measure: both values, the gap, and whether it is beyond survey error.

    Definition: gap = first − second in percentage points (MOPAC comparator proportions); the gap is
    beyond survey error when the Newcombe 95% interval for the difference of two independent
    proportions, each from the assumed ``sample`` interviews (default about 120 a year per
    neighbourhood: 12,800 / 106) over the design effect, excludes zero.
    """
    w = wide(nb)
    n = effective_sample(sample, design_effect)
    labels = measure_labels()
    rows = []
    for m in w.columns:
        a, b = w.at[first, m], w.at[second, m]
        if pd.isna(a) or pd.isna(b):
            continue
        d = difference(float(a), n, float(b), n)
        rows.append({
            "measure": m, "measure_label": labels[m], "first": float(a), "second": float(b),
            "gap_points": round(d.points, 6), "gap_low_points": d.low * 100, "gap_high_points": d.high * 100,
            "beyond_survey_error": d.significant, "verdict": gap_verdict(d),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- nearest on drivers


def nearest_on_drivers(nb: pd.DataFrame, neighbourhood: str, k: int = 10,
                       measures: list[str] | None = None) -> pd.DataFrame:
    """The neighbourhoods whose survey answers are most like this one's, nearest first.

    Definition: Euclidean distance between z-scored vectors of the comparator measures (all 18 by
    default; lib.metrics.similarity.nearest_neighbours), over all 106 neighbourhoods whatever their group;
    shows each one's group and whether it shares this neighbourhood's group.
    """
    from lib.metrics.similarity import nearest_neighbours

    w = wide(nb)
    if measures is not None:
        w = w[[m for m in measures if m in w.columns]]
    nn = nearest_neighbours(w.dropna(axis=1, how="any"), neighbourhood, k)
    groups = nb.drop_duplicates("neighbourhood").set_index("neighbourhood")["group"]
    own = int(groups[neighbourhood])
    out = pd.DataFrame({
        "order": nn["order"].to_numpy(), "neighbourhood": nn.index.astype(str),
        "distance": nn["distance"].to_numpy(),
        "group": [int(groups[i]) for i in nn.index],
    })
    out["same_group"] = out["group"] == own
    out["good_job"] = [float(w.at[i, HEADLINE_MEASURE]) if HEADLINE_MEASURE in w.columns else float("nan")
                       for i in out["neighbourhood"]]
    return out


def same_group_list(nb: pd.DataFrame, neighbourhood: str) -> pd.DataFrame:
    """The other members of the neighbourhood's published group, highest 'good job' first."""
    g = group_of(nb, neighbourhood)
    d = nb[(nb["group"] == g) & (nb["measure"] == HEADLINE_MEASURE) & (nb["neighbourhood"] != neighbourhood)]
    out = d[["neighbourhood", "borough_name", "value"]].rename(columns={"value": "good_job"})
    return out.sort_values(["good_job", "neighbourhood"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------- where it sits


def boroughs_of_group(nb: pd.DataFrame, neighbourhood: str) -> pd.DataFrame:
    """For the map: each borough with a member of this neighbourhood's group, how many, and its role.

    Role 'this neighbourhood' for the neighbourhood's own borough, 'group member' for boroughs holding
    other members of the same group (no neighbourhood shapes are published, so boroughs stand in).
    """
    g = group_of(nb, neighbourhood)
    d = nb[nb["group"] == g].drop_duplicates("neighbourhood")
    own = d.loc[d["neighbourhood"] == neighbourhood, "borough_code"].iloc[0]
    counts = d.groupby(["borough_code", "borough_name"], as_index=False).agg(
        members=("neighbourhood", "count"),
        neighbourhoods=("neighbourhood", lambda s: ", ".join(sorted(s))),
    )
    counts["role"] = ["this neighbourhood" if c == own else "group member" for c in counts["borough_code"]]
    return counts.sort_values(["role", "borough_name"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------- by ethnic group


def ethnicity_view(nbe: pd.DataFrame, neighbourhood: str) -> pd.DataFrame:
    """The by-ethnicity indicators for a neighbourhood (names matched ignoring '&'/'and'), wide by
    ethnic group; empty when the file has no figures for it.

    Definition: proportion of PAS respondents of each ethnic group giving the counted answer, pooled
    2015-16 to 2020-21 (MOPAC neighbourhood indicators by ethnic group).
    """
    d = nbe[nbe["neighbourhood"].map(_key) == _key(neighbourhood)]
    if d.empty:
        return pd.DataFrame(columns=["measure"])
    w = d.pivot_table(index="measure", columns="ethnic_group", values="value", aggfunc="first")
    w.columns = [str(c) for c in w.columns]
    w = w.reindex([m for m in ethnicity_measure_order() if m in w.index]).reset_index()
    w.insert(1, "measure_label", w["measure"].map(ethnicity_measure_labels()))
    return w


# ---------------------------------------------------------------- pairs


def furthest_in_group(nb: pd.DataFrame, neighbourhood: str) -> str:
    """The member of the neighbourhood's group furthest from it on 'good job'.

    Definition: among the other members of its published similarity group, the largest absolute
    difference in the 'good job' proportion (the transcript's pairing of a group's top and bottom,
    MOPAC Challenge March 2015), ties to the higher then alphabetical; the first other neighbourhood
    in London (alphabetical) when it is alone in its group or has no 'good job' figure.
    """
    others = same_group_list(nb, neighbourhood)
    if others.empty:
        return next(n for n in neighbourhoods(nb) if n != neighbourhood)
    own = nb[(nb["neighbourhood"] == neighbourhood) & (nb["measure"] == HEADLINE_MEASURE)]["value"]
    if own.empty:
        return str(others.iloc[0]["neighbourhood"])
    far = (others["good_job"] - float(own.iloc[0])).abs()
    return str(others.loc[far.idxmax(), "neighbourhood"])


def furthest_in_group_all(nb: pd.DataFrame) -> dict[str, str]:
    """:func:`furthest_in_group` of every neighbourhood (alphabetical), with the same definition, the
    group's members sorted once instead of once per neighbourhood."""
    names = neighbourhoods(nb)
    groups = nb.drop_duplicates("neighbourhood").set_index("neighbourhood")["group"]  # as group_of
    head = nb[nb["measure"] == HEADLINE_MEASURE]
    own_value = head.drop_duplicates("neighbourhood").set_index("neighbourhood")["value"]
    ranked = {int(g): d[["neighbourhood", "value"]].sort_values(["value", "neighbourhood"], ascending=[False, True])
              for g, d in head.groupby("group")}  # as same_group_list, before leaving the neighbourhood out
    out = {}
    for n in names:
        members = ranked.get(int(groups[n]))
        others = members[members["neighbourhood"] != n].reset_index(drop=True) if members is not None else None
        if others is None or others.empty:
            out[n] = next(m for m in names if m != n)
        elif n not in own_value.index:
            out[n] = str(others.iloc[0]["neighbourhood"])
        else:
            far = (others["value"] - float(own_value[n])).abs()
            out[n] = str(others.loc[far.idxmax(), "neighbourhood"])
    return out


def largest_gap_pair(nb: pd.DataFrame, measure: str = HEADLINE_MEASURE) -> tuple[str, str]:
    """The pair of neighbourhoods in one similarity group with the largest gap on a measure: (highest, lowest).

    Definition: over every published similarity group, the group whose highest and lowest members
    differ most on ``measure`` (:func:`group_spread`, ties to the lower group number); returns that
    group's highest and lowest neighbourhood (the "seven circles" gaps of the MOPAC Challenge, March
    2015). ValueError when no group has two members with a figure.
    """
    spread = group_spread(nb, measure)
    spread = spread[spread["highest"] != spread["lowest"]]
    if spread.empty:
        raise ValueError(f"no similarity group has two neighbourhoods with a figure for {measure!r}")
    top = spread.iloc[0]
    return str(top["highest"]), str(top["lowest"])
