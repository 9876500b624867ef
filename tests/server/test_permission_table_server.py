"""Every service function, found by introspection, called as every role on a partnership
server: the services refuse exactly what the permission table says, and the database's own
grants never refuse what the table allows (the two layers agree).

Each allowed call runs on its own copy of a small server database (``CREATE DATABASE ...
TEMPLATE``), signed in as that role's own login; refused calls share one copy per role. The
module has a cluster of its own, since login roles belong to the whole cluster.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from psycopg import sql

import marac_desktop.services as services_package
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.errors import PermissionDeniedError, UserFacingError
from marac_desktop.services import server_access
from marac_desktop.services.workspace import DECLARED, FileOnlyError, Workspace
from marac_desktop.storage.server_address import ServerAddress
from tests import pg_cluster
from tests.permission_cases import (
    FUNCTIONS,
    PASSWORD,
    REFUSED_FOR_ANOTHER_REASON,
    SESSIONS,
    allowed,
    arguments,
    populate,
)

TEMPLATE = "perm_tpl"
SERVER_SESSIONS = [name for name, role in SESSIONS.items() if role is not None]
ACCOUNTS = (*SERVER_SESSIONS, "ursula")
"""A server has no recovery code: its owner is the way back in."""
FILE_ONLY = {"backups.back_up", "users.rekey"}
"""Allowed, and then refused on a server in one sentence: the file's key and backups."""
_copies = itertools.count(1)


@dataclass(frozen=True)
class ServerTemplate:
    cluster: pg_cluster.Cluster
    owner: str
    owner_password: str
    ids: dict[str, Any]

    def copy(self) -> str:
        name = f"perm_{next(_copies)}"
        with self.cluster.connect() as superuser:
            superuser.execute(
                f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}" OWNER "{self.owner}"'
            )
        return name

    def sign_in(self, database: str, name: str) -> Workspace:
        address = ServerAddress(str(self.cluster.sockets), self.cluster.port, database)
        return server_access.sign_in(address, name, PASSWORD, kdf=TEST_KDF)

    def audit_rows(self, database: str) -> list[tuple[str, str, str]]:
        with self.cluster.connect(database, self.owner, self.owner_password) as owner:
            rows = owner.execute("SELECT actor, action, outcome FROM audit_log ORDER BY id DESC")
            return [(str(a), str(b), str(c)) for a, b, c in rows]


@pytest.fixture(scope="module")
def template() -> Iterator[ServerTemplate]:
    with pg_cluster.running() as cluster:
        empty = pg_cluster.empty_database(cluster, TEMPLATE)
        address = ServerAddress(str(cluster.sockets), cluster.port, TEMPLATE)
        server_access.init_server(
            address, empty.owner, empty.owner_password, "admin", PASSWORD, kdf=TEST_KDF
        )
        ws = server_access.sign_in(address, "admin", PASSWORD, kdf=TEST_KDF)
        try:
            ids = populate(ws)
        finally:
            ws.close()
        yield ServerTemplate(cluster, empty.owner, empty.owner_password, ids)


@pytest.fixture(scope="module")
def refused_sessions(template: ServerTemplate) -> Iterator[dict[str, tuple[str, Workspace]]]:
    opened = {}
    for name in SERVER_SESSIONS:
        database = template.copy()
        opened[name] = (database, template.sign_in(database, name))
    yield opened
    for _, ws in opened.values():
        ws.close()


@pytest.fixture
def session_for(
    template: ServerTemplate, refused_sessions: dict[str, tuple[str, Workspace]]
) -> Iterator[Callable[[str, bool], tuple[str, Workspace]]]:
    opened: list[tuple[str, Workspace]] = []

    def open_as(name: str, permitted: bool) -> tuple[str, Workspace]:
        if not permitted:
            return refused_sessions[name]
        database = template.copy()
        opened.append((database, template.sign_in(database, name)))
        return opened[-1]

    yield open_as
    for database, ws in opened:
        ws.close()
        with template.cluster.connect() as superuser:
            superuser.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
            # Login roles belong to the whole cluster: a password an allowed call changed
            # would lock that account out of every later copy.
            for account in ACCOUNTS:
                superuser.execute(
                    sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                        sql.Identifier(account), sql.Literal(PASSWORD)
                    )
                )


@pytest.mark.parametrize("session_name", SERVER_SESSIONS)
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_refused_or_allowed_as_the_table_says_on_a_server(
    name: str,
    session_name: str,
    template: ServerTemplate,
    session_for: Callable[[str, bool], tuple[str, Workspace]],
    tmp_path: Path,
) -> None:
    function = FUNCTIONS[name]
    permitted = allowed(DECLARED[name], SESSIONS[session_name])
    database, ws = session_for(session_name, permitted)
    kwargs = arguments(name, function, template.ids, tmp_path)
    short = name.removeprefix(f"{services_package.__name__}.")
    before = template.audit_rows(database)
    if not permitted:
        with pytest.raises(PermissionDeniedError):
            result = function(ws, **kwargs)
            if inspect.isgenerator(result):
                next(result)
        after = template.audit_rows(database)
        assert len(after) == len(before) + 1, "a refused call wrote something besides its refusal"
        assert after[0] == (session_name, AuditAction.PERMISSION_DENIED.value, "denied")
        return
    try:
        result = function(ws, **kwargs)
        if inspect.isgenerator(result):
            list(result)
    except PermissionDeniedError as error:
        pytest.fail(f"{short} refused a {session_name} session the table allows: {error}")
    except FileOnlyError:
        assert short in FILE_ONLY, f"{short} is refused on a server as if it needed a file"
    except UserFacingError as error:
        if short not in REFUSED_FOR_ANOTHER_REASON:
            raise
        assert REFUSED_FOR_ANOTHER_REASON[short] in str(error)
    else:
        assert short not in FILE_ONLY, f"{short} ran on a server but is listed as file-only"
