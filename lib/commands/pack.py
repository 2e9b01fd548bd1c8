"""``pack``: write the borough performance pack (issue 12) as one HTML file or an A4 PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib import choices
from lib.commands.common import add_format_argument, add_store_argument, open_store, typed
from lib.errors import UsageError
from lib.pack import pack_document
from lib.report import render
from lib.views.pack import LAYOUTS, PackSources, pack_sources, pack_view

PACK_FORMATS = ("html", "pdf")


def pack_borough(value) -> str:
    """The pack's borough (:func:`lib.choices.area`): a pack is for one borough, so London is refused."""
    area = choices.area(value)
    if area.is_london:
        raise UsageError(f"borough: {choices.shorten(value)} is London as a whole: a pack is for one of the "
                         "32 boroughs the Met polices, by name or GSS code (e.g. Enfield or E09000010)")
    return area.name


def pack_bytes(sources: PackSources, borough: str, to: str, layout: str, fmt: str) -> bytes:
    """The pack as file bytes (used by the command and the download buttons), from the store and release of
    ``sources`` (:func:`lib.views.pack.pack_sources`, read once by a caller that makes many packs)."""
    return render(pack_document(pack_view(sources, borough, to, layout), layout), fmt)


def _run(args: argparse.Namespace) -> int:
    store = open_store(args.store)  # the output was checked as argparse read it; the store here: both before work
    from lib.views.crime import crime_releases

    choices.release(args.release, crime_releases(store))
    data = pack_bytes(pack_sources(store, args.release), args.borough, args.to, args.layout, args.format)
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
    p.add_argument("--output", required=True, type=typed(choices.output_path), help="file to write")
    p.set_defaults(func=_run)
