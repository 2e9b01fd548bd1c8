"""The canonical store: one folder of Parquet tables plus ``manifest.json``.

The manifest records what kind of store it is (``official`` from published files, ``demo`` from
the generator), when it was written, the source files with their SHA-256, per-table rows and
periods, which release each crime month comes from, and every ingest warning.

Writes are atomic: the store path opens as the old store or the new one after ``kill -9`` at any
instant, and the next write cleans whatever an interrupted one left. Two layouts, both read by
:class:`Store`:

- **versioned** (what ``ingest`` writes): ``DEST`` is a symbolic link to ``DEST.versions/<stamp>/``.
  A new version is written beside the others, then a temporary link to it is renamed over ``DEST``
  (one ``rename``, atomic). The previous version is kept so that a server still reading it can
  finish; older ones are removed.
- **plain folder** (the shipped ``data/demo``): the new store is built in a temporary sibling folder
  and exchanged with ``DEST`` in one ``renameat2(RENAME_EXCHANGE)`` (Linux); where that call does not
  exist, two renames (a kill between them leaves no store until the next write restores it).

A plain folder is converted to the versioned layout with the same single exchange.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from lib.schema import TableSchema, conform

MANIFEST = "manifest.json"
DEFAULT_STORE = Path(__file__).resolve().parent.parent / "data" / "demo"
STORE_ENV = "POLICING_STORE"
VERSIONS_SUFFIX = ".versions"
FAULT_ENV = "POLICING_STORE_FAULT"  # tests: os._exit at the named step of write_store (see WRITE_STEPS)
WRITE_STEPS = (
    "cleaned",  # leftovers of an interrupted write removed
    "tables",  # every table written to the new folder
    "manifest",  # manifest written: the new folder is complete
    "sealed",  # new folder renamed to its final name (versioned) / ready to exchange (plain)
    "linked",  # temporary link to the new version made (versioned)
    "swapped",  # DEST now opens as the new store
    "pruned",  # old versions / the exchanged-out folder removed
)


def default_store_path() -> Path:
    """The store the app reads: ``$POLICING_STORE`` if set, else the shipped demonstration store."""
    env = os.environ.get(STORE_ENV, "").strip()
    return Path(env).expanduser().resolve() if env else DEFAULT_STORE


class StoreError(Exception):
    """The store folder is missing, incomplete, or lacks a table a page asks for."""


class ManifestError(StoreError):
    """The store's ``manifest.json`` cannot be read or is not a manifest; ``reason`` says why, in one line."""

    def __init__(self, path: Path, reason: str) -> None:
        self.reason = reason
        super().__init__(f"{path} has a damaged {MANIFEST} ({reason}); rebuild the store with "
                         "'python -m lib.cli ingest SOURCE_DIR --store DIR'")


@dataclass
class Store:
    """Read access to a written store."""

    path: Path

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        # A versioned store is read from the version its link pointed at when opened, so a swap
        # mid-session never mixes an old manifest with new tables.
        self.folder = self.path.resolve() if self.path.is_symlink() else self.path
        if not (self.folder / MANIFEST).is_file():
            raise StoreError(
                f"{self.path} is not a store (no {MANIFEST}); build one with "
                "'python -m lib.cli ingest SOURCE_DIR --store DIR' or 'python -m lib.cli demo --store DIR'"
            )
        _ = self.manifest  # read now: a damaged manifest is a StoreError on opening, not a traceback later

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """The parsed ``manifest.json``; StoreError (one line) when it cannot be read or is not a manifest."""
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:  # unreadable, not UTF-8 (UnicodeDecodeError) or not JSON
            raise ManifestError(self.path, " ".join(str(e).split())[:200]) from None
        tables = data.get("tables", {}) if isinstance(data, dict) else None
        if not isinstance(tables, dict) or not all(isinstance(v, dict) for v in tables.values()):
            raise ManifestError(self.path, "not a store manifest: no table list")
        return data

    @property
    def is_demo(self) -> bool:
        return self.manifest.get("kind") == "demo"

    def has(self, name: str) -> bool:
        return (self.folder / f"{name}.parquet").is_file()

    def _file(self, name: str) -> Path:
        """A table's Parquet file; StoreError when the store has no such table."""
        p = self.folder / f"{name}.parquet"
        if not p.is_file():
            raise StoreError(f"the store at {self.path} has no table {name!r}")
        return p

    def table(self, name: str) -> pd.DataFrame:
        """A table as a DataFrame (geometry tables come back as GeoDataFrames)."""
        p = self._file(name)
        if self.manifest.get("tables", {}).get(name, {}).get("geometry"):
            import geopandas as gpd

            return gpd.read_parquet(p)
        return pd.read_parquet(p)

    def categories(self, name: str, columns: list[str]) -> pd.DataFrame:
        """Some text columns of a (non-geometry) table, every row, as categories (Parquet's dictionary
        encoding kept, so each distinct value is made text once): what a large table's distinct values are
        read from. The other columns are never read."""
        return pd.read_parquet(self._file(name), columns=columns, read_dictionary=columns)

    def rows(self, name: str, equal: dict[str, str]) -> pd.DataFrame:
        """The rows of a (non-geometry) table whose columns equal these values, read with Parquet's own filter
        (the rest of the table is never made a frame)."""
        return pd.read_parquet(self._file(name), filters=[(k, "==", v) for k, v in equal.items()])


