"""The case list's sort indexes in the order the list reads them, on PostgreSQL.

The case list sorts by a column and then by id, with blanks first going up and last going down
(``storage/null_order.py``). SQLite's indexes end with the rowid and put NULL first already, so
they serve those orders as they are. PostgreSQL's indexes hold no id unless named, and put NULL
last going up, so it sorted every case for the first page (the list by last referral: 0.3 s at
250,000 cases). Here the indexes name the id and say where blanks go; SQLite is unchanged.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# index name -> (table, its terms), as ``records_repo.SORT_COLUMNS`` orders the list (a
# column that may be blank with ``MayBeNull``: blanks first going up, as SQLite has them)
_SORTS = {
    "ix_cases_last_referral": ("cases", ("last_referral ASC NULLS FIRST", "id")),
    "ix_people_family_name": ("people", ("family_name", "id")),
    "ix_people_given_names": ("people", ("given_names", "id")),
    "ix_people_date_of_birth": ("people", ("date_of_birth ASC NULLS FIRST", "id")),
}
_BEFORE = {
    "ix_cases_last_referral": ["last_referral", "id"],
    "ix_people_family_name": ["family_name"],
    "ix_people_given_names": ["given_names"],
    "ix_people_date_of_birth": ["date_of_birth"],
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, terms) in _SORTS.items():
        op.drop_index(name, table)
        op.create_index(name, table, [sa.text(term) for term in terms])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, _) in _SORTS.items():
        op.drop_index(name, table)
        op.create_index(name, table, _BEFORE[name])
