"""The document model: what a printed document holds, with no knowledge of HTML or PDF.

Every class is a frozen dataclass holding display-ready content: text as plain strings (the
renderer escapes it; no markup is ever passed through), tables as DataFrames whose cells are
already formatted and suppressed for the public by the views, charts as Altair charts (rendered
to static SVG by :mod:`lib.report.charts`). A :class:`Document` is laid out either as an A4
portrait ``"report"`` (the borough pack) or as 16:9 ``"slides"`` (the Challenge deck), where each
:class:`Section` is one slide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import altair as alt
import pandas as pd

Layout = Literal["report", "slides"]
LAYOUTS: tuple[Layout, ...] = ("report", "slides")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text. ``kind`` styles it: ``"lead"`` (the one sentence saying what a
    section shows, in words the public understands), ``"note"`` (small print: sources, caveats) or
    ``"body"``."""

    text: str
    kind: Literal["body", "lead", "note"] = "body"


@dataclass(frozen=True, eq=False)  # a DataFrame has no single truth value for ==
class Table:
    """A table of display-ready values with what a reader needs to trust it.

    ``data``: one row per line, columns in order, headers as the reader should see them (the index
    is not printed). Cells are printed as given when they are strings; numbers get thousands
    separators (integers) or one decimal place (floats); missing values print as '–'.
    ``period``: the period the figures cover ("12 months to September 2015");
    ``comparison``: what the changes compare against ("the 12 months to September 2014");
    ``release``: the published release the figures come from ("MPS release of December 2016");
    ``population``: the population each rate divides by ("residents, Census 2011");
    ``source`` and ``note``: further small print. ``emphasis_rows``: 0-based row positions printed
    in bold (a total row, the chosen borough) - emphasis is never the only signal, the row's own
    words say why it matters.
    """

    data: pd.DataFrame
    caption: str
    period: str | None = None
    comparison: str | None = None
    release: str | None = None
    population: str | None = None
    source: str | None = None
    note: str | None = None
    emphasis_rows: tuple[int, ...] = ()


@dataclass(frozen=True, eq=False)
class Figure:
    """A chart with its words and numbers: ``alt_text`` says what the chart shows for readers who
    cannot see it (and is the SVG's accessible name); ``table``, when given, prints the chart's
    numbers beside it (slides) or under it (report). ``width`` is the chart's width in CSS pixels
    when rendered (``None``: the chart's own)."""

    chart: alt.TopLevelMixin
    alt_text: str
    caption: str | None = None
    table: Table | None = None
    width: int | None = None


@dataclass(frozen=True)
class KeyFigure:
    """One headline figure: ``value`` printed large ("-11.8%", "19 of 32"), ``label`` above it
    ("MOPAC 7 crimes since 2011/12"), ``words`` under it saying what it means ("Short of the 20%
    target by 8.2 points"). Consecutive key figures are laid out in one row."""

    label: str
    value: str
    words: str | None = None


@dataclass(frozen=True)
class Facts:
    """Labelled lines, each label beside its text (the one-pagers' grid: 'Definition', 'What good looks
    like', 'Target', 'Benchmarking'): ``rows`` of (label, plain text)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Box:
    """A bordered box under ``title`` for words a reader adds (the one-pagers' performance overview):
    ``paragraphs`` of plain text, printed as text (never markup); empty, it keeps room to write in."""

    title: str
    paragraphs: tuple[str, ...] = ()


Block = Paragraph | Table | Figure | KeyFigure | Facts | Box


@dataclass(frozen=True, eq=False)
class Section:
    """A titled part of the document; in the ``"slides"`` layout, one slide. ``page_break``: start
    it on a new page (report layout; every slide starts a new page anyway). ``in_contents``: list
    it in the report's contents. ``key``: a short identifier for links (made from the position
    when not given)."""

    title: str
    blocks: tuple[Block, ...] = ()
    page_break: bool = False
    in_contents: bool = True
    key: str | None = None


@dataclass(frozen=True, eq=False)
class Document:
    """A whole document. ``notice``: a warning printed on every page when set (the
    demonstration-data notice). ``contents``: print a contents list with page numbers (report
    layout only). ``footer``: a short line at the foot of every page (report: beside "Page N of M").
    """

    title: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
    subtitle: str | None = None
    notice: str | None = None
    layout: Layout = "report"
    contents: bool = True
    footer: str | None = None
    language: str = "en-GB"

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, not {self.layout!r}")
        # Lists are accepted for convenience and frozen into tuples, so a document is immutable.
        object.__setattr__(self, "sections", tuple(self.sections))
        for section in self.sections:
            object.__setattr__(section, "blocks", tuple(section.blocks))
