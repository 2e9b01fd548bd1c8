"""The printed-document engine: self-contained, escaped HTML; PDFs whose text, page numbers, notice,
contents and page sizes are what the deck and the pack promise (read back with poppler's tools)."""

from __future__ import annotations

import re
import shutil
import subprocess

import altair as alt
import pandas as pd
import pytest

from lib.report import (
    ChartError,
    Document,
    Figure,
    KeyFigure,
    Paragraph,
    Section,
    SlideOverflow,
    Table,
    chart_png,
    chart_svg,
    to_html,
    to_pdf,
)
from lib.report.html import cell_text

NOTICE = "Demonstration data - not official statistics."
POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

# The Enfield SNB pack's burglary row (seed 000, page 2) and a cell that must never become markup.
CRIME = pd.DataFrame({
    "Crime": ["Burglary", "<script>alert(1)</script>", "MOPAC 7 total"],
    "Oct 13 - Sep 14": [3210, 7, 12004],
    "Oct 14 - Sep 15": [2830, None, 11120],
    "Change": ["-11.8%", "<10", "-7.4%"],
})
MONTHS = pd.DataFrame({"Month": [f"2015-{m:02d}" for m in range(1, 13)] * 5, "Searches": range(60)})


def _chart() -> alt.Chart:
    data = CRIME.dropna().rename(columns={"Oct 14 - Sep 15": "count"})
    return alt.Chart(data).mark_bar().encode(y=alt.Y("Crime:N", title=None), x=alt.X("count:Q", title="Crimes"))


def _report() -> Document:
    table = Table(CRIME, caption="Recorded crime", period="12 months to September 2015",
                  comparison="12 months to September 2014", release="December 2016",
                  population="residents, GLA 2015 estimate")
    return Document(
        "Enfield: performance summary", subtitle="12 months to September 2015", notice=NOTICE,
        sections=[
            Section("Recorded crime", [Paragraph("Crimes recorded by the police.", kind="lead"),
                                       KeyFigure("Burglary", "-11.8%", "fewer than a year before"), table]),
            Section("Chart", [Figure(_chart(), alt_text="Crimes by type", table=Table(CRIME.iloc[:, :2], "Numbers"),
                                     width=360)], page_break=True),
            Section("Stop and search", [Table(MONTHS, caption="Searches by month", period="2011 to 2015")],
                    page_break=True),
        ])


def _slides(n: int = 3) -> Document:
    return Document("MOPAC Challenge", layout="slides", notice=NOTICE, sections=[
        Section(f"Question {i}", [Paragraph("What the slide shows.", kind="lead"),
                                  KeyFigure("Boroughs at target", f"{i} of 32")]) for i in range(1, n + 1)])


def _pdf_text(pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", *args, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _pdfinfo(pdf: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def test_cells_print_as_the_public_reads_them():
    assert [cell_text(3210), cell_text(2.345), cell_text(None), cell_text(float("nan")), cell_text("<10")] == [
        "3,210", "2.3", "–", "–", "<10"]
    assert cell_text(2830.0, whole=True) == "2,830"


def test_html_is_self_contained_and_escaped():
    page = to_html(_report())
    # No external request: no src/href/url() pointing at http(s) (the SVG's xmlns names are not requests).
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "<link" not in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<svg" in page and 'aria-label="Crimes by type"' in page
    # A count column with a missing value prints as whole numbers, not 2,830.0.
    assert ">2,830<" in page and "2,830.0" not in page
    assert page.count(NOTICE) == 1  # once in the HTML; the PDF repeats it on every page


def test_notice_left_out_when_not_set():
    assert "notice" not in to_html(Document("Pack", [Section("A", [Paragraph("x")])])).split("<body", 1)[1][:300]


def test_chart_svg_is_static_and_refuses_urls():
    svg = chart_svg(_chart(), width=300)
    assert svg.startswith("<svg") and "Burglary" in svg and "<script" not in svg
    assert chart_png(_chart(), width=200, scale=1).startswith(b"\x89PNG")
    remote = alt.Chart("https://example.com/data.csv").mark_bar().encode(x="a:Q")
    with pytest.raises(ChartError, match="not allowed"):
        chart_svg(remote)


def test_slide_charts_have_no_text_under_24px():
    small = _chart().mark_bar().encode(text=alt.value("x")).configure_axis(labelFontSize=10)
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)', chart_svg(small, min_font_size=24))]
    assert sizes and min(sizes) >= 24


