"""The audit log page filters by account, record type and time in the database: an index for
each (the action has one since 0008), so a filtered page reads along an index instead of every
row. The rows themselves are untouched (the chain is not rewritten).

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_audit_log_actor": ["actor", "id"],
    "ix_audit_log_target_type": ["target_type", "id"],
    "ix_audit_log_at": ["at"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "audit_log", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, "audit_log")
