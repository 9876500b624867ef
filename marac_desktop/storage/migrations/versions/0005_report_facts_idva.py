"""IDVA allocations of cases (with their history), and the counts the performance reports read.

``report_days`` holds each meeting's counts and ``report_case_facts`` each case's share of them
(categories and numbers as JSON, never a name), kept by ``storage.reports_repo``. Triggers put
the id of every case whose records change into ``report_stale``; the next report takes those
cases' old shares away and adds their new ones. Existing cases all start stale.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_MARK = "INSERT INTO report_stale (case_id) {source} ON CONFLICT (case_id) DO NOTHING"

# For each table: the changes that matter, and the cases a changed row touches ({row} is NEW or
# OLD, {day} a meeting's day). A new person or case is in no discussion until a party, referral
# or meeting place is added, and those mark it.
_ALL = ("INSERT", "UPDATE", "DELETE")
_TOUCHED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cases": (("UPDATE OF victim_id", "DELETE"), ("VALUES ({row}.id)",)),
    "case_people": (_ALL, ("VALUES ({row}.case_id)",)),
    "case_idvas": (_ALL, ("VALUES ({row}.case_id)",)),
    "referrals": (_ALL, ("VALUES ({row}.case_id)",)),
    "assessments": (_ALL, ("VALUES ({row}.case_id)",)),
    "meeting_cases": (_ALL, ("VALUES ({row}.case_id)",)),
    "people": (
        ("UPDATE OF date_of_birth, gender, ethnicity, sexuality, disability", "DELETE"),
        (
            "SELECT id FROM cases WHERE victim_id = {row}.id",
            "SELECT case_id FROM case_people WHERE person_id = {row}.id",
        ),
    ),
    "meetings": (
        ("INSERT", "UPDATE OF starts_at", "DELETE"),
        (
            "SELECT case_id FROM meeting_cases WHERE meeting_id = {row}.id",
            "SELECT case_id FROM referrals WHERE meeting_day = {day}",
        ),
    ),
}
_DAY = {"sqlite": "date({row}.starts_at)", "postgresql": "CAST({row}.starts_at AS DATE)"}


def _marks(table: str, row: str, dialect: str) -> str:
    day = _DAY[dialect].format(row=row)
    sources = _TOUCHED[table][1]
    return " ".join(_MARK.format(source=s.format(row=row, day=day)) + ";" for s in sources)


def _rows(event: str) -> tuple[str, ...]:
    return {"INSERT": ("NEW",), "DELETE": ("OLD",)}.get(event.split()[0], ("OLD", "NEW"))


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER report_stale_{table}_{event.split()[0].lower()} AFTER {event} "
        f"ON {table} FOR EACH ROW BEGIN "
        + " ".join(_marks(table, row, "sqlite") for row in _rows(event))
        + " END"
        for event in _TOUCHED[table][0]
    ]


def _postgresql_triggers(table: str) -> list[str]:
    old, new = _marks(table, "OLD", "postgresql"), _marks(table, "NEW", "postgresql")
    events = " OR ".join(_TOUCHED[table][0])
    return [
        f"CREATE FUNCTION report_stale_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {old} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {new} END IF; "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER report_stale_{table} AFTER {events} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION report_stale_{table}()",
    ]


def upgrade() -> None:
    op.create_table(
        "case_idvas",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("allocated_on", sa.Date, nullable=False),
        sa.Column("ended_on", sa.Date, nullable=True),
    )
    op.create_index("ix_referrals_meeting_day", "referrals", ["meeting_day", "case_id"])
    op.create_table(
        "report_stale", sa.Column("case_id", sa.Integer, primary_key=True, autoincrement=False)
    )
    op.create_table(
        "report_case_facts",
        sa.Column("case_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("discussions", sa.Text, nullable=False),
    )
    op.create_table(
        "report_days",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, index=True),
        sa.Column("meeting_id", sa.Integer, nullable=True),
        sa.Column("counts", sa.Text, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    make = _postgresql_triggers if dialect == "postgresql" else _sqlite_triggers
    for table in _TOUCHED:
        for statement in make(table):
            op.execute(statement)
    op.execute("INSERT INTO report_stale (case_id) SELECT id FROM cases")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in _TOUCHED:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER report_stale_{table} ON {table}")
            op.execute(f"DROP FUNCTION report_stale_{table}()")
        else:
            for event in _TOUCHED[table][0]:
                op.execute(f"DROP TRIGGER report_stale_{table}_{event.split()[0].lower()}")
    op.drop_table("report_days")
    op.drop_table("report_case_facts")
    op.drop_table("report_stale")
    op.drop_index("ix_referrals_meeting_day", "referrals")
    op.drop_table("case_idvas")
