"""A partnership server set up by ``server init`` on the suite's throwaway cluster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marac_desktop.domain.users import Role
from marac_desktop.services import users
from marac_desktop.services.workspace import Workspace
from tests.engines import ADMIN, Server, start_server
from tests.pg_cluster import EmptyDatabase

__all__ = ["Server", "password_of"]


def password_of(name: str) -> str:
    return f"lantern grove phrase {sum(map(ord, name))}"


@pytest.fixture
def server(pg_empty: EmptyDatabase) -> Server:
    return start_server(pg_empty)


@pytest.fixture
def server_admin(server: Server) -> Iterator[Workspace]:
    workspace = server.sign_in()
    yield workspace
    workspace.close()


@pytest.fixture
def staff(server: Server, server_admin: Workspace) -> dict[Role, str]:
    """One account of each role besides the administrator: role -> user name."""
    names = {
        Role.IDVA: "idva1",
        Role.COORDINATOR: "coord1",
        Role.SAFEGUARDING_LEAD: "lead1",
    }
    for role, name in names.items():
        users.add_user(server_admin, name, role, password_of(name))
    return {**names, Role.ADMIN: ADMIN}
