"""People and cases (minimal, extended by later migrations) and risk assessments.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("family_name", sa.String(200), nullable=False),
        sa.Column("given_names", sa.String(200), nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(20), nullable=False, unique=True),
        sa.Column("victim_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("model_id", sa.String(64), nullable=False),
        sa.Column("model_version", sa.Integer, nullable=False),
        sa.Column("assessment_date", sa.Date, nullable=False),
        sa.Column("assessor", sa.String(32), nullable=False),
        sa.Column("victim_age", sa.Integer, nullable=True),
        sa.Column("incident_dates", sa.Text, nullable=False),
        sa.Column("last_marac_referral", sa.Date, nullable=True),
        sa.Column("concerns", sa.Text, nullable=False),
        sa.Column("judgement_raised", sa.Boolean, nullable=False),
        sa.Column("judgement_reason", sa.Text, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("actuarial_level", sa.String(16), nullable=False),
        sa.Column("yes_count", sa.Integer, nullable=False),
        sa.Column("refer_to_marac", sa.Boolean, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
        sa.Column("policy_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "assessment_answers",
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("form_id", sa.String(64), primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("answer", sa.String(16), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("options", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("assessment_answers")
    op.drop_table("assessments")
    op.drop_table("cases")
    op.drop_table("people")
