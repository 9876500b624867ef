"""Where a partnership server is, and how a desktop connects to it safely.

A server is named by ``postgresql://[user@]host[:port]/database`` (or, on the server's own
machine, ``postgresql://[user@]/database?host=/socket/folder``), never with a password in it:
each person types their own when they sign in. Over the network the connection is TLS with
``verify-full`` against the certificate authority named in the settings; only a Unix socket
on the same machine may go without it (see docs/architecture.md, "Partnership server").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from marac_desktop.errors import UserFacingError

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_PORT = 5432
CONNECT_TIMEOUT_SECONDS = 10
APPLICATION_NAME = "marac-desktop"
MAX_NAME_BYTES = 63
"""PostgreSQL cuts longer names short, which could reach another database."""


class ServerAddressError(UserFacingError):
    """A server address that cannot be used as given."""


def is_server_address(text: str) -> bool:
    return text.split("://", 1)[0].lower() in SCHEMES and "://" in text


@dataclass(frozen=True, slots=True)
class ServerAddress:
    host: str
    """A host name or address, or the folder of the server's Unix socket (starts with /)."""
    port: int
    database: str
    user: str = ""
    """The login named in the address (``server init`` signs in as the owner named there);
    never part of how the window names the server."""

    @property
    def local_socket(self) -> bool:
        return self.host.startswith("/")

    @property
    def label(self) -> str:
        """How the window names the server: host and database, never a user or password."""
        where = "this computer" if self.local_socket else f"{self.host}:{self.port}"
        return f"{self.database} on {where}"

    @property
    def url(self) -> str:
        if self.local_socket:
            return f"postgresql:///{self.database}?host={self.host}&port={self.port}"
        return f"postgresql://{self.host}:{self.port}/{self.database}"


def parse(text: str) -> ServerAddress:
    """The address in ``text``, or one sentence saying what is wrong with it."""
    if not is_server_address(text):
        raise ServerAddressError(
            "A server address starts with postgresql://, for example "
            "postgresql://marac.example.org/marac."
        )
    parts = urlsplit(text)
    if parts.password is not None:
        raise ServerAddressError(
            "Leave the password out of the server address; you are asked for it when you sign in."
        )
    query = parse_qs(parts.query)
    unknown = sorted(set(query) - {"host", "port"})
    if unknown:
        raise ServerAddressError(
            f"The server address may name a host and a port only, not {', '.join(unknown)}; "
            "TLS settings come from the application's settings."
        )
    host = query.get("host", [parts.hostname or ""])[0]
    database = unquote(parts.path.lstrip("/"))
    if len(database.encode("utf-8")) > MAX_NAME_BYTES:
        raise ServerAddressError(
            f"A database name is at most {MAX_NAME_BYTES} bytes; check the server address."
        )
    if not host or not database:
        raise ServerAddressError(
            "The server address needs a host and a database, as in "
            "postgresql://marac.example.org/marac."
        )
    try:
        port = int(query.get("port", [str(parts.port or DEFAULT_PORT)])[0])
    except ValueError:
        raise ServerAddressError("The server address's port must be a number.") from None
    return ServerAddress(host, port, database, unquote(parts.username or ""))


def connection_options(
    address: ServerAddress, user: str, password: str, ca_file: Path | None
) -> dict[str, Any]:
    """psycopg's connection keywords: TLS verify-full over the network, or the local socket.

    The password goes to the driver only, never into a URL or a message.
    """
    options: dict[str, Any] = {
        "host": address.host,
        "port": address.port,
        "dbname": address.database,
        "user": user,
        "password": password,
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "application_name": APPLICATION_NAME,
    }
    if address.local_socket:
        return options
    if ca_file is None:
        raise ServerAddressError(
            "Connecting over the network needs the partnership's certificate authority file; "
            "name it in the server settings (--ca-file) so the server's identity can be checked."
        )
    if not ca_file.is_file():
        raise ServerAddressError(
            f"The certificate authority file {ca_file} could not be found; check the server "
            "settings."
        )
    return options | {"sslmode": "verify-full", "sslrootcert": str(ca_file)}
