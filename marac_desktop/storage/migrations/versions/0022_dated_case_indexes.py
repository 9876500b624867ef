"""The perpetrator ranking reads, for every perpetrator's cases, the days (and kinds) of the
incidents and referrals inside its window. An index on the case, the day and the kind answers
that from the index alone, without reading each row; it replaces the index on the case alone,
of which it is an extension.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_INDEXES = {
    "incidents": ("ix_incidents_case_id", "ix_incidents_case_day", ["case_id", "day", "kind"]),
    "referrals": ("ix_referrals_case_id", "ix_referrals_case_day", ["case_id", "day"]),
}


def upgrade() -> None:
    for table, (old, new, columns) in _INDEXES.items():
        op.create_index(new, table, columns)
        op.drop_index(old, table)


def downgrade() -> None:
    for table, (old, new, _columns) in _INDEXES.items():
        op.create_index(old, table, ["case_id"])
        op.drop_index(new, table)
