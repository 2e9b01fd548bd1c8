"""``pack``: write the borough performance pack (issue 12) as one HTML file or an A4 PDF.

The printing modules (Altair, vl-convert, WeasyPrint, through :mod:`lib.pack` and :mod:`lib.report`) are imported
when a pack is made: every other command starts without them."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib import choices
from lib.commands.common import add_format_argument, add_store_argument, open_store, typed
from lib.errors import UsageError
from lib.views.pack import LAYOUTS, PackSources, pack_sources, pack_view

PACK_FORMATS = ("html", "pdf")


def pack_borough(value) -> str:
    """The pack's borough (:func:`lib.choices.area`): a pack is for one borough, so London is refused."""
    area = choices.area(value)
    if area.is_london:
        raise UsageError(f"borough: {choices.shorten(value)} is London as a whole: a pack is for one of the "
                         "32 boroughs the Met polices, by name or GSS code (e.g. Enfield or E09000010)")
    return area.name


def pack_bytes(sources: PackSources, borough: str, to: str, layout: str, fmt: str,
               notes: dict[str, tuple[str, ...]] | None = None) -> bytes:
    """The pack as file bytes (used by the command and the download buttons), from the store and release of
    ``sources`` (:func:`lib.views.pack.pack_sources`, read once by a caller that makes many packs); ``notes``:
    the one-pagers' narrative by indicator (:func:`lib.pack.notes.parse_notes`)."""
    from lib.pack import pack_document
    from lib.report import render

    return render(pack_document(pack_view(sources, borough, to, layout), layout, notes), fmt)


def read_notes(value: object) -> dict[str, tuple[str, ...]]:
    """``--notes FILE``: the file read and checked (:func:`lib.pack.notes.parse_notes`) before any work."""
    from lib.pack.notes import parse_notes

    shown = choices.shorten(str(value))
    if not str(value).strip():
        raise UsageError(f"--notes {shown} is empty: give a Markdown file of '# Indicator' headings and paragraphs")
    path = Path(str(value))
    try:
        data = path.read_bytes()
    except (OSError, ValueError) as e:  # ValueError: a path the system cannot take (a NUL character)
        raise UsageError(f"--notes {shown}: cannot be read ({getattr(e, 'strerror', None) or 'not a usable path'})"
                         ) from None
    return parse_notes(data, shown)


def _run(args: argparse.Namespace) -> int:
    store = open_store(args.store)  # the output was checked as argparse read it; the store here: both before work
    from lib.views.crime import crime_releases

    choices.release(args.release, crime_releases(store))
    if args.notes is not None and args.layout != "indicators":
        raise UsageError("--notes: the narrative goes in the one-pagers' boxes: use it with --layout indicators")
    data = pack_bytes(pack_sources(store, args.release), args.borough, args.to, args.layout, args.format, args.notes)
    Path(args.output).write_bytes(data)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("pack", help="write a borough performance pack (HTML or PDF)")
    add_store_argument(p)
    p.add_argument("--borough", required=True, type=pack_borough, help="borough name or GSS code, e.g. Enfield")
    p.add_argument("--to", required=True, type=typed(choices.month), help="last month, YYYY-MM")
    p.add_argument("--release", default=None, type=typed(choices.release),
                   help="MPS release, YYYY-MM (default: newest figure for each month)")
    p.add_argument("--layout", type=typed(choices.choice, "layout", LAYOUTS), default="snb",
                   metavar="{" + ",".join(LAYOUTS) + "}")
    add_format_argument(p, PACK_FORMATS, default=None, help="html or pdf")
    p.add_argument("--notes", default=None, type=read_notes, metavar="FILE",
                   help="indicators layout: the narrative for each one-pager, a Markdown file of '# Indicator name' "
                        "headings each followed by its paragraphs (printed as text)")
    p.add_argument("--output", required=True, type=typed(choices.output_path), help="file to write")
    p.set_defaults(func=_run)