def _describe(df: pd.DataFrame) -> dict[str, Any]:
    info: dict[str, Any] = {"rows": int(len(df)), "columns": list(map(str, df.columns))}
    if "month" in df.columns and len(df):
        info["months"] = [str(df["month"].min()), str(df["month"].max())]
    if "geometry" in df.columns:
        info["geometry"] = True
    return info


def _fault(step: str) -> None:
    """Fault injection for the kill test: die like ``kill -9`` (no cleanup) at the named step."""
    if os.environ.get(FAULT_ENV) == step:
        os._exit(137)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _leftovers(dest: Path) -> list[Path]:
    """Temporary folders and links an interrupted write may have left beside ``dest``."""
    parent, name = dest.parent, dest.name
    found = [p for pat in (f".{name}.new-*", f".{name}.old-*", f".{name}.link-*") for p in parent.glob(pat)]
    versions = dest.parent / (name + VERSIONS_SUFFIX)
    if versions.is_dir():
        found += list(versions.glob("*.partial"))
    return found


def _remove(p: Path) -> None:
    if p.is_symlink() or p.is_file():
        p.unlink(missing_ok=True)
    else:
        shutil.rmtree(p, ignore_errors=True)


def _prune_versions(dest: Path, keep: int = 2) -> None:
    """Remove versions other than the current one and the newest ``keep - 1`` before it."""
    versions = dest.parent / (dest.name + VERSIONS_SUFFIX)
    if not versions.is_dir():
        return
    current = dest.resolve() if dest.is_symlink() else None
    done = sorted((p for p in versions.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
                  key=lambda p: p.name, reverse=True)
    kept = 0
    for p in done:
        if current is not None and p.resolve() == current:
            continue
        kept += 1
        if kept >= keep:
            shutil.rmtree(p, ignore_errors=True)


# The manifest's list of the tables ``finish`` wrote (worked out from the others, so never a loss of published data).
FINISHED = "finished_tables"
# Tables worked out from a written store before it goes live (``write_store``'s ``finish``): given the new
# store, read-only, it returns further tables and their schemas, written into the same new folder.
Finish = Callable[["Store"], tuple[dict[str, pd.DataFrame], dict[str, TableSchema]]]


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    with open(folder / MANIFEST, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, indent=2, sort_keys=True))
        fh.flush()
        os.fsync(fh.fileno())


def _write_frames(folder: Path, conformed: dict[str, pd.DataFrame], described: dict[str, Any]) -> None:
    for name, df in sorted(conformed.items()):
        if "geometry" in df.columns:
            df.to_parquet(folder / f"{name}.parquet", index=False)
        else:
            df.to_parquet(folder / f"{name}.parquet", index=False, compression="zstd")
        described[name] = _describe(df)


def _write_tables(folder: Path, conformed: dict[str, pd.DataFrame], manifest: dict[str, Any],
                  finish: Finish | None = None) -> dict[str, Any]:
    manifest = dict(manifest)
    manifest["tables"] = {}
    _write_frames(folder, conformed, manifest["tables"])
    if finish is not None:  # the new folder opened as a store (not yet live), then its further tables
        _write_manifest(folder, manifest)
        extra, schemas = finish(Store(folder))
        clash = sorted(set(extra) & set(conformed)) or sorted(set(extra) - set(schemas))
        if clash:
            raise StoreError(f"finishing tables clash with the store's or lack a schema: {clash}")
        _write_frames(folder, {name: conform(df, schemas[name]) for name, df in extra.items()}, manifest["tables"])
        manifest[FINISHED] = sorted(extra)
    _fault("tables")
    _write_manifest(folder, manifest)
    _fault("manifest")
    return manifest


