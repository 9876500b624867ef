"""Indexes for the pages that list a screenful at a time, and each case's last referral.

``cases.last_referral`` holds the day of the case's latest referral, so the case list sorts by it
on an index instead of working it out for every case. Triggers keep it right whenever a referral
is added, moved or deleted, by any writer (the forms, the demo, a bundle import). The flag queue
reads its pages along ``ix_flags_queue``, newest first; the status, kind, case and person are in
the index too, so a filtered count, a deep page or another order never reads the flags
themselves (their evidence is long). The action tracker reads along ``ix_actions_due``.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_LATEST = (
    "UPDATE cases SET last_referral = "
    "(SELECT max(day) FROM referrals WHERE referrals.case_id = {case}) WHERE id = {case}"
)
_EVENTS = {"insert": "INSERT", "update": "UPDATE OF day, case_id", "delete": "DELETE"}


def _rows(event: str) -> tuple[str, ...]:
    return {"insert": ("NEW",), "delete": ("OLD",)}.get(event, ("OLD", "NEW"))


def _sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER cases_last_referral_{event} AFTER {_EVENTS[event]} ON referrals "
        "FOR EACH ROW BEGIN "
        + " ".join(_LATEST.format(case=f"{row}.case_id") + ";" for row in _rows(event))
        + " END"
        for event in _EVENTS
    ]


def _postgresql_triggers() -> list[str]:
    old, new = (_LATEST.format(case=f"{row}.case_id") + ";" for row in ("OLD", "NEW"))
    return [
        "CREATE FUNCTION cases_last_referral() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {old} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {new} END IF; "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER cases_last_referral AFTER {' OR '.join(_EVENTS.values())} ON referrals "
        "FOR EACH ROW EXECUTE FUNCTION cases_last_referral()",
    ]


def upgrade() -> None:
    op.add_column("cases", sa.Column("last_referral", sa.Date, nullable=True))
    op.execute(
        "UPDATE cases SET last_referral = "
        "(SELECT max(day) FROM referrals WHERE referrals.case_id = cases.id)"
    )
    op.create_index("ix_cases_last_referral", "cases", ["last_referral", "id"])
    dialect = op.get_bind().dialect.name
    for statement in _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)
    op.create_index(
        "ix_flags_queue",
        "flags",
        [sa.text("raised_on DESC"), "id", "status", "kind", "case_id", "person_id"],
    )
    op.create_index("ix_actions_due", "actions", ["due", "id"])


def downgrade() -> None:
    op.drop_index("ix_actions_due", "actions")
    op.drop_index("ix_flags_queue", "flags")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER cases_last_referral ON referrals")
        op.execute("DROP FUNCTION cases_last_referral()")
    else:
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER cases_last_referral_{event}")
    op.drop_index("ix_cases_last_referral", "cases")
    # A plain DROP COLUMN, not a batch copy: the triggers on cases (0005) stay as they are.
    op.drop_column("cases", "last_referral")
