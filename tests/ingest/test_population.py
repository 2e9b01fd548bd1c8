"""ONS population vintages and Census 2021 ethnicity (lib/ingest/population.py): the real files and hand-made ones."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from lib.errors import IngestError
from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.population import Census2021Ethnicity, PopulationEstimates, read_mye2_csv
from lib.reference.boroughs import LONDON_CODE, all_boroughs
from lib.reference.population import population_vintages

BD = "E09000002"


@pytest.fixture(scope="module")
def estimates(shared_data: Path) -> pd.DataFrame:
    a = PopulationEstimates()
    folder = shared_data / "census" / "population"
    paths = [p for p in sorted(folder.iterdir()) if a.recognises(p, sniff_head(p))]
    assert len(paths) == 5
    return a.read(paths, IngestContext(shared_data))["population_estimates"]


def _value(t: pd.DataFrame, vintage: str, code: str, year: int) -> float:
    s = t[(t["vintage"] == vintage) & (t["area_code"] == code) & (t["year"] == year)]["population"]
    assert len(s) == 1
    return float(s.iloc[0])


def test_barking_and_dagenham_mid2014_in_three_vintages(estimates):
    """Data README: 198,300 as first published, 198,650 in the mid-2020 release, 201,244 in the current series."""
    assert _value(estimates, "ons_mye_first_published", BD, 2014) == 198_300
    assert _value(estimates, "ons_mye_mid2020_release", BD, 2014) == 198_650
    assert _value(estimates, "ons_current_series", BD, 2014) == 201_244


def test_other_vintages_as_published(estimates):
    assert _value(estimates, "ons_mye_first_published", BD, 2015) == 201_979  # 2015 unrounded
    assert _value(estimates, "ons_mye_mid2021_release", BD, 2021) == 218_534
    assert _value(estimates, "ons_mye_mid2024_release", BD, 2024) == 232_747
    assert _value(estimates, "ons_mye_mid2024_release", LONDON_CODE, 2024) == 9_089_736
    assert _value(estimates, "ons_mye_first_published", LONDON_CODE, 2015) == 8_673_713


def test_current_series_london_is_the_sum_of_33(estimates):
    cur = estimates[(estimates["vintage"] == "ons_current_series") & (estimates["year"] == 2023)]
    boroughs = cur[cur["area_code"] != LONDON_CODE]["population"].sum()
    assert len(cur) == 34
    assert _value(estimates, "ons_current_series", LONDON_CODE, 2023) == boroughs
    assert _value(estimates, "ons_current_series", BD, 2023) == 222_308


def test_every_vintage_year_has_34_areas_and_is_known(estimates):
    sizes = estimates.groupby(["vintage", "year"]).size()
    assert (sizes == 34).all()
    assert set(estimates["vintage"]) == {v.vintage for v in population_vintages()}
    assert estimates.groupby("vintage")["year"].agg(["min", "max"]).to_dict("index") == {
        "ons_current_series": {"min": 1998, "max": 2023},
        "ons_mye_first_published": {"min": 1961, "max": 2015},
        "ons_mye_mid2020_release": {"min": 2001, "max": 2020},
        "ons_mye_mid2021_release": {"min": 2001, "max": 2021},
        "ons_mye_mid2024_release": {"min": 2024, "max": 2024},
    }


def _mye2(path: Path, drop: str | None = None, value: str = "1000") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Code", "Name", "Geography", "All ages", "0"])
        w.writerow(["E12000007", "LONDON", "Region", "33000", "1"])
        for b in all_boroughs():
            if b.code != drop:
                w.writerow([b.code, b.name, "London Borough", value, "1"])
        w.writerow(["E06000001", "Hartlepool", "Unitary Authority", "90000", "1"])
    return path


def test_mye2_export_hand_made(tmp_path):
    t = read_mye2_csv(_mye2(tmp_path / "mye19tablesew.csv"))
    assert set(t["vintage"]) == {"ons_mye_mid2019_release"}
    assert set(t["year"]) == {2019}
    assert len(t) == 34  # Hartlepool left out
    assert t.loc[t["area_code"] == LONDON_CODE, "population"].iloc[0] == 33000


def test_mye2_export_without_a_year_in_its_name(tmp_path):
    with pytest.raises(IngestError, match="mid-year"):
        read_mye2_csv(_mye2(tmp_path / "persons.csv"))


def test_mye2_bad_value_names_row_and_column(tmp_path):
    with pytest.raises(IngestError, match="All ages"):
        read_mye2_csv(_mye2(tmp_path / "mid2024.csv", value="n/a"))


def test_unknown_vintage_and_missing_borough(tmp_path):
    a = PopulationEstimates()
    with pytest.raises(IngestError, match="population_vintages.csv"):
        a.read([_mye2(tmp_path / "mid2019.csv")], IngestContext(tmp_path))
    with pytest.raises(IngestError, match="Barking and Dagenham"):
        a.read([_mye2(tmp_path / "mid2024.csv", drop=BD)], IngestContext(tmp_path))


def test_census2021_ethnicity(shared_data: Path):
    path = shared_data / "census" / "gov_ethnicity_facts_population_by_ethnicity_la_census2021.csv"
    a = Census2021Ethnicity()
    assert a.recognises(path, sniff_head(path))
    t = a.read([path], IngestContext(shared_data))["population_ethnicity_2021"]
    bd = t[t["borough_code"] == BD].set_index(["scheme", "group"])["population"]
    # census5 equals the file's own 5+1 rows for Barking and Dagenham
    assert bd["census5"].to_dict() == {
        "White": 98_275, "Mixed": 9_320, "Asian": 56_583, "Black": 46_807, "Other": 7_886
    }
    # search4: Black = Black 46,807 + Mixed White/Black African 2,376 + Mixed White/Black Caribbean 2,974
    assert bd[("search4", "Black")] == 52_157
    assert bd[("search4", "Asian")] == 56_583 - 1_385 + 1_550  # less Chinese, plus Mixed White and Asian
    assert bd["search4"].sum() == 218_871  # the published all-ethnicities total
    assert t["borough_code"].nunique() == 33
