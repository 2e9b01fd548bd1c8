"""The Safer Neighbourhood Board pack (seed 000, Enfield, 12 months to September 2015, release 2016-12):
the answer first, one row per crime, unusual months on the trend, what drove the change, and no page for a
section with nothing to show."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from lib.pack import pack_document
from lib.report import Figure, Paragraph, Table
from lib.store import Store
from lib.views.pack import pack_sources, pack_view


@pytest.fixture(scope="module")
def sources(real_store: Path):
    return pack_sources(Store(real_store), "2016-12")


@pytest.fixture(scope="module")
def enfield(sources):
    return pack_document(pack_view(sources, "Enfield", "2015-09"), "snb")


def _section(doc, title: str):
    return next(s for s in doc.sections if s.title == title)


def test_the_answer_comes_first(enfield) -> None:
    summary = enfield.sections[0]
    assert summary.title == "Summary"
    # issue 23's example answer, from the pack's own figures (seed 000: MOPAC 7 12,019 -> 11,431, -4.9%; the
    # 2016 release holds 12,005 -> 11,413)
    assert summary.blocks[0].text == ("Enfield recorded 11,413 of the seven priority crimes (MOPAC 7) in the 12 months "
                                      "to September 2015, 4.9% fewer than a year before; London fell 1.0%.")
    texts = [b.text for b in summary.blocks if isinstance(b, Paragraph)]
    assert "Most of the fall came from theft from motor vehicle (−436), above all in Southgate (−113)." in texts


def test_a_section_with_nothing_to_show_is_a_line_in_the_summary(enfield) -> None:
    titles = [s.title for s in enfield.sections]
    assert "Stop and search" not in titles and "Complaints" not in titles  # no records for 2014-10..2015-09
    lines = [b.text for b in enfield.sections[0].blocks if isinstance(b, Paragraph)]
    assert sum(t.startswith("Stop and search: no data") for t in lines) == 1
    assert sum(t.startswith("Victim satisfaction: no data") for t in lines) == 1


def test_the_crime_table_lists_each_crime_once(enfield) -> None:
    t = next(b for b in _section(enfield, "Recorded crime").blocks if isinstance(b, Table)).data
    names = t["Crime"].str.replace("·", "").str.strip()
    assert not names.duplicated().any(), names[names.duplicated()].tolist()
    assert (names == "Homicide").sum() == 1 and (names == "Burglary (Residential)").sum() == 1
    # seed 000: "Burglary (Total) 3,210 2,830 -11.8% -9.8%" (the figure test, unchanged)
    row = t[t["Crime"] == "Burglary (Total)"].iloc[0]
    assert (row["Previous 12 months"], row["Latest 12 months"], row["% change"]) == ("3,210", "2,830", "-11.8%")


def test_what_drove_the_change_adds_up_to_the_change(sources, enfield) -> None:
    section = _section(enfield, "What drove the change")
    types = next(b for b in section.blocks if isinstance(b, Table) and b.caption == "The change by crime type").data
    shown = types  # each part's change in crimes is printed, small counts too (counts as published)
    assert not types["Change"].str.contains("under 10|<10").any()
    change = shown["Change"].str.replace("−", "-").astype(int)
    latest = shown["Latest 12 months"].str.replace(",", "").astype(int)
    previous = shown["Previous 12 months"].str.replace(",", "").astype(int)
    assert len(shown) and (change == latest - previous).all()
    dv = pack_view(sources, "Enfield", "2015-09").drivers  # every part, withheld ones included, adds up
    assert int(dv.categories["contribution"].sum()) == dv.change == 11_413 - 12_005  # MOPAC 7, release 2016-12
    assert any(isinstance(b, Table) and b.caption == "The change by ward" for b in section.blocks)


def test_unusual_months_are_marked_on_the_trend(sources) -> None:
    # Kingston upon Thames, MOPAC 7: November and December 2014 above the range their own history expects
    doc = pack_document(pack_view(sources, "Kingston upon Thames", "2015-09"), "snb")
    section = _section(doc, "Recorded crime trend")
    table = next(b for b in section.blocks if isinstance(b, Table)).data.set_index("Month")
    flagged = table[table["Unusual?"].str.startswith("Yes")]
    assert flagged.index.tolist() == ["November 2014", "December 2014"]
    assert set(flagged["Unusual?"]) == {"Yes: higher than expected"}
    assert len(table) == 24 and table["Expected range"].str.match(r"^[\d,]+ to [\d,]+$").all()
    from lib.report.charts import chart_svg

    unusual = [b for b in section.blocks if isinstance(b, Figure)][1]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart_svg(unusual.chart))
    assert texts.count("high") == 2 and "higher than expected" in texts


def test_the_confidence_numbers_are_under_the_chart_not_beside_it(enfield) -> None:
    blocks = _section(enfield, "Public confidence").blocks
    fig = next(i for i, b in enumerate(blocks) if isinstance(b, Figure))
    assert blocks[fig].table is None and isinstance(blocks[fig + 1], Table)
    quarters = blocks[fig + 1].data
    assert quarters.iloc[-1].tolist()[:2] == ["September 2015", "59%"] and isinstance(quarters, pd.DataFrame)
