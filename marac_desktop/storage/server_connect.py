"""Opening a connection to a partnership server, with a failure told in one sentence.

The connection is made with ``server_address.connection_options`` (TLS ``verify-full`` over
the network, or the local socket). What the driver says when it fails names hosts, users and
files in its own words; here it becomes one plain sentence that names the server only, never
the password, and says what to do.
"""

from __future__ import annotations

from pathlib import Path

import psycopg

from marac_desktop.errors import UserFacingError, WrongPasswordError
from marac_desktop.storage.server_address import ServerAddress, connection_options


class ServerConnectionError(UserFacingError):
    """The server could not be reached, or refused the connection."""


_WRONG_PASSWORD = "the user name or password is wrong"
_REASONS = (
    (
        ("certificate verify failed",),
        "the server's certificate is not signed by the partnership's certificate authority "
        "(the CA file given), so it may not be the partnership's server; nothing was sent to it",
    ),
    (
        ("does not match host name",),
        "the server's certificate is for another host name than the one in the address, so it "
        "may not be the partnership's server; use the name its certificate was issued for",
    ),
    (
        ("server does not support ssl",),
        "the server does not offer TLS, and over the network MARAC Desktop connects with TLS "
        "only; ask its administrator to turn ssl on (docs/server.md)",
    ),
    (
        ("root certificate file", "could not load root certificate", "no certificates"),
        "the certificate authority file could not be read as a certificate; check the CA file "
        "in the server settings",
    ),
    (
        ("password authentication failed", "password is required", "no password supplied"),
        _WRONG_PASSWORD,
    ),
    (
        ("no pg_hba.conf entry",),
        "the server has no rule admitting this user to this database from here; ask its "
        "administrator",
    ),
    (
        ("does not exist",),
        "the server has no such database, or no such user; check the address and user name",
    ),
    (
        ("connection refused", "no such file or directory", "could not translate host name"),
        "nothing answered at that address; check the address, and that the server is running",
    ),
    (
        ("timeout expired", "timed out"),
        "the server did not answer in time; check the address and the network",
    ),
    (
        ("too many clients", "too many connections", "remaining connection slots"),
        "the server has no free connections just now; try again shortly",
    ),
)


def reason(message: str) -> str:
    """Why a connection failed, from the driver's message, in words safe to show and log."""
    lowered = message.lower()
    for clues, why in _REASONS:
        if any(clue in lowered for clue in clues):
            return why
    return "the server refused the connection; its administrator can see why in the server log"


def failure(error: psycopg.Error, address: ServerAddress) -> UserFacingError:
    """The sentence for a failed connection (a wrong password is its own kind of error)."""
    why = reason(str(error))
    kind = WrongPasswordError if why == _WRONG_PASSWORD else ServerConnectionError
    return kind(f"Could not connect to {address.label}: {why}.")


def connect(
    address: ServerAddress, user: str, password: str, ca_file: Path | None
) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to ``address``, or ServerConnectionError in one sentence."""
    options = connection_options(address, user, password, ca_file)
    try:
        return psycopg.connect(**options, autocommit=True)
    except psycopg.Error as error:
        raise failure(error, address) from None
