"""The partnership servers this desktop has signed in to, for the start screen to offer.

A server is remembered after a successful sign-in, with its certificate authority file and the
user name used, most recent first; a password never reaches this module. Nothing here touches
a database, so the start screen can use it before anything heavy is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marac_desktop import paths
from marac_desktop.storage import desktop_settings, server_address
from marac_desktop.storage.desktop_settings import StoredServer

MAX_REMEMBERED = 20


@dataclass(frozen=True, slots=True)
class RememberedServer:
    location: str
    """The address to sign in at (``postgresql://…``)."""
    label: str
    """How the window names it, as in "marac on db.example:5432"."""
    ca_file: Path | None
    user: str


def settings_file() -> Path:
    return paths.config_dir() / desktop_settings.SETTINGS_FILENAME


def is_server_address(text: str) -> bool:
    """Whether ``text`` (a ``--db`` value) names a partnership server rather than a file."""
    return server_address.is_server_address(text.strip())


def check_address(text: str) -> str:
    """The server address in ``text`` as it is kept, or one sentence saying what is wrong."""
    return server_address.parse(text.strip()).url


def label(location: str) -> str:
    return server_address.parse(location).label


def needs_ca_file(location: str) -> bool:
    """Whether signing in needs the partnership's certificate authority (not on a socket)."""
    return not server_address.parse(location).local_socket


def _shown(stored: StoredServer) -> RememberedServer | None:
    try:
        address = server_address.parse(stored.address)
    except server_address.ServerAddressError:
        return None  # edited by hand into something unusable: not offered
    ca_file = Path(stored.ca_file) if stored.ca_file else None
    return RememberedServer(address.url, address.label, ca_file, stored.user)


def remembered() -> list[RememberedServer]:
    """The servers to offer, most recently used first."""
    shown = (_shown(stored) for stored in desktop_settings.read_servers(settings_file()))
    return [server for server in shown if server is not None]


def find(location: str) -> RememberedServer | None:
    """What is remembered of the server at ``location`` (however the address was written)."""
    wanted = check_address(location)
    return next((server for server in remembered() if server.location == wanted), None)


def remember(location: str, ca_file: Path | None, user: str) -> None:
    """Put the server first in the list, with this CA file and user name."""
    address = check_address(location)
    kept = [s for s in remembered() if s.location != address][: MAX_REMEMBERED - 1]
    first = StoredServer(address, str(ca_file) if ca_file else "", user)
    desktop_settings.write_servers(settings_file(), [first, *map(_stored, kept)])


def forget(location: str) -> None:
    """Take the server off the list (its records on the server are not touched)."""
    address = check_address(location)
    kept = [_stored(s) for s in remembered() if s.location != address]
    desktop_settings.write_servers(settings_file(), kept)


def _stored(server: RememberedServer) -> StoredServer:
    return StoredServer(server.location, str(server.ca_file) if server.ca_file else "", server.user)
