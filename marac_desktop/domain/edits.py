"""How a refused save over someone else's newer change is worded (``storage/versions.py``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum


class Edited(StrEnum):
    """The records people edit in forms, by the word the refusal names them with."""

    PERSON = "person"
    CASE = "case"
    CHECKLIST = "checklist"
    ACTION = "action"
    MEETING = "meeting"
    MEETING_CASE = "case's meeting notes"
    FLAG = "flag"
    INTERVENTION = "intervention"
    PERPETRATOR_ACTION = "action about the perpetrator"


SAVE_AGAIN = "your changes are still here — look at theirs, then save again."
"""How a refusal ends when the person's typing is kept on screen."""
CLOSE_AGAIN = "it is shown as it is now — look at it, then close it again."
"""How a refused close of a meeting ends: nothing was typed, the meeting is read again."""

SOMEONE = "Someone else"
"""Who, when the change was saved before accounts were named on the record."""


def _at(when: datetime | None, today: date | None) -> str:
    if when is None:
        return ""
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone()
    at = f" at {local:%H:%M}"
    if local.date() != (today or date.today()):
        at += f" on {local.day} {local:%B %Y}"
    return at


def found_sentence(who: str, when: datetime | None, today: date | None = None) -> str:
    """One sentence, when a new person is not saved because someone who may be them was saved
    since the search: who saved them and when, and what to do."""
    return (
        f"{who or SOMEONE} saved a person who may be this one{_at(when, today)}; nothing you "
        "typed is lost — look at them below, then choose them or say again that this is "
        "someone new."
    )


def stale_sentence(
    what: Edited,
    who: str,
    when: datetime | None,
    today: date | None = None,
    then: str = SAVE_AGAIN,
) -> str:
    """One sentence: who changed the record and when (local time), then what to do (``then``:
    by default, that nothing typed is lost). ``who`` is an account's name, never anything from
    the record."""
    return f"{who or SOMEONE} changed this {what.value}{_at(when, today)}; {then}"
