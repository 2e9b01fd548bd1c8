"""The reviewed category -> indicator mapping (lib/reference/crime_categories.csv)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.reference.categories import (
    INDICATOR_DEFINITIONS,
    INDICATORS,
    MOPAC7,
    MOPAC7_INDICATORS,
    SCHEMES,
    TNO,
    mapping,
    mapping_problems,
    mapping_table,
    members,
    unmapped_categories,
    with_indicators,
)
from tests.metrics.crime_helpers import indicator_totals


def test_mapping_is_consistent() -> None:
    assert mapping_problems() == []


def test_indicator_names_follow_the_enfield_pack() -> None:
    assert INDICATORS[:9] == [
        "Total Notifiable Offences", "Violence with Injury", "Robbery (Total)", "Burglary (Total)",
        "Theft From Person", "Theft/Taking Of Motor Vehicle", "Theft From Motor Vehicle", "Criminal Damage",
        "MOPAC 7",
    ]
    assert INDICATORS[1:8] == MOPAC7_INDICATORS
    assert set(INDICATOR_DEFINITIONS) == set(INDICATORS)
    assert set(mapping_table()["indicator"]) - {""} == set(INDICATORS)


def test_pre2018_definitions() -> None:
    assert set(members("pre2018", "Violence with Injury")) == {
        ("Violence Against the Person", "Murder"),
        ("Violence Against the Person", "Wounding/GBH"),
        ("Violence Against the Person", "Assault with Injury"),
    }
    assert members("pre2018", "Theft From Person") == [("Theft and Handling", "Other Theft Person")]
    assert {b for _, b in members("pre2018", "Criminal Damage")} == {
        "Criminal Damage To Dwelling", "Criminal Damage To Motor Vehicle",
        "Criminal Damage To Other Building", "Other Criminal Damage",
    }
    assert members("pre2018", "Burglary (Residential)") == [("Burglary", "Burglary in a Dwelling")]
    assert len(members("pre2018", TNO)) == 33  # every published pre-2018 category


def test_current_definitions() -> None:
    assert {b for _, b in members("current", "Burglary (Residential)")} == {
        "DOMESTIC BURGLARY", "RES BURGLARY OF A HOME", "RES BURGLARY OF UNCONNECTED BUILDING",
        "BURGLARY - RESIDENTIAL",
    }
    assert members("current", "Burglary (Non-residential)") == [("BURGLARY", "BURGLARY BUSINESS AND COMMUNITY")]
    assert {b for _, b in members("current", "Criminal Damage")} == {"ARSON", "CRIMINAL DAMAGE"}
    assert {b for _, b in members("current", "Theft/Taking Of Motor Vehicle")} == {
        "THEFT OR UNAUTH TAKING OF A MOTOR VEH", "AGGRAVATED VEHICLE TAKING",
    }
    assert {b for _, b in members("current", "Violence with Injury")} == {"VIOLENCE WITH INJURY", "HOMICIDE"}


def test_nfib_fraud_is_reviewed_but_outside_tno() -> None:
    assert ("NFIB FRAUD", "NFIB") not in members("current", TNO)
    seen = pd.DataFrame({"scheme": ["current"], "major": ["NFIB FRAUD"], "minor": ["NFIB"]})
    assert unmapped_categories(seen).empty
    note = mapping_table().query("minor == 'NFIB'")["note"].iloc[0]
    assert "Action Fraud" in note


def test_unmapped_categories_lists_new_codes_once() -> None:
    seen = pd.DataFrame(
        {
            "scheme": ["current", "current", "current", "pre2018"],
            "major": ["THEFT", "NEW", "NEW", "Burglary"],
            "minor": ["SHOPLIFTING", "CODE", "CODE", "Burglary in a Dwelling"],
        }
    )
    got = unmapped_categories(seen)
    assert got.values.tolist() == [["current", "NEW", "CODE"]]


def test_indicator_totals_on_a_tiny_table() -> None:
    crime = pd.DataFrame(
        {
            "scheme": ["pre2018"] * 4,
            "borough_code": ["E09000010"] * 4,
            "major": ["Burglary", "Burglary", "Drugs", "Violence Against the Person"],
            "minor": ["Burglary in a Dwelling", "Burglary in Other Buildings", "Possession Of Drugs", "Murder"],
            "count": [10, 5, 3, 1],
        }
    )
    t = indicator_totals(crime, ["borough_code"]).set_index("indicator")["count"].to_dict()  # the app's sums
    assert t[TNO] == 19
    assert t["Burglary (Total)"] == 15
    assert t["Burglary (Residential)"] == 10
    assert t["Burglary (Non-residential)"] == 5
    assert t[MOPAC7] == 16  # burglary 15 + murder 1 (violence with injury)
    assert t["Homicide"] == 1
    assert t.get("Robbery (Total)", 0) == 0  # nothing counted there (the app shows a defined 0)


def test_with_indicators_for_ward_rows_without_scheme() -> None:
    wards = pd.DataFrame(
        {"ward_code": ["E05013672"], "major": ["THEFT"], "minor": ["THEFT FROM THE PERSON"], "count": [4]}
    )
    got = with_indicators(wards, scheme="current")
    assert sorted(got["indicator"]) == sorted([TNO, "Theft From Person", MOPAC7])
    assert "scheme" not in got.columns
    assert got["count"].tolist() == [4, 4, 4]


def test_mapping_rejects_unknown_scheme() -> None:
    with pytest.raises(ValueError):
        mapping("2018")
    assert set(SCHEMES) == {"pre2018", "current"}


def test_every_published_category_is_reviewed(shared_data: Path) -> None:
    from lib.ingest.crime import read_crime_file

    seen = []
    releases = [*(shared_data / "crime" / "borough").glob("*.csv"), *(shared_data / "crime" / "ward").glob("*.csv")]
    for f in sorted(releases):
        parsed = read_crime_file(f)
        seen += [(parsed.layout.scheme, a, b) for a, b in zip(parsed.majors, parsed.minors, strict=True)]
    df = pd.DataFrame(seen, columns=["scheme", "major", "minor"])
    assert unmapped_categories(df).empty
    # current: 31 codes throughout, DOMESTIC BURGLARY until 2023, BURGLARY - RESIDENTIAL and NFIB from 2023-12
    assert df.drop_duplicates().groupby("scheme").size().to_dict() == {"current": 34, "pre2018": 33}
