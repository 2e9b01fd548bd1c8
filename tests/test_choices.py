"""The one parser of reader choices (lib/choices.py): one table of spellings checked against every front end
(the parser, every command's argparse, the page's URL widget), and each choice's rules and bounds."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from lib import choices
from lib.cli import build_parser
from lib.errors import UsageError, shorten
from tests.conftest import ROOT

DEMO = ROOT / "data" / "demo"
CITY = "policed by the City of London Police, not the Met"
NOT_AN_AREA = "is not an area"

# spelling -> the area every front end gives, or the words of the one sentence every front end refuses it with
SPELLINGS: list[tuple[str, str]] = [
    ("Enfield", "Enfield"),
    ("enfield", "Enfield"),
    ("ENFIELD", "Enfield"),
    ("E09000010", "Enfield"),
    ("e09000010", "Enfield"),
    (" Enfield ", "Enfield"),
    ("London", "London"),
    ("london", "London"),
    ("MPS", "London"),
    ("E12000007", "London"),
    ("Barking & Dagenham", "Barking and Dagenham"),
    ("Barking and Dagenham", "Barking and Dagenham"),
    ("City of Westminster", "Westminster"),
    ("City of London", CITY),
    ("E09000001", CITY),
    ("Narnia", NOT_AN_AREA),
    ("Enfield; DROP TABLE", NOT_AN_AREA),
    ("٢٠١٥", NOT_AN_AREA),
    ("[x](https://evil.example)", NOT_AN_AREA),
]
REFUSED = {CITY, NOT_AN_AREA}

# every command option that takes an area, with the other options it needs to parse
AREA_OPTIONS: dict[str, list[str]] = {
    "crime-summary": ["--to", "2025-12"],
    "confidence": [],
    "stop-search": ["--from", "2025-01", "--to", "2025-12"],
    "complaints": [],
    "challenge": ["--to", "2025-12", "--output", "deck.pdf"],
    "pack": ["--to", "2025-12", "--format", "html", "--output", "pack.html"],
    "unusual": ["--indicator", "MOPAC 7", "--from", "2025-01", "--to", "2025-12"],
    "drivers": ["--indicator", "MOPAC 7", "--to", "2025-12"],
    "revisions": [],
}


def _parser_answer(spelling: str) -> str:
    try:
        return choices.area(spelling).name
    except UsageError as e:
        return str(e)


@pytest.mark.parametrize(("spelling", "expected"), SPELLINGS)
def test_parser_reads_every_spelling(spelling: str, expected: str) -> None:
    answer = _parser_answer(spelling)
    if expected in REFUSED:
        assert answer.startswith(f"borough: {shorten(spelling.strip())} {'' if expected == CITY else ''}")
        assert expected in answer and "\n" not in answer
        assert "London (or MPS, E12000007) or one of the 32 boroughs" in answer  # the allowed values, named
    else:
        assert answer == expected


@pytest.mark.parametrize("command", list(AREA_OPTIONS))
def test_every_command_reads_the_table_as_the_parser_does(command: str, tmp_path: Path, monkeypatch) -> None:
    """Each command's --borough gives the parser's area, or its very sentence (the pack, for one borough,
    refuses London with a sentence of its own)."""
    monkeypatch.chdir(tmp_path)  # --output files are checked as written there
    parser = build_parser()
    for spelling, expected in SPELLINGS:
        argv = [command, "--store", str(DEMO), f"--borough={spelling}", *AREA_OPTIONS[command]]
        try:
            got = parser.parse_args(argv).borough
            got = got if isinstance(got, str) else got.name
        except UsageError as e:
            got = str(e)
        if command == "pack" and expected == "London":
            assert "is London as a whole: a pack is for one of the 32 boroughs" in got, spelling
        else:
            assert got == _parser_answer(spelling), (command, spelling)


def test_the_url_widget_reads_the_table_as_the_parser_does(demo_store: Path, monkeypatch) -> None:
    """?borough= on a page: the parser's area in the picker, or its sentence (inert) as the notice and London."""
    from streamlit.testing.v1 import AppTest

    from lib.ui.params import inert

    monkeypatch.setenv("POLICING_STORE", str(demo_store))
    at = AppTest.from_file(str(ROOT / "pages" / "6_About_the_data.py"), default_timeout=120)
    for spelling, expected in SPELLINGS:
        at.query_params["borough"] = spelling
        at.run()
        assert not at.exception, spelling
        picked = at.selectbox(key="w_borough").value
        notices = " ".join(str(w.value) for w in [*at.warning, *at.info])
        if expected == CITY:
            assert picked == "London" and "City of London Police" in notices, spelling
        elif expected == NOT_AN_AREA:
            assert picked == "London", spelling
            assert inert(_parser_answer(spelling)) in notices, spelling  # the same sentence, as inert text
        else:
            assert picked == expected, spelling


