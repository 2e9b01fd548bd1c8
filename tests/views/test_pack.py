"""The pack view is composed from the other views (no arithmetic of its own)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from lib.errors import UsageError
from lib.pack import pack_document
from lib.report import Paragraph, Table
from lib.store import Store
from lib.views.pack import PackSources, pack_sources, pack_view


@pytest.fixture(scope="module")
def sources_2016(real_store: Path) -> PackSources:
    # The release's sources read once for the module (as the page's cache holds them), not once per pack.
    return pack_sources(Store(real_store), "2016-12")


@pytest.fixture(scope="module")
def release_2016(sources_2016):
    return sources_2016.crime


@pytest.fixture(scope="module")
def enfield(sources_2016):
    return pack_view(sources_2016, "Enfield", "2015-09")


def test_crime_table_carries_the_seed_burglary_row(enfield) -> None:
    t = enfield.crime.indicator_table.set_index("Crime")
    assert t.loc["Burglary (Total)", "Previous 12 months"] == "3,210"
    assert t.loc["Burglary (Total)", "Latest 12 months"] == "2,830"


def test_printed_crime_table_marks_a_change_withheld_for_a_small_count(enfield) -> None:
    """Homicide in Enfield, Oct 2014-Sep 2015 against the year before: printed as the Enfield SNB pack printed
    them (4 → 7, issue 23); both under 10, so its change is withheld,
    printed 'under 10' (the table's note says the change is not shown);
    burglary's prints as the Enfield pack does (-11.8%)."""
    from lib.pack.document import crime_table

    shown = enfield.crime.indicator_table.set_index("Crime")
    printed = crime_table(enfield).set_index("Crime")
    assert (shown.loc["Homicide", "Previous 12 months"], shown.loc["Homicide", "Latest 12 months"]) == ("4", "7")
    assert (printed.loc["Homicide", "Previous 12 months"], printed.loc["Homicide", "Latest 12 months"]) == ("4", "7")
    assert printed.loc["Homicide", "% change"] == "under 10"
    assert printed.loc["Burglary (Total)", "% change"] == "-11.8%"
    assert printed.loc["Homicide", "MPS % change"].endswith("%")  # London's own change is not small


def test_confidence_for_the_quarter_of_the_pack(enfield) -> None:
    assert enfield.confidence.quarter == "2015-09"
    head = enfield.confidence.summary_table.iloc[0]
    assert round(head["Value"], 2) == 0.59 and round(head["London"], 2) == 0.67


def test_every_table_states_period_comparison_release_population(enfield) -> None:
    doc = pack_document(enfield, "snb")
    tables = [b for s in doc.sections for b in s.blocks
              if isinstance(b, Table) and b.caption != "Definitions (glossary)"]
    assert tables
    for t in tables:
        assert t.period and t.comparison and t.release and t.population, t.caption


def test_unknown_borough_is_a_usage_error(real_store: Path) -> None:
    with pytest.raises(UsageError):
        pack_view(pack_sources(Store(real_store)), "Gotham", "2015-09")


def test_report_rows_are_the_crime_views_rows(release_2016) -> None:
    # The one-pagers' light path (every period in one vectorised pass) must print exactly the rows of the
    # full crime view for each period: a month, a financial year to date and a rolling 12 months, for every
    # one-pager indicator, the hate and special crime rows ('Other crime: Knife Crime') among them.

    from lib.reference.one_pagers import one_pager_indicators
    from lib.views.crime import crime_view, indicator_dataset, report_rows
    from lib.views.pack import table_names

    wanted = tuple(r for i in one_pager_indicators() for r in i.rows)
    names = [n for i in one_pager_indicators() for n in table_names(i)]
    periods = [("fytd", "2016-03"), ("month", "2016-07"), ("r12", "2016-12")]
    many = report_rows(indicator_dataset(release_2016, wanted), "E09000002", periods, wanted)
    for (kind, to), rows in zip(periods, many, strict=True):
        full = crime_view(release_2016, "E09000002", "Barking and Dagenham", to, kind=kind).indicator_table
        assert set(rows["Crime"]) == set(names)
        mine = full[full["Crime"].isin(names)].set_index("Crime").loc[list(rows["Crime"])].reset_index()
        pd.testing.assert_frame_equal(rows.reset_index(drop=True), mine, check_dtype=False)


def test_complaints_table_in_the_snb_layout_when_the_store_has_complaints() -> None:
    # The shipped demo store holds complaint allegations; the table prints the borough's 12-month count
    # summed here from the store itself, and states period, comparison, release and population.

    root = Path(__file__).resolve().parents[2] / "data" / "demo"
    store = Store(root)
    pack = pack_view(pack_sources(store), "Enfield", "2025-12")
    section = next(s for s in pack_document(pack, "snb").sections if s.title == "Complaints")
    head = next(b for b in section.blocks if isinstance(b, Table) and b.caption == "Complaint allegations")
    a = pd.read_parquet(root / "complaints_allegations.parquet")
    mine = a[(a["borough_code"] == "E09000010") & (a["month"] >= "2025-01") & (a["month"] <= "2025-12")]
    assert head.data.loc[0, "Allegations"] == f"{int(mine['allegations'].sum()):,}"
    assert head.period and head.comparison and head.release and head.population


def test_complaints_say_none_is_published_when_absent(enfield) -> None:
    # a section with nothing to show is one line in the summary, not a page of its own
    doc = pack_document(enfield, "snb")
    assert "Complaints" not in [s.title for s in doc.sections]
    summary = next(s for s in doc.sections if s.title == "Summary")
    lines = [b.text for b in summary.blocks if isinstance(b, Paragraph)]
    assert any(t.startswith("Complaints: no data") and "No borough-level complaints extract is published" in t
               for t in lines)
    assert any(t.startswith("Stop and search: no data") for t in lines)


@pytest.fixture(scope="module")
def enfield_2018(real_store: Path):
    """Enfield's snb pack view to February 2018 (stop-and-search records cover it), built once for the module."""
    return pack_view(pack_sources(Store(real_store)), "Enfield", "2018-02")


def test_stop_search_shares_say_which_months_are_left_out(enfield_2018):
    """December 2017's objects of search were all recorded alike: its shares print 'n/a' and the note says why."""
    from lib.pack.document import _stop_search_section

    monthly = _stop_search_section(enfield_2018).blocks[1]
    rows = monthly.data.set_index("Month")
    assert (rows.loc["December 2017", "Weapons share"], rows.loc["December 2017", "Key-crime share"]) == ("n/a", "n/a")
    assert rows.loc["January 2018", "Weapons share"].endswith("%")
    assert "leave out December 2017" in monthly.note


def test_stop_search_table_prints_months_in_words_and_marks_withheld_shares(enfield_2018):
    """The Month column reads as Figure 12 beside it does ('December 2017', not '2017-12'); a rate or share
    of a count under 10 prints 'under 10', not a blank that reads as 'no data'; counts print as
    published. February 2018 holds Enfield's first 13 searches in the records, none ending in arrest (hand
    count of the records: 11 no further action, 2 cannabis warnings)."""
    from lib.pack.document import _stop_search_section
    from lib.report.html import blocks_html

    section = _stop_search_section(enfield_2018)
    printed = blocks_html(section.blocks, "report")
    feb = printed[re.search(r"<td[^>]*>February 2018</td>", printed).start():].split("</tr>")[0]
    assert [c.split(">")[-1] for c in feb.split("</td>")[:-1]] == [
        "February 2018", "13", "0", *["under 10"] * 3]
    assert re.search(r"<td[^>]*>December 2017</td>", printed) and not re.search(r"<td[^>]*>\d{4}-\d{2}</td>", printed)
    assert "a rate or share of a count under 10 is not shown" in printed


def test_crime_trend_table_prints_months_in_words(enfield) -> None:
    section = next(s for s in pack_document(enfield, "snb").sections if s.title == "Recorded crime trend")
    months = next(b for b in section.blocks if isinstance(b, Table)).data["Month"]
    assert (months.iloc[0], months.iloc[-1]) == ("October 2013", "September 2015")


def test_a_dataset_of_another_release_is_refused_not_believed(real_store: Path) -> None:
    """Issue 22: a pack for release 2025-11 given the newest-per-month dataset printed 'from the newest release
    for each month' (a silent wrong figure). The pack's one input now carries its release, and sources whose
    dataset is of another release are refused; the release's own sources print its words."""
    from lib.views.crime import crime_dataset

    store = Store(real_store)
    records = pack_sources(store).records
    with pytest.raises(ValueError, match="release '2025-11' hold the crime dataset of release None"):
        PackSources(store, "2025-11", crime_dataset(store, None), records)
    pack = pack_view(pack_sources(store, "2025-11"), "Enfield", "2025-09")
    assert (pack.release, pack.release_words) == ("2025-11", "as published in the release to November 2025")
    with pytest.raises(ValueError, match="stop-and-search records exactly when"):
        PackSources(store, "2025-11", crime_dataset(store, "2025-11"), None)


def test_one_pagers_outside_the_hate_and_special_file_are_one_line_not_pages(real_store: Path) -> None:
    # the file covers April 2010 to May 2021 and August 2021 on: the 12 months to June 2021 touch the gap
    v = pack_view(pack_sources(Store(real_store)), "Barking and Dagenham", "2021-06", "indicators")
    titles = [p.title for p in v.pages]
    assert titles[0] == "Total Notifiable Offences" and "Sexual Offences" in titles
    assert not {"Domestic Abuse", "Gun Crime", "Knife Crime", "Hate Crime"} & set(titles)
    lines = [t for t in v.not_covered if t.startswith("Domestic Abuse, Gun Crime, Knife Crime, Hate Crime: no figures "
                                                          "for the 12 months to June 2021.")]
    assert len(lines) == 1 and "no file covers June 2021 to July 2021" in lines[0]
    doc = pack_document(v, "indicators")
    assert len(doc.sections) == 1 + len(titles)  # about these pages, then a page per indicator with figures
