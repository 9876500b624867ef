"""The desktop's own settings file: a small JSON document in the user's settings folder.

It keeps what a person would otherwise type again at every start (the partnership servers
they connect to, with the certificate authority file and the user name they last used) and
nothing else: never a password, never case data. Only the fields of ``StoredServer`` are ever
written, whatever else the file held before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marac_desktop.errors import StorageWriteError
from marac_desktop.storage.atomic import make_private_folders, write_bytes_atomic

SETTINGS_FILENAME = "settings.json"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class StoredServer:
    address: str
    """The server's ``postgresql://`` address, as ``ServerAddress.url`` writes it."""
    ca_file: str = ""
    user: str = ""


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key, "")
    return value if isinstance(value, str) else ""


def read_servers(path: Path) -> list[StoredServer]:
    """The servers in the file, in its order; none when it is missing or cannot be read as
    settings (a damaged settings file must not stop the window from opening)."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return []
    entries = document.get("servers") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return []
    servers = []
    for entry in entries:
        if isinstance(entry, dict) and _text(entry, "address"):
            servers.append(
                StoredServer(_text(entry, "address"), _text(entry, "ca_file"), _text(entry, "user"))
            )
    return servers


def write_servers(path: Path, servers: list[StoredServer]) -> None:
    """Replace the file, in one step and owner-only, with ``servers``."""
    document = {
        "version": FORMAT_VERSION,
        "servers": [
            {"address": server.address, "ca_file": server.ca_file, "user": server.user}
            for server in servers
        ],
    }
    try:
        make_private_folders(path.parent)
    except OSError:
        raise StorageWriteError(
            f"The settings folder {path.parent} could not be made; the server is not remembered."
        ) from None
    write_bytes_atomic(path, json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8"))
