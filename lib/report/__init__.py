"""Printed documents: the engine behind the Challenge deck (PDF, 16:9) and the borough pack (HTML/PDF, A4).

Callers (the integrator's deck and pack commands) compose views into a :class:`Document`; this
package turns it into ONE self-contained HTML file (:func:`to_html`) or PDF bytes (:func:`to_pdf`).
It does no arithmetic: tables arrive display-ready (suppressed for the public) from the views, and
charts are the same Altair builders the pages use, drawn to static SVG by :func:`chart_svg`.

Building a document::

    from lib.report import Document, Figure, KeyFigure, Paragraph, Section, Table, to_html, to_pdf

    doc = Document(
        title="Enfield: performance summary",
        subtitle="12 months to September 2015, MPS release of December 2016",
        notice="Demonstration data - not official statistics." if store.is_demo else None,
        layout="report",                    # A4 portrait; "slides" for the 16:9 deck, one Section a slide
        sections=[
            Section("Recorded crime", blocks=[
                Paragraph("Crimes recorded by the police in Enfield, compared with a year earlier.", kind="lead"),
                KeyFigure("MOPAC 7 crimes", "-11.8%", "Fewer than the same 12 months a year earlier"),
                Table(view.table, caption="Recorded crime", period="12 months to September 2015",
                      comparison="12 months to September 2014", release="December 2016",
                      population="residents, GLA mid-year estimate"),
                Figure(chart, alt_text="Bars of the % change for each crime type", table=Table(...)),
            ]),
            Section("Public confidence", blocks=[...], page_break=True),
        ],
    )
    Path("pack.html").write_text(to_html(doc), encoding="utf-8")
    Path("pack.pdf").write_bytes(to_pdf(doc))       # or render(doc, "pdf"|"html") -> bytes for --format

Why these libraries. Charts: vl-convert-python renders Altair/Vega-Lite specs to SVG or PNG inside
its own wheel (an embedded JavaScript engine with Vega bundled) - no browser, no Node, no network
(we pass ``allowed_base_urls=[]``). PDF: WeasyPrint is a pure-Python wheel whose only native needs
are Debian packages (Pango: ``libpango-1.0-0``, ``libpangoft2-1.0-0``; fonts: ``fonts-dejavu-core``)
that ``.ci/run`` installs, and it implements CSS paged media: ``@page`` sizes (A4, 1920x1080 for
16:9 slides), margin boxes with running elements (the demonstration-data notice on every page),
``counter(page)``/``counter(pages)`` ("Page N of M") and ``target-counter`` (the contents' page
numbers). The same HTML is the downloadable file, so the HTML and PDF cannot drift apart.

Alternatives considered: headless Chromium's print-to-PDF (Playwright is already a test
dependency) needs a browser on every machine that prints, and has no ``target-counter``, so the
contents list could not carry page numbers without a second pass; ReportLab draws PDFs from Python
calls, so the pack would be a second layout beside the HTML one; wkhtmltopdf is unmaintained and
bundles an old WebKit. For the charts, Altair's own ``save`` to SVG/PNG calls vl-convert anyway.
"""

from lib.report.charts import ChartError, chart_png, chart_svg
from lib.report.html import SLIDE_CHART_HEIGHT, to_html
from lib.report.model import (
    LAYOUTS,
    Block,
    Box,
    Document,
    Facts,
    Figure,
    KeyFigure,
    Layout,
    Paragraph,
    Section,
    Table,
)
from lib.report.pdf import FORMATS, FetchRefused, SlideOverflow, render, to_pdf

__all__ = [
    "FORMATS", "LAYOUTS", "SLIDE_CHART_HEIGHT", "Block", "Box", "ChartError", "Document", "Facts", "FetchRefused",
    "Figure",
    "KeyFigure", "Layout", "Paragraph", "Section", "SlideOverflow", "Table", "chart_png", "chart_svg", "render",
    "to_html", "to_pdf",
]
