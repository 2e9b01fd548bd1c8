"""Month and period arithmetic."""

import pytest

from lib.errors import UsageError
from lib.periods import (
    add_months,
    complete_financial_years,
    financial_year,
    financial_year_label,
    financial_year_start,
    month_label,
    month_range,
    month_runs,
    parse_month,
    parse_period,
    period_label,
    rolling_12,
    year_earlier,
)


def test_parse_month_accepts_both_published_forms():
    assert parse_month("2015-09") == "2015-09"
    assert parse_month("201509") == "2015-09"


@pytest.mark.parametrize("bad", ["2015-13", "2015-9", "Sept 2015", "", "2015-00", "1' or 1=1"])
def test_parse_month_rejects_nonsense(bad):
    with pytest.raises(UsageError):
        parse_month(bad)


def test_rolling_12_crosses_the_year_end():
    assert rolling_12("2015-09") == ("2014-10", "2015-09")
    assert rolling_12("2015-12") == ("2015-01", "2015-12")
    assert year_earlier(*rolling_12("2015-09")) == ("2013-10", "2014-09")


def test_month_range_and_add_months():
    assert month_range("2014-11", "2015-02") == ["2014-11", "2014-12", "2015-01", "2015-02"]
    assert month_range("2015-02", "2015-01") == []
    assert add_months("2015-01", -1) == "2014-12"
    assert add_months("2014-12", 14) == "2016-02"


def test_financial_year_boundaries():
    assert financial_year_start("2015-03") == "2014-04"
    assert financial_year_start("2015-04") == "2015-04"
    assert financial_year_label("2016-03") == "2015/16"
    assert financial_year("2011/12") == ("2011-04", "2012-03")
    with pytest.raises(UsageError):
        financial_year("2011/13")


def test_parse_period():
    assert parse_period("2011-04:2012-03") == ("2011-04", "2012-03")
    assert parse_period("2011/12") == ("2011-04", "2012-03")
    for bad in ("2012-03:2011-04", "2011-04", "2011-04:2012-3"):
        with pytest.raises(UsageError):
            parse_period(bad)


def test_labels_in_words():
    assert month_label("2015-09") == "September 2015"
    assert period_label("2014-10", "2015-09") == "October 2014 to September 2015"


def test_complete_financial_years_need_april_and_march():
    months = ["2011-03", "2011-04", "2011-05", "2012-03", "2012-04", "2013-03"]
    assert complete_financial_years(months) == ["2011/12", "2012/13"]
    assert complete_financial_years(["2011-04", "2011-05"]) == []


@pytest.mark.parametrize("bad", ["٢٠١٥-٠٩", "２０１５-09", "²⁰¹⁵-09", "٢٠١٥٠٩", "2015-09\n", "2015-09\nx"])
def test_months_and_years_are_ascii_digits_only(bad):
    """A bare \\d matches any script's digits (and '$' a trailing newline): they must not pass as months."""
    if bad.strip() == "2015-09":
        assert parse_month(bad) == "2015-09"  # surrounding whitespace is trimmed, as typed
        return
    with pytest.raises(UsageError, match="ASCII digits"):
        parse_month(bad)


def test_bad_values_are_echoed_shortened():
    with pytest.raises(UsageError) as e:
        parse_month("9" * 10_000)
    assert len(str(e.value)) < 120
    with pytest.raises(UsageError, match="not a financial year"):
        financial_year("٢٠١١/١٢")
    with pytest.raises(UsageError, match="not a period"):
        parse_period("2011-04:2012-03:2013-01")


def test_month_runs_split_at_gaps_and_join_across_a_year_end():
    """The stop-and-search records' months by hand: June 2016 alone, December 2017 to February 2019 (across two
    year ends), September 2022 alone."""
    months = ["2016-06", *month_range("2017-12", "2019-02"), "2022-09"]
    runs = month_runs(months)
    assert [(r[0], r[-1], len(r)) for r in runs] == [("2016-06", "2016-06", 1), ("2017-12", "2019-02", 15),
                                                     ("2022-09", "2022-09", 1)]
    assert month_runs([]) == []
