"""Account management in the application, on a partnership server."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from psycopg import errors as pg_errors

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError, WrongPasswordError
from marac_desktop.services import audit, backups, meetings, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import server_roles
from tests.conftest import ADMIN_PASSWORD
from tests.server.conftest import Server, password_of

GROUPS_OF_SESSION = (
    "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid "
    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = session_user"
)


def test_an_added_account_signs_in_with_its_own_role(
    server: Server, staff: dict[Role, str]
) -> None:
    idva = server.sign_in("idva1", password_of("idva1"))
    try:
        assert idva.user is not None and idva.user.role is Role.IDVA
        with pytest.raises(PermissionDeniedError):
            users.list_users(idva)
    finally:
        idva.close()


def test_the_server_stores_a_verifier_never_the_password(
    server: Server, staff: dict[Role, str]
) -> None:
    with server.empty.cluster.connect() as superuser:
        stored = superuser.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'idva1'"
        ).fetchone()
    assert stored is not None and str(stored[0]).startswith("SCRAM-SHA-256$4096:")
    assert password_of("idva1") not in str(stored[0])


def test_a_reset_password_works_and_the_old_one_does_not(
    server: Server, server_admin: Workspace, staff: dict[Role, str]
) -> None:
    users.reset_password(server_admin, "idva1", "fresh meadow lantern phrase")
    with pytest.raises(WrongPasswordError):
        server.sign_in("idva1", password_of("idva1"))
    idva = server.sign_in("idva1", "fresh meadow lantern phrase")
    assert idva.warnings == ()  # the key the administrator registered opens and signs
    idva.close()


def test_a_changed_own_password_signs_on_with_a_new_key(
    server: Server, staff: dict[Role, str]
) -> None:
    idva = server.sign_in("idva1", password_of("idva1"))
    with pytest.raises(WrongPasswordError):
        users.change_own_password(idva, "not my password at all", "quiet harbour lamp phrase")
    users.change_own_password(idva, password_of("idva1"), "quiet harbour lamp phrase")
    idva.close()
    again = server.sign_in("idva1", "quiet harbour lamp phrase")
    assert again.warnings == ()
    again.close()


def test_a_revoked_account_can_no_longer_sign_in(
    server: Server, server_admin: Workspace, staff: dict[Role, str]
) -> None:
    users.revoke_user(server_admin, "coord1")
    with pytest.raises(WrongPasswordError):
        server.sign_in("coord1", password_of("coord1"))
    assert [u.active for u in users.list_users(server_admin) if u.username == "coord1"] == [False]


def test_a_role_change_moves_the_account_to_the_new_group(
    server: Server, server_admin: Workspace, staff: dict[Role, str]
) -> None:
    changed = users.change_role(server_admin, "idva1", Role.SAFEGUARDING_LEAD)
    assert changed.role is Role.SAFEGUARDING_LEAD
    lead = server.sign_in("idva1", password_of("idva1"))
    try:
        assert audit.recent_entries(lead)  # the lead's group may read the audit log
    finally:
        lead.close()
    with pytest.raises(InvalidInputError, match="own role"):
        users.change_role(server_admin, "admin", Role.IDVA)


def test_the_chain_written_by_several_accounts_verifies(
    server: Server, server_admin: Workspace, staff: dict[Role, str]
) -> None:
    users.reset_password(server_admin, "lead1", "fresh meadow lantern phrase")
    lead = server.sign_in("lead1", "fresh meadow lantern phrase")
    lead.close()
    report = backups.verify(server_admin)
    assert report.problems == () and report.audit_rows > 10
    actions = [e.action for e in audit.recent_entries(server_admin)]
    assert AuditAction.PASSWORD_RESET.value in actions


def test_after_a_role_change_the_server_refuses_the_old_roles_writes(
    server: Server, server_admin: Workspace, staff: dict[Role, str]
) -> None:
    """The coordinator's window still holds the old role; the server does not."""
    coordinator = server.sign_in("coord1", password_of("coord1"))
    try:
        when = datetime.combine(date.today() + timedelta(days=14), datetime.min.time())
        meetings.create_meeting(coordinator, when, "Hall", False, "Chair", "Leeds")
        users.change_role(server_admin, "coord1", Role.IDVA)
        assert coordinator.user is not None and coordinator.user.role is Role.COORDINATOR
        with pytest.raises(PermissionDeniedError, match="The server refused this"):
            meetings.create_meeting(coordinator, when, "Annexe", False, "Chair", "Leeds")
    finally:
        coordinator.close()
    assert [m.venue for m in meetings.list_meetings(server_admin)] == ["Hall"]
    with server.empty.connect("coord1", password_of("coord1")) as raw:
        groups = {str(row[0]) for row in raw.execute(GROUPS_OF_SESSION)}
        with pytest.raises(pg_errors.InsufficientPrivilege), raw.transaction():
            raw.execute("DELETE FROM meetings")
    assert groups == {server_roles.group_role(server.empty.name, Role.IDVA)}


