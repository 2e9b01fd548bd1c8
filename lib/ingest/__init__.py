"""Ingest: read every recognised published file under a folder, validate, write the store.

Adapters run in the order of ``ADAPTER_MODULES`` (geography first: later adapters use the borough
boundaries). Each module exposes ``ADAPTERS``, a list of objects following
:class:`lib.ingest.base.Adapter`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from lib.errors import IngestError
from lib.ingest import derived
from lib.ingest.base import TEXT_SUFFIXES, Adapter, IngestContext, diagnose_bytes, sniff_head
from lib.ingest.safety import Comparison, compare, crime_release_problems, listing
from lib.schema import TableSchema
from lib.store import MANIFEST, Finish, ManifestError, Store, StoreError, write_store

ADAPTER_MODULES = (
    "lib.ingest.geo",
    "lib.ingest.census",
    "lib.ingest.population",
    "lib.ingest.crime",
    "lib.ingest.special_crime",
    "lib.ingest.crime_dashboard_other",
    "lib.ingest.pas",
    "lib.ingest.uss",
    "lib.ingest.stop_search",
    "lib.ingest.complaints",
)
SKIP_SUFFIXES = {".md", ".txt", ".prj", ".shx", ".dbf", ".cpg", ".xml", ".qpj"}
DATA_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xls", ".geojson", ".json", ".zip", ".shp"}
IGNORE_FILE = Path(__file__).with_name("ignore.txt")
SOURCE_IGNORE_FILE = ".ingestignore"


def adapters() -> list[Adapter]:
    """Every adapter, in run order."""
    out: list[Adapter] = []
    for mod in ADAPTER_MODULES:
        out.extend(importlib.import_module(mod).ADAPTERS)
    return out


def all_schemas() -> dict[str, TableSchema]:
    """Every table the store can hold, by name (the adapters' and the derived tables)."""
    return {t.name: t for t in [*(t for a in adapters() for t in a.tables), *derived.TABLES]}


@dataclass
class IngestReport:
    store: Path
    manifest: dict[str, Any]
    files: dict[str, list[str]] = field(default_factory=dict)
    unrecognised: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Store written: {self.store}"]
        for name, info in sorted(self.manifest["tables"].items()):
            span = f", months {info['months'][0]}..{info['months'][1]}" if "months" in info else ""
            out.append(f"  {name}: {info['rows']:,} rows{span}")
        for note_key, note in sorted(self.manifest.get("notes", {}).items()):
            out.append(f"  {note_key}: {note}")
        for adapter_name, paths in sorted(self.files.items()):
            out.append(f"  read by {adapter_name}: {len(paths)} file(s)")
        if self.ignored:
            out.append(f"  ignored as listed: {len(self.ignored)} file(s)")
            out += [f"    {p}  ({why})" for p, why in self.ignored]
        if self.unrecognised:
            out.append(f"  not data, skipped: {len(self.unrecognised)} file(s)")
            out += [f"    {p}" for p in self.unrecognised]
        if self.changed:
            out.append(f"Changes from the previous store: {len(self.changed)}")
            out += [f"  - {x}" for x in self.changed]
        if self.removed:
            out.append(f"Removed with --allow-removal: {len(self.removed)} item(s) the previous store had")
            out += [f"  - {x}" for x in self.removed]
        warnings = self.manifest.get("warnings", [])
        out.append(f"Warnings: {len(warnings)}")
        out += [f"  - {w}" for w in warnings]
        return out


class RemovalError(IngestError):
    """The new store would lose something the current one has (exit 2 unless --allow-removal)."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- ignore lists


@dataclass(frozen=True)
class IgnoreRule:
    pattern: str
    reason: str
    origin: str

    def matches(self, rel: str) -> bool:
        if "/" in self.pattern:
            return fnmatch.fnmatchcase(rel, self.pattern)
        return fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], self.pattern)


def read_ignore_file(path: Path) -> list[IgnoreRule]:
    """``PATTERN  # reason`` lines; blank lines and lines starting with '#' are comments."""
    rules = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, sep, reason = line.partition("#")
        if not sep or not reason.strip() or not pattern.strip():
            raise IngestError(path, "each line needs a pattern, then '#' and the reason the file is not read", row=i)
        rules.append(IgnoreRule(pattern.strip(), reason.strip(), f"{path.name} line {i}"))
    return rules


def ignore_rules(source_dir: Path, extra: tuple[str, ...] = ()) -> list[IgnoreRule]:
    """The shipped list, the source folder's own ``.ingestignore``, then ``--ignore`` patterns."""
    rules = read_ignore_file(IGNORE_FILE)
    own = source_dir / SOURCE_IGNORE_FILE
    if own.is_file():
        rules += read_ignore_file(own)
    rules += [IgnoreRule(p, "--ignore on the command line", "--ignore") for p in extra]
    return rules


# ---------------------------------------------------------------- nearest format for an unknown file

_WORD = re.compile(r"[a-z]{3,}")
_STOP = {"the", "and", "for", "with", "from", "one", "row", "per", "each", "are", "not", "this", "that", "csv",
         "xlsx", "xls", "data", "file", "name", "code", "london", "borough", "boroughs", "licence", "government",
         "open", "datastore", "gla", "ons", "v3", "its", "all", "own", "uses", "has"}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _adapter_words(a: Adapter) -> set[str]:
    text = " ".join([a.name, (type(a).__doc__ or "")] + [
        " ".join([t.name, t.description, t.source, *(c.name for c in t.columns)]) for t in a.tables
    ])
    return _words(text.replace("_", " "))


def nearest_format(path: Path, head: str, all_adapters: list[Adapter]) -> str:
    """The adapter whose tables' words overlap most with the file's name and first lines."""
    first = "\n".join(head.splitlines()[:3]) if path.suffix.lower() in TEXT_SUFFIXES else ""
    words = _words(path.stem.replace("_", " ").replace("-", " ") + " " + first.replace("_", " "))
    if not words:
        return "none (no words to compare)"
    best = max(all_adapters, key=lambda a: len(words & _adapter_words(a)))
    shared = sorted(words & _adapter_words(best))
    if not shared:
        return "none of the formats we read"
    return f"{best.name} ({type(best).__doc__ or best.name}".split("\n")[0].rstrip(".") + \
        f"; shares {', '.join(shared[:6])})"


# ---------------------------------------------------------------- the run


def run_ingest(
    source_dir: Path,
    store_dir: Path,
    *,
    allow_removal: bool = False,
    ignore: tuple[str, ...] = (),
    finish: Finish | None = None,
) -> IngestReport:
    """Read, validate, compare with the current store, and write.

    ``finish``: tables worked out from the new store before it goes live (``lib.store.write_store``); the
    command line passes the crime page's stored answers (``lib.views.stored_views``), which ingest cannot
    import (views sit above it).

    Raises IngestError before touching the store on bad input, on a data-looking file that is
    neither recognised nor listed as ignored, on an incomplete crime release, and (RemovalError)
    when the new store would lose what the current one has, unless ``allow_removal``.
    """
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        raise IngestError(source_dir, "is not a folder")
    ctx = IngestContext(source_dir=source_dir)
    all_adapters = adapters()
    rules = ignore_rules(source_dir, tuple(ignore))
    claimed: dict[str, list[Path]] = {a.name: [] for a in all_adapters}
    skipped: list[str] = []
    ignored: list[tuple[str, str]] = []
    for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
        if path.suffix.lower() in SKIP_SUFFIXES or path.name.startswith("."):
            continue
        rel = path.relative_to(source_dir).as_posix()
        head = sniff_head(path)
        if not head.strip() and not path.read_bytes().strip():
            # An empty download has no header to recognise; it is an error, not a file to skip.
            raise IngestError(path, "the file is empty")
        owner = next((a for a in all_adapters if a.recognises(path, head)), None)
        rule = next((r for r in rules if r.matches(rel)), None)
        if owner is not None:
            claimed[owner.name].append(path)
            if rule is not None and rule.origin != "--ignore":
                ctx.warn(f"{rel} is read by {owner.name} although {rule.origin} ignores it: remove that line")
            continue
        if rule is not None:
            ignored.append((rel, rule.reason))
            continue
        if path.suffix.lower() not in DATA_SUFFIXES:
            skipped.append(rel)
            continue
        problem = diagnose_bytes(path)
        if problem:
            raise IngestError(path, problem)
        raise IngestError(
            path,
            f"looks like data but matches no format we read; nearest: {nearest_format(path, head, all_adapters)}. "
            f"If it is a known unused input, list it in {SOURCE_IGNORE_FILE} or lib/ingest/ignore.txt "
            "with the reason, or pass --ignore PATTERN",
        )
    if not any(claimed.values()):
        raise IngestError(source_dir, "no recognised published file in this folder")
    schemas: dict[str, TableSchema] = {}
    for a in all_adapters:
        for t in a.tables:
            schemas[t.name] = t
        if claimed[a.name]:
            produced = a.read(claimed[a.name], ctx)
            ctx.tables.update(produced)
    tables: dict[str, pd.DataFrame] = {k: v for k, v in ctx.tables.items() if k in schemas}
    problems = crime_release_problems(tables)
    if problems:
        src, message = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise IngestError(source_dir / src, message + more)
    extra, notes = derived.derived_tables(tables, warn=ctx.warn, schemas=schemas)
    tables.update(extra)
    ctx.notes.update(notes)
    schemas.update({t.name: t for t in derived.TABLES})
    comparison = _compare_with_current(store_dir, tables, allow_removal)
    removed = comparison.lost
    sources = [
        {"path": str(p.relative_to(source_dir)), "adapter": name, "sha256": _sha256(p)}
        for name, paths in claimed.items()
        for p in paths
    ]
    manifest = {
        "kind": "official",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "source_dir": str(source_dir.resolve()),
        "sources": sources,
        "ignored": [{"path": p, "reason": why} for p, why in ignored],
        "removed": removed,
        "changed": comparison.changed,
        "warnings": ctx.warnings,
        "notes": {k: v for k, v in ctx.notes.items()},
    }
    written = write_store(store_dir, tables, schemas, manifest, versioned=True, finish=finish)
    return IngestReport(
        store=Path(store_dir).absolute(),
        manifest=written,
        files={k: [str(p) for p in v] for k, v in claimed.items() if v},
        unrecognised=skipped,
        ignored=ignored,
        removed=removed,
        changed=comparison.changed,
    )


def _compare_with_current(store_dir: Path, tables: dict[str, pd.DataFrame], allow_removal: bool) -> Comparison:
    """Compare with the current official store: RemovalError when something would be lost, unless allowed.

    No store there yet is nothing to compare. A store whose manifest cannot be read cannot be
    compared, so it is only replaced with ``allow_removal``.
    """
    store_dir = Path(store_dir)
    if not (store_dir / MANIFEST).exists() and not store_dir.is_symlink():
        return Comparison()  # no store yet (or not a store: write_store refuses to replace a non-store folder)
    try:
        current = Store(store_dir)
    except StoreError as e:
        reason = e.reason if isinstance(e, ManifestError) else str(e)
        if allow_removal:
            return Comparison(lost=[f"the previous store, which could not be read ({reason})"])
        raise RemovalError(store_dir, f"the current store cannot be read ({reason}), so the new store cannot be "
                                      "checked against it; nothing was written. Pass --allow-removal to replace "
                                      "it") from None
    if current.manifest.get("kind") != "official":
        return Comparison()  # the demonstration store is generated, not a record of published figures
    comparison = compare(current, tables)
    lost = comparison.lost
    if lost and not allow_removal:
        raise RemovalError(
            store_dir,
            f"the new store would lose {len(lost)} item(s) the current store has; nothing was written. "
            "Check the source files, or pass --allow-removal if the loss is intended:\n" + listing(lost),
        )
    return comparison
