"""The report's discussions in columns: ``report_discussions`` replaces ``report_case_facts``.

Each case's discussions (``risk.discussions``) were kept as one JSON text per case and counted
in Python; they are now worked out and counted in SQL (``storage/report_discussions.py``), one
row per discussion. The counts are made again from the records at the next report
(``risk.report_counts.COUNTING_VERSION`` 4).

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_discussions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False, index=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("meeting_id", sa.Integer, nullable=True),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("repeat", sa.Boolean, nullable=False),
        sa.Column("wait", sa.Integer, nullable=True),
        sa.Column("victim_age", sa.Integer, nullable=True),
        sa.Column("children", sa.Integer, nullable=False),
        sa.Column("young_perpetrators", sa.Integer, nullable=False),
        sa.Column("high_risk", sa.Boolean, nullable=False),
        sa.Column("with_idva", sa.Boolean, nullable=False),
        sa.Column("ethnicity", sa.String(64), nullable=False),
        sa.Column("gender", sa.String(64), nullable=False),
        sa.Column("sexuality", sa.String(64), nullable=False),
        sa.Column("disability", sa.Boolean, nullable=True),
    )
    op.drop_table("report_case_facts")
    op.execute("DELETE FROM report_days")
    op.execute("DELETE FROM report_stale")
    op.execute("INSERT INTO report_stale (case_id) SELECT id FROM cases")


def downgrade() -> None:
    op.create_table(
        "report_case_facts",
        sa.Column("case_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("discussions", sa.Text, nullable=False),
    )
    op.drop_table("report_discussions")
    op.execute("DELETE FROM report_days")
    op.execute("DELETE FROM report_stale")
    op.execute("INSERT INTO report_stale (case_id) SELECT id FROM cases")
