"""Ingest: read every recognised published file under a folder, validate, write the store.

Adapters run in the order of ``ADAPTER_MODULES`` (geography first: later adapters use the borough
boundaries). Each module exposes ``ADAPTERS``, a list of objects following
:class:`lib.ingest.base.Adapter`.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from lib.errors import IngestError
from lib.ingest.base import Adapter, IngestContext, sniff_head
from lib.schema import TableSchema
from lib.store import write_store

ADAPTER_MODULES = (
    "lib.ingest.geo",
    "lib.ingest.census",
    "lib.ingest.population",
    "lib.ingest.crime",
    "lib.ingest.special_crime",
    "lib.ingest.pas",
    "lib.ingest.uss",
    "lib.ingest.stop_search",
    "lib.ingest.complaints",
)
SKIP_SUFFIXES = {".md", ".txt", ".prj", ".shx", ".dbf", ".cpg", ".xml", ".qpj"}


def adapters() -> list[Adapter]:
    """Every adapter, in run order."""
    out: list[Adapter] = []
    for mod in ADAPTER_MODULES:
        out.extend(importlib.import_module(mod).ADAPTERS)
    return out


def all_schemas() -> dict[str, TableSchema]:
    """Every table the store can hold, by name."""
    return {t.name: t for a in adapters() for t in a.tables}


@dataclass
class IngestReport:
    store: Path
    manifest: dict[str, Any]
    files: dict[str, list[str]] = field(default_factory=dict)
    unrecognised: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Store written: {self.store}"]
        for name, info in sorted(self.manifest["tables"].items()):
            span = f", months {info['months'][0]}..{info['months'][1]}" if "months" in info else ""
            out.append(f"  {name}: {info['rows']:,} rows{span}")
        for note_key, note in sorted(self.manifest.get("notes", {}).items()):
            out.append(f"  {note_key}: {note}")
        for adapter_name, paths in sorted(self.files.items()):
            out.append(f"  read by {adapter_name}: {len(paths)} file(s)")
        if self.unrecognised:
            out.append(f"  not recognised (ignored): {len(self.unrecognised)} file(s)")
            out += [f"    {p}" for p in self.unrecognised]
        warnings = self.manifest.get("warnings", [])
        out.append(f"Warnings: {len(warnings)}")
        out += [f"  - {w}" for w in warnings]
        return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run_ingest(source_dir: Path, store_dir: Path) -> IngestReport:
    """Read, validate and write. Raises IngestError before touching the store on bad input."""
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        raise IngestError(source_dir, "is not a folder")
    ctx = IngestContext(source_dir=source_dir)
    all_adapters = adapters()
    claimed: dict[str, list[Path]] = {a.name: [] for a in all_adapters}
    unrecognised: list[str] = []
    for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
        if path.suffix.lower() in SKIP_SUFFIXES or path.name.startswith("."):
            continue
        head = sniff_head(path)
        if not head.strip() and not path.read_bytes().strip():
            # An empty download has no header to recognise; it is an error, not a file to skip.
            raise IngestError(path, "the file is empty")
        owner = next((a for a in all_adapters if a.recognises(path, head)), None)
        if owner is None:
            unrecognised.append(str(path.relative_to(source_dir)))
        else:
            claimed[owner.name].append(path)
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
        "warnings": ctx.warnings,
        "notes": {k: v for k, v in ctx.notes.items()},
    }
    written = write_store(store_dir, tables, schemas, manifest)
    return IngestReport(
        store=Path(store_dir).resolve(),
        manifest=written,
        files={k: [str(p) for p in v] for k, v in claimed.items() if v},
        unrecognised=unrecognised,
    )
