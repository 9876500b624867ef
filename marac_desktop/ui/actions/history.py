"""An action's history as the dialogs list it: every status it has had and every correction,
in the order they were made, each with when and who."""

from __future__ import annotations

from datetime import UTC, date, datetime

from marac_desktop.domain.meetings import Action, ActionChange, ActionEdit, ActionField

from marac_desktop.ui.cases.words import day_text


def _utc(at: datetime) -> datetime:
    """The database keeps UTC, read back without a zone; a change just made has it."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _when(at: datetime, by: str) -> str:
    """When in local time, and who."""
    local = _utc(at).astimezone()
    return f"{day_text(local.date())} {local:%H:%M} · {by}"


def _status_line(change: ActionChange) -> str:
    line = f"{_when(change.at, change.by)} · {change.status.label}"
    return f"{line}: {change.note}" if change.note else line


def _value(field: ActionField, value: str) -> str:
    return day_text(date.fromisoformat(value)) if field is ActionField.DUE else f"“{value}”"


def edit_line(edit: ActionEdit) -> str:
    """12 Mar 2026 10:14 · admin · Due corrected from 20 Mar 2026 to 27 Mar 2026."""
    before, after = _value(edit.field, edit.old), _value(edit.field, edit.new)
    return f"{_when(edit.at, edit.by)} · {edit.field.label} corrected from {before} to {after}"


def history_lines(action: Action) -> list[str]:
    """Oldest first; a status change and a correction made at the same moment, status first."""
    dated = [(_utc(c.at), 0, _status_line(c)) for c in action.history]
    dated += [(_utc(e.at), 1, edit_line(e)) for e in action.edits]
    return [line for _at, _kind, line in sorted(dated, key=lambda d: (d[0], d[1]))]
