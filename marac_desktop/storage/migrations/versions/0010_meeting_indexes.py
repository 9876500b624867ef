"""Indexes for what a meeting's proposed list is read from.

The list rules read the open (received or accepted) referrals, and the cases last heard a year
before the meeting (for 12-month notices). Referrals by status, then meeting day and case, make
the first a range read and find the hearings of that window from the index alone; referrals by
case, status and meeting day tell from the index alone whether a case was heard again since.
Neither walks every referral ever made.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_referrals_status_meeting_day", "referrals", ["status", "meeting_day", "case_id"]
    )
    op.create_index(
        "ix_referrals_case_status_meeting_day", "referrals", ["case_id", "status", "meeting_day"]
    )


def downgrade() -> None:
    op.drop_index("ix_referrals_case_status_meeting_day", "referrals")
    op.drop_index("ix_referrals_status_meeting_day", "referrals")
