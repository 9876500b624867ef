"""The perpetrators of each discussion counted for the report: the report's perpetrator
figures at 250,000 cases. A case is dated by its latest incident or referral from the indexes
on case and day of 0022.

``report_perpetrators`` is filled by the next report's recount (``risk.report_counts``
``COUNTING_VERSION`` 5 counts every case afresh).

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_perpetrators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, nullable=False, index=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("high_risk", sa.Boolean, nullable=False),
        sa.Column("repeat", sa.Boolean, nullable=False),
        sa.Column("under_18", sa.Boolean, nullable=False),
    )
    op.create_index(
        "ix_report_perpetrators_day",
        "report_perpetrators",
        ["day", "person_id", "high_risk", "repeat", "under_18"],
    )
    op.create_index("ix_report_perpetrators_person", "report_perpetrators", ["person_id", "day"])


def downgrade() -> None:
    op.drop_table("report_perpetrators")
