"""Setting up a server and signing in to it as oneself."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.users import Role
from marac_desktop.errors import WrongPasswordError
from marac_desktop.services import audit, backups
from marac_desktop.services.workspace import Workspace
from tests.server.conftest import Server


def test_the_first_administrator_signs_in_and_the_sign_in_is_audited(
    server: Server, server_admin: Workspace
) -> None:
    assert server_admin.on_server and server_admin.path is None
    assert server_admin.user is not None and server_admin.user.role is Role.ADMIN
    assert server_admin.location == "marac_test on this computer"
    entries = audit.recent_entries(server_admin)
    assert [(e.actor, e.action) for e in entries][:2] == [
        ("admin", AuditAction.UNLOCK.value),
        ("admin", AuditAction.SIGNING_KEY.value),
    ]


def test_a_wrong_password_is_one_sentence(server: Server) -> None:
    with pytest.raises(WrongPasswordError, match="user name or password is wrong"):
        server.sign_in(password="not the password at all")


def test_a_database_restored_under_another_name_keeps_its_groups(server: Server) -> None:
    with server.empty.cluster.connect() as superuser:
        superuser.execute("ALTER DATABASE marac_test RENAME TO marac_restored")
    moved = Server(server.empty, replace(server.address, database="marac_restored"))
    workspace = moved.sign_in()
    try:
        assert backups.verify(workspace).problems == ()
        assert workspace.location == "marac_restored on this computer"
    finally:
        workspace.close()
