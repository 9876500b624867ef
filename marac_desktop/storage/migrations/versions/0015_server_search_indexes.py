"""A search by name on PostgreSQL reads its cases from indexes alone.

A search goes from the people it finds to their cases (``case_people`` by person) and orders
those cases by reference. On PostgreSQL each step read a table row for every person found (for
a common family name at 250,000 cases, 9,600 people and 0.13 s before the first page), so the
two indexes it reads now carry what it needs: the case id with each person's entries, the
reference with each case id (index-only reads: 0.06 s). SQLite is unchanged.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_case_people_person", "case_people")
    op.create_index(
        "ix_case_people_person",
        "case_people",
        ["person_id", "role"],
        postgresql_include=["case_id"],
    )
    op.create_index("ix_cases_id_reference", "cases", ["id"], postgresql_include=["reference"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_cases_id_reference", "cases")
    op.drop_index("ix_case_people_person", "case_people")
    op.create_index("ix_case_people_person", "case_people", ["person_id", "role"])