@POPPLER
def test_report_pdf_text_pages_notice_and_contents(tmp_path):
    pdf = to_pdf(_report())
    info = _pdfinfo(pdf, tmp_path)
    assert info["Page size"].startswith("595.276 x 841.89")  # A4 portrait
    pages = int(info["Pages"])
    text = _pdf_text(pdf, tmp_path)
    per_page = text.split("\f")[:pages]
    assert all(NOTICE in page for page in per_page)
    assert [f"Page {i} of {pages}" in page for i, page in enumerate(per_page, start=1)] == [True] * pages
    assert re.search(r"Burglary\s+3,210\s+2,830\s+-11\.8%", text)
    assert "<script>alert(1)</script>" in text  # printed as text
    assert "12 months to September 2014" in text and "residents, GLA 2015 estimate" in text
    # Contents: each section with the page it starts on (page breaks before sections 2 and 3).
    assert re.search(r"Recorded crime\s*\.*\s*page 1", per_page[0])
    assert re.search(r"Chart\s*\.*\s*page 2", per_page[0])
    assert re.search(r"Stop and search\s*\.*\s*page 3", per_page[0])
    # The 60-row table runs onto a further page with its header repeated.
    assert pages == 4 and "Month" in per_page[3] and "Searches" in per_page[3]


@POPPLER
def test_slides_one_page_per_slide_16_by_9(tmp_path):
    pdf = to_pdf(_slides(3))
    info = _pdfinfo(pdf, tmp_path)
    assert info["Pages"] == "3"
    width, height = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert width / height == pytest.approx(16 / 9)
    per_page = _pdf_text(pdf, tmp_path).split("\f")
    assert [f"{i} of 32" in per_page[i - 1] and NOTICE in per_page[i - 1] for i in (1, 2, 3)] == [True] * 3


def test_a_slide_that_runs_over_a_page_is_named():
    long = Section("Too long", [Paragraph(f"Line {i} of a slide that says far too much.") for i in range(40)])
    doc = Document("Deck", [Section("Fine", [Paragraph("One line.")]), long], layout="slides")
    with pytest.raises(SlideOverflow, match="Too long"):
        to_pdf(doc)
    assert to_pdf(doc, one_page_per_slide=False).startswith(b"%PDF")


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="layout"):
        Document("x", layout="poster")  # type: ignore[arg-type]


def test_slide_styles_have_no_text_under_24px_and_headline_figures_at_64px_or_more():
    from lib.report.html import stylesheet

    sizes = [int(px) for px in re.findall(r"font-size:\s*(\d+)px", stylesheet("slides"))]
    assert sizes and min(sizes) >= 24
    assert not re.search(r"font-size:\s*[\d.]+(pt|em|rem|%)", stylesheet("slides"))  # every size checked above
    kf = re.search(r"\.kf-value \{ font-size: (\d+)px", stylesheet("slides"))
    assert kf and int(kf.group(1)) >= 64


def test_render_gives_file_bytes_for_each_format():
    from lib.report import render

    doc = Document("Pack", [Section("A", [Paragraph("Figures")])])
    assert render(doc, "html").startswith(b"<!DOCTYPE html>")
    assert render(doc, "pdf").startswith(b"%PDF")
    with pytest.raises(ValueError, match="format"):
        render(doc, "docx")


def test_a_withheld_change_keeps_its_column_right_aligned() -> None:
    """'under 10' (a change withheld for a small count, as the Enfield pack's Homicide row prints it) is a mark, not
    text: the % change column stays a column of figures, right-aligned like the counts beside it."""
    from lib.report.html import blocks_html

    t = pd.DataFrame({"Crime": ["Burglary (Total)", "Homicide"], "Latest 12 months": ["2,830", "7"],
                      "% change": ["-11.8%", "under 10"]})
    printed = blocks_html([Table(t, caption="Recorded crime", period="p", comparison="c", release="r",
                                 population="none")], "report")
    assert '<td class="num" data-label="% change">under 10</td>' in printed
    assert '<th scope="col" class="num">% change</th>' in printed
    assert '<td data-label="Crime">Homicide</td>' in printed
