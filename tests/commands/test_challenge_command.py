"""``python -m lib.cli challenge``: the deck as a 16:9 PDF, one slide a page (issue 11). One PDF for the module."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lib.cli import main

pytestmark = pytest.mark.skipif(not (shutil.which("pdfinfo") and shutil.which("pdftotext")),
                                reason="poppler-utils (pdfinfo, pdftotext) not installed")


@pytest.fixture(scope="module")
def deck_pdf(real_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("challenge") / "deck.pdf"
    rc = main(["challenge", "--store", str(real_store), "--to", "2015-02", "--release", "2016-12",
               "--baseline", "2011/12", "--output", str(out)])
    assert rc == 0
    return out


def _run(*args: str) -> str:
    return subprocess.run(list(args), check=True, capture_output=True, text=True).stdout


def test_one_page_per_slide_16_9(deck_pdf):
    info = _run("pdfinfo", str(deck_pdf))
    assert "Pages:           8" in info  # 7 slides and MOPAC 7 by crime type (issue 23)
    assert "1440 x 810 pts" in info  # 1920 x 1080 CSS pixels


def test_text_carries_the_figures(deck_pdf):
    text = _run("pdftotext", "-layout", str(deck_pdf), "-")
    pages = text.split("\f")
    assert "-19.8%" in pages[0] and "16 of 32" in pages[0]
    assert all(name in pages[1] for name in ("Waltham Forest", "Bexley", "Kingston upon Thames"))
    assert "Lambeth" in pages[2] and "-16.7%" in pages[2]
    assert "Southwark - South-West" in pages[4] and "+24 points" in pages[4]
    # stop and search: no records in the 12 months to February 2015, so the nearest 12 with records, named
    assert "143,116" in pages[5] and "December 2017 to November 2018" in pages[5]
    assert "there are no records for the 12 months to February 2015" in " ".join(pages[5].split())
    assert "Public Attitude Survey 2016" in " ".join(pages[4].split())


def test_new_slides_and_labels_in_print(deck_pdf):
    pages = _run("pdftotext", "-layout", str(deck_pdf), "-").split("\f")
    types = pages[7]
    assert "MOPAC 7 by crime type against the baseline" in types
    assert all(name in types for name in ("Violence with Injury", "Robbery (Total)", "Burglary (Total)",
                                          "Theft From Person", "Theft/Taking Of Motor Vehicle",
                                          "Theft From Motor Vehicle", "Criminal Damage"))
    assert "+13.5%" in types and "-23.1%" in types and "4 of 7" in types
    assert "target: −20%" in pages[0].lower() or "Target: −20%" in pages[0]  # the target line is labelled
    assert "80% range" in pages[0] and "95% range" in pages[0]  # the forecast's band and its sentence
    assert "MOPAC target 75% by March 2016" in pages[3]
    assert "change against the baseline" in pages[1] and "change on last year" in " ".join(pages[6].split())
    assert "Clapham Town" in " ".join(pages[2].split())  # what drove Lambeth's fall, above all in which ward


def test_a_borough_session_prints_both_areas_on_slide_8_within_a_page_each(real_store, tmp_path):
    """Slide 8 with a borough prints one table of London's and the borough's seven types (two tables side by
    side ran over the page), and every slide still fits its page (the command refuses a slide that does not)."""
    out = tmp_path / "enfield.pdf"
    assert main(["challenge", "--store", str(real_store), "--to", "2018-06", "--borough", "Enfield",
                 "--slides", "movers,crime-types", "--output", str(out)]) == 0
    assert "Pages:           2" in _run("pdfinfo", str(out))
    types = _run("pdftotext", "-layout", str(out), "-").split("\f")[1]
    assert types.count("Enfield") >= 7 and types.count("London") >= 7  # the Area column: both areas' seven rows


def test_bad_month_is_a_one_line_error(real_store, tmp_path, capsys):
    assert main(["challenge", "--store", str(real_store), "--to", "1999-01", "--output", str(tmp_path / "x.pdf")]) == 2
    assert "error:" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()
