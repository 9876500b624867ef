"""IDVA allocation on cases, and the counts the performance reports read.

``report_discussions`` holds one row per case discussed (categories and numbers, never a
name); ``report_days`` and ``report_day_values`` hold their sums per meeting day, worked out
by ``storage.reports_repo``. Triggers put the id of every case whose records change into
``report_stale``; the next report works out just those cases and their days again. Existing
cases all start stale.

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

# For each table, the cases a changed row touches; {row} is NEW or OLD, {day} a meeting's day.
_TOUCHED: dict[str, tuple[str, ...]] = {
    "cases": ("VALUES ({row}.id)",),
    "case_people": ("VALUES ({row}.case_id)",),
    "referrals": ("VALUES ({row}.case_id)",),
    "assessments": ("VALUES ({row}.case_id)",),
    "meeting_cases": ("VALUES ({row}.case_id)",),
    "people": (
        "SELECT id FROM cases WHERE victim_id = {row}.id",
        "SELECT case_id FROM case_people WHERE person_id = {row}.id",
    ),
    "meetings": (
        "SELECT case_id FROM meeting_cases WHERE meeting_id = {row}.id",
        "SELECT case_id FROM referrals WHERE meeting_day = {day}",
    ),
}
_DAY_SUMS = (
    "cases",
    "repeats",
    "children",
    "minoritised",
    "lgbt",
    "disabled",
    "male",
    "aged_16_17",
    "aged_65_plus",
    "young_perpetrators",
    "high_risk",
    "with_idva",
    "waits",
    "wait_total",
)
_DAY = {"sqlite": "date({row}.starts_at)", "postgresql": "CAST({row}.starts_at AS DATE)"}


def _marks(table: str, row: str, dialect: str) -> list[str]:
    day = _DAY[dialect].format(row=row)
    return [_MARK.format(source=s.format(row=row, day=day)) for s in _TOUCHED[table]]


def _sqlite_triggers(table: str) -> list[str]:
    made = []
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
        body = " ".join(f"{m};" for row in rows for m in _marks(table, row, "sqlite"))
        made.append(
            f"CREATE TRIGGER report_stale_{table}_{event.lower()} AFTER {event} ON {table} "
            f"FOR EACH ROW BEGIN {body} END"
        )
    return made


def _postgresql_triggers(table: str) -> list[str]:
    old = " ".join(f"{m};" for m in _marks(table, "OLD", "postgresql"))
    new = " ".join(f"{m};" for m in _marks(table, "NEW", "postgresql"))
    return [
        f"CREATE FUNCTION report_stale_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {old} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {new} END IF; "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER report_stale_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION report_stale_{table}()",
    ]


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("idva_name", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("idva_allocated_on", sa.Date, nullable=True))
    op.create_index("ix_referrals_meeting_day", "referrals", ["meeting_day", "case_id"])
    op.create_table("report_stale", sa.Column("case_id", sa.Integer, primary_key=True))
    op.create_table(
        "report_discussions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, index=True),
        sa.Column("meeting_id", sa.Integer, nullable=True),
        sa.Column("case_id", sa.Integer, nullable=False, index=True),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("repeat", sa.Integer, nullable=False),
        sa.Column("wait", sa.Integer, nullable=True),
        sa.Column("victim_age", sa.Integer, nullable=True),
        sa.Column("children", sa.Integer, nullable=False),
        sa.Column("young_perpetrators", sa.Integer, nullable=False),
        sa.Column("high_risk", sa.Integer, nullable=False),
        sa.Column("idva", sa.Integer, nullable=False),
        sa.Column("minoritised", sa.Integer, nullable=False),
        sa.Column("lgbt", sa.Integer, nullable=False),
        sa.Column("ethnicity", sa.String(64), nullable=False),
        sa.Column("gender", sa.String(32), nullable=False),
        sa.Column("sexuality", sa.String(32), nullable=False),
        sa.Column("disability", sa.Boolean, nullable=True),
    )
    op.create_table(
        "report_days",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, index=True),
        sa.Column("meeting_id", sa.Integer, nullable=True),
        *(sa.Column(name, sa.Integer, nullable=False) for name in _DAY_SUMS),
        sa.Column("wait_max", sa.Integer, nullable=True),
    )
    op.create_table(
        "report_day_values",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("meeting_id", sa.Integer, nullable=True),
        sa.Column("dimension", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_index("ix_report_day_values_day", "report_day_values", ["dimension", "day"])
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
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER report_stale_{table}_{event}")
    op.drop_table("report_day_values")
    op.drop_table("report_days")
    op.drop_table("report_discussions")
    op.drop_table("report_stale")
    op.drop_index("ix_referrals_meeting_day", "referrals")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("idva_allocated_on")
        batch.drop_column("idva_name")
