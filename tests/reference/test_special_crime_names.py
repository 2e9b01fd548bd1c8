"""The Monthly Crime Dashboard 'Other' names -> the hate and special crime file's names (reference data)."""

from __future__ import annotations

import csv
from pathlib import Path

from lib.reference.special_crime import dashboard_names, special_crime_rows

OLDER = "crime/other/mps_hate_and_special_crime_borough_2010-04_to_2021-05.csv"
NEWER = "crime/other/mps_monthly_crime_dashboard_other_borough_2021-08_to_2025-07.csv"
# the subtypes the older file has no counterpart for (each note says so)
OWN_NAMES = {"Hate crime", "Racist Crime", "Knife Injury Victims (1-24)", "Knife Injury Victims (non DA 1-24)"}


def test_every_mapping_has_a_note_and_a_known_major() -> None:
    names = dashboard_names()
    assert len(names) == 26
    for n in names.values():
        assert n.note.strip(), n
        assert n.major in {"Hate", "Special"}, n
    assert names[("Hate crime", "Racist and Religious Crime")].minor == "Racist and Religious Hate Crime"
    assert names[("Hate crime", "Transphobic Crime")].minor == "Transgender Hate"
    assert names[("Knife Crime", "Knife Crime with Injury")].minor == "Knife Crime With Injury"


def test_names_match_the_two_real_files(shared_data: Path) -> None:
    """Every subtype of the newer file is listed; each maps onto a (MajorText, MinorText) the older file
    publishes, except the four with no counterpart, which keep their own names; every pack row continues."""
    with open(shared_data / OLDER, encoding="utf-8-sig", newline="") as fh:
        older = {(r["MajorText"], r["MinorText"]) for r in csv.DictReader(fh)}
    with open(shared_data / NEWER, encoding="utf-8-sig", newline="") as fh:
        newer = {(r["crime_type"], r["crime_subtype"]) for r in csv.DictReader(fh)}
    names = dashboard_names()
    assert newer == set(names)
    for key, n in names.items():
        if n.minor in OWN_NAMES:
            assert n.minor == key[1] and "no counterpart" in n.note, n
        else:
            assert (n.major, n.minor) in older, n
    continued = {(n.major, n.minor) for n in names.values()}
    pack = {(r.major, r.minor) for r in special_crime_rows()}
    # Homicide is not in the Other sheet: the pack's Homicide row stops in May 2021
    assert pack - continued == {("Special", "Homicide")}
