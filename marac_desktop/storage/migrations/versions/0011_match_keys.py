"""Blocking keys for people matching, kept in the database instead of built in memory.

``person_match_keys`` holds each person's blocking keys (``matching/keys.py``), keyed by (key,
person) with no rowid on SQLite, so a search reads its candidates by key. This fills it for the
people already on record: they are read in batches by id with plain queries and their keys
worked out and appended to a temporary table, many rows per statement; then one statement copies
them in key order, so the table is written from end to end in full pages instead of in random
places. On SQLite the temporary table is kept in memory (no temporary file holds names' codes).
The progress of each batch goes to the ``progress`` attribute when one is given
(``storage/migrate.upgrade``).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

from marac_desktop.domain.people import Alias, DobPrecision
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.matching import PersonRecord
from marac_desktop.storage.match_keys_repo import person_keys

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 50_000
"""People read and filed together."""
_WRITE = 10_000
_IN_FILES = 1
"""``PRAGMA temp_store`` for files. The SQLCipher build's default (0) keeps temporary data in
memory (compiled with TEMP_STORE=2); only a connection set to files is changed."""
"""Key rows per statement."""


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _records(connection: sa.Connection, first: int, last: int) -> list[tuple[PersonRecord, str]]:
    span = {"first": first, "last": last}
    aliases: defaultdict[int, list[Alias]] = defaultdict(list)
    for person_id, family, given in connection.execute(
        sa.text(
            "SELECT person_id, family_name, given_names FROM person_aliases "
            "WHERE person_id BETWEEN :first AND :last ORDER BY id"
        ),
        span,
    ):
        aliases[person_id].append(Alias(family, given))
    other_dobs: defaultdict[int, list[date]] = defaultdict(list)
    for person_id, born in connection.execute(
        sa.text(
            "SELECT person_id, date_of_birth FROM person_other_dobs "
            "WHERE person_id BETWEEN :first AND :last ORDER BY id"
        ),
        span,
    ):
        if (day := _as_date(born)) is not None:
            other_dobs[person_id].append(day)
    return [
        (
            PersonRecord(
                person_id,
                family,
                given,
                _as_date(born),
                DobPrecision(precision),
                tuple(aliases[person_id]),
                tuple(other_dobs[person_id]),
            ),
            postcode,
        )
        for person_id, family, given, born, precision, postcode in connection.execute(
            sa.text(
                "SELECT id, family_name, given_names, date_of_birth, dob_precision, postcode "
                "FROM people WHERE id BETWEEN :first AND :last"
            ),
            span,
        )
    ]


def fill(connection: sa.Connection, progress: Progress | None = None) -> int:
    """File everyone on record under their keys; how many key rows were written."""
    progress = quiet(progress)
    low, high = connection.execute(sa.text("SELECT min(id), max(id) FROM people")).one()
    if low is None:
        return 0
    sqlite = connection.dialect.name == "sqlite"
    if sqlite and connection.exec_driver_sql("PRAGMA temp_store").scalar() == _IN_FILES:
        connection.exec_driver_sql("PRAGMA temp_store = MEMORY")
    connection.exec_driver_sql(
        "CREATE TEMPORARY TABLE match_keys_staging (key TEXT, person_id INTEGER)"
    )
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    append = f"INSERT INTO match_keys_staging (key, person_id) VALUES ({mark}, {mark})"
    cursor = connection.connection.cursor()
    written = 0
    for first in range(low, high + 1, BATCH):
        progress.step(first - low, high + 1 - low, "Preparing the people search")
        rows = [
            (key, int(record.id))
            for record, postcode in _records(connection, first, first + BATCH - 1)
            for key in person_keys(record, postcode)
        ]
        for start in range(0, len(rows), _WRITE):
            cursor.executemany(append, rows[start : start + _WRITE])
        written += len(rows)
    cursor.close()
    progress.step(high - low, high + 1 - low, "Preparing the people search: sorting")
    connection.exec_driver_sql(
        "INSERT INTO person_match_keys (key, person_id) "
        "SELECT key, person_id FROM match_keys_staging ORDER BY key, person_id"
    )
    connection.exec_driver_sql("DROP TABLE match_keys_staging")
    progress.step(high + 1 - low, high + 1 - low, "Preparing the people search")
    return written


def upgrade() -> None:
    op.create_table(
        "person_match_keys",
        sa.Column("key", sa.String(48), nullable=False),
        sa.Column("person_id", sa.Integer, nullable=False),  # no foreign key: see orm
        sa.PrimaryKeyConstraint("key", "person_id"),
        sqlite_with_rowid=False,
    )
    context = op.get_context()
    progress = context.config.attributes.get("progress") if context.config else None
    fill(op.get_bind(), progress)


def downgrade() -> None:
    op.drop_table("person_match_keys")
