"""``challenge``: write the Challenge deck (issue 11) as a 16:9 PDF, one slide a page, for the session papers.

The same :class:`lib.views.challenge.Slide` objects as the page, laid out by ``lib/report``'s
"slides" layout (WeasyPrint); slide 1's trajectory and slide 4's trend are the page's own Altair builders
(``lib.ui.charts_deck``) drawn to SVG by vl-convert. No figure is computed here.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from lib import choices
from lib.commands.common import add_format_argument, add_store_argument, open_store, typed
from lib.periods import financial_year, month_label
from lib.views import challenge as deck

if TYPE_CHECKING:
    from lib.report import Document, Section

NOTICE = "Demonstration data - not official statistics."
CHART_HEIGHT = 200  # the trajectory's plot height on a slide (legend, axes and titles come on top, within 720 px)
CHART_WIDTH = 1500
TREND_HEIGHT = 160  # slide 4's confidence trend, in place of the headline figures on paper
TREND_WIDTH = 1500


def slide_section(slide: deck.Slide) -> Section:
    """One slide as one report Section: title, the sentence, headline figures, chart, tables, lines, note."""
    from lib.report import Figure, KeyFigure, Paragraph, Section, Table  # printing: imported when a deck is made

    if slide.message:
        return Section(slide.title, blocks=(Paragraph(slide.message, kind="lead"),), key=slide.name)
    blocks: list = [Paragraph(slide.sentence, kind="lead")]
    trend = slide.trend is not None and len(slide.trend) > 0
    if slide.print_keys and not trend and not slide.print_numbers:  # a trend labels London's figure and the target
        blocks += [KeyFigure(k.label, k.value, k.words or None) for k in slide.keys]
    if slide.trajectory is not None and len(slide.trajectory):
        from lib.ui.charts_deck import target_chart  # the page's builder (Altair only when drawn to SVG)

        blocks.append(Figure(target_chart(slide.trajectory, slide.forecast, CHART_HEIGHT),
                             alt_text="London's MOPAC 7 change against the baseline, month by month; dashed: the "
                             "target; the forecast with its 80% and 95% ranges.", width=CHART_WIDTH))
        if slide.forecast_words:
            blocks.append(Paragraph(slide.forecast_words))
    if trend:
        from lib.ui.charts_deck import confidence_chart

        blocks.append(Figure(confidence_chart(slide.trend, slide.reference, TREND_HEIGHT),
                             alt_text="London's 'good job' share by quarter with its 95% interval; dashed: MOPAC's "
                             "target.", width=TREND_WIDTH))
    if slide.print_numbers:  # two areas' tables side by side would not fit a page: one table, every figure in it
        blocks.append(Table(slide.numbers, caption=slide.panels[0].caption.partition(": ")[2]))  # its areas: a column
    else:
        blocks += [Table(p.table, caption=p.caption) for p in slide.panels]
    notes = [line.replace("**", "") for line in slide.lines] + ([slide.note] if slide.note else [])
    if notes:  # one paragraph on paper: the slide keeps to its page
        blocks.append(Paragraph(" ".join(notes), kind="note"))
    return Section(slide.title, blocks=tuple(blocks), key=slide.name)


def deck_document(d: deck.Deck, choices: deck.Choices, is_demo: bool) -> Document:
    """The deck as a 16:9 document, one Section a slide."""
    from lib.report import Document

    return Document(title=f"MOPAC Challenge · {month_label(choices.to)}",  # each slide's sentence says the rest
                    sections=tuple(slide_section(s) for s in d.slides), layout="slides",
                    notice=NOTICE if is_demo else None)


def deck_bytes(store, choices: deck.Choices, slides: tuple[int, ...], fmt: str = "pdf") -> bytes:
    """The deck as file bytes (PDF, or the same HTML)."""
    from lib.report import render

    return render(deck_document(deck.challenge_deck(store, choices, slides), choices, store.is_demo), fmt)


def deck_choices(store, to: str, release: str | None = None, baseline: str = "2011/12",
                 reduction: float = choices.DEFAULT_REDUCTION, neighbourhood: str | None = None,
                 compare: str | None = None, borough: str | None = None) -> deck.Choices:
    """The deck's choices read by :mod:`lib.choices` against the store (the page reads the same ones from its
    URL): a release the store holds, a month ending 12 months of its data, a complete baseline year in it, a
    neighbourhood pair the survey holds, London (no borough: the one furthest short) or a borough."""
    from lib.views.crime import crime_dataset, crime_releases

    data = crime_dataset(store, choices.release(release, crime_releases(store)))
    where = f"release {data.release}" if data.release else "the data"
    to = choices.month(to, within=data.ends, what=f"{where} (12 months to)")
    fy = choices.financial_year_choice(baseline, data.financial_years)
    area = None if borough is None else choices.area(borough)
    return deck.Choices(to=to, release=data.release, baseline=financial_year(fy),
                        reduction=choices.reduction(reduction),
                        neighbourhood=deck.neighbourhood_choice(store, neighbourhood, "neighbourhood"),
                        compare=deck.neighbourhood_choice(store, compare, "compare"),
                        borough=None if area is None or area.is_london else area.name)


def _run(args: argparse.Namespace) -> int:
    store = open_store(args.store)  # the output was checked as argparse read it; the store here: both before work
    c = deck_choices(store, args.to, args.release, args.baseline, args.reduction, args.neighbourhood, args.compare,
                     args.borough)
    data = deck_bytes(store, c, args.slides, args.format)
    Path(args.output).write_bytes(data)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("challenge", help="write the Challenge deck as a 16:9 PDF, one slide a page")
    add_store_argument(p)
    p.add_argument("--to", required=True, type=typed(choices.month), help="last month, YYYY-MM")
    p.add_argument("--release", default=None, type=typed(choices.release),
                   help="MPS release, YYYY-MM (default: newest figure for each month)")
    p.add_argument("--baseline", default="2011/12", help="baseline financial year (default 2011/12)")
    lo, hi = choices.REDUCTION_BOUNDS
    p.add_argument("--reduction", type=typed(choices.reduction), default=float(choices.DEFAULT_REDUCTION),
                   help=f"target reduction, a whole %% from {lo} to {hi} (default {choices.DEFAULT_REDUCTION})")
    p.add_argument("--slides", default=choices.slides(None), type=typed(choices.slides),
                   help=f"slides by number or name, in order, e.g. 1,2,5 or target,ranked (default: all "
                        f"{len(deck.SLIDE_NAMES)}: "
                        + ", ".join(deck.SLIDE_NAMES) + ")")
    p.add_argument("--neighbourhood", default=None, help="slide 5: a neighbourhood (default: the largest gap pair)")
    p.add_argument("--compare", default=None, help="slide 5: the neighbourhood to compare with")
    p.add_argument("--borough", default=None, type=typed(choices.area),
                   help="slide 7: a borough (default, or London: the one furthest short of target)")
    add_format_argument(p, ("pdf", "html"), default="pdf", help="pdf (default) or html")
    p.add_argument("--output", required=True, type=typed(choices.output_path), help="file to write")
    p.set_defaults(func=_run)
