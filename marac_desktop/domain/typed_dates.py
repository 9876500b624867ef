"""Reading a date and time typed in one go, as a coordinator types a meeting's start:
"12/3/2026 10:00", "12 Mar 2026 2:30pm", "2026-03-12 14:30", or as the field shows it,
"Thu 12 Mar 2026, 10:00". Nothing is guessed: what cannot be read is refused in one sentence
that never repeats what was typed."""

from __future__ import annotations

import re
from datetime import date, datetime

from marac_desktop.domain.sheet_dates import DateOrder, SheetDateError, read_sheet_date

_TIME = re.compile(r"(?:^|[\s,]+)(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")
_WEEKDAY = re.compile(r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?[\s,]+")
EXAMPLE = "12/03/2026 10:00"


class TypedDateError(ValueError):
    """The text is not a date and time; the message says what to type instead."""


def read_date_time(text: str, order: DateOrder, today: date) -> datetime:
    """The moment typed; a two-digit year is in today's century."""
    cleaned = _WEEKDAY.sub("", " ".join(text.strip().lower().split()))
    moment = _TIME.search(cleaned)
    if moment is None or (moment.group(2) is None and moment.group(3) is None):
        raise TypedDateError(f"Type the time after the date, for example {EXAMPLE}.")
    hour, minute = int(moment.group(1)), int(moment.group(2) or 0)
    if moment.group(3) is not None:
        if not 1 <= hour <= 12:
            raise TypedDateError("That time does not exist; after am or pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if moment.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise TypedDateError("That time does not exist; use the 24-hour clock, as in 14:30.")
    day_text = cleaned[: moment.start()].strip(" ,")
    century_end = date(today.year // 100 * 100 + 99, 12, 31)
    try:
        day = read_sheet_date(day_text, order, century_end, future_allowed=True).day
    except SheetDateError as error:
        raise TypedDateError(f"That date {error}; type it as {EXAMPLE}.") from None
    return datetime(day.year, day.month, day.day, hour, minute)


def typed_day(text: str, order: DateOrder, latest: date | None, today: date) -> date:
    """The day typed ("12/3/2026", "Thu 12 Mar 2026", "2026-03-12"); a two-digit year is put
    in the latest century that keeps the day no later than ``latest``, or in today's century
    when any day may be typed. ``SheetDateError`` says what is wrong."""
    cleaned = _WEEKDAY.sub("", " ".join(text.strip().lower().split()))
    pivot = latest or date(today.year // 100 * 100 + 99, 12, 31)
    return read_sheet_date(cleaned, order, pivot, future_allowed=True).day
