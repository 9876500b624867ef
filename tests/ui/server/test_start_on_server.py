"""From the start screen to the main window on a partnership server, and back after a lock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from marac_desktop.domain.users import Role
from tests.server.conftest import Server, password_of

from marac_desktop.ui.dialogs.connect_dialog import ConnectDialog
from marac_desktop.ui.dialogs.start_dialog import StartDialog
from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.session_controller import SessionController


@pytest.fixture
def controller() -> Iterator[SessionController]:
    controller = SessionController(None, idle_interval_ms=60_000)
    yield controller
    controller.shutdown()
    QApplication.processEvents()


def _connect(qtbot: QtBot, controller: SessionController, password: str) -> MainWindow:
    dialog = controller.unlock_dialog
    assert isinstance(dialog, ConnectDialog)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=60_000)
    window = controller.main_window
    assert window is not None and window.isVisible()
    return window


def test_signs_in_to_a_server_from_the_start_screen_and_again_after_a_lock(
    qtbot: QtBot, server: Server, staff: dict[Role, str], controller: SessionController
) -> None:
    coordinator = staff[Role.COORDINATOR]
    controller.start()
    start = controller.start_dialog
    assert isinstance(start, StartDialog)
    start.connect_button.setFocus()
    qtbot.keyClick(start.connect_button, Qt.Key.Key_Space)
    dialog = controller.unlock_dialog
    assert isinstance(dialog, ConnectDialog)
    qtbot.keyClicks(dialog.address_edit, server.address.url)
    qtbot.keyClicks(dialog.username_edit, coordinator)
    window = _connect(qtbot, controller, password_of(coordinator))
    assert window.status_label.text() == (
        f"Signed in as {coordinator} (MARAC coordinator) · marac_test on this computer"
    )
    assert controller.workspace is not None and controller.workspace.on_server

    window.activateWindow()
    qtbot.keyClick(window.navigation, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.workspace is None
    again = controller.unlock_dialog  # the same server and user, the password to type again
    assert isinstance(again, ConnectDialog) and again.isVisible()
    assert again.address_edit.text() == server.address.url
    assert again.username_edit.text() == coordinator
    assert again.password_edit.text() == ""
    assert again.focusWidget() is again.password_edit
    _connect(qtbot, controller, password_of(coordinator))

    controller.lock()
    back = controller.unlock_dialog
    assert isinstance(back, ConnectDialog)
    qtbot.keyClick(back.password_edit, Qt.Key.Key_Escape)  # Back: the start screen lists it
    start = controller.start_dialog
    assert isinstance(start, StartDialog)
    assert start.servers() == [f"marac_test on this computer  ·  {coordinator}"]
    start.server_list.setFocus()
    qtbot.keyClick(start.server_list, Qt.Key.Key_Return)
    _connect(qtbot, controller, password_of(coordinator))
