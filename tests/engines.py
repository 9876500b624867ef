"""The two engines a test marked ``both_engines`` runs on: the encrypted file and a
partnership server set up by ``server init`` on the suite's throwaway cluster."""

from __future__ import annotations

from dataclasses import dataclass

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.services import server_access
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.server_address import ServerAddress
from tests.pg_cluster import EmptyDatabase

ENGINES = ("file", "server")
ADMIN = "admin"
ADMIN_PASSWORD = "quiet lantern test phrase"


@dataclass(frozen=True)
class Server:
    empty: EmptyDatabase
    address: ServerAddress

    def sign_in(self, username: str = ADMIN, password: str = ADMIN_PASSWORD) -> Workspace:
        return server_access.sign_in(self.address, username, password, kdf=TEST_KDF)


def start_server(empty: EmptyDatabase) -> Server:
    """``server init`` on an empty database, with the suite's administrator."""
    cluster = empty.cluster
    address = ServerAddress(str(cluster.sockets), cluster.port, empty.name)
    server_access.init_server(
        address, empty.owner, empty.owner_password, ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF
    )
    return Server(empty, address)
