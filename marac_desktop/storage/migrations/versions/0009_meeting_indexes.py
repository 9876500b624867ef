"""An index for the open referrals a meeting's proposed list starts from.

The list rules read the open (received or accepted) referrals up to the meeting day; with this
index that is a range read of those referrals, not a walk over every referral ever made.

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
    op.create_index("ix_referrals_status_day", "referrals", ["status", "day"])


def downgrade() -> None:
    op.drop_index("ix_referrals_status_day", "referrals")