@pytest.mark.parametrize(
    "statement",
    ["SELECT marac_change_role('admin', 'idva')", "SELECT marac_revoke_account('admin')"],
)
def test_the_server_keeps_its_last_administrator_whatever_the_client(
    server: Server, staff: dict[Role, str], statement: str
) -> None:
    """The last administrator demoting or revoking themselves with raw SQL, past the
    application's own checks."""
    with server.empty.connect("admin", ADMIN_PASSWORD) as raw:
        with pytest.raises(pg_errors.SerializationFailure), raw.transaction():
            raw.execute(statement)
        row = raw.execute("SELECT role, active FROM users WHERE username = 'admin'").fetchone()
    assert row == (Role.ADMIN.value, True)


@pytest.mark.parametrize("change", ["marac_revoke_account({})", "marac_change_role({}, 'idva')"])
def test_two_administrators_removing_each_other_at_once_leave_one(
    server: Server, server_admin: Workspace, change: str
) -> None:
    """Each would pass the check alone; the server lets the second wait for the first, then
    refuses it, so the partnership is never left without an administrator."""
    users.add_user(server_admin, "admin2", Role.ADMIN, "second harbour admin phrase")
    with (
        server.empty.connect("admin", ADMIN_PASSWORD) as first,
        server.empty.connect("admin2", "second harbour admin phrase") as second,
    ):
        first.execute("BEGIN")
        first.execute(f"SELECT {change.format(repr('admin2'))}")
        outcome: list[BaseException | None] = []

        def other_way_round() -> None:
            try:
                with second.transaction():
                    second.execute(f"SELECT {change.format(repr('admin'))}")
                outcome.append(None)
            except BaseException as error:  # noqa: BLE001 - checked below
                outcome.append(error)

        waiting = threading.Thread(target=other_way_round)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive(), "the second change did not wait for the first"
        first.execute("COMMIT")
        waiting.join(30)
    assert len(outcome) == 1 and isinstance(
        outcome[0], pg_errors.SerializationFailure | pg_errors.InsufficientPrivilege
    )
    administrators = [
        u.username for u in users.list_users(server_admin) if u.active and u.role is Role.ADMIN
    ]
    assert administrators == ["admin"]


def test_a_rename_on_the_server_goes_through_the_administrators_function(
    server: Server, server_admin: Workspace, staff: dict[Role, str]
) -> None:
    assert users.rename_user(server_admin, "idva1", "Ida Testadviser").display_name == (
        "Ida Testadviser"
    )
    with server.empty.connect("idva1", password_of("idva1")) as raw:
        for statement in (
            "SELECT marac_rename_account('idva1', 'Someone Else')",
            "UPDATE users SET display_name = 'Someone Else'",
        ):
            with pytest.raises(pg_errors.InsufficientPrivilege), raw.transaction():
                raw.execute(statement)
    idva = server.sign_in("idva1", password_of("idva1"))
    try:
        assert idva.user is not None and idva.user.display_name == "Ida Testadviser"
    finally:
        idva.close()
