"""Audit rows signed by the account that wrote them.

``signer_key`` is the writer's Ed25519 public key (hex) and ``signature`` its signature over the
row hash; rows written before this revision keep both empty and are reported as written before
signatures. The index on ``action`` finds the ``signing_key`` rows (the key register) at unlock
without reading the whole log.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch copy): the table and its append-only triggers stay as they are.
    op.add_column(
        "audit_log", sa.Column("signer_key", sa.String(64), nullable=False, server_default="")
    )
    op.add_column(
        "audit_log", sa.Column("signature", sa.String(128), nullable=False, server_default="")
    )
    op.create_index("ix_audit_log_action", "audit_log", ["action"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_action", "audit_log")
    op.drop_column("audit_log", "signature")
    op.drop_column("audit_log", "signer_key")
