"""A date and time typed in one go: read whole, or refused in one sentence."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.domain.sheet_dates import DateOrder, SheetDateError
from marac_desktop.domain.typed_dates import TypedDateError, read_date_time, typed_day

TODAY = date(2026, 12, 1)
DAY_FIRST = DateOrder.DAY_FIRST


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("12/3/2026 10:00", datetime(2026, 3, 12, 10, 0)),
        ("12/03/2026 14:30", datetime(2026, 3, 12, 14, 30)),
        ("12.03.26 9.15", datetime(2026, 3, 12, 9, 15)),
        ("12 Mar 2026 2:30pm", datetime(2026, 3, 12, 14, 30)),
        ("12 march 2026 12am", datetime(2026, 3, 12, 0, 0)),
        ("12 Mar 2026 12pm", datetime(2026, 3, 12, 12, 0)),
        ("2026-03-12 14:30", datetime(2026, 3, 12, 14, 30)),
        ("Thu 12 Mar 2026, 10:00", datetime(2026, 3, 12, 10, 0)),
        ("  thursday   12 Mar 2026 ,  10:00 ", datetime(2026, 3, 12, 10, 0)),
        ("1/1/99 10:00", datetime(2099, 1, 1, 10, 0)),
    ],
)
def test_reads_what_a_person_types(typed: str, meant: datetime) -> None:
    assert read_date_time(typed, DAY_FIRST, TODAY) == meant


def test_month_first_when_the_area_says_so() -> None:
    assert read_date_time("3/12/2026 10:00", DateOrder.MONTH_FIRST, TODAY) == datetime(
        2026, 3, 12, 10, 0
    )


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("12/3/2026", "Type the time after the date, for example 12/03/2026 10:00."),
        ("12/3/2026 10", "Type the time after the date, for example 12/03/2026 10:00."),
        ("20262", "Type the time after the date, for example 12/03/2026 10:00."),
        ("12/3/2026 25:00", "That time does not exist; use the 24-hour clock, as in 14:30."),
        ("12/3/2026 10:75", "That time does not exist; use the 24-hour clock, as in 14:30."),
        ("12/3/2026 13pm", "That time does not exist; after am or pm the hour is 1 to 12."),
        ("31/2/2026 10:00", "That date is not a day that exists; type it as 12/03/2026 10:00."),
        ("12/13/2026 10:00", "That date has no month 13; type it as 12/03/2026 10:00."),
        ("next thursday 10:00", "That date is not a date (write it as DD/MM/YYYY)"),
    ],
)
def test_what_cannot_be_read_is_one_sentence(typed: str, sentence: str) -> None:
    with pytest.raises(TypedDateError) as refused:
        read_date_time(typed, DAY_FIRST, TODAY)
    assert str(refused.value).startswith(sentence)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)))
def test_the_fields_own_display_reads_back_to_the_same_minute(moment: datetime) -> None:
    shown = moment.strftime("%a %d %b %Y, %H:%M")
    assert read_date_time(shown, DAY_FIRST, TODAY) == moment.replace(second=0, microsecond=0)


@given(st.text(alphabet="0123456789/.:- ,apmjanfebThu", max_size=30))
def test_any_text_is_read_or_refused_never_another_error(typed: str) -> None:
    with contextlib.suppress(TypedDateError):
        assert isinstance(read_date_time(typed, DAY_FIRST, TODAY), datetime)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("27/3/2026", date(2026, 3, 27)),
        ("27 Mar 2026", date(2026, 3, 27)),  # as the due-date field shows a day
        ("Fri 27 Mar 2026", date(2026, 3, 27)),
        ("2026-03-27", date(2026, 3, 27)),
        ("27/03/27", date(2027, 3, 27)),  # a due day may be ahead: today's century
    ],
)
def test_a_day_alone_is_read(typed: str, meant: date) -> None:
    assert typed_day(typed, DAY_FIRST, None, TODAY) == meant


def test_a_two_digit_year_stays_no_later_than_the_latest_day() -> None:
    assert typed_day("27/03/27", DAY_FIRST, TODAY, TODAY) == date(1927, 3, 27)
    assert typed_day("27/03/26", DAY_FIRST, TODAY, TODAY) == date(2026, 3, 27)


def test_a_day_that_cannot_be_read_says_why() -> None:
    with pytest.raises(SheetDateError, match="is not a day that exists"):
        typed_day("31/02/2026", DAY_FIRST, None, TODAY)
