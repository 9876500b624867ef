"""Accounts on a partnership server: each one a login role, managed through the functions
``server_roles`` installs (so only an administrator can, whatever client they use).

A password reaches the server only as a SCRAM-SHA-256 verifier, worked out here by libpq, so
neither the statement nor a server log that records it ever holds the password itself.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from psycopg import errors as pg_errors
from psycopg import sql
from sqlalchemy.orm import Session

from marac_desktop.domain.users import IdvaAccount, Role, UserId
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.storage import server_roles, users_repo


def _driver(session: Session) -> Any:
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    return raw


def verifier(session: Session, username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password``, which the server stores in its place."""
    encrypted = _driver(session).pgconn.encrypt_password(
        password.encode("utf-8"), username.encode("utf-8"), b"scram-sha-256"
    )
    return bytes(encrypted).decode("ascii")


def session_user(session: Session) -> str:
    return str(session.execute(sa.text("SELECT session_user")).scalar_one())


def _refuse_taken(session: Session, username: str) -> None:
    taken = session.execute(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": username}
    ).first()
    if taken:
        raise InvalidInputError(
            f"The server already has a login called {username}; choose another user name."
        )


def add_first_admin(
    session: Session, database: str, username: str, display_name: str, password: str
) -> UserId:
    """The first administrator, made by the database owner (``marac_add_account`` is for
    administrators, and there are none yet)."""
    _refuse_taken(session, username)
    statement = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
        sql.Identifier(username),
        sql.Literal(verifier(session, username, password)),
        sql.Identifier(server_roles.group_role(database, Role.ADMIN)),
    )
    _driver(session).execute(statement)
    return users_repo.add(session, username, display_name, Role.ADMIN).id


def add(session: Session, username: str, display_name: str, role: Role, password: str) -> UserId:
    _refuse_taken(session, username)
    new_id = session.execute(
        sa.text("SELECT marac_add_account(:username, :display_name, :role, :verifier)"),
        {
            "username": username,
            "display_name": display_name,
            "role": role.value,
            "verifier": verifier(session, username, password),
        },
    ).scalar_one()
    return UserId(int(new_id))


def set_password(session: Session, username: str, password: str) -> None:
    session.execute(
        sa.text("SELECT marac_set_password(:username, :verifier)"),
        {"username": username, "verifier": verifier(session, username, password)},
    )


def change_own_password(session: Session, username: str, password: str) -> None:
    """Any login may change its own password (PostgreSQL allows it without privileges)."""
    statement = sql.SQL("ALTER ROLE CURRENT_USER PASSWORD {}").format(
        sql.Literal(verifier(session, username, password))
    )
    _driver(session).execute(statement)


def revoke(session: Session, username: str) -> None:
    session.execute(sa.text("SELECT marac_revoke_account(:username)"), {"username": username})


def change_role(session: Session, username: str, role: Role) -> None:
    session.execute(
        sa.text("SELECT marac_change_role(:username, :role)"),
        {"username": username, "role": role.value},
    )


def rename(session: Session, username: str, display_name: str) -> None:
    session.execute(
        sa.text("SELECT marac_rename_account(:username, :display_name)"),
        {"username": username, "display_name": display_name},
    )


def active_idvas(session: Session) -> list[IdvaAccount]:
    """The active IDVA accounts by display name: read through ``marac_idva_accounts``, since a
    login that is no administrator reads only its own ``users`` row."""
    rows = session.execute(sa.text("SELECT username, display_name FROM marac_idva_accounts()"))
    return [IdvaAccount(str(username), str(display_name)) for username, display_name in rows]


def own_signing_keys(session: Session) -> list[str]:
    """The signing keys the audit log registers to the signed-in login, oldest first (a
    login that may not read the log may still learn this much about itself)."""
    return [str(key) for key in session.scalars(sa.text("SELECT marac_own_signing_keys()"))]


MAY_NOT_CREATE_ROLES = (
    "The database owner may not create login roles (it needs CREATEROLE, as in docs/server.md "
    "step 6), so nothing was copied."
)


def add_moved(
    session: Session, prefix: str, username: str, role: Role, active: bool, password: str | None
) -> None:
    """The login role of an account moved from a file (its ``users`` row is copied as it is):
    with ``password`` (the administrator running the move), or with none, so that nobody can
    sign in as it until an administrator sets one (``set_password``). A revoked account gets a
    role that cannot sign in and belongs to no group, as ``revoke`` leaves one."""
    _refuse_taken(session, username)
    if not active:
        statement = sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(username))
    else:
        secret = sql.Literal(verifier(session, username, password)) if password else sql.NULL
        statement = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
            sql.Identifier(username), secret, sql.Identifier(server_roles.group_role(prefix, role))
        )
    try:
        _driver(session).execute(statement)
    except pg_errors.InsufficientPrivilege:
        raise PermissionDeniedError(MAY_NOT_CREATE_ROLES) from None
