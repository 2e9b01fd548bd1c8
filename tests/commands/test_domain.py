"""Every command answers every valid question of its domain, or refuses it in one line: no traceback, no NA.

The questions (``tests/commands/domain.py``) are built from each store's own domain and asked in-process
through ``lib.cli.main``. What is covered, on the demonstration store and on the real store alike:

- crime-summary: every release pinned and the newest; for each, its first month, its first full 12
  months and its last month, and (newest) every release's first and last month; every population basis
  of every release; every borough and London at least once (cycled over those months, the rest at the
  newest month); one CSV.
- target: every complete baseline year of every release at the first month after it, and each release's
  newest month; reductions 1, 20 and 100.
- unusual: each release's first and last month, pinned and newest (newest: every release's too), every
  indicator and published category once (at its own series' last month) and every area once.
- target --forecast-to: every release at its newest month forecast to that month; on the newest figures to
  the furthest month allowed (24 months on).
- drivers: each release's first and last month that closes 24 months, pinned and newest; every indicator
  (and 'TNO') and every area once.
- revisions: the default pair and every ordered pair of releases that share months; every area once.
- confidence: every survey quarter (areas cycled), every area at the default quarter.
- comparator: every tenth neighbourhood and the last, spelt as published, in lower case, without ' - '.
- stop-search: every month with records as a one-month range and with the next month with records (so
  across the gaps), and the whole span (London, censuses cycled); every borough over the whole span
  (censuses cycled); and disproportionality from the pack's figures. (Every range of the 17 months is
  153 ranges a store: ``python -m tests.commands.domain STORE --every-range`` asks them all, outside CI.)
- complaints: every 12-month end (areas cycled) and every area at the latest.
- challenge: every slide, on the newest figures and pinned to the oldest release; pack, both layouts.

The real store is the boundary test (its releases overlap and its special-crime file ends in 2021); the
demonstration store is the cheap full sweep. Measured 190 s wall on 2 shared cores (-n 2, 2026-12-06); the
change part alone: 12 s demo, 20 s real store, one core.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands import domain
from tests.conftest import ROOT

PARTS = ["crime", "change", "survey", "stop_search", "complaints", "documents"]


def _check(tally: domain.Tally, everything_answered: bool) -> None:
    failures = [f"{' '.join(o.argv[:1] + o.argv[3:])}: {o.problem()}" for o in tally.failures]
    assert not failures, f"{tally.summary()}\n" + "\n".join(failures[:20])
    if everything_answered:  # every question is valid for this store: none may be refused
        refused = [f"{' '.join(o.argv[3:])}: {o.err.strip()}" for o in tally.outcomes if o.refused]
        assert not refused, "\n".join(refused[:20])
    assert tally.outcomes


@pytest.mark.parametrize("part", PARTS)
def test_demo_store_whole_domain(part: str, tmp_path: Path) -> None:
    tally = domain.sweep(ROOT / "data" / "demo", folder=tmp_path, part=part)
    _check(tally, everything_answered=True)


@pytest.mark.parametrize("part", PARTS)
def test_real_store_boundaries(part: str, real_store: Path, tmp_path: Path) -> None:
    tally = domain.sweep(real_store, folder=tmp_path, part=part)
    # the real files hold no complaints: that question is refused in one line, naming the import format
    _check(tally, everything_answered=part != "complaints")
    if part == "complaints":
        assert "docs/import_formats/complaints.md" in tally.outcomes[0].err


def test_the_newest_month_answers_without_na(real_store: Path) -> None:
    """The issue's own example: crime-summary at the newest month, where the hate and special crime rows
    have no figures (their file ends in 2021): the rows are there, with nulls, in JSON and CSV."""
    import json

    from lib.store import Store
    from lib.views.crime import crime_dataset

    newest = crime_dataset(Store(real_store)).months[-1]
    o = domain.ask(["crime-summary", "--store", str(real_store), "--borough=Enfield", f"--to={newest}"])
    assert o.code == 0 and not o.problem()
    special = [r for r in json.loads(o.out)["rows"] if r["kind"] == "special"]
    assert special and all(r["releases"] is None and r["current"] is None for r in special)
    o = domain.ask(["crime-summary", "--store", str(real_store), "--borough=Enfield", f"--to={newest}",
                    "--format=csv"])
    assert o.code == 0 and "<NA>" not in o.out
