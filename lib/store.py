"""The canonical store: one folder of Parquet tables plus ``manifest.json``.

The manifest records what kind of store it is (``official`` from published files, ``demo`` from
the generator), when it was written, the source files with their SHA-256, per-table rows and
periods, which release each crime month comes from, and every ingest warning.

Writes are atomic at the folder level: the new store is built in a sibling temporary folder and
swapped in with renames, so a failed or interrupted ingest leaves the previous store as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from lib.schema import TableSchema, conform

MANIFEST = "manifest.json"
DEFAULT_STORE = Path(__file__).resolve().parent.parent / "data" / "demo"
STORE_ENV = "POLICING_STORE"


def default_store_path() -> Path:
    """The store the app reads: ``$POLICING_STORE`` if set, else the shipped demonstration store."""
    env = os.environ.get(STORE_ENV, "").strip()
    return Path(env).expanduser().resolve() if env else DEFAULT_STORE


class StoreError(Exception):
    """The store folder is missing, incomplete, or lacks a table a page asks for."""


@dataclass
class Store:
    """Read access to a written store."""

    path: Path

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if not (self.path / MANIFEST).is_file():
            raise StoreError(
                f"{self.path} is not a store (no {MANIFEST}); build one with "
                "'python -m lib.cli ingest SOURCE_DIR --store DIR' or 'python -m lib.cli demo --store DIR'"
            )

    @cached_property
    def manifest(self) -> dict[str, Any]:
        return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))

    @property
    def is_demo(self) -> bool:
        return self.manifest.get("kind") == "demo"

    def has(self, name: str) -> bool:
        return (self.path / f"{name}.parquet").is_file()

    def table(self, name: str) -> pd.DataFrame:
        """A table as a DataFrame (geometry tables come back as GeoDataFrames)."""
        p = self.path / f"{name}.parquet"
        if not p.is_file():
            raise StoreError(f"the store at {self.path} has no table {name!r}")
        if self.manifest.get("tables", {}).get(name, {}).get("geometry"):
            import geopandas as gpd

            return gpd.read_parquet(p)
        return pd.read_parquet(p)


def _describe(df: pd.DataFrame) -> dict[str, Any]:
    info: dict[str, Any] = {"rows": int(len(df)), "columns": list(map(str, df.columns))}
    if "month" in df.columns and len(df):
        info["months"] = [str(df["month"].min()), str(df["month"].max())]
    if "geometry" in df.columns:
        info["geometry"] = True
    return info


def write_store(
    dest: Path,
    tables: dict[str, pd.DataFrame],
    schemas: dict[str, TableSchema],
    manifest: dict[str, Any],
) -> dict[str, Any]:
    """Conform every table to its schema, then write the store atomically; return the manifest.

    Nothing touches ``dest`` until every table has been conformed and written to a temporary
    sibling folder; the swap is two renames.
    """
    dest = Path(dest).resolve()
    unknown = sorted(set(tables) - set(schemas))
    if unknown:
        raise StoreError(f"tables without a declared schema: {unknown}")
    conformed = {name: conform(df, schemas[name]) for name, df in tables.items()}
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the dashboard may run as another user
    try:
        manifest = dict(manifest)
        manifest["tables"] = {}
        for name, df in sorted(conformed.items()):
            if "geometry" in df.columns:
                df.to_parquet(tmp / f"{name}.parquet", index=False)
            else:
                df.to_parquet(tmp / f"{name}.parquet", index=False, compression="zstd")
            manifest["tables"][name] = _describe(df)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        old = None
        if dest.exists():
            old = dest.parent / f".{dest.name}.old-{os.getpid()}"
            os.replace(dest, old)
        os.replace(tmp, dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest
