"""Where case and meeting case numbers come from: one counter each, taken atomically, never
``max()+1`` (two desktops reading the same maximum would give out the same reference).

Case numbers come from the sequence ``case_numbers`` on PostgreSQL and from the ``counters``
row ``case`` on SQLite (migration 0013). A meeting's case numbers come from its own row's
``last_number``, raised in the same statement that reads it, so the row lock of that UPDATE
serialises two desktops adding to one meeting.
"""

from __future__ import annotations

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from marac_desktop.storage.orm import MeetingRow

CASE_SEQUENCE = "case_numbers"
"""The PostgreSQL sequence of case numbers (granted in ``storage/server_roles.SEQUENCES``)."""

FILE_COUNTERS = "counters"
"""The SQLite table of counters (no ORM class: a server has the sequence instead)."""


def take_case_numbers(session: Session, count: int = 1) -> list[int]:
    """``count`` case numbers no one else has been or will be given, in ascending order."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        taken = session.scalars(
            select(func.nextval(CASE_SEQUENCE)).select_from(func.generate_series(1, count))
        )
        return sorted(int(n) for n in taken)
    last = session.scalar(
        text("UPDATE counters SET value = value + :count WHERE name = 'case' RETURNING value"),
        {"count": count},
    )
    assert last is not None, "migration 0013 makes the case counter"
    return list(range(int(last) - count + 1, int(last) + 1))


def catch_up_case_numbers(session: Session) -> None:
    """Move the case counter past the highest reference on record, for cases that came in
    without taking numbers from it (copied in from a file by ``move-to-server``)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(:sequence, greatest((SELECT last_value FROM case_numbers), "
                "(SELECT max(substring(reference from '^C-([0-9]+)$')::integer) FROM cases)))"
            ),
            {"sequence": CASE_SEQUENCE},
        )
        return
    session.execute(
        text(
            "UPDATE counters SET value = max(value, coalesce((SELECT "
            "max(CAST(substr(reference, 3) AS INTEGER)) FROM cases "
            "WHERE reference LIKE 'C-%'), 0)) WHERE name = 'case'"
        )
    )


def take_meeting_numbers(session: Session, meeting_id: int, count: int = 1) -> list[int]:
    """The next ``count`` case numbers of one meeting, never given out twice in it."""
    if count <= 0:
        return []
    last = session.scalar(
        update(MeetingRow)
        .where(MeetingRow.id == meeting_id)
        .values(last_number=MeetingRow.last_number + count)
        .returning(MeetingRow.last_number)
    )
    if last is None:
        raise KeyError(meeting_id)
    return list(range(last - count + 1, last + 1))


def last_case_number(session: Session) -> int:
    """The highest case number given out so far on this database (0 before the first)."""
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(text(f"SELECT last_value, is_called FROM {CASE_SEQUENCE}")).one()
        return int(row.last_value) if row.is_called else 0
    return int(session.scalar(text(f"SELECT value FROM {FILE_COUNTERS} WHERE name = 'case'")) or 0)


def continue_case_numbers(session: Session, last: int) -> None:
    """Make a server's next case number follow ``last`` (a moved file's own counter)."""
    if last > 0:
        session.execute(
            text("SELECT setval(:sequence, :last)"), {"sequence": CASE_SEQUENCE, "last": last}
        )
