"""The perpetrators of each discussion counted for the report, and the indexes that date a
case by its latest incident or referral: the report's perpetrator figures at 250,000 cases.

``report_perpetrators`` is filled by the next report's recount (``risk.report_counts``
``COUNTING_VERSION`` 5 counts every case afresh).

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
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
    op.create_index("ix_incidents_case_day", "incidents", ["case_id", "day"])
    op.create_index("ix_referrals_case_day", "referrals", ["case_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_referrals_case_day", "referrals")
    op.drop_index("ix_incidents_case_day", "incidents")
    op.drop_table("report_perpetrators")