def write_store(
    dest: Path,
    tables: dict[str, pd.DataFrame],
    schemas: dict[str, TableSchema],
    manifest: dict[str, Any],
    *,
    versioned: bool | None = None,
    finish: Finish | None = None,
) -> dict[str, Any]:
    """Conform every table to its schema, then write the store atomically; return the manifest.

    ``finish``: tables worked out from the new store itself (opened read-only before it goes live, so they
    come from exactly the tables stored), written into it before the switch.

    Nothing touches ``dest`` until every table has been conformed and written to a new folder;
    the switch is one atomic rename (see the module docstring). ``versioned``: True writes (or
    converts to) the versioned layout, False keeps a plain folder, None keeps what ``dest`` is
    (a new path becomes a plain folder). A ``dest`` that exists but is not a store is refused.
    """
    dest = Path(dest).absolute()
    unknown = sorted(set(tables) - set(schemas))
    if unknown:
        raise StoreError(f"tables without a declared schema: {unknown}")
    if dest.exists() and not (dest / MANIFEST).is_file() and (dest.is_symlink() or any(dest.iterdir())):
        raise StoreError(f"{dest} exists and is not a store: refusing to replace it")
    conformed = {name: conform(df, schemas[name]) for name, df in tables.items()}
    dest.parent.mkdir(parents=True, exist_ok=True)
    if versioned is None:
        versioned = dest.is_symlink()
    lock = os.open(dest.parent, os.O_RDONLY)  # one writer per folder at a time, so cleaning is safe
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for p in _leftovers(dest):
            _remove(p)
        if dest.is_symlink():
            _prune_versions(dest)
        _fault("cleaned")
        if versioned:
            return _write_versioned(dest, conformed, manifest, finish)
        return _write_plain(dest, conformed, manifest, finish)
    finally:
        os.close(lock)  # releases the lock


def _write_versioned(dest: Path, conformed: dict[str, pd.DataFrame], manifest: dict[str, Any],
                     finish: Finish | None) -> dict[str, Any]:
    versions = dest.parent / (dest.name + VERSIONS_SUFFIX)
    versions.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{time.time_ns() % 10**9:09d}"
    partial = versions / f"{stamp}.partial"
    partial.mkdir(mode=0o755)
    try:
        written = _write_tables(partial, conformed, manifest, finish)
        final = versions / stamp
        os.replace(partial, final)
        _fsync_dir(versions)
        _fault("sealed")
        link = dest.parent / f".{dest.name}.link-{os.getpid()}"
        link.unlink(missing_ok=True)
        os.symlink(os.path.relpath(final, dest.parent), link)
        _fault("linked")
        if dest.is_symlink() or not dest.exists():
            os.replace(link, dest)  # the one atomic switch
        else:  # a plain-folder store becomes versioned: exchange it with the link in one call
            if not _exchange(link, dest):
                os.replace(dest, dest.parent / f".{dest.name}.old-{os.getpid()}")
                os.replace(link, dest)
        _fsync_dir(dest.parent)
        _fault("swapped")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    for p in _leftovers(dest):
        _remove(p)
    _prune_versions(dest)
    _fault("pruned")
    return written


def _write_plain(dest: Path, conformed: dict[str, pd.DataFrame], manifest: dict[str, Any],
                 finish: Finish | None) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the dashboard may run as another user
    try:
        written = _write_tables(tmp, conformed, manifest, finish)
        _fault("sealed")
        _fault("linked")
        if not dest.exists():
            os.replace(tmp, dest)
        elif not _exchange(tmp, dest):  # no renameat2: two renames (not atomic against kill -9)
            old = dest.parent / f".{dest.name}.old-{os.getpid()}"
            os.replace(dest, old)
            os.replace(tmp, dest)
        _fsync_dir(dest.parent)
        _fault("swapped")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for p in _leftovers(dest):
        _remove(p)
    _fault("pruned")
    return written
