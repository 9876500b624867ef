"""Reading a partnership server's own settings, for ``server check`` (queries only).

Everything is read, nothing is changed. What the account may not read comes back as absent
(a setting) or None (the pg_hba.conf rules, the kinds of stored password), so the check can say
it was not checked instead of passing it. Password hashes never leave the server: only how many
roles store each kind is counted there.
"""

from __future__ import annotations

import psycopg

from marac_desktop.domain.server_safety import SETTINGS_READ, HbaRule, PasswordKinds, ServerFacts

_HBA = (
    "SELECT line_number, type, array_to_string(database, ','), array_to_string(user_name, ','),"
    " auth_method, error FROM pg_hba_file_rules ORDER BY line_number"
)
_PASSWORD_KINDS = (
    "SELECT CASE WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram-sha-256'"
    " WHEN rolpassword LIKE 'md5%' THEN 'md5' ELSE 'plain text' END AS kind, count(*)"
    " FROM pg_authid WHERE rolpassword IS NOT NULL GROUP BY kind"
)


def read(connection: psycopg.Connection[tuple[object, ...]]) -> ServerFacts:
    """The facts ``domain.server_safety.judge`` needs, from an autocommit connection."""
    rows = connection.execute(
        "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", (list(SETTINGS_READ),)
    ).fetchall()
    settings = {str(name): str(value) for name, value in rows}
    over_tls, local_socket = connection.execute(
        "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false),"
        " inet_client_addr() IS NULL"
    ).fetchone() or (False, False)
    return ServerFacts(
        settings=settings,
        hba_rules=_hba_rules(connection),
        passwords=_password_kinds(connection),
        over_tls=bool(over_tls),
        local_socket=bool(local_socket),
    )


def _hba_rules(connection: psycopg.Connection[tuple[object, ...]]) -> tuple[HbaRule, ...] | None:
    try:
        rows = connection.execute(_HBA).fetchall()
    except psycopg.errors.InsufficientPrivilege:
        return None
    return tuple(
        HbaRule(
            line=int(str(line)),
            kind=str(kind or ""),
            databases=str(databases or ""),
            users=str(users or ""),
            method=str(method or ""),
            error=str(error or ""),
        )
        for line, kind, databases, users, method, error in rows
    )


def _password_kinds(connection: psycopg.Connection[tuple[object, ...]]) -> PasswordKinds | None:
    try:
        rows = connection.execute(_PASSWORD_KINDS).fetchall()
    except psycopg.errors.InsufficientPrivilege:
        return None
    return PasswordKinds({str(kind): int(str(count)) for kind, count in rows})
