"""The partnership server of tests/server, for the window's tests on a server."""

from __future__ import annotations

from tests.server.conftest import server, server_admin, staff

__all__ = ["server", "server_admin", "staff"]
