"""A :class:`~lib.report.model.Document` as ONE self-contained HTML file.

Styles are inline (``<style>``, from ``lib/report/css/``), charts are inline SVG, and nothing is
fetched: the file opens the same offline, attached to an email or printed. Every piece of text
goes through :func:`html.escape`; the only markup in the output is written here, so a cell that
says ``<script>`` prints as those characters. Paged-media CSS (``@page`` margin boxes, running
elements, ``target-counter``) gives WeasyPrint the page numbers, the contents' page numbers and
the notice on every page; a browser ignores those rules and shows the notice once at the top.
"""

from __future__ import annotations

import base64
import html
import math
import re
import struct
from collections.abc import Iterable, Iterator
from functools import cache
from numbers import Integral, Real
from pathlib import Path

import pandas as pd

from lib.metrics.suppression import WITHHELD_CELL
from lib.report.charts import REPORT_FONT_SIZE, SLIDE_FONT_SIZE, chart_png, chart_svg
from lib.report.model import Block, Box, Document, Facts, Figure, KeyFigure, Paragraph, Section, Table

CSS_DIR = Path(__file__).with_name("css")
MISSING = "–"  # a missing value in a table (as on the pages)
SHORT_TABLE_ROWS = 24  # tables up to this many rows are kept whole on one page; longer ones split between rows
SHORT_TABLE_TEXT = 2500  # ... and up to this many characters of cell text (about half an A4 page at 9pt)
NARROW_TABLE_COLUMNS = 3  # tables this narrow take their own width, not the page's (numbers stay near their names)
CHART_FONT_SIZE = {"report": REPORT_FONT_SIZE, "slides": SLIDE_FONT_SIZE}
CHART_FORMATS = ("svg", "png")
IMAGE_SCHEME = "chart-image:"  # to_html(images=...): the names of PNG charts held in memory for the printer
PNG_SCALE = 2  # PNG charts are drawn at twice their CSS pixel size: sharp on paper (192 dpi)
# CSS pixels the whole chart (axes and titles included) may take on a slide under a title, a lead line
# and a caption; slides.css scales a taller one down to this (keep the two in step).
SLIDE_CHART_HEIGHT = 720
# A cell "looks numeric" (right-aligned): 3,210  -11.8%  <10  +4pp  1.9 (123)  59% (55–63%); not 2015-09 or 2011/12.
_NUMERIC_LIKE = re.compile(r"^[<>≤≥~]?\s?[+\-−]?\s?[£]?\d[\d,]*(\.\d+)?\s?(%|pp|pts)?(\s*\(.*\))?$")
_KEY = re.compile(r"[^a-z0-9]+")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@cache
def stylesheet(layout: str) -> str:
    """The CSS for a layout: the shared rules, then the layout's own (static files, read once)."""
    return (CSS_DIR / "base.css").read_text(encoding="utf-8") + (CSS_DIR / f"{layout}.css").read_text(encoding="utf-8")


def cell_text(value: object, whole: bool = False) -> str:
    """A table cell as printed: strings as given, integers with thousands separators, other numbers
    to one decimal place (``whole``: as integers - a count column that holds a gap reads as floats),
    booleans as Yes/No, missing values as '–'."""
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Integral):
        return f"{value:,}"
    if isinstance(value, Real):
        return MISSING if math.isnan(value) else f"{value:,.0f}" if whole else f"{value:,.1f}"
    return str(value)


def _whole_number_columns(data: pd.DataFrame) -> list[bool]:
    """Float columns whose every value is a whole number (counts with a missing month)."""
    out = []
    for _, column in data.items():  # the dtype first: most printed columns are text, with nothing to test
        if not pd.api.types.is_float_dtype(column):
            out.append(False)
            continue
        values = column.dropna()
        out.append(bool(len(values)) and bool((values % 1 == 0).all()))
    return out


def _numeric_columns(cells: list[list[str]], width: int) -> list[bool]:
    numeric = []
    for j in range(width):
        # a blank cell, a dash or a withheld mark ('– (<10)', 'under 10') is no text: the column's numbers decide
        column = [row[j] for row in cells
                  if row[j] not in (MISSING, "", WITHHELD_CELL) and not row[j].startswith(MISSING + " ")]
        numeric.append(bool(column) and all(_NUMERIC_LIKE.match(c) for c in column))
    return numeric


def section_id(section: Section, position: int) -> str:
    key = _KEY.sub("-", (section.key or "").lower()).strip("-")
    return f"s-{key}" if key else f"s-{position}"


def _table_meta(table: Table) -> Iterator[str]:
    for label, value in (("Period", table.period), ("Compared with", table.comparison), ("Release", table.release),
                         ("Rates per 1,000 of", table.population), ("Source", table.source)):
        if value:
            yield f'<span class="meta-item"><span class="meta-label">{_e(label)}:</span> {_e(value)}</span>'


