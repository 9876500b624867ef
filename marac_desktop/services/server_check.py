"""``server check``: connect to a partnership server as documented and name what is unsafe.

The connection itself follows the transport rule (TLS ``verify-full`` against the partnership's
CA over the network, or the Unix socket on the server's machine), so a server that cannot be
reached that way fails here with one sentence. Then the server's settings are read and judged
(``domain.server_safety``); nothing on the server is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marac_desktop.domain.server_safety import judge
from marac_desktop.storage import server_address, server_connect, server_settings


@dataclass(frozen=True, slots=True)
class ServerCheck:
    server: str
    """The server's label: database, host and port, never a user or password."""
    connection: str
    """How the check reached it, in words."""
    unsafe: tuple[str, ...]
    not_checked: tuple[str, ...]
    summary: str

    @property
    def safe(self) -> bool:
        return not self.unsafe


def check(address_text: str, user: str, password: str, ca_file: Path | None) -> ServerCheck:
    """Connect to the server at ``address_text`` as ``user`` and judge its settings."""
    address = server_address.parse(address_text)
    connection = server_connect.connect(address, user, password, ca_file)
    with connection:
        facts = server_settings.read(connection)
    verdict = judge(facts)
    if facts.local_socket:
        how = "the Unix socket on the server's own machine"
    else:
        how = "TLS, the server's certificate checked against the CA file (verify-full)"
    return ServerCheck(address.label, how, verdict.unsafe, verdict.not_checked, verdict.summary)
