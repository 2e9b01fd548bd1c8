"""The ``pack`` command on the real store, read back with pdftotext (seed 000, the Enfield SNB pack)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


@pytest.fixture(scope="module")
def enfield_text(real_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("pack") / "enfield.pdf"
    subprocess.run([sys.executable, "-m", "lib.cli", "pack", "--store", str(real_store), "--borough", "Enfield",
                    "--to", "2015-09", "--release", "2016-12", "--format", "pdf", "--output", str(out)],
                   check=True, cwd=ROOT)
    assert out.read_bytes()[:5] == b"%PDF-"
    return subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_recorded_crime_burglary_row_as_the_pack_prints_it(enfield_text: str) -> None:
    # Seed 000 page 2: "Burglary (Total) 3,210 2,830 -11.8% -9.8%"
    assert re.search(r"Burglary \(Total\)\s+3,210\s+2,830\s+-11\.8%\s+-9\.8%", enfield_text)


def test_confidence_59_against_67(enfield_text: str) -> None:
    # Seed 000: "confidence currently at 59%. This is below the MPS average (67%)"
    flat = " ".join(enfield_text.split())
    assert "good job locally in Enfield is 59%, against an MPS average of 67%" in flat


def test_sections_without_data_say_so(enfield_text: str) -> None:
    assert "Victim satisfaction: no data" in enfield_text
    assert "Complaints: no data" in enfield_text
    assert "Stop and search: no data" in enfield_text  # records in the store start in 2016


def test_hate_knife_domestic_rows_from_crime_special(real_store: Path, enfield_text: str) -> None:
    special = pd.read_parquet(real_store / "crime_special.parquet")
    minors = set(special["minor"].dropna().astype(str))
    for wanted in ("Knife Crime", "Domestic Abuse", "Faith Hate Crime"):
        assert wanted in minors
        assert f"Other crime: {wanted}" in " ".join(enfield_text.split())


@pytest.fixture(scope="module")
def bd_indicators_text(real_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    # The indicators layout, printed once for the module in this process by the command's own function
    # (the command line itself is exercised by the Enfield fixture above).
    from lib.commands.pack import pack_bytes
    from lib.store import Store
    from lib.views.pack import pack_sources

    out = tmp_path_factory.mktemp("pack") / "bd.pdf"
    out.write_bytes(pack_bytes(pack_sources(Store(real_store), "2016-12"), "Barking and Dagenham", "2016-12",
                                "indicators", "pdf"))
    return subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True).stdout


def test_indicators_layout_prints_the_tno_monthly_table(bd_indicators_text: str) -> None:
    # Seed 002 (Barking and Dagenham, December 2016): the TNO table runs Apr-16 .. Dec-16 with month,
    # year to date, % change, rolling 12 months, rate per 1,000 and rank rows. Our MPS-release counts
    # differ from iQuanta's (Dec-16 1,349 v 1,386): the shape is checked, the values are the store's.
    text = bd_indicators_text
    flat = " ".join(text.split())
    assert "Total Notifiable Offences" in flat and "This financial year, month by month" in flat
    assert re.search(r"Apr-16\s+May-16\s+Jun-16\s+Jul-16\s+Aug-16\s+Sep-16\s+Oct-16\s+Nov-16\s+Dec-16", text)
    for row in ("Month", "Year to date", "Rolling 12", "Per 1,000", "Rank of 32", "Rank in similar group"):
        assert row in text
    # rates with two decimals, as the one-pagers print them ('88.10  88.82 ...'), never '88.6' beside '89.37'
    rates = re.search(r"Per 1,000 \(rolling 12 months\)\s+((?:[\d.,]+\s+){9})", text)
    assert rates and all(re.fullmatch(r"\d+\.\d\d", v) for v in rates.group(1).split()), rates


# The one-pagers' indicators in seed 002, in its order: (words that open or title the indicator's page in the
# seed, our page's title). Personal robbery's page in the seed lost its title line: its definition opens it.
SEED_002_PAGES = [
    ("Total Notifiable Offences (TNO's)", "Total Notifiable Offences"),
    ("MOPAC 7: Violence with injury", "Violence with Injury"),
    ("MOPAC 7: Robbery Overall", "Robbery (Total)"),
    ("Personal Robbery is the use of threat or force", "Robbery (Personal)"),
    ("MOPAC 7: Burglary overall", "Burglary (Total)"),
    ("MOPAC 7: Residential Burglary", "Burglary (Residential)"),
    ("MOPAC 7: Criminal Damage", "Criminal Damage"),
    ("MOPAC 7: Theft from the person", "Theft From Person"),
    ("MOPAC 7: Theft from a Motor Vehicle", "Theft From Motor Vehicle"),
    ("MOPAC 7: Theft of Motor Vehicle", "Theft/Taking Of Motor Vehicle"),
    ("Domestic Violence", "Domestic Abuse"),
    ("Sexual offences Including Rape", "Sexual Offences"),
    ("Gun Crime", "Gun Crime"),
    ("Knife Crime", "Knife Crime"),
    ("Hate Crime\n", "Hate Crime"),
]


def test_one_page_per_seed_indicator_in_the_seeds_order(shared_data: Path, bd_indicators_text: str) -> None:
    # The seed's order, read from the seed itself: each indicator found after the one before it.
    seed = (shared_data.parent / "seeds" / "002_0f5089b9796c035f.txt").read_text(encoding="utf-8")
    at = 0
    for words, _ in SEED_002_PAGES:
        found = seed.find(words, at)
        assert found > at, f"seed 002 has no {words!r} after position {at}"
        at = found
    # ours: the about page, then one page per indicator, each titled as the seed's order has it
    pages = [page for page in bd_indicators_text.split("\f") if page.strip()]
    titles = [page.strip().splitlines()[0].strip() for page in pages[1:]]
    assert titles == [ours for _, ours in SEED_002_PAGES]
    assert "About these pages" in pages[0]


def test_ranks_print_with_what_they_rank_among(bd_indicators_text: str) -> None:
    # Seed 002, TNO: '21of32 / 8of15' (2015/16); ours are ranks among the 32 boroughs and our group of 15
    tno = next(p for p in bd_indicators_text.split("\f") if p.strip().startswith("Total Notifiable Offences"))
    assert re.search(r"2015/16\s+17,497\s+7\.8%\s+88\.23\s+21 of 32\s+11 of 15", tno)
    assert "at 21 of 32 across the MET and 11 of 15 in our similar group" in " ".join(tno.split())
    assert not re.search(r"\b\d+/\d+\b(?!\d)", " ".join(re.sub(r"20\d\d/\d\d", "", tno).split()))  # no '11/21'


def test_every_indicator_page_has_its_target_row_and_a_narrative_box(bd_indicators_text: str) -> None:
    pages = [p for p in bd_indicators_text.split("\f") if p.strip()][1:]
    for page in pages:
        flat = " ".join(page.split())
        assert "2016/17 target" in flat and "Performance overview and actions" in flat, flat[:60]
    tno = " ".join(pages[0].split())
    # B&D TNO April-December 2016 against 2015: 13,295 against 13,102 (+1.5%): a reduction target not met
    assert "A reduction on the previous year's figures. April to December 2016: +1.5% on the same months" in tno
    assert "not met so far" in tno
    gun = " ".join(pages[SEED_002_PAGES.index(("Gun Crime", "Gun Crime"))].split())
    assert "2016/17 target None: for monitoring." in gun


def test_definitions_heading_is_on_the_page_of_its_table(enfield_text: str) -> None:
    page = next(p for p in enfield_text.split("\f") if re.search(r"^\s*Definitions\s*$", p, re.M))
    assert "Definitions (glossary)" in page and "Homicide" in page


def test_trend_charts_print_with_their_numbers(enfield_text: str) -> None:
    # Seed 000 draws the recorded-crime and confidence trends; ours come from the pages' builders with
    # the numbers beside them: the MOPAC 7 monthly table and the confidence quarters to September 2015.
    flat = " ".join(enfield_text.split())
    assert "Recorded crime trend" in flat and "MOPAC 7 by month" in flat
    assert "Good job locally by quarter" in flat
    assert re.search(r"September 2015\s+59%", enfield_text)  # quarters named in words, as every pack table
    assert "March 2016" not in flat.split("Good job locally by quarter")[1].split("Victim satisfaction")[0]
    assert "**" not in enfield_text  # the page's markdown emphasis is not printed as stars
