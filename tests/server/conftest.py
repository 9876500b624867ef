"""A partnership server set up by ``server init`` on the suite's throwaway cluster."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.users import Role
from marac_desktop.services import server_access, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.server_address import ServerAddress
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.pg_cluster import EmptyDatabase


@dataclass(frozen=True)
class Server:
    empty: EmptyDatabase
    address: ServerAddress

    def sign_in(self, username: str = ADMIN, password: str = ADMIN_PASSWORD) -> Workspace:
        return server_access.sign_in(self.address, username, password, kdf=TEST_KDF)


def password_of(name: str) -> str:
    return f"lantern grove phrase {sum(map(ord, name))}"


@pytest.fixture
def server(pg_empty: EmptyDatabase) -> Server:
    cluster = pg_empty.cluster
    address = ServerAddress(str(cluster.sockets), cluster.port, pg_empty.name)
    server_access.init_server(
        address, pg_empty.owner, pg_empty.owner_password, ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF
    )
    return Server(pg_empty, address)


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
