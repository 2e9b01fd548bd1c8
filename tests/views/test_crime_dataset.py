"""crime_dataset reads the series stored at ingest only when it was built by the code's own rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.ingest import all_schemas
from lib.ingest.derived import derived_tables
from lib.metrics.crime_series import SERIES_RULE_NOTE, series_rule
from lib.store import Store, write_store
from lib.views.crime import crime_dataset, stored_series
from tests.ingest.test_ingest_crime import GOOD, _read

ENFIELD = "E09000010"


def _store(path: Path, note: str, factor: int) -> Store:
    tables, _ = _read(GOOD)
    extra, _ = derived_tables(tables)
    extra["crime_series"] = extra["crime_series"].assign(count=lambda s: s["count"] * factor)
    write_store(path, {**tables, **extra}, all_schemas(), {"kind": "official", "notes": {SERIES_RULE_NOTE: note}})
    return Store(path)


def _july_burglary(store: Store, release: str | None = None) -> int:
    s = crime_dataset(store, release).series
    row = s[(s["area_code"] == ENFIELD) & (s["indicator"] == "RES BURGLARY OF A HOME") & (s["month"] == "2015-07")]
    return int(row["count"].iloc[0])


@pytest.mark.parametrize(("note", "used"), [("same", True), ("v0 mapping 0000", False)])
def test_stored_series_used_only_when_built_by_the_same_rule(tmp_path: Path, note: str, used: bool):
    # the stored table is marked (counts x 1000) to see whether the dataset read it or recomputed
    store = _store(tmp_path / "s", series_rule() if note == "same" else note, 1000)
    assert (stored_series(store) is not None) is used
    assert _july_burglary(store) == (19_000 if used else 19)  # the file says 19 (release 2015-07)
    assert _july_burglary(store, "2015-07") == 19  # a pinned release is always computed
