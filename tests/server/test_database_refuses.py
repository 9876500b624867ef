"""What the server itself refuses each role, tried with raw SQL as a person with ``psql`` and
their own password would: the application's checks are not in the way here."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
import sqlalchemy as sa
from psycopg import errors

from marac_desktop.domain.permissions import allows
from marac_desktop.domain.users import Role
from marac_desktop.services import meeting_settings
from marac_desktop.storage import audit_log, server_roles
from marac_desktop.storage.server_roles import TABLES
from tests.conftest import ADMIN_PASSWORD
from tests.server.conftest import Server, password_of

REFUSED = (errors.InsufficientPrivilege, errors.RaiseException)


def _as(server: Server, name: str) -> psycopg.Connection[tuple[object, ...]]:
    password = ADMIN_PASSWORD if name == "admin" else password_of(name)
    return server.empty.connect(name, password)


def _refused(connection: psycopg.Connection[tuple[object, ...]], statement: str) -> bool:
    try:
        with connection.transaction():
            connection.execute(statement)
    except REFUSED:
        return True
    return False


def _chained_row(
    connection: psycopg.Connection[tuple[object, ...]], actor: str, skip: int = 0
) -> str:
    """An INSERT of a well-formed next audit row in ``actor``'s name (``skip`` rows ahead)."""
    head = connection.execute("SELECT id, row_hash FROM marac_audit_head()").fetchone()
    row_id, prev = (int(head[0]) + 1, str(head[1])) if head else (1, audit_log.GENESIS_HASH)
    row_id += skip
    at = datetime.now(UTC).isoformat(timespec="seconds")
    fields = (at, actor, "viewed", "case", "1", "ok", "")
    row_hash = audit_log._digest(prev, row_id, fields, "")
    return (
        "INSERT INTO audit_log (id, at, actor, action, target_type, target_id, outcome, "
        "detail, prev_hash, row_hash, signer_key, signature) VALUES "
        f"({row_id}, '{at}', '{actor}', 'viewed', 'case', '1', 'ok', '', '{prev}', "
        f"'{row_hash}', '', '')"
    )


@pytest.mark.parametrize("role", list(Role))
def test_no_role_may_change_or_remove_an_audit_row(
    server: Server, staff: dict[Role, str], role: Role
) -> None:
    with _as(server, staff[role]) as connection:
        for statement in (
            "UPDATE audit_log SET detail = 'changed'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain",
        ):
            assert _refused(connection, statement), statement


def test_not_even_the_owner_may_change_an_audit_row(server: Server, staff: dict[Role, str]) -> None:
    with server.empty.connect() as owner:
        assert _refused(owner, "UPDATE audit_log SET detail = 'changed'")
        assert _refused(owner, "DELETE FROM audit_log")


@pytest.mark.parametrize("role", list(Role))
def test_an_audit_row_in_another_accounts_name_is_refused(
    server: Server, staff: dict[Role, str], role: Role
) -> None:
    other = staff[Role.ADMIN] if role is not Role.ADMIN else staff[Role.IDVA]
    with _as(server, staff[role]) as connection:
        with pytest.raises(errors.InsufficientPrivilege), connection.transaction():
            connection.execute(_chained_row(connection, other))
        with connection.transaction():  # the same row in one's own name is accepted
            connection.execute(_chained_row(connection, staff[role]))


def test_an_audit_row_with_a_forged_hash_or_out_of_chain_is_refused(
    server: Server, staff: dict[Role, str]
) -> None:
    with _as(server, staff[Role.IDVA]) as connection:
        good = _chained_row(connection, staff[Role.IDVA])
        forged = good.replace("'viewed'", "'exported'", 1)
        with pytest.raises(errors.InsufficientPrivilege), connection.transaction():
            connection.execute(forged)
        with pytest.raises(errors.SerializationFailure), connection.transaction():
            connection.execute(_chained_row(connection, staff[Role.IDVA], skip=3))


