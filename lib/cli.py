"""Command line: ``python -m lib.cli COMMAND``. Run with ``--help`` for the list of commands.

Every command exits 0 on success and 2 with a one-line error on bad input or a question the data
cannot answer.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path

from lib import choices
from lib.commands import COMMAND_MODULES
from lib.commands.common import typed
from lib.errors import IngestError, UsageError
from lib.store import StoreError

MAX_MESSAGE = 300  # argparse repeats unknown arguments whole: a 100,000-character value is cut to this


class Parser(argparse.ArgumentParser):
    """argparse with its own errors (a missing option, an unknown argument) as one line, ``error: ...``,
    exit 2, like every other bad input; the subcommands' parsers are of this class too."""

    def error(self, message: str) -> None:  # argparse's documented override point
        text = re.sub(rf"'([^']{{{choices.MAX_ECHO + 1},}})'", lambda m: choices.shorten(m.group(1)),
                      " ".join(message.split()))
        if len(text) > MAX_MESSAGE:
            text = text[:MAX_MESSAGE] + "…"
        raise UsageError(f"{self.prog}: {text}")


def ingest_store(source: Path, store: Path, *, allow_removal: bool = False, ignore: tuple[str, ...] = ()):
    """The ``ingest`` command's work: the published files read and checked into ``store``
    (``lib.ingest.run_ingest``), with the crime page's opening answers stored beside them
    (``lib.views.stored_views``). Returns the ingest report."""
    from lib.ingest import run_ingest
    from lib.views.stored_views import view_tables

    return run_ingest(source, store, allow_removal=allow_removal, ignore=ignore, finish=view_tables)


def _ingest(args: argparse.Namespace) -> int:
    report = ingest_store(args.source, args.store, allow_removal=args.allow_removal, ignore=tuple(args.ignore))
    print("\n".join(report.lines()))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from lib.demo import build_demo

    manifest = build_demo(args.store, seed=args.seed)
    for name, info in sorted(manifest["tables"].items()):
        print(f"{name}: {info['rows']:,} rows")
    print(f"Demonstration store written: {Path(args.store).resolve()}")
    return 0


def _schema_doc(args: argparse.Namespace) -> int:
    from lib.ingest import all_schemas
    from lib.schema import to_markdown
    from lib.views.stored_views import SCHEMA

    text = to_markdown([*all_schemas().values(), SCHEMA])  # and the table the ingest command adds
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m lib.cli", description="London policing performance data")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="validate the published files in SOURCE and write the store")
    p.add_argument("source", type=typed(choices.path, "source"), help="folder of published files (e.g. ../shared/data)")
    p.add_argument("--store", type=typed(choices.path, "store"), required=True, help="store folder to write")
    p.add_argument("--allow-removal", action="store_true",
                   help="write even if the new store lacks a release, table, borough, month or category the "
                        "current one has (the report lists what was removed)")
    p.add_argument("--ignore", action="append", default=[], metavar="PATTERN",
                   help="skip unrecognised files matching this glob (path relative to SOURCE, or a file name); "
                        "repeatable. Known unused inputs belong in lib/ingest/ignore.txt or SOURCE/.ingestignore")
    p.set_defaults(func=_ingest)

    p = sub.add_parser("demo", help="write the deterministic demonstration store")
    p.add_argument("--store", type=typed(choices.path, "store"), default=Path("data/demo"))
    p.add_argument("--seed", type=typed(choices.seed), default=None,
                   help=f"random seed, a whole number from {choices.SEED_BOUNDS[0]} to {choices.SEED_BOUNDS[1]:,}")
    p.set_defaults(func=_demo)

    p = sub.add_parser("schema-doc", help="print the data dictionary (docs/DATA.md)")
    p.add_argument("--output", type=typed(choices.output_path), default=None)
    p.set_defaults(func=_schema_doc)

    for mod in COMMAND_MODULES:
        importlib.import_module(mod).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "seed", 0) is None:
            from lib.demo import DEFAULT_SEED

            args.seed = DEFAULT_SEED
        return int(args.func(args) or 0)
    except (IngestError, UsageError, StoreError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # a path the system refuses (too long a name, no permission, disk full): one line
        where = choices.shorten(e.filename) + ": " if e.filename else ""
        print(f"error: {where}{e.strerror or type(e).__name__}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
