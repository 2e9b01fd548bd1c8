"""The About page's notes in plain words (lib/views/about.py), from hand-made manifest notes."""

from lib.views.about import note_rows, plain_note


def test_month_codes_ranges_and_release_mappings_read_as_words() -> None:
    assert plain_note("quarters 2014-12..2023-12") == "quarters December 2014 to December 2023"
    assert plain_note({"2008-01..2010-03": "2016-12", "2024-01..2024-01": "2025-12"}) == (
        "January 2008 to March 2010: release of December 2016; January 2024: release of December 2025")
    assert plain_note("financial years 2006/07..2019/20") == "financial years 2006/07 to 2019/20"
    assert plain_note(["E12000007 London", "E13000001 Inner London"]) == "E12000007 London; E13000001 Inner London"


def test_population_vintage_ids_read_as_their_labels() -> None:
    text = plain_note("ons_mye_mid2021_release: mid-2001..mid-2021; ons_mye_mid2024_release: mid-2024..mid-2024")
    assert text == ("ONS mid-2021 release (first Census 2021 based estimate): mid-2001 to mid-2021; "
                    "ONS mid-2024 release (England and Wales, MYE2 persons): mid-2024")


def test_readers_notes_in_page_order_and_bookkeeping_apart() -> None:
    notes = {"crime_series_rule": "v1 mapping 0123", "pas_borough": "33 areas, quarters 2014-12..2015-03",
             "crime_special_months": "2010-04..2021-05", "boroughs_source": "boundaries/x.geojson"}
    plain, technical = note_rows(notes)
    assert plain == (("Hate crime, knife and gun crime, domestic abuse", "April 2010 to May 2021"),
                     ("Public Attitude Survey by borough", "33 areas, quarters December 2014 to March 2015"))
    assert technical == (("boroughs_source", "boundaries/x.geojson"), ("crime_series_rule", "v1 mapping 0123"))


def test_build_time_in_words() -> None:
    from lib.views.about import AboutView

    def made(created: str) -> str:
        return AboutView(kind="official", created=created, notes={}, warnings=(), coverage=None,
                         glossary=None, sources=None).created_label

    assert made("2026-11-28T13:48:20+00:00") == "28 November 2026 at 13:48 UTC"
    assert made("2026-06-01T00:30:00+01:00") == "31 May 2026 at 23:30 UTC"
    assert made("not a time") == "not a time"


def test_the_ward_files_incomplete_months_in_words() -> None:
    from lib.metrics.ward_months import WARD_MONTHS_NOTE

    note = {"rule": "v1 mapping 0123 min share 0.5", "incomplete": {"2026-03": {"2024-03": [47, 75507]}}}
    plain, technical = note_rows({WARD_MONTHS_NOTE: note})
    assert plain == (("Recorded crime by ward: incomplete months",
                      "March 2024 in the ward release to March 2026 (47 offences against 75,507 in the borough "
                      "files): no ward figures for periods that include it"),)
    assert technical == ()
    assert note_rows({WARD_MONTHS_NOTE: {"rule": "x", "incomplete": {}}})[0][0][1].startswith("none: every month")
