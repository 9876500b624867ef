"""Migration 0016 on both engines: the discussions move from JSON into columns, and every case
is counted again from its records at the next report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from marac_desktop.storage import migrate, reports_repo
from tests.storage.test_postgresql import Q1, _one_case


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    if request.param == "postgresql":
        empty = request.getfixturevalue("pg_empty")
        made = sa.create_engine(empty.url(password=empty.owner_password))
    else:
        made = sa.create_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    yield made
    made.dispose()


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_counts_kept_as_json_are_counted_again_in_columns(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(migrate._config(connection), "0015")
    with Session(engine) as session, session.begin():
        _one_case(session)
        session.execute(sa.text("DELETE FROM report_stale"))  # counted, as 0015 kept them
        session.execute(sa.text("INSERT INTO report_case_facts VALUES (1, '[]')"))
        session.execute(
            sa.text("INSERT INTO report_days (day, counts) VALUES ('2026-01-20', '{}')")
        )
    migrate.upgrade(engine)
    assert "report_case_facts" not in _tables(engine)
    with Session(engine) as session, session.begin():
        assert session.execute(sa.text("SELECT count(*) FROM report_days")).scalar() == 0
        assert reports_repo.refresh(session) == 1
        days = reports_repo.day_counts(session, *Q1)
    assert [(d.meeting_id, d.sums["cases"]) for d in days] == [(None, 1), (1, 1)]
    with engine.begin() as connection:
        command.downgrade(migrate._config(connection), "0015")
    assert "report_discussions" not in _tables(engine) and "report_case_facts" in _tables(engine)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
