"""An IDVA allocation may name the account of the IDVA it gives the case to (their user name),
so "the user's own cases" follows the account and not a typed name. An IDVA from outside the
partnership has no account here, and the allocations made before this keep none: both are
NULL and are matched by name as before.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("case_idvas", sa.Column("account", sa.String(32), nullable=True))
    op.create_index("ix_case_idvas_account", "case_idvas", ["account"])


def downgrade() -> None:
    op.drop_index("ix_case_idvas_account", "case_idvas")
    with op.batch_alter_table("case_idvas") as batch:
        batch.drop_column("account")
