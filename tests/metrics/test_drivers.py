"""What drove a change: contributions by category and by ward on hand-made tables with known answers."""

from __future__ import annotations

import pandas as pd

from lib.metrics.drivers import (
    category_contributions,
    combine_parts,
    largest_in_direction,
    share_of_change,
    ward_contributions,
)
from lib.metrics.ward_months import incomplete_months
from lib.periods import month_range, period_for

P = period_for("r12", "2024-12")  # 2024-01..2024-12 against 2023-01..2023-12
MAPPING = pd.DataFrame({
    "scheme": ["current"] * 4,
    "major": ["THEFT", "THEFT", "ROBBERY", "THEFT"],
    "minor": ["SHOPLIFTING", "OTHER THEFT", "ROBBERY OF PERSONAL PROPERTY", "SHOPLIFTING"],
    "indicator": ["Theft", "Theft", "Robbery", "Total"],
}, dtype="string")


def _counts(per_month: dict[tuple[str, str], tuple[int, int]]) -> pd.DataFrame:
    """Every month of 2023 and 2024 with a fixed count per category: (then, now) per (major, minor)."""
    rows = []
    for (major, minor), (then, now) in per_month.items():
        for m in month_range("2022-06", "2025-03"):  # months outside the periods must not count
            rows.append({"month": m, "scheme": "current", "major": major, "minor": minor,
                         "count": then if m < "2024-01" else now})
    return pd.DataFrame(rows).astype({"month": "string", "major": "string", "minor": "string"})


def test_categories_add_up_to_the_change_largest_first():
    counts = _counts({("THEFT", "SHOPLIFTING"): (10, 12), ("THEFT", "OTHER THEFT"): (20, 15),
                      ("ROBBERY", "ROBBERY OF PERSONAL PROPERTY"): (5, 50)})
    t = category_contributions(counts, MAPPING, "Theft", P)
    # shoplifting 120 -> 144 (+24); other theft 240 -> 180 (-60): by size, other theft first
    assert list(t["category"]) == ["OTHER THEFT", "SHOPLIFTING"]
    assert list(t["previous"]) == [240, 120] and list(t["current"]) == [180, 144]
    assert list(t["contribution"]) == [-60, 24]
    assert t["contribution"].sum() == (180 + 144) - (240 + 120)


def test_categories_with_nothing_in_either_period_are_left_out_and_ties_go_by_name():
    counts = _counts({("THEFT", "SHOPLIFTING"): (1, 2), ("THEFT", "OTHER THEFT"): (2, 1)})
    counts.loc[counts["minor"] == "OTHER THEFT", "count"] = 0
    counts = pd.concat([counts, _counts({("THEFT", "OTHER THEFT"): (3, 4)})], ignore_index=True)
    t = category_contributions(counts, MAPPING, "Theft", P)
    assert list(t["category"]) == ["OTHER THEFT", "SHOPLIFTING"]  # both +12: by name
    assert list(t["contribution"]) == [12, 12]
    empty = category_contributions(_counts({("THEFT", "SHOPLIFTING"): (0, 0)}), MAPPING, "Theft", P)
    assert empty.empty


def test_wards_split_their_own_total():
    rows = []
    for code, name, then, now in [("W1", "Alpha", 10, 30), ("W2", "Beta", 40, 35), ("W3", "Gamma", 7, 7)]:
        for m in month_range("2023-01", "2024-12"):
            rows.append({"area_code": code, "area_name": name, "borough_code": "E09000010", "month": m,
                         "count": then if m < "2024-01" else now})
    t = ward_contributions(pd.DataFrame(rows), P)
    assert list(t["ward"]) == ["Alpha", "Beta", "Gamma"]
    assert list(t["contribution"]) == [240, -60, 0]
    assert t["contribution"].sum() == (30 + 35 + 7 - 10 - 40 - 7) * 12


def test_largest_in_direction_and_share():
    parts = pd.DataFrame({"contribution": [-60, 24, 10], "previous": [240, 120, 5], "current": [180, 144, 15]})
    assert largest_in_direction(parts, -26) == 0  # a fall: the largest fall
    assert largest_in_direction(parts, 5) == 1  # a rise: the largest rise, though a fall is bigger
    assert largest_in_direction(parts, 5, pd.Series([True, False, True])) == 2
    assert largest_in_direction(parts, 0) is None
    assert largest_in_direction(parts[parts["contribution"] < 0], 3) is None
    assert share_of_change(24, 48) == 0.5 and share_of_change(3, 0) is None


def test_combine_parts_keeps_the_total():
    parts = pd.DataFrame({"previous": [100, 0, 50], "current": [0, 90, 70], "contribution": [-100, 90, 20]})
    g = combine_parts(parts, pd.Series(["burglary", "burglary", "robbery"]))
    assert list(g["label"]) == ["robbery", "burglary"]
    assert list(g["contribution"]) == [20, -10] and list(g["previous"]) == [50, 100]
    assert g["contribution"].sum() == parts["contribution"].sum()


def test_incomplete_months_of_the_ward_file():
    area = pd.Series({"2024-02": 73000, "2024-03": 77049, "2024-04": 75426, "2024-05": 0})
    wards = pd.Series({"2024-02": 73652, "2024-03": 47, "2024-05": 0})  # April missing altogether
    assert incomplete_months(wards, area) == ["2024-03", "2024-04"]
    assert incomplete_months(wards.drop("2024-03"), area.drop(["2024-03", "2024-04"])) == []
