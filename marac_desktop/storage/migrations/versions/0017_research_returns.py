"""Research returns: what each agency asked to research a listed case sent back.

One row per meeting, case and agency, written once the coordinator records a return (or that
none came). An agency on a case's ``research_agencies`` without a row has not returned yet.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "research_returns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("returned_on", sa.Date, nullable=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("risks", sa.Text, nullable=False),
        sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("changed_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("meeting_id", "case_id", "agency"),
    )
    op.create_index("ix_research_returns_meeting_id", "research_returns", ["meeting_id"])
    op.create_index("ix_research_returns_case_id", "research_returns", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_research_returns_case_id", "research_returns")
    op.drop_index("ix_research_returns_meeting_id", "research_returns")
    op.drop_table("research_returns")