# --- each choice's rules --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["٢٠١٥-09", "２０１５-09", "2015-9", "2015-13", "2015-00", "15-09", "2015-09-01",
                                  "²⁰¹⁵-09", "", "2015_09", "2015-09\n2016-01"])
def test_month_is_ascii_yyyy_mm(text: str) -> None:
    with pytest.raises(UsageError, match=r"^to: .* is not a month: a month YYYY-MM in ASCII digits"):
        choices.month(text)


def test_month_within_the_data_and_its_compact_form() -> None:
    assert choices.month("201509") == "2015-09" and choices.month(" 2015-09 ") == "2015-09"
    assert choices.month("2015-09", within=["2015-08", "2015-09"]) == "2015-09"
    with pytest.raises(UsageError, match=r"^to: '2015-10' is outside the data: a month from 2015-08 to 2015-09$"):
        choices.month("2015-10", within=["2015-09", "2015-08"])


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "1e309", "-1e309", "Infinity"])
def test_numbers_are_finite(text: str) -> None:
    with pytest.raises(UsageError, match="sample|is not"):
        choices.number(text, "sample", 0, 10)
    with pytest.raises(UsageError):
        choices.number(float(text) if text.lower() != "infinity" else math.inf, "sample", 0, 10)


def test_number_bounds_and_spellings() -> None:
    assert choices.number("2.5", "x", 1, 5) == 2.5 and choices.number("1e0", "x", 1, 5) == 1.0
    for bad in ("1e-300", "0", "5.01", "0x10", "1_000", "1,000", "²", "٣", " - 1", "--5"):
        with pytest.raises(UsageError, match=r"^x: "):
            choices.number(bad, "x", 1, 5)
    assert choices.whole_number("-0", "x", 0, 5) == 0
    with pytest.raises(UsageError, match="is not a whole number"):
        choices.whole_number("2.5", "x", 0, 5)


def test_reduction_has_one_bound_everywhere() -> None:
    assert choices.REDUCTION_BOUNDS == (1, 100)
    assert choices.reduction("20") == 20.0 and choices.reduction(100) == 100.0
    for bad in ("0", "101", "-1", "nan", "20.5", "1e2x"):
        with pytest.raises(UsageError, match=r"^reduction: .*: a whole number from 1 to 100$"):
            choices.reduction(bad)


def test_over_long_values_are_refused_and_shortened() -> None:
    huge = "9" * 100_000
    for parse in (choices.area, choices.month, choices.reduction, choices.slides, choices.seed):
        with pytest.raises(UsageError) as e:
            parse(huge)
        assert len(str(e.value)) < 300 and "'" + "9" * 40 + "…'" in str(e.value)


def test_shorten_makes_values_one_inert_line() -> None:
    assert shorten("a" * 41) == "'" + "a" * 40 + "…'"
    assert shorten("x\ny\u202ez") == "'x?y?z'"  # newlines and a right-to-left override cannot reshape the line


def test_slides_and_slide() -> None:
    assert choices.slides(None) == (1, 2, 3, 4, 5, 6, 7, 8) and choices.slides("") == (1, 2, 3, 4, 5, 6, 7, 8)
    assert choices.slides("crime-types,crime_types") == (8, 8)
    assert choices.slides("ranked, 1,stop_search") == (2, 1, 6)
    for bad in ("9", "0", "²", "1,x", "-1"):
        with pytest.raises(UsageError, match=r"^slides: .* is not a list of slides: slide numbers 1 to 8"):
            choices.slides(bad)
    assert choices.slide("3", 7) == 3
    for bad in ("²", "999999999999", "0", "8", "1.0", "٣"):
        with pytest.raises(UsageError, match=r"^slide: .*: a whole number from 1 to 7$"):
            choices.slide(bad, 7)


