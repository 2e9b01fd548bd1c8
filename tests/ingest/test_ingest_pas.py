"""PAS adapters: borough/London quarterly, neighbourhood comparator, by-ethnicity file."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.errors import IngestError
from lib.ingest.base import IngestContext, sniff_head
from lib.ingest.pas import (
    PasBoroughAdapter,
    PasNeighbourhoodAdapter,
    PasNeighbourhoodEthnicityAdapter,
    parse_quarter_date,
)

FIX = Path(__file__).parents[1] / "fixtures" / "pas"
BOROUGH = FIX / "borough_small.csv"
MPS = FIX / "mps_small.csv"
NEIGHBOURHOOD = FIX / "neighbourhood_small.csv"
ETHNICITY = FIX / "ethnicity_small.csv"


def run(adapter, paths):
    ctx = IngestContext(source_dir=FIX)
    return adapter.read(list(paths), ctx), ctx


def write(tmp_path: Path, text: str, name: str = "f.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


# ---------------------------------------------------------------- recognition


def test_each_file_is_recognised_by_exactly_one_adapter() -> None:
    adapters = [PasBoroughAdapter(), PasNeighbourhoodAdapter(), PasNeighbourhoodEthnicityAdapter()]
    expected = {BOROUGH: "pas_borough", MPS: "pas_borough", NEIGHBOURHOOD: "pas_neighbourhood",
                ETHNICITY: "pas_neighbourhood_ethnicity"}
    for path, name in expected.items():
        hits = [a.name for a in adapters if a.recognises(path, sniff_head(path))]
        assert hits == [name], path


def test_quarter_dates() -> None:
    assert parse_quarter_date("31/12/2014", BOROUGH, 2) == "2014-12"
    assert parse_quarter_date("30/06/2016", BOROUGH, 2) == "2016-06"
    with pytest.raises(IngestError, match="last day of a quarter"):
        parse_quarter_date("30/12/2014", BOROUGH, 5)
    with pytest.raises(IngestError, match="not a date"):
        parse_quarter_date("2014-12-31", BOROUGH, 5)


# ---------------------------------------------------------------- borough + London


def test_borough_and_london_files_make_one_table() -> None:
    tables, ctx = run(PasBoroughAdapter(), [BOROUGH, MPS])
    df = tables["pas_borough"]
    assert len(df) == 10 + 6
    # comma decimals as fractions; Enfield 12 months to September 2015 (Enfield SNB pack: 59% vs MPS 67%)
    enf = df[(df.area_name == "Enfield") & (df.quarter == "2015-09") & (df.measure == "good_job")]
    assert enf["proportion"].tolist() == [0.59]
    assert enf["area_code"].tolist() == ["E09000010"]
    lon = df[(df.area_code == "E12000007") & (df.quarter == "2015-09") & (df.measure == "good_job")]
    assert lon["proportion"].tolist() == [0.67] and lon["area_name"].tolist() == ["London"]
    # 'City of Westminster' and both Richmond spellings resolve to one code each
    assert set(df.loc[df.area_name == "Westminster", "area_code"]) == {"E09000033"}
    assert (df["area_code"] == "E09000027").sum() == 2
    assert ctx.warnings == []


def test_london_rows_from_mps_column_when_no_london_file() -> None:
    tables, ctx = run(PasBoroughAdapter(), [BOROUGH])
    df = tables["pas_borough"]
    lon = df[df.area_code == "E12000007"].set_index(["quarter", "measure"])["proportion"]
    assert lon[("2014-12", "informed")] == 0.49
    assert lon[("2016-09", "trust")] == 0.79
    assert len(lon) == 6
    assert any("no London (MPS) file" in w for w in ctx.warnings)


def test_mps_column_disagreeing_with_london_file_is_warned(tmp_path: Path) -> None:
    text = MPS.read_text().replace("30/09/2015;PAS;MPS;Informed local;0,45", "30/09/2015;PAS;MPS;Informed local;0,50")
    mps = write(tmp_path, text, "mps.csv")
    tables, ctx = run(PasBoroughAdapter(), [BOROUGH, mps])
    assert any("differs from the London file in 1 place" in w for w in ctx.warnings)
    df = tables["pas_borough"]
    kept = df[(df.area_code == "E12000007") & (df.quarter == "2015-09") & (df.measure == "informed")]
    assert kept["proportion"].tolist() == [0.50]


HEADER = "Date;Survey;Borough;Measure;Proportion;MPS\n"


@pytest.mark.parametrize(
    ("body", "row", "column", "message"),
    [
        ('31/12/2014;PAS;Enfield;"""Good Job"" local";0,59;0,67\n31/12/2014;PAS;Narnia;Informed local;0,4;0,5\n',
         3, "Borough", "unknown borough"),
        ("31/12/2014;PAS;Enfield;Happiness;0,4;0,5\n", 2, "Measure", "unknown PAS measure"),
        ("31/12/2014;PAS;Enfield;Informed local;abc;0,5\n", 2, "Proportion", "not a number"),
        ("31/12/2014;PAS;Enfield;Informed local;59;0,5\n", 2, "Proportion", "looks like a percentage"),
        ("31/12/2014;PAS;Enfield;Informed local;0,4;-0,5\n", 2, "MPS", "outside 0..1"),
        ("2014-12-31;PAS;Enfield;Informed local;0,4;0,5\n", 2, "Date", "not a date"),
        ("30/11/2014;PAS;Enfield;Informed local;0,4;0,5\n", 2, "Date", "last day of a quarter"),
        ("31/12/2014;PAS;Enfield;Informed local;0,4\n", 2, None, "truncated"),
        ("31/12/2014;PAS;Enfield;Informed local;;0,5\n", 2, "Proportion", "empty proportion"),
    ],
)
def test_bad_borough_rows(tmp_path: Path, body: str, row: int, column: str | None, message: str) -> None:
    p = write(tmp_path, HEADER + body)
    with pytest.raises(IngestError, match=message) as e:
        run(PasBoroughAdapter(), [p])
    assert e.value.row == row
    assert e.value.column == column
    assert e.value.file == p


