"""Reading dates as a coordinator types them: day first, two-digit years never in the future."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.domain.sheet_dates import DateOrder, SheetDateError, read_sheet_date

TODAY = date(2026, 12, 2)
DAY = DateOrder.DAY_FIRST


@pytest.mark.parametrize(
    ("typed", "expected", "chosen"),
    [
        ("03/04/2024", date(2024, 4, 3), False),
        ("3.4.2024", date(2024, 4, 3), False),
        ("2024-04-03", date(2024, 4, 3), False),
        ("03/04/2024 00:00:00", date(2024, 4, 3), False),
        ("3 April 2024", date(2024, 4, 3), False),
        ("03-Apr-24", date(2024, 4, 3), True),
        ("01/01/60", date(1960, 1, 1), True),
        ("14/07/24", date(2024, 7, 14), True),
        ("02/12/26", date(2026, 12, 2), True),
        ("03/12/26", date(1926, 12, 3), True),
    ],
)
def test_dates_as_typed(typed: str, expected: date, chosen: bool) -> None:
    found = read_sheet_date(typed, DAY, TODAY)
    assert (found.day, found.century_chosen) == (expected, chosen)


def test_month_first_is_an_area_choice() -> None:
    assert read_sheet_date("03/04/2024", DateOrder.MONTH_FIRST, TODAY).day == date(2024, 3, 4)


def test_excel_date_cells_are_taken_as_they_are() -> None:
    assert read_sheet_date(datetime(2024, 4, 3, 0, 0), DAY, TODAY).day == date(2024, 4, 3)
    assert read_sheet_date(date(2024, 4, 3), DAY, TODAY).day == date(2024, 4, 3)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("31/02/2024", "not a day that exists"),
        ("12/13/2024", "no month 13"),
        ("03/12/2027", "in the future"),
        ("soon", "not a date"),
        ("01/01/1850", "before 1900"),
        ("1/1/202", "three-digit year"),
    ],
)
def test_what_is_not_a_date_says_why(typed: str, words: str) -> None:
    with pytest.raises(SheetDateError, match=words):
        read_sheet_date(typed, DAY, TODAY)


@given(st.dates(min_value=date(1927, 1, 1), max_value=TODAY))
def test_a_two_digit_year_is_never_in_the_future_and_is_the_latest_it_can_be(day: date) -> None:
    typed = day.strftime("%d/%m/%y")
    found = read_sheet_date(typed, DAY, TODAY)
    assert found.century_chosen and found.day <= TODAY
    assert found.day == day or found.day.year == day.year - 100 + 200  # the later century
    later = found.day.replace(year=found.day.year + 100) if found.day.year < 2000 else None
    if later is not None:
        assert later > TODAY


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY), st.sampled_from(list(DateOrder)))
def test_four_digit_years_read_back_in_either_order(day: date, order: DateOrder) -> None:
    pattern = "%d/%m/%Y" if order is DateOrder.DAY_FIRST else "%m/%d/%Y"
    assert read_sheet_date(day.strftime(pattern), order, TODAY).day == day


@given(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2099, 12, 31)))
def test_a_four_digit_future_date_is_refused(day: date) -> None:
    with pytest.raises(SheetDateError, match="future"):
        read_sheet_date(day.strftime("%d/%m/%Y"), DAY, TODAY)
