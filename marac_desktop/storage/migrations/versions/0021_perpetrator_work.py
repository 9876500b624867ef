"""Perpetrators: what partners referred about them, the interventions and actions about them,
their nominations for tasking, and the rankings produced (the top places of each, so the next
ranking can say who moved).

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def _person() -> sa.Column[int]:
    return sa.Column(
        "person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True
    )


def _edited() -> list[sa.Column[object]]:
    return [
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("changed_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "perpetrator_referrals",
        sa.Column("id", sa.Integer, primary_key=True),
        _person(),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("agency_detail", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("by", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "perpetrator_interventions",
        sa.Column("id", sa.Integer, primary_key=True),
        _person(),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("kind_detail", sa.Text, nullable=False),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("referred_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("status_on", sa.Date, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *_edited(),
    )
    op.create_table(
        "perpetrator_actions",
        sa.Column("id", sa.Integer, primary_key=True),
        _person(),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *_edited(),
    )
    op.create_table(
        "perpetrator_nominations",
        sa.Column("id", sa.Integer, primary_key=True),
        _person(),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("by", sa.String(40), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("model_id", sa.String(64), nullable=False),
        sa.Column("model_version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "perpetrator_rankings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("produced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(40), nullable=False),
        sa.Column("model_id", sa.String(64), nullable=False),
        sa.Column("model_version", sa.Integer, nullable=False),
        sa.Column("ranked", sa.Integer, nullable=False),
    )
    op.create_table(
        "perpetrator_ranking_places",
        sa.Column(
            "ranking_id", sa.Integer, sa.ForeignKey("perpetrator_rankings.id"), primary_key=True
        ),
        sa.Column("person_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("place", sa.Integer, nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "perpetrator_ranking_places",
        "perpetrator_rankings",
        "perpetrator_nominations",
        "perpetrator_actions",
        "perpetrator_interventions",
        "perpetrator_referrals",
    ):
        op.drop_table(table)
