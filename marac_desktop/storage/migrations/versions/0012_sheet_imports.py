"""What a tracking sheet records beside each imported referral, and notes kept on a case.

``case_imports`` holds, per imported sheet row, the sheet's DASH score (an imported figure,
not a completed checklist) and number of children. ``case_notes`` holds the sheet's notes and
any column the coordinator chose to keep as a note.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_imports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("sheet_row", sa.Integer, nullable=False),
        sa.Column("referral_day", sa.Date, nullable=False),
        sa.Column("dash_score", sa.Integer, nullable=True),
        sa.Column("children_count", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_imports_case_id", "case_imports", ["case_id"])
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("heading", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_notes_case_id", "case_notes")
    op.drop_table("case_notes")
    op.drop_index("ix_case_imports_case_id", "case_imports")
    op.drop_table("case_imports")
