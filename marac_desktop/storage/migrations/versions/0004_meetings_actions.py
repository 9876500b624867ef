"""MARAC meetings, the cases on each list, attendance, agency actions and their history.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("venue", sa.String(200), nullable=False),
        sa.Column("online", sa.Boolean, nullable=False),
        sa.Column("chair", sa.String(200), nullable=False),
        sa.Column("area", sa.String(200), nullable=False),
        sa.Column("cutoff", sa.Date, nullable=False),
        sa.Column("slot_minutes", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("last_number", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "meeting_cases",
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("section", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("research_agencies", sa.Text, nullable=False),
        sa.Column("heard", sa.Boolean, nullable=False),
        sa.Column("minutes_used", sa.Integer, nullable=True),
        sa.Column("agency_summary", sa.Text, nullable=False),
        sa.Column("risks", sa.Text, nullable=False),
    )
    op.create_index("ix_meeting_cases_case", "meeting_cases", ["case_id"])
    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), nullable=False, index=True
        ),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("attendee", sa.String(200), nullable=False),
        sa.Column("present", sa.Boolean, nullable=False),
        sa.Column("apologies", sa.Boolean, nullable=False),
        sa.Column("information_sent", sa.Boolean, nullable=False),
        sa.Column("signed_confidentiality", sa.Boolean, nullable=False),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), nullable=False, index=True
        ),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("agency", sa.String(64), nullable=False, index=True),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "action_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id"), nullable=False, index=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("action_changes")
    op.drop_table("actions")
    op.drop_table("meeting_attendance")
    op.drop_index("ix_meeting_cases_case", "meeting_cases")
    op.drop_table("meeting_cases")
    op.drop_table("meetings")