def table_html(table: Table) -> str:
    """A table with its caption above and its period, comparison, release and population under it."""
    headers = [str(c) for c in table.data.columns]
    whole = _whole_number_columns(table.data)
    cells = [[cell_text(v, w) for v, w in zip(row, whole, strict=True)]
             for row in table.data.itertuples(index=False, name=None)]
    numeric = _numeric_columns(cells, len(headers))
    align = [' class="num"' if n else "" for n in numeric]
    head = "".join(f'<th scope="col"{a}>{_e(h)}</th>' for h, a in zip(headers, align, strict=True))
    body = []
    for i, row in enumerate(cells):
        # data-label: the column's header, which a phone's stacked rows print before each cell (report.css)
        tds = "".join(f'<td{a} data-label="{_e(h)}">{_e(c)}</td>' for c, a, h in zip(row, align, headers, strict=True))
        body.append(f'<tr class="emphasis">{tds}</tr>' if i in table.emphasis_rows else f"<tr>{tds}</tr>")
    # "short" tables are kept whole on a page; a table of many rows, or of long text (the definitions),
    # splits between rows, so that it starts under its heading instead of leaving the heading alone.
    text = sum(len(c) for row in cells for c in row)
    size = "short" if len(cells) <= SHORT_TABLE_ROWS and text <= SHORT_TABLE_TEXT else "long"
    if len(headers) <= NARROW_TABLE_COLUMNS:
        size += " narrow"
    size += f" cols-{min(len(headers), 9)}"  # the report's fixed layout sizes the name column by the count
    meta = "".join(_table_meta(table))
    parts = [
        f'<div class="table-block {size}">',
        f'<p class="caption">{_e(table.caption)}</p>',
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>",
        f'<p class="meta">{meta}</p>' if meta else "",
        f'<p class="note">{_e(table.note)}</p>' if table.note else "",
        "</div>",
    ]
    return "".join(parts)


def _svg_with_name(svg: str, alt_text: str) -> str:
    """The SVG element given an accessible name (role img + aria-label + a <title> child)."""
    opening = re.match(r"<svg\b[^>]*>", svg)
    if opening is None:
        raise ValueError("chart output is not an <svg> element")
    tag = opening.group(0)
    named = f'<svg role="img" aria-label="{_e(alt_text)}"{tag[4:]}<title>{_e(alt_text)}</title>'
    return named + svg[len(tag):]


def _png_img(png: bytes, alt_text: str, images: dict[str, bytes] | None = None) -> str:
    """A PNG chart as an ``<img>`` at its CSS pixel size (drawn at PNG_SCALE): inline (a data URL), or
    with ``images`` kept in that dict under a name (``IMAGE_SCHEME`` + its number) that the ``src`` gives."""
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk: width and height in pixels
    if images is None:
        src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    else:
        src = f"{IMAGE_SCHEME}{len(images) + 1}"
        images[src] = png
    w, h = round(width / PNG_SCALE), round(height / PNG_SCALE)
    return f'<img src="{src}" alt="{_e(alt_text)}" width="{w}" height="{h}" style="width: {w}px">'


def figure_html(figure: Figure, layout: str, charts: str = "svg", images: dict[str, bytes] | None = None) -> str:
    """A chart (inline SVG, or with ``charts="png"`` a PNG image, kept in ``images`` when given) with its
    caption, and its numbers as a table beside or under it."""
    size = CHART_FONT_SIZE[layout]
    if charts == "png":
        picture = _png_img(chart_png(figure.chart, width=figure.width, min_font_size=size, scale=PNG_SCALE),
                           figure.alt_text, images)
    else:
        picture = _svg_with_name(chart_svg(figure.chart, width=figure.width, min_font_size=size), figure.alt_text)
    parts = ['<figure class="figure">']
    if figure.caption:
        parts.append(f'<figcaption class="caption">{_e(figure.caption)}</figcaption>')
    alone = "" if figure.table is not None else " alone"
    parts.append(f'<div class="figure-body{alone}"><div class="chart">{picture}</div>')
    if figure.table is not None:
        parts.append(f'<div class="numbers">{table_html(figure.table)}</div>')
    parts.append("</div></figure>")
    return "".join(parts)


def key_figures_html(figures: Iterable[KeyFigure]) -> str:
    """Headline figures side by side: label, the figure large, what it means."""
    items = []
    for f in figures:
        words = f'<p class="kf-words">{_e(f.words)}</p>' if f.words else ""
        items.append(f'<div class="key-figure"><p class="kf-label">{_e(f.label)}</p>'
                     f'<p class="kf-value">{_e(f.value)}</p>{words}</div>')
    return f'<div class="key-figures">{"".join(items)}</div>'


def facts_html(facts: Facts) -> str:
    """Labelled lines: each label beside its text (a description list)."""
    rows = "".join(f"<div><dt>{_e(label)}</dt><dd>{_e(text)}</dd></div>" for label, text in facts.rows)
    return f'<dl class="facts">{rows}</dl>'


