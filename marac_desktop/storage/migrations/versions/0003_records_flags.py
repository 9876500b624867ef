"""Full person records, case parties, incidents, referrals, confirmed person links and flags.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_PERSON_COLUMNS = (
    sa.Column("dob_precision", sa.String(8), nullable=False, server_default="day"),
    sa.Column("gender", sa.String(32), nullable=False, server_default=""),
    sa.Column("ethnicity", sa.String(64), nullable=False, server_default=""),
    sa.Column("sexuality", sa.String(32), nullable=False, server_default=""),
    sa.Column("disability", sa.Boolean, nullable=True),
    sa.Column("language", sa.String(64), nullable=False, server_default=""),
    sa.Column("interpreter_needed", sa.Boolean, nullable=True),
    sa.Column("address", sa.Text, nullable=False, server_default=""),
    sa.Column("postcode", sa.String(16), nullable=False, server_default=""),
    sa.Column("phone", sa.String(40), nullable=False, server_default=""),
    sa.Column("safe_to_call", sa.Boolean, nullable=True),
    sa.Column("contact_notes", sa.Text, nullable=False, server_default=""),
)


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        for column in _PERSON_COLUMNS:
            batch.add_column(column)
    op.create_table(
        "person_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
        sa.Column("family_name", sa.String(200), nullable=False),
        sa.Column("given_names", sa.String(200), nullable=False),
    )
    op.create_table(
        "person_other_dobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
        sa.Column("date_of_birth", sa.Date, nullable=False),
    )
    op.create_table(
        "case_people",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("relationship", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_case_people_person", "case_people", ["person_id", "role"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source_agency", sa.String(64), nullable=False),
        sa.Column("reported_to_police", sa.Boolean, nullable=False),
        sa.Column("criminal", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("referring_agency", sa.String(64), nullable=False),
        sa.Column("visible_high_risk", sa.Boolean, nullable=False),
        sa.Column("professional_judgement", sa.Boolean, nullable=False),
        sa.Column("potential_escalation", sa.Boolean, nullable=False),
        sa.Column("repeat", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("meeting_day", sa.Date, nullable=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "person_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_a", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("person_b", sa.Integer, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("confirmed_by", sa.String(40), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_by", sa.String(40), nullable=True),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(120), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=True, index=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=True),
        sa.Column("raised_on", sa.Date, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reviewed_by", sa.String(40), nullable=True),
        sa.Column("review_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_people_family_name", "people", ["family_name"])
    op.create_index("ix_people_given_names", "people", ["given_names"])
    op.create_index("ix_people_date_of_birth", "people", ["date_of_birth"])
    op.create_index("ix_cases_victim", "cases", ["victim_id"])
    op.execute(
        "INSERT INTO case_people (case_id, person_id, role, relationship) "
        "SELECT id, victim_id, 'victim', '' FROM cases"
    )


def downgrade() -> None:
    for table in (
        "flags",
        "person_links",
        "referrals",
        "incidents",
        "case_people",
        "person_other_dobs",
        "person_aliases",
    ):
        op.drop_table(table)
    with op.batch_alter_table("people") as batch:
        for column in _PERSON_COLUMNS:
            batch.drop_column(column.name)