def test_release_baseline_census_seed_and_names() -> None:
    assert choices.release(None) is None and choices.release("newest") is None and choices.release("") is None
    assert choices.release("2016-12", ["2016-12", "2025-12"]) == "2016-12"
    with pytest.raises(UsageError, match=r"^release: '2019-01' is not a release in the store: 'newest' or one of"):
        choices.release("2019-01", ["2016-12"])
    assert choices.baseline("2011/12") == ("2011-04", "2012-03")
    assert choices.baseline("2011-04:2012-03") == ("2011-04", "2012-03")
    with pytest.raises(UsageError, match="ends before it starts"):
        choices.baseline("2012-03:2011-04")
    with pytest.raises(UsageError, match="is not a period"):
        choices.baseline("2011/13")
    assert choices.census("2021") == 2021
    with pytest.raises(UsageError, match=r"^census: '2001' is not a census year held: 2011 or 2021$"):
        choices.census("2001")
    assert choices.seed("0") == 0 and choices.seed(str(2**32 - 1)) == 2**32 - 1
    for bad in ("-1", str(2**32), "1.5"):
        with pytest.raises(UsageError, match="^seed: "):
            choices.seed(bad)
    names = ["Newham - East", "Newham - West", "Barking & Dagenham - North"]
    assert choices.neighbourhood("newham east", names) == "Newham - East"
    assert choices.neighbourhood("Barking and Dagenham - North", names) == "Barking & Dagenham - North"
    assert choices.neighbourhood("kf-ke", names, {"KF-KE": "Newham - East"}) == "Newham - East"
    with pytest.raises(UsageError, match=r"^neighbourhood: 'Newham' is not a neighbourhood in the survey"):
        choices.neighbourhood("Newham", names)  # two match: not guessed


def test_month_range_is_two_months_in_order() -> None:
    months = ["2015-01", "2015-02", "2015-03"]
    assert choices.month_range("2015-01", "2015-03", months) == ("2015-01", "2015-03")
    assert choices.month_range("201502", "2015-02", months) == ("2015-02", "2015-02")  # one month: its own range
    with pytest.raises(UsageError, match=r"^to: '2015-01' ends before it starts \(from 2015-02\): give 'to' on"):
        choices.month_range("2015-02", "2015-01", months)
    with pytest.raises(UsageError, match=r"^from: '2014-12' is outside the data: a month from 2015-01 to 2015-03$"):
        choices.month_range("2014-12", "2015-01", months)
    with pytest.raises(UsageError, match=r"^to: '٢٠١٥-03' is not a month"):
        choices.month_range("2015-01", "٢٠١٥-03", months)


def test_indicator_prefers_the_indicator_and_reads_tno() -> None:
    """The indicators come first in the list: a spelling that matches an indicator and a published category
    of the same name is the indicator (as the crime page lists it); 'TNO' is Total Notifiable Offences."""
    listed = ["Total Notifiable Offences", "Homicide", "Burglary (Total)", "HOMICIDE", "Homicide ", "BURGLARY"]
    assert choices.indicator("HOMICIDE", listed) == "HOMICIDE"  # as listed: exactly that
    assert choices.indicator("BURGLARY", listed) == "BURGLARY"
    assert choices.indicator("Burglary", listed) == choices.indicator("burglary", listed) == "Burglary (Total)"
    assert choices.indicator("homicide", listed) == "Homicide"
    assert choices.indicator("burglary total", listed) == "Burglary (Total)"
    assert choices.indicator("TNO", listed) == choices.indicator("tno", listed) == "Total Notifiable Offences"
    with pytest.raises(UsageError, match=r"^indicator: 'Burglaries' is not a crime category in the data: one of "
                                         r"Total Notifiable Offences, Homicide, "):
        choices.indicator("Burglaries", listed, option="indicator")


def test_output_path_is_checked_before_any_work(tmp_path: Path) -> None:
    assert choices.output_path(str(tmp_path / "a.pdf")) == tmp_path / "a.pdf"
    assert not (tmp_path / "a.pdf").exists()  # the check leaves nothing behind
    for bad, words in ((tmp_path, "is a folder"), (tmp_path / "no" / "a.pdf", "folder that does not exist"),
                       (Path("/proc/a.pdf"), "cannot be written"), ("", "is empty")):
        with pytest.raises(UsageError, match=f"^output: .*{words}"):
            choices.output_path(str(bad))
