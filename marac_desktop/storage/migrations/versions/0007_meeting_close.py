"""Meetings are held only when the coordinator closes them, and only held meetings are counted.

A meeting's status now changes the report counts, so the meetings trigger of 0005 fires on
``status`` as well as ``starts_at``. Earlier versions marked a meeting held as soon as one case
was heard, even a meeting weeks ahead; a meeting whose day has not come cannot have been held, so
those go back to planned (their cases stay marked heard, and count once the meeting is closed).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_MARK = "INSERT INTO report_stale (case_id) {source} ON CONFLICT (case_id) DO NOTHING;"
_SOURCES = (
    "SELECT case_id FROM meeting_cases WHERE meeting_id = {row}.id",
    "SELECT case_id FROM referrals WHERE meeting_day = {day}",
)
_DAY = {"sqlite": "date({row}.starts_at)", "postgresql": "CAST({row}.starts_at AS DATE)"}
_TODAY = {"sqlite": "date('now', 'localtime')", "postgresql": "CURRENT_DATE"}
_NOT_YET_HELD = "UPDATE meetings SET status = 'planned' WHERE status = 'held' AND {day} > {today}"


def _marks(row: str, dialect: str) -> str:
    day = _DAY[dialect].format(row=row)
    return " ".join(_MARK.format(source=s.format(row=row, day=day)) for s in _SOURCES)


def _sqlite_update_trigger(columns: str) -> str:
    return (
        f"CREATE TRIGGER report_stale_meetings_update AFTER UPDATE OF {columns} ON meetings "
        f"FOR EACH ROW BEGIN {_marks('OLD', 'sqlite')} {_marks('NEW', 'sqlite')} END"
    )


def _postgresql_trigger(columns: str) -> str:
    return (
        f"CREATE TRIGGER report_stale_meetings AFTER INSERT OR UPDATE OF {columns} OR DELETE "
        "ON meetings FOR EACH ROW EXECUTE FUNCTION report_stale_meetings()"
    )


def _set_trigger(columns: str) -> None:
    """The meetings trigger (its function, on PostgreSQL, is 0005's and stays as it is)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER report_stale_meetings ON meetings")
        op.execute(_postgresql_trigger(columns))
    else:
        op.execute("DROP TRIGGER report_stale_meetings_update")
        op.execute(_sqlite_update_trigger(columns))


def upgrade() -> None:
    _set_trigger("starts_at, status")
    dialect = op.get_bind().dialect.name
    day = _DAY[dialect].format(row="meetings")
    op.execute(_NOT_YET_HELD.format(day=day, today=_TODAY[dialect]))


def downgrade() -> None:
    _set_trigger("starts_at")
