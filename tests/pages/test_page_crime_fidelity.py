"""The crime page's issue 13 block on the whole real store: ?population= picks the basis, the table holds
the hate and special crime rows, the change test in words and the population figure beside each rate."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.ui.crime_blocks import SECTIONS


def _table(at):
    return next(d.value for d in at.dataframe if "Is the change real?" in d.value.columns).set_index("Crime")


def test_population_parameter_and_other_crime_rows(open_page, real_store: Path):
    at = open_page("pages/1_Crime.py", store=real_store, borough="Enfield", release="2016-12", to="2015-09",
                   population="current", **dict.fromkeys(SECTIONS, "true"))  # the full table and the group, opened
    assert not at.exception
    assert next(s for s in at.selectbox if s.label == "Population used for rates").value == "current"
    est = pd.read_parquet(real_store / "population_estimates.parquet")
    enfield = est[(est["vintage"] == "ons_current_series") & (est["year"] == 2015)
                  & (est["area_code"] == "E09000010")]["population"].iloc[0]
    t = _table(at)
    assert t.loc["Total Notifiable Offences", "Population used"] == round(enfield)  # a number, shown 330,868
    assert "current series" in t.loc["Total Notifiable Offences", "Population basis"]
    assert t.loc["Other crime: Knife Crime with Injury", "Latest 12 months"] == "112"
    assert t.loc["Other crime: Knife Crime with Injury", "Is the change real?"] == "a real fall"
    captions = " ".join(c.value for c in at.caption)
    assert "April 2010 to May 2021" in captions and "not iQuanta" in captions
