"""The demonstration store shipped in ``data/demo``: same tables and schemas as the official store.

Deterministic: the same seed gives byte-identical tables. Each domain module exposes
``generate(ctx: DemoContext) -> dict[str, DataFrame]`` and runs in the order below, so later
domains can use earlier tables (boundaries, populations) through ``ctx.tables``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lib.ingest import all_schemas
from lib.ingest.derived import derived_tables
from lib.store import write_store

DEMO_MODULES = (
    "lib.demo.geo",
    "lib.demo.population",
    "lib.demo.crime",
    "lib.demo.special_crime",
    "lib.demo.confidence",
    "lib.demo.stop_search",
    "lib.demo.complaints",
)
DEFAULT_SEED = 20151001
# The demo's notional "latest month": data runs up to here.
DEMO_LAST_MONTH = "2025-12"


@dataclass
class DemoContext:
    seed: int
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def rng(self, domain: str) -> np.random.Generator:
        """An independent generator per domain, so one domain's change leaves the others alone."""
        return np.random.default_rng([self.seed, sum(map(ord, domain))])


def build_demo(dest: Path, seed: int = DEFAULT_SEED) -> dict:
    """Generate every demo table and write the store at ``dest``; returns the manifest."""
    ctx = DemoContext(seed=seed)
    for mod in DEMO_MODULES:
        ctx.tables.update(importlib.import_module(mod).generate(ctx))
    extra, notes = derived_tables(ctx.tables)  # the same derived tables as an ingest
    ctx.tables.update(extra)
    manifest = {
        "kind": "demo",
        "created": "generated",  # fixed so that regenerating gives identical files
        "seed": seed,
        "sources": [],
        "warnings": [],
        "notes": {"demo": "Demonstration data from lib/demo: not official statistics.", **notes},
    }
    return write_store(dest, ctx.tables, all_schemas(), manifest)