def test_duplicate_borough_row_across_spellings(tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "31/12/2014;PAS;Richmond upon Thames;Informed local;0,4;0,5\n"
              "31/12/2014;PAS;Richmond Upon Thames;Informed local;0,41;0,5\n")
    with pytest.raises(IngestError, match="duplicate figure for Richmond upon Thames") as e:
        run(PasBoroughAdapter(), [p])
    assert e.value.row == 3


def test_missing_column_and_empty_file(tmp_path: Path) -> None:
    p = write(tmp_path, "Date;Survey;Borough;Measure;MPS\n31/12/2014;PAS;MPS;Informed local;0,4\n")
    # a renamed London file lacks 'Proportion'
    with pytest.raises(IngestError, match="missing column 'Proportion'") as e:
        run(PasBoroughAdapter(), [p])
    assert e.value.row == 1 and e.value.column == "Proportion"
    empty = write(tmp_path, "", "empty.csv")
    with pytest.raises(IngestError, match="empty"):
        run(PasBoroughAdapter(), [empty])
    only_header = write(tmp_path, HEADER, "h.csv")
    with pytest.raises(IngestError, match="no data rows"):
        run(PasBoroughAdapter(), [only_header])


def test_london_file_must_say_mps(tmp_path: Path) -> None:
    p = write(tmp_path, "Date;Survey;Borough;Measure;Proportion\n31/12/2014;PAS;Enfield;Informed local;0,4\n")
    with pytest.raises(IngestError, match="expected 'MPS'") as e:
        run(PasBoroughAdapter(), [p])
    assert e.value.row == 2 and e.value.column == "Borough"


# ---------------------------------------------------------------- neighbourhood comparator


