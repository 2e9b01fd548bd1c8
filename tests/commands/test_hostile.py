"""Hostile values for every option of every command: one line, ``error: ...``, exit 2, the value shortened.

Each option in turn gets each hostile value (non-ASCII digits, NaN, infinities, a number too large for a
float, a denormal, a negative, a superscript, hex, 100,000 characters, a Markdown link), every other
option valid, in-process on the demonstration store. Output paths and store folders get their own
(an unwritable file, a missing folder, a folder, a damaged manifest), checked before any work.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lib.errors import shorten
from tests.commands import domain
from tests.conftest import ROOT

DEMO = str(ROOT / "data" / "demo")
LONG = "9" * 100_000
LINK = "[Re-verify here](https://evil.example/login)"
HOSTILE = ["٢٠١٥-09", "nan", "inf", "-inf", "1e309", "1e-300", "-1", "²", "0x10", LONG, LINK]

# command -> (valid options, the options to attack)
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "crime-summary": (["--borough=Enfield", "--to=2025-12"],
                      ["--borough", "--to", "--release", "--population", "--format"]),
    "target": (["--baseline=2018/19", "--to=2025-12"],
               ["--baseline", "--to", "--reduction", "--category", "--release", "--forecast-to", "--format"]),
    "unusual": (["--borough=Enfield", "--indicator=MOPAC 7", "--from=2025-01", "--to=2025-12"],
                ["--borough", "--indicator", "--from", "--to", "--release", "--format"]),
    "drivers": (["--borough=Enfield", "--indicator=MOPAC 7", "--to=2025-12"],
                ["--borough", "--indicator", "--to", "--release"]),
    "revisions": ([], ["--borough", "--from-release", "--to-release"]),
    "confidence": (["--borough=Enfield"], ["--borough", "--to", "--sample", "--design-effect", "--format"]),
    "comparator": (["--neighbourhood=Enfield - North (demo)"], ["--neighbourhood", "--format"]),
    "stop-search": (["--borough=Enfield", "--from=2025-01", "--to=2025-12"],
                    ["--borough", "--from", "--to", "--census", "--format"]),
    "complaints": ([], ["--borough", "--to", "--format"]),
    "disproportionality": (["--counts=White=1", "--population=White=10"], ["--counts", "--population", "--format"]),
    "pack": (["--borough=Enfield", "--to=2025-12", "--format=html", "--output={out}"],
             ["--borough", "--to", "--release", "--layout", "--format"]),
    "challenge": (["--to=2025-12", "--baseline=2018/19", "--format=html", "--output={out}"],
                  ["--to", "--release", "--baseline", "--reduction", "--slides", "--neighbourhood", "--compare",
                   "--borough", "--format"]),
    "demo": (["--store={out}"], ["--seed"]),
}
NO_STORE = {"disproportionality", "demo"}


def _argv(command: str, option: str, value: str, out: Path) -> list[str]:
    valid, _ = COMMANDS[command]
    keep = [a.format(out=out) for a in valid if a.split("=", 1)[0] != option]
    return [command, *([] if command in NO_STORE else ["--store", DEMO]), *keep, f"{option}={value}"]


def _assert_one_line(o: domain.Outcome, value: str) -> None:
    assert not o.crash, o.crash
    assert o.code == 2, (o.code, o.out[:200])
    assert o.refused, o.err[:300]
    assert len(o.err) < 700 and (len(value) < 100 or value not in o.err)  # the value shortened
    assert o.out == ""


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_option_refuses_hostile_values_in_one_line(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    with domain.shared_steps():
        for option in COMMANDS[command][1]:
            for value in HOSTILE:
                o = domain.ask(_argv(command, option, value, out))
                _assert_one_line(o, value)
    assert not out.exists()  # nothing was built for any of them


def test_the_issue_s_examples_give_the_one_sentence(tmp_path: Path) -> None:
    cases = {
        ("challenge", "--reduction", "nan"): "error: reduction: 'nan' is not a whole number: a whole number from 1",
        ("challenge", "--reduction", "101"): "error: reduction: '101' is out of range: a whole number from 1 to 100",
        ("confidence", "--sample", "1e-300"): "error: sample: '1e-300' is not a whole number: a whole number from 50",
        ("disproportionality", "--counts", "White=1e309"): "error: counts White: '1e309' is not a finite number",
        ("target", "--to", "٢٠١٥-09"): "error: to: '٢٠١٥-09' is not a month: a month YYYY-MM in ASCII digits",
        ("demo", "--seed", "-1"): "error: seed: '-1' is out of range: a whole number from 0 to 4,294,967,295",
        ("crime-summary", "--borough", LONG): "error: borough: '" + "9" * 40 + "…' is too long (100,000 characters)",
        ("target", "--forecast-to", "٢٠١٥-09"): "error: forecast-to: '٢٠١٥-09' is not a month: a month YYYY-MM",
        ("unusual", "--from", "²"): "error: from: '²' is not a month: a month YYYY-MM in ASCII digits",
        ("drivers", "--indicator", LINK): f"error: indicator: {shorten(LINK)} is not a crime category in the data",
        ("revisions", "--from-release", "nan"): "error: from-release: 'nan' is not a release: 'newest' or a release",
    }
    for (command, option, value), sentence in cases.items():
        o = domain.ask(_argv(command, option, value, tmp_path / "out.html"))
        assert o.code == 2 and o.err.startswith(sentence), o.err


@pytest.mark.parametrize("command", ["pack", "challenge", "schema-doc"])
def test_unwritable_outputs_are_refused_before_any_work(command: str, tmp_path: Path) -> None:
    valid = [a for a in COMMANDS.get(command, ([], []))[0] if not a.startswith("--output")]
    for bad, words in (("/proc/deck.pdf", "cannot be written"), (str(tmp_path / "no" / "x.pdf"), "does not exist"),
                       (str(tmp_path), "is a folder"), (LONG, "too long")):
        argv = [command, *([] if command == "schema-doc" else ["--store", DEMO]), *valid, f"--output={bad}"]
        o = domain.ask(argv)
        _assert_one_line(o, bad)
        assert words in o.err


def test_damaged_and_missing_stores_are_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(DEMO, broken)
    (broken / "manifest.json").write_text("{not json", encoding="utf-8")
    listless = tmp_path / "listless"
    shutil.copytree(DEMO, listless)
    (listless / "manifest.json").write_text("[]", encoding="utf-8")
    for store, words in ((broken, "has a damaged manifest.json"), (listless, "no table list"),
                         (tmp_path / "none", "is not a store"), (LONG, "is not a usable path")):
        for command in ("crime-summary", "pack", "challenge", "confidence"):
            valid = [a.format(out=tmp_path / "o.html") for a in COMMANDS[command][0]]
            o = domain.ask([command, "--store", str(store), *valid])
            _assert_one_line(o, str(store))
            assert words in o.err, o.err
    assert not (tmp_path / "o.html").exists()


def test_argparse_own_errors_are_one_line() -> None:
    for argv in (["crime-summary"], ["no-such-command"], [LONG], ["crime-summary", "--borough"],
                 ["target", "--to=2015-09", "--baseline=2011/12", "--unknown=1"]):
        o = domain.ask(argv)
        _assert_one_line(o, LONG)
