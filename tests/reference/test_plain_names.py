"""The plain names residents read beside the official crime names (lib/reference/plain_names.csv, issue 23)."""

from lib.reference.categories import INDICATORS
from lib.views.answers import plain_name, plain_names


def test_every_plain_name_is_of_a_real_series_and_counts_with_its_number():
    names = plain_names()
    assert set(names) <= set(INDICATORS)  # no name for a series the crime files do not have
    assert {"Total Notifiable Offences", "MOPAC 7"} <= set(names)
    assert all("{n}" in p.phrase and p.plain for p in names.values())


def test_no_name_repeats_itself_or_nests_brackets():
    for official in plain_names():
        shown = plain_name(official)
        assert shown.count("(") <= 2 and shown.lower().count(official.lower()) == 1, shown
        assert "((" not in shown and ") (" not in shown, shown
