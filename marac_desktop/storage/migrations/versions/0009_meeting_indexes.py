"""An index for what a meeting's proposed list is read from.

The list rules read the open (received or accepted) referrals and the hearings of the past year
or so (for 12-month notices). Referrals by status, then meeting day and case, make each of those
a range read (the hearings from the index alone), not a walk over every referral ever made.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_referrals_status_meeting_day", "referrals", ["status", "meeting_day", "case_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_referrals_status_meeting_day", "referrals")
