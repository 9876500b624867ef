"""The window on a partnership server reached over the network: from the start screen, through
TLS checked against the partnership's CA file, to a main window whose status bar names the
server's host and port. ``MARAC_SCREENS_DIR`` keeps the window's screen there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from marac_desktop.domain.users import Role
from marac_desktop.services import users
from tests import pg_cluster, server_certificates
from tests.engines import Server, start_server
from tests.server.conftest import password_of
from tests.storage.test_server_check import SAFE_HBA, SAFE_SETTINGS

from marac_desktop.ui.dialogs.connect_dialog import ConnectDialog
from marac_desktop.ui.dialogs.start_dialog import StartDialog
from marac_desktop.ui.session_controller import SessionController

IDVA = "ivy"


@pytest.fixture(scope="module")
def authority() -> server_certificates.Authority:
    return server_certificates.authority()


@pytest.fixture(scope="module")
def tls_server(authority: server_certificates.Authority) -> Iterator[Server]:
    with pg_cluster.running(
        settings=SAFE_SETTINGS,
        hba=SAFE_HBA,
        tcp=True,
        files=server_certificates.server_files(authority),
    ) as cluster:
        server = start_server(pg_cluster.empty_database(cluster, "marac_area"))
        admin = server.sign_in()
        try:
            users.add_user(admin, IDVA, Role.IDVA, password_of(IDVA))
        finally:
            admin.close()
        yield server


@pytest.fixture
def controller() -> Iterator[SessionController]:
    controller = SessionController(None, idle_interval_ms=60_000)
    yield controller
    controller.shutdown()
    QApplication.processEvents()


def test_signs_in_over_tls_and_the_status_bar_names_host_and_port(
    qtbot: QtBot,
    tls_server: Server,
    authority: server_certificates.Authority,
    controller: SessionController,
    tmp_path: Path,
) -> None:
    ca_file = tmp_path / "partnership-ca.pem"
    ca_file.write_bytes(authority.pem)
    port = tls_server.empty.cluster.port
    controller.start()
    start = controller.start_dialog
    assert isinstance(start, StartDialog)
    start.connect_button.setFocus()
    qtbot.keyClick(start.connect_button, Qt.Key.Key_Space)
    dialog = controller.unlock_dialog
    assert isinstance(dialog, ConnectDialog)
    qtbot.keyClicks(dialog.address_edit, f"postgresql://localhost:{port}/marac_area")
    qtbot.keyClicks(dialog.ca_edit, str(ca_file))
    qtbot.keyClicks(dialog.username_edit, IDVA)
    qtbot.keyClicks(dialog.password_edit, password_of(IDVA))
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=60_000)
    window = controller.main_window
    assert window is not None
    assert window.status_label.text() == (
        f"Signed in as {IDVA} (IDVA) · marac_area on localhost:{port}"
    )
    if screens := os.environ.get("MARAC_SCREENS_DIR"):
        window.resize(1280, 800)
        window.grab().save(str(Path(screens) / "over-the-network.png"))
