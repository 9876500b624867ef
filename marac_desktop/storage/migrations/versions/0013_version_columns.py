"""Working side by side: a version on every row a person edits, and case numbers from a counter.

Each edited table gets ``version`` (raised by one with every saved edit, so a save made from an
older reading is refused: ``storage/versions.py``) and ``changed_by`` / ``changed_at`` (the
account that saved the current version, and when), which the refusal names. Case references
are numbered by ``storage/references.py``: on PostgreSQL from the sequence ``case_numbers``, on
SQLite from the ``counters`` row ``case``; either starts after the highest reference on record.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

VERSIONED = ("people", "cases", "assessments", "actions", "meetings", "meeting_cases", "flags")


def _highest_reference(connection: sa.Connection) -> int:
    if connection.dialect.name == "postgresql":
        number = "substring(reference from '^C-([0-9]+)$')::integer"
    else:
        number = "CAST(substr(reference, 3) AS INTEGER)"
    query = f"SELECT max({number}) FROM cases WHERE reference LIKE 'C-%'"
    return int(connection.execute(sa.text(query)).scalar() or 0)


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        op.add_column(
            table, sa.Column("changed_by", sa.String(100), nullable=False, server_default="")
        )
        op.add_column(table, sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    highest = _highest_reference(connection)
    if connection.dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE case_numbers AS integer START WITH 1 MINVALUE 1")
        if highest:
            op.execute(f"SELECT setval('case_numbers', {highest})")
    else:
        op.execute(
            "CREATE TABLE counters (name VARCHAR(32) NOT NULL PRIMARY KEY, value INTEGER NOT NULL)"
        )
        op.execute(f"INSERT INTO counters (name, value) VALUES ('case', {highest})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE case_numbers")
    else:
        op.execute("DROP TABLE counters")
    for table in VERSIONED:
        for column in ("changed_at", "changed_by", "version"):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
