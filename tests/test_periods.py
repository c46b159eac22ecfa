"""Reporting periods: labels, wording, parsing and boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.periods import Period, PeriodError


def test_october_start_label_and_wording():
    period = Period(2020, 10)
    assert period.label == "2020-21"
    assert str(period) == "2020-21"
    assert period.wording == "October 2020 to September 2021"
    assert period.start == date(2020, 10, 1)
    assert period.end == date(2021, 9, 30)


def test_century_boundary_label():
    assert Period(1999, 10).label == "1999-00"
    assert Period(2099, 4).label == "2099-00"


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (date(2020, 10, 1), 2020),
        (date(2021, 9, 30), 2020),
        (date(2021, 10, 1), 2021),
        (date(2020, 9, 30), 2019),
        (date(2021, 1, 15), 2020),
    ],
)
def test_of_october_start(day, start_year):
    assert Period.of(day, 10) == Period(start_year, 10)
    assert Period.of(day, 10).contains(day)


def test_next_and_previous():
    period = Period(2020, 10)
    assert period.next() == Period(2021, 10)
    assert period.previous() == Period(2019, 10)
    assert period.next().label == "2021-22"
    assert period.previous().label == "2019-20"
    assert period.next().previous() == period
    assert period.previous() < period < period.next()


def test_consecutive_periods_meet_without_gap():
    period = Period(2020, 10)
    assert (period.next().start - period.end).days == 1
    assert not period.contains(period.next().start)
    assert not period.contains(period.previous().end)


@pytest.mark.parametrize("label", ["2020-21", "2020/21", "2020-2021", " 2020 - 21 ", "2020/2021"])
def test_parse_two_year_labels(label):
    assert Period.parse(label, 10) == Period(2020, 10)


def test_parse_bare_year_with_october_start_is_the_period_starting_that_year():
    assert Period.parse("2021", 10) == Period(2021, 10)


def test_parse_round_trips_labels():
    for year in (1999, 2000, 2020, 2099):
        for month in (1, 4, 10):
            period = Period(year, month)
            assert Period.parse(period.label, month) == period


def test_parse_across_a_century():
    assert Period.parse("1999-00", 10) == Period(1999, 10)
    assert Period.parse("1999-2000", 10) == Period(1999, 10)


@pytest.mark.parametrize(
    "label", ["", "abc", "20-21", "2020-22", "2020-2022", "2020-21-22", "2020/1", "21", "2020 21"]
)
def test_bad_labels_raise(label):
    with pytest.raises(PeriodError) as info:
        Period.parse(label, 10)
    assert "2020-21" in str(info.value) or "consecutive" in str(info.value)


def test_bad_label_message_suggests_the_form():
    with pytest.raises(PeriodError, match=r"expected e\.g\. 2020-21"):
        Period.parse("last year", 10)


def test_span_mismatch_suggests_the_right_label():
    with pytest.raises(PeriodError, match="2020-21"):
        Period.parse("2020-22", 10)


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


# -- January start: calendar years ------------------------------------------------------------


def test_january_start_label_and_wording():
    period = Period(2021, 1)
    assert period.label == "2021"
    assert period.wording == "January 2021 to December 2021"
    assert period.start == date(2021, 1, 1)
    assert period.end == date(2021, 12, 31)


def test_january_start_of():
    assert Period.of(date(2021, 1, 1), 1) == Period(2021, 1)
    assert Period.of(date(2020, 12, 31), 1) == Period(2020, 1)
    assert Period.of(date(2021, 12, 31), 1).label == "2021"


def test_january_start_parse():
    assert Period.parse("2021", 1) == Period(2021, 1)
    with pytest.raises(PeriodError, match="January"):
        Period.parse("2020-21", 1)


def test_january_next_and_previous():
    assert Period(2021, 1).next().label == "2022"
    assert Period(2021, 1).previous().label == "2020"


# -- April start ------------------------------------------------------------------------------


def test_april_start():
    period = Period.of(date(2021, 4, 1), 4)
    assert period == Period(2021, 4)
    assert period.label == "2021-22"
    assert period.wording == "April 2021 to March 2022"
    assert period.end == date(2022, 3, 31)
    assert Period.of(date(2021, 3, 31), 4) == Period(2020, 4)
    assert Period.parse("2021/22", 4) == period


# -- end dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "end"),
    [
        (Period(2019, 3), date(2020, 2, 29)),  # leap year
        (Period(2020, 3), date(2021, 2, 28)),
        (Period(1899, 3), date(1900, 2, 28)),  # 1900 is not a leap year
        (Period(1999, 3), date(2000, 2, 29)),  # 2000 is
        (Period(2020, 10), date(2021, 9, 30)),
        (Period(2020, 2), date(2021, 1, 31)),
        (Period(2020, 12), date(2021, 11, 30)),
        (Period(2020, 1), date(2020, 12, 31)),
    ],
)
def test_end_is_last_day_of_the_month_before_the_start_month(period, end):
    assert period.end == end
    assert period.contains(end)
    assert (period.next().start - end).days == 1


def test_wording_of_a_march_start_ends_in_february():
    assert Period(2019, 3).wording == "March 2019 to February 2020"