@pytest.mark.parametrize("role", [Role.IDVA, Role.COORDINATOR])
def test_casework_roles_may_not_read_the_audit_log_or_the_user_list(
    server: Server, staff: dict[Role, str], role: Role
) -> None:
    with _as(server, staff[role]) as connection:
        assert _refused(connection, "SELECT * FROM audit_log")
        seen = [row[0] for row in connection.execute("SELECT username FROM users")]
        assert seen == [staff[role]]  # row-level security: their own row only
        keys = [row[0] for row in connection.execute("SELECT account FROM account_keys")]
        assert keys == [staff[role]]
        # What keeps their pages current says that the log moved, and nothing it holds.
        check = connection.execute("SELECT * FROM marac_changes_since(0)").fetchone()
        assert check is not None
        assert len(check) == 2
        assert isinstance(check[0], int)
        assert isinstance(check[1], bool)


def test_the_lead_and_the_administrator_read_the_audit_log(
    server: Server, staff: dict[Role, str]
) -> None:
    for role in (Role.SAFEGUARDING_LEAD, Role.ADMIN):
        with _as(server, staff[role]) as connection:
            assert connection.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0  # type: ignore[index]
    with _as(server, staff[Role.ADMIN]) as connection:
        names = {row[0] for row in connection.execute("SELECT username FROM users")}
        assert names == set(staff.values())


@pytest.mark.parametrize("role", [Role.IDVA, Role.COORDINATOR, Role.SAFEGUARDING_LEAD])
def test_only_an_administrator_creates_or_changes_accounts(
    server: Server, staff: dict[Role, str], role: Role
) -> None:
    with _as(server, staff[role]) as connection:
        for statement in (
            "CREATE ROLE intruder LOGIN PASSWORD 'lantern intruder phrase'",
            "SELECT marac_add_account('intruder', 'I', 'admin', 'x')",
            "SELECT marac_set_password('admin', 'x')",
            "SELECT marac_change_role('" + staff[role] + "', 'admin')",
            "SELECT marac_revoke_account('admin')",
            "GRANT marac_test_admin TO " + staff[role],
            "UPDATE users SET role = 'admin'",
            "INSERT INTO users (username, display_name, role, active, created_at) "
            "VALUES ('intruder', 'I', 'admin', true, now())",
        ):
            assert _refused(connection, statement), statement


def test_settings_rows_are_written_by_the_permission_that_owns_them(
    server: Server, staff: dict[Role, str]
) -> None:
    area = "INSERT INTO settings (key, value) VALUES ('area_policy', '{}') " + (
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
    )
    meeting = area.replace("area_policy", meeting_settings.SETTINGS_KEY)
    with _as(server, staff[Role.IDVA]) as connection:
        assert _refused(connection, area)
        assert _refused(connection, meeting)
    with _as(server, staff[Role.COORDINATOR]) as connection:
        assert _refused(connection, area)
        assert not _refused(connection, meeting)
    with _as(server, staff[Role.ADMIN]) as connection:
        assert not _refused(connection, area)
    # The meeting settings row is written by exactly the roles the service lets save it.
    for role in Role:
        with _as(server, staff[role]) as connection:
            permitted = allows(role, meeting_settings.WRITER)
            assert _refused(connection, meeting) is not permitted, role


def test_an_idva_may_not_build_meetings_nor_a_lead_record_checklists(
    server: Server, staff: dict[Role, str]
) -> None:
    with _as(server, staff[Role.IDVA]) as connection:
        assert _refused(connection, "DELETE FROM meetings")
        assert _refused(connection, "UPDATE meeting_cases SET heard = true")
    with _as(server, staff[Role.SAFEGUARDING_LEAD]) as connection:
        assert _refused(connection, "DELETE FROM assessment_answers")


def test_every_table_has_its_grants_and_the_protections_hold(server: Server) -> None:
    with server.empty.connect() as owner:
        tables = {
            row[0]
            for row in owner.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
    assert tables == set(TABLES)


def test_every_sequence_has_its_grants_and_each_casework_role_takes_case_numbers(
    server: Server, staff: dict[Role, str]
) -> None:
    engine = sa.create_engine(server.empty.url(password=server.empty.owner_password))
    try:
        with engine.connect() as owner:
            assert server_roles.ungranted_sequences(owner) == []
            prefix = server_roles.stored_prefix(owner)
            assert prefix is not None
            assert server_roles.protection_problems(owner, prefix) == []
            owner.exec_driver_sql("CREATE SEQUENCE unlisted_numbers")
            assert server_roles.ungranted_sequences(owner) == ["unlisted_numbers"]
            owner.rollback()
    finally:
        engine.dispose()
    for name in staff.values():
        with _as(server, name) as connection:
            assert not _refused(connection, "SELECT nextval('case_numbers')")
