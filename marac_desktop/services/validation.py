"""One-sentence checks of what a person typed, shared by the services."""

from __future__ import annotations

from datetime import date

from marac_desktop.errors import InvalidInputError

MAX_TEXT = 200
MAX_LONG_TEXT = 4000


def clean(value: str, label: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    """The text with runs of spaces made one; refused when required and empty, or too long."""
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise InvalidInputError(f"Enter the {label}.")
    if len(cleaned) > limit:
        raise InvalidInputError(f"The {label} is longer than {limit} characters.")
    return cleaned


def long_text(value: str, label: str, limit: int = MAX_LONG_TEXT) -> str:
    """Paragraphs a person typed, trimmed at both ends (line breaks kept); refused when too
    long."""
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise InvalidInputError(f"The {label} is longer than {limit} characters.")
    return cleaned


def not_future(day: date | None, label: str, today: date) -> None:
    if day is not None and day > today:
        raise InvalidInputError(f"The {label} is in the future; check it.")
