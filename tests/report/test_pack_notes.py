"""``pack --notes FILE``: the one-pagers' narrative, one '# Indicator' heading and its paragraphs each."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from lib.errors import UsageError
from lib.pack.notes import MAX_BYTES, parse_notes

ROOT = Path(__file__).resolve().parents[2]


def test_headings_name_indicators_and_paragraphs_split_at_blank_lines() -> None:
    text = ("# Total Notifiable Offences\nUp 1% on the year,\nmostly theft.\n\nSecond paragraph.\n"
            "## burglary (RESIDENTIAL)\nDown a quarter.\n")
    assert parse_notes(text) == {"Total Notifiable Offences": ("Up 1% on the year, mostly theft.", "Second paragraph."),
                                 "Burglary (Residential)": ("Down a quarter.",)}


def test_the_safe_subset_is_plain_text_and_html_stays_characters() -> None:
    notes = parse_notes("# Knife Crime\n**Down** <b>8%</b>\n- weapon sweeps, see [the plan](https://example.org/p)\n")
    assert notes == {"Knife Crime": ("Down <b>8%</b> • weapon sweeps, see the plan (https://example.org/p)",)}


@pytest.mark.parametrize(("text", "message"), [
    ("# Burglary\nx\n", "notes line 1: unknown indicator 'Burglary' (one of: Total Notifiable Offences,"),
    ("Preamble\n# Knife Crime\nx\n", "notes line 1: text before the first indicator heading"),
    ("# Gun Crime\na\n\n# gun crime\nb\n", "notes line 4: 'Gun Crime' is given twice (first at line 1)"),
    (b"# Gun Crime\n\xff\xfe\n", "notes line 2: not UTF-8 text"),
    (b"x" * (MAX_BYTES + 1), "more than a notes file may hold"),
])
def test_bad_notes_are_one_line_naming_the_line(text, message: str) -> None:
    with pytest.raises(UsageError) as e:
        parse_notes(text)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_the_command_refuses_bad_notes_before_any_work(tmp_path: Path) -> None:
    bad = tmp_path / "notes.md"
    bad.write_text("# Total Notifiable Offences\nok\n\n# Bicycles\nno\n", encoding="utf-8")
    out = tmp_path / "pack.html"
    run = subprocess.run([sys.executable, "-m", "lib.cli", "pack", "--store", str(ROOT / "data" / "demo"),
                          "--borough", "Enfield", "--to", "2025-12", "--layout", "indicators", "--format", "html",
                          "--notes", str(bad), "--output", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2 and not out.exists()
    assert run.stderr.strip().startswith("error: --notes") and "line 4: unknown indicator 'Bicycles'" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_notes_fill_the_box_as_text_and_a_page_without_notes_keeps_an_empty_box(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Total Notifiable Offences\nUp 1% <script>alert(1)</script>\n", encoding="utf-8")
    out = tmp_path / "pack.html"
    subprocess.run([sys.executable, "-m", "lib.cli", "pack", "--store", str(ROOT / "data" / "demo"), "--borough",
                    "Enfield", "--to", "2025-12", "--layout", "indicators", "--format", "html", "--notes", str(notes),
                    "--output", str(out)], check=True, cwd=ROOT)
    html = out.read_text(encoding="utf-8")
    assert "<p>Up 1% &lt;script&gt;alert(1)&lt;/script&gt;</p>" in html and "<script>" not in html
    boxes = re.findall(r'<div class="box( empty)?">', html)
    assert len(boxes) > 1 and boxes.count(" empty") == len(boxes) - 1  # every other page: an empty box


def test_two_paragraphs_for_every_indicator_still_keep_each_one_pager_to_a_page(real_store: Path, tmp_path) -> None:
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    from lib.commands.pack import pack_bytes
    from lib.reference.one_pagers import one_pager_indicators
    from lib.store import Store
    from lib.views.pack import pack_sources

    para = ("Year to date the borough is up on last year; most of the rise came from the north of the borough, "
            "where a series of offences was linked to one group.")
    text = "\n".join(f"# {i.title}\n{para}\n\n- Actions: patrols in the hotspots and a joint operation.\n"
                     for i in one_pager_indicators())
    pdf = tmp_path / "bd.pdf"
    pdf.write_bytes(pack_bytes(pack_sources(Store(real_store), "2016-12"), "Barking and Dagenham", "2016-12",
                               "indicators", "pdf", parse_notes(text)))
    pages = [p for p in subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                       text=True).stdout.split("\f") if p.strip()]
    assert len(pages) == 1 + len(one_pager_indicators())
    assert all(para[:40] in " ".join(p.split()) and "• Actions: patrols" in p for p in pages[1:])


@pytest.mark.parametrize("value", ["", "/nonexistent/notes.md", "a\x00b", "x" * 5000, "/tmp"])
def test_an_unreadable_notes_file_is_one_line(value: str) -> None:
    from lib.commands.pack import read_notes

    with pytest.raises(UsageError) as e:
        read_notes(value)
    assert str(e.value).startswith("--notes ") and "\n" not in str(e.value) and len(str(e.value)) < 200