def box_html(box: Box) -> str:
    """A bordered box with its title and paragraphs (escaped text); empty, room to write in."""
    body = "".join(f"<p>{_e(p)}</p>" for p in box.paragraphs)
    empty = "" if box.paragraphs else " empty"
    return f'<div class="box{empty}"><p class="box-title">{_e(box.title)}</p>{body}</div>'


def blocks_html(blocks: Iterable[Block], layout: str, charts: str = "svg",
                images: dict[str, bytes] | None = None) -> str:
    """The blocks in order; a run of consecutive key figures becomes one row."""
    out: list[str] = []
    run: list[KeyFigure] = []
    tables: list[str] = []  # slides: consecutive tables side by side in one row (the 32 names as 2 x 16)
    for block in blocks:
        if isinstance(block, KeyFigure):
            run.append(block)
            continue
        if run:
            out.append(key_figures_html(run))
            run = []
        if isinstance(block, Table) and layout == "slides":
            tables.append(table_html(block))
            continue
        if tables:
            out.append(f'<div class="table-row">{"".join(tables)}</div>')
            tables = []
        if isinstance(block, Paragraph):
            out.append(f'<p class="{block.kind}">{_e(block.text)}</p>')
        elif isinstance(block, Table):
            out.append(table_html(block))
        elif isinstance(block, Figure):
            out.append(figure_html(block, layout, charts, images))
        elif isinstance(block, Facts):
            out.append(facts_html(block))
        elif isinstance(block, Box):
            out.append(box_html(block))
        else:
            raise TypeError(f"not a document block: {type(block).__name__}")
    if run:
        out.append(key_figures_html(run))
    if tables:
        out.append(f'<div class="table-row">{"".join(tables)}</div>')
    return "".join(out)


def _contents_html(doc: Document) -> str:
    entries = [f'<li><a href="#{section_id(s, i)}">{_e(s.title)}</a></li>'
               for i, s in enumerate(doc.sections, start=1) if s.in_contents]
    if not entries:
        return ""
    return f'<nav class="contents" aria-label="Contents"><h2>Contents</h2><ol>{"".join(entries)}</ol></nav>'


def _section_html(section: Section, position: int, layout: str, charts: str = "svg",
                  images: dict[str, bytes] | None = None) -> str:
    classes = ["section", "slide" if layout == "slides" else "part"]
    if section.page_break and layout == "report":
        classes.append("page-break")
    return (f'<section id="{section_id(section, position)}" class="{" ".join(classes)}">'
            f'<h2 id="{section_id(section, position)}-title">{_e(section.title)}</h2>'
            f"{blocks_html(section.blocks, layout, charts, images)}</section>")


def to_html(doc: Document, charts: str = "svg", *, images: dict[str, bytes] | None = None,
            style: bool = True) -> str:
    """The document as one self-contained HTML file (a string), for a browser or for :func:`to_pdf`.

    ``charts``: "svg" (inline, vector: the downloadable HTML and the deck) or "png" (inline images at
    twice their size: what the A4 PDF prints, since WeasyPrint lays out and draws an inline SVG's every
    text element itself, about half a second a chart, where an image costs nothing).

    Report layout: title, subtitle and contents, then the sections; slides layout: one section a
    slide, the document title at the foot of every slide. The notice, when set, is a running
    element printed in the top margin of every page.

    For the PDF printer (``lib.report.pdf``) only: ``images`` (an empty dict) receives the PNG charts, which
    the markup names instead of carrying them as base64 data URLs (the HTML parser read 0.5 MB of base64 a
    one-pager pack: 0.06 s), and ``style=False`` leaves out the ``<style>`` element, whose rules the printer
    passes already parsed (:func:`stylesheet`). The file a reader downloads is always whole."""
    running = [f'<div class="running-title">{_e(doc.title)}</div>']
    if doc.footer:
        running.append(f'<div class="running-footer">{_e(doc.footer)}</div>')
    if doc.notice:
        running.append(f'<div class="notice" role="note"><strong>{_e(doc.notice)}</strong></div>')
    front = []
    if doc.layout == "report":
        front.append(f'<header class="title-block"><h1>{_e(doc.title)}</h1>')
        if doc.subtitle:
            front.append(f'<p class="subtitle">{_e(doc.subtitle)}</p>')
        front.append("</header>")
        if doc.contents:
            front.append(_contents_html(doc))
    if charts not in CHART_FORMATS:
        raise ValueError(f"charts must be one of {CHART_FORMATS}, not {charts!r}")
    sections = "".join(_section_html(s, i, doc.layout, charts, images) for i, s in enumerate(doc.sections, start=1))
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(doc.language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(doc.title)}</title>"
        + (f'<meta name="description" content="{_e(doc.subtitle)}">' if doc.subtitle else "")
        + (f"<style>{stylesheet(doc.layout)}</style>" if style else "") + "</head>"
        f'<body class="{doc.layout}">{"".join(running)}<main>{"".join(front)}{sections}</main></body></html>\n'
    )
