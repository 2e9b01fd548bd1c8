"""``pack``: write the borough performance pack (issue 12) as one HTML file or an A4 PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.commands.common import add_store_argument, open_store
from lib.pack import pack_document
from lib.report import render
from lib.views.pack import LAYOUTS, PackSources, pack_sources, pack_view


def pack_bytes(sources: PackSources, borough: str, to: str, layout: str, fmt: str) -> bytes:
    """The pack as file bytes (used by the command and the download buttons), from the store and release of
    ``sources`` (:func:`lib.views.pack.pack_sources`, read once by a caller that makes many packs)."""
    return render(pack_document(pack_view(sources, borough, to, layout), layout), fmt)


def _run(args: argparse.Namespace) -> int:
    store = open_store(args.store)
    data = pack_bytes(pack_sources(store, args.release), args.borough, args.to, args.layout, args.format)
    Path(args.output).write_bytes(data)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("pack", help="write a borough performance pack (HTML or PDF)")
    add_store_argument(p)
    p.add_argument("--borough", required=True)
    p.add_argument("--to", required=True, help="last month, YYYY-MM")
    p.add_argument("--release", default=None, help="MPS release, YYYY-MM (default: newest figure for each month)")
    p.add_argument("--layout", choices=LAYOUTS, default="snb")
    p.add_argument("--format", choices=("html", "pdf"), required=True)
    p.add_argument("--output", required=True)
    p.set_defaults(func=_run)