def test_neighbourhood_comparator_fixture() -> None:
    tables, ctx = run(PasNeighbourhoodAdapter(), [NEIGHBOURHOOD])
    df = tables["pas_neighbourhood"]
    assert df["neighbourhood"].nunique() == 6
    assert df["measure"].nunique() == 18
    assert len(df) == 6 * 18
    ne = df[df.neighbourhood == "Newham - East"].set_index("measure")
    assert ne.at["good_job", "value"] == pytest.approx(0.50)
    assert ne.at["fair_treatment", "value"] == pytest.approx(0.40)
    assert set(ne["group"]) == {7}
    assert set(ne["neighbourhood_code"]) == {"KF-KE"}
    assert set(ne["borough_code"]) == {"E09000025"}
    # the all-N/A TNO column is not stored, and its cells are counted in a warning
    assert any("6 cell(s) published as N/A" in w for w in ctx.warnings)
    assert any("Total Notifiable Offences rate" in w for w in ctx.warnings)


def _nb_lines() -> list[str]:
    return NEIGHBOURHOOD.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("edit", "row", "column", "message"),
    [
        (lambda ls: ls[:2] + [ls[2].replace("Group 7", "Cluster 7")] + ls[3:], 3, "Group", "not a group"),
        (lambda ls: ls[:2] + [ls[2].replace("KF-KE", "KF_KE")] + ls[3:], 3, "Code", "not an MPS neighbourhood code"),
        (lambda ls: ls[:2] + [ls[2].replace("Newham - East", "Atlantis - East")] + ls[3:], 3, "Neighbourhood",
         "cannot find the borough"),
        (lambda ls: ls[:3] + [ls[3].replace(",75,75,65,", ",75,seventy,65,")] + ls[4:], 4, None, "not a percentage"),
        (lambda ls: ls[:3] + [ls[3].replace(",75,75,65,", ",75,175,65,")] + ls[4:], 4, None, "outside 0..100"),
        (lambda ls: ls[:4] + [ls[4].rsplit(",", 3)[0]] + ls[5:], 5, None, "truncated"),
    ],
)
def test_bad_neighbourhood_rows(tmp_path: Path, edit, row: int, column: str | None, message: str) -> None:
    p = write(tmp_path, "\n".join(edit(_nb_lines())) + "\n")
    with pytest.raises(IngestError, match=message) as e:
        run(PasNeighbourhoodAdapter(), [p])
    assert e.value.row == row
    if column is not None:
        assert e.value.column == column


def test_neighbourhood_header_problems(tmp_path: Path) -> None:
    ls = _nb_lines()
    renamed = write(tmp_path, "\n".join([ls[0].replace("Are gangs a problem", "Are gangs an issue")] + ls[1:]),
                    "a.csv")
    with pytest.raises(IngestError, match="unknown question column") as e:
        run(PasNeighbourhoodAdapter(), [renamed])
    assert e.value.row == 1
    wrong_response = write(tmp_path, "\n".join([ls[0], ls[1].replace("% Excellent or Good", "% Good"), *ls[2:]]),
                           "b.csv")
    with pytest.raises(IngestError, match="response row says") as e:
        run(PasNeighbourhoodAdapter(), [wrong_response])
    assert e.value.row == 2
    no_rows = write(tmp_path, "\n".join(ls[:2]) + "\n", "c.csv")
    with pytest.raises(IngestError, match="no data rows"):
        run(PasNeighbourhoodAdapter(), [no_rows])


def test_na_cell_in_a_measure_is_dropped_and_counted(tmp_path: Path) -> None:
    ls = _nb_lines()
    ls[2] = ls[2].replace("Group 7,50,50,", "Group 7,N/A,50,")
    p = write(tmp_path, "\n".join(ls) + "\n")
    tables, ctx = run(PasNeighbourhoodAdapter(), [p])
    df = tables["pas_neighbourhood"]
    assert len(df) == 6 * 18 - 1
    assert df[(df.neighbourhood == "Newham - East") & (df.measure == "good_job")].empty
    assert any("7 cell(s) published as N/A" in w for w in ctx.warnings)


# ---------------------------------------------------------------- by ethnic group


