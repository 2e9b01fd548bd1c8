"""The positive-outcomes answer on the real store, checked against pandas sums of the publisher's rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.store import Store
from lib.views.outcomes import outcomes_view


def _sum(store: Path, table: str, minor: str, first: str, last: str) -> int:
    t = pd.read_parquet(store / f"{table}.parquet")
    keep = (t["borough_code"] == "E09000010") & (t["minor"] == minor) & t["month"].between(first, last)
    return int(t.loc[keep, "count"].sum())


def test_enfield_domestic_abuse_and_knife_crime_2024(real_store: Path) -> None:
    v = outcomes_view(Store(real_store), "E09000010", "2024-12")
    rows = v.rows.set_index("indicator")
    for row, minor in (("Domestic Abuse", "Domestic Abuse"), ("Knife Crime", "Knife Crime")):
        assert rows.loc[row, "offences"] == _sum(real_store, "crime_special", minor, "2024-01", "2024-12")
        assert rows.loc[row, "outcomes"] == _sum(real_store, "crime_special_outcomes", minor, "2024-01", "2024-12")
    # 264 outcomes recorded against 3,487 domestic abuse offences (pandas sums above): 7.6%, shown as 8%
    assert rows.loc["Domestic Abuse", "rate"] == pytest.approx(264 / 3487)
    assert v.sentence.startswith("In Enfield, 264 positive outcomes (charges and other outcomes) were recorded for "
                                 "domestic abuse in the 12 months to December 2024, against 3,487 offences")
    shown = v.table.set_index("Crime")
    small = rows[(rows["outcomes"] < 10) | (rows["offences"] < 10)].index
    assert len(small) and (shown.loc[small, "Outcome rate"] == "not shown: under 10").all()
    assert (shown.loc[small, "Positive outcomes"] == [f"{n:,}" for n in rows.loc[small, "outcomes"]]).all()


def test_a_period_outside_the_file_is_one_line(real_store: Path) -> None:
    with pytest.raises(UsageError, match="^positive outcomes are published for August 2021 to July 2025 only"):
        outcomes_view(Store(real_store), "E09000010", "2015-09")
    with pytest.raises(UsageError):
        outcomes_view(Store(real_store), "E09000010", "2022-06")  # 12 months from July 2021: one month before


def test_every_area_is_answered_inside_the_file_and_refused_in_one_line_outside(real_store: Path) -> None:
    """The whole domain: London and every borough, at the first and last 12 months the file covers (answered,
    every count a whole number, every rate a share or withheld), and at the first month of the newest crime
    release and the newest month (refused in one line naming the file's months)."""
    from lib.reference.boroughs import LONDON_CODE, mps_boroughs

    store = Store(real_store)
    for code in [LONDON_CODE, *(b.code for b in mps_boroughs())]:
        for to in ("2022-07", "2025-07"):
            v = outcomes_view(store, code, to)
            assert len(v.rows) and (v.rows["outcomes"] >= 0).all() and (v.rows["offences"] >= 0).all()
            rates = v.rows["rate"].dropna()
            assert ((rates >= 0) & (rates <= 1.5)).all() and v.sentence.startswith("In ")
        for to in ("2022-06", "2026-02"):
            with pytest.raises(UsageError, match=r"^positive outcomes are published for August 2021 to July 2025 "
                                                 r"only: [^\n]*$"):
                outcomes_view(store, code, to)