def test_ethnicity_fixture() -> None:
    tables, ctx = run(PasNeighbourhoodEthnicityAdapter(), [ETHNICITY])
    df = tables["pas_neighbourhood_ethnicity"]
    assert len(df) == 24  # two rows with values x 12 columns; the blank row left out
    ne = df[df.neighbourhood == "Newham - East"].set_index(["ethnic_group", "measure"])["value"]
    assert ne[("Black", "stop_search_fair")] == pytest.approx(0.50)
    assert ne[("White British", "fair_treatment")] == pytest.approx(0.80)
    assert ne[("Asian", "good_job")] == pytest.approx(0.62)
    we = df[df.neighbourhood == "West End"]
    assert we["borough_code"].isna().all()
    assert set(df.loc[df.neighbourhood == "Newham - East", "borough_code"]) == {"E09000025"}
    assert any("12 blank" in w for w in ctx.warnings)
    assert any("West End" in w for w in ctx.warnings)


def test_ethnicity_bad_value(tmp_path: Path) -> None:
    lines = ETHNICITY.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",60,", ",sixty,", 1)
    p = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(IngestError, match="not a percentage") as e:
        run(PasNeighbourhoodEthnicityAdapter(), [p])
    assert e.value.row == 4


# ---------------------------------------------------------------- the real files


@pytest.fixture(scope="module")
def real_pas(shared_data: Path):
    d = shared_data / "confidence"
    out = {}
    ctx = IngestContext(source_dir=d)
    for a in (PasBoroughAdapter(), PasNeighbourhoodAdapter(), PasNeighbourhoodEthnicityAdapter()):
        paths = [p for p in sorted(d.iterdir()) if a.recognises(p, sniff_head(p))]
        out.update(a.read(paths, ctx))
    return out, ctx


def test_real_borough_file(real_pas) -> None:
    tables, ctx = real_pas
    df = tables["pas_borough"]
    assert len(df) == 9312 + 291
    assert df["area_code"].nunique() == 33  # 32 boroughs + London
    assert df["quarter"].min() == "2014-12" and df["quarter"].max() == "2023-12"
    assert df["quarter"].nunique() == 37
    assert (df["area_code"] == "E09000027").sum() == 291  # Richmond's two spellings are one borough
    # Enfield SNB pack 2015: confidence 59% in the 12 months to September 2015, MPS average 67%
    v = df.set_index(["area_code", "quarter", "measure"])["proportion"]
    assert v[("E09000010", "2015-09", "good_job")] == pytest.approx(0.59)
    assert v[("E12000007", "2015-09", "good_job")] == pytest.approx(0.67)
    # MOPAC Challenge March 2015: "67% confidence in local policing" (London, 12 months to December 2014)
    assert v[("E12000007", "2014-12", "good_job")] == pytest.approx(0.67)
    # the borough file's MPS column agrees with the London file everywhere (to rounding)
    assert not any("differs from the London file" in w for w in ctx.warnings)
    trust = df[df.measure == "trust"]
    assert trust["quarter"].min() == "2016-03"


def test_real_neighbourhood_file(real_pas) -> None:
    tables, ctx = real_pas
    df = tables["pas_neighbourhood"]
    assert df["neighbourhood"].nunique() == 106
    assert df["measure"].nunique() == 18
    assert len(df) == 106 * 18
    assert sorted(df["group"].unique()) == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]  # no Group 3
    assert df["value"].between(0, 1).all()
    row = df[(df.neighbourhood == "Barking and Dagenham - Barking") & (df.measure == "good_job")].iloc[0]
    assert (row["neighbourhood_code"], int(row["group"]), row["value"]) == ("KG-KB", 7, pytest.approx(0.71))
    assert any("106 cell(s) published as N/A" in w for w in ctx.warnings)


def test_real_ethnicity_file(real_pas) -> None:
    tables, _ = real_pas
    df = tables["pas_neighbourhood_ethnicity"]
    assert set(df["ethnic_group"]) == {"White British", "Asian", "Black"}
    assert set(df["measure"]) == {"fair_treatment", "listens", "good_job", "stop_search_fair"}
    v = df.set_index(["neighbourhood", "ethnic_group", "measure"])["value"]
    # first data row of the file: Barking and Dagenham - Barking, White British fair treatment 84
    assert v[("Barking and Dagenham - Barking", "White British", "fair_treatment")] == pytest.approx(0.84)
    assert v[("Barking and Dagenham - Barking", "Black", "stop_search_fair")] == pytest.approx(0.67)
    assert "Westminster - ORB" not in set(df["neighbourhood"])  # blank in the file
