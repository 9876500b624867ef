"""The first screen: Enter opens the file on this computer; another file or a server can be
chosen; remembered servers are listed and can be forgotten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MadeDatabase

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.paths import default_database_path
from marac_desktop.services import access, remembered_servers

from marac_desktop.ui import app
from marac_desktop.ui.dialogs.connect_dialog import ConnectDialog, ServerChoice
from marac_desktop.ui.dialogs.first_run_wizard import FirstRunWizard
from marac_desktop.ui.dialogs.start_dialog import StartDialog
from marac_desktop.ui.dialogs.unlock_dialog import UnlockDialog
from marac_desktop.ui.session_controller import SessionController

SERVER = "postgresql://db.example/marac"
OTHER = "postgresql://partners.example:6543/north"


@pytest.fixture
def controller() -> Iterator[SessionController]:
    controller = SessionController(None, idle_interval_ms=60_000)
    yield controller
    controller.shutdown()
    QApplication.processEvents()


def _start(controller: SessionController) -> StartDialog:
    controller.start()
    dialog = controller.start_dialog
    assert isinstance(dialog, StartDialog) and dialog.isVisible()
    return dialog


def _enter(qtbot: QtBot, dialog: QDialog) -> None:
    widget = dialog.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_enter_opens_the_file_on_this_computer(qtbot: QtBot, controller: SessionController) -> None:
    access.create_database(default_database_path(), ADMIN, ADMIN_PASSWORD, kdf=TEST_KDF)
    dialog = _start(controller)
    assert dialog.focusWidget() is dialog.open_default_button
    _enter(qtbot, dialog)
    unlock = controller.unlock_dialog
    assert isinstance(unlock, UnlockDialog) and unlock.isVisible()
    assert unlock.database_path == default_database_path()
    assert controller.start_dialog is None


def test_with_no_file_yet_enter_runs_the_first_run_wizard(
    qtbot: QtBot,
    controller: SessionController,
    made_db: MadeDatabase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[Path] = []
    answers = [QDialog.DialogCode.Rejected, QDialog.DialogCode.Accepted]

    def fake_exec(wizard: FirstRunWizard) -> int:
        shown.append(wizard.location_page.chosen_path())
        answer = answers.pop(0)
        if answer == QDialog.DialogCode.Accepted:
            wizard.database_path = made_db.path  # as the wizard sets it once it made the file
        return answer

    monkeypatch.setattr(FirstRunWizard, "exec", fake_exec)
    _enter(qtbot, _start(controller))
    assert shown == [default_database_path()]
    again = controller.start_dialog  # the wizard was cancelled: choose again
    assert isinstance(again, StartDialog) and again.isVisible()
    _enter(qtbot, again)
    unlock = controller.unlock_dialog
    assert isinstance(unlock, UnlockDialog) and unlock.database_path == made_db.path


def test_another_file_is_chosen_with_a_file_picker(
    qtbot: QtBot,
    controller: SessionController,
    made_db: MadeDatabase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(made_db.path), ""))
    )
    dialog = _start(controller)
    dialog.open_other_button.setFocus()
    qtbot.keyClick(dialog.open_other_button, Qt.Key.Key_Space)
    unlock = controller.unlock_dialog
    assert isinstance(unlock, UnlockDialog) and unlock.database_path == made_db.path


def test_quit_quits(qtbot: QtBot, controller: SessionController) -> None:
    quit_asked: list[bool] = []
    controller.quit_requested.connect(lambda: quit_asked.append(True))
    dialog = _start(controller)
    qtbot.keyClick(dialog.open_default_button, Qt.Key.Key_Escape)
    assert quit_asked == [True]


def test_connect_opens_an_empty_connect_dialog_and_back_returns(
    qtbot: QtBot, controller: SessionController
) -> None:
    dialog = _start(controller)
    dialog.connect_button.setFocus()
    qtbot.keyClick(dialog.connect_button, Qt.Key.Key_Space)
    connect = controller.unlock_dialog
    assert isinstance(connect, ConnectDialog) and connect.isVisible()
    assert connect.address_edit.text() == "" and connect.focusWidget() is connect.address_edit
    qtbot.keyClick(connect.address_edit, Qt.Key.Key_Escape)
    again = controller.start_dialog
    assert isinstance(again, StartDialog) and again.isVisible()
    assert controller.unlock_dialog is None


def test_no_server_section_until_one_is_remembered(controller: SessionController) -> None:
    dialog = _start(controller)
    assert dialog.servers() == []
    assert not dialog.server_list.isVisibleTo(dialog)


def test_a_remembered_server_is_picked_with_the_keyboard(
    qtbot: QtBot, controller: SessionController, tmp_path: Path
) -> None:
    remembered_servers.remember(SERVER, tmp_path / "ca.pem", "idva1")
    remembered_servers.remember(OTHER, None, "coord1")
    dialog = _start(controller)
    assert dialog.servers() == [
        "north on partners.example:6543  ·  coord1",
        "marac on db.example:5432  ·  idva1",
    ]
    dialog.server_list.setFocus()
    qtbot.keyClick(dialog.server_list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.server_list, Qt.Key.Key_Return)
    connect = controller.unlock_dialog
    assert isinstance(connect, ConnectDialog) and connect.isVisible()
    assert connect.address_edit.text() == "postgresql://db.example:5432/marac"
    assert connect.ca_edit.text() == str(tmp_path / "ca.pem")
    assert connect.username_edit.text() == "idva1"
    assert connect.focusWidget() is connect.password_edit


def test_a_server_is_forgotten_with_delete(qtbot: QtBot, controller: SessionController) -> None:
    remembered_servers.remember(SERVER, None, "idva1")
    remembered_servers.remember(OTHER, None, "coord1")
    dialog = _start(controller)
    dialog.server_list.setFocus()
    qtbot.keyClick(dialog.server_list, Qt.Key.Key_Delete)
    assert dialog.servers() == ["marac on db.example:5432  ·  idva1"]
    assert dialog.status_label.text() == (
        "north on partners.example:6543 is no longer listed here."
    )
    assert [s.user for s in remembered_servers.remembered()] == ["idva1"]
    assert dialog.isVisible() and controller.unlock_dialog is None
    qtbot.keyClick(dialog.server_list, Qt.Key.Key_Delete)
    assert dialog.servers() == [] and not dialog.server_list.isVisibleTo(dialog)
    assert dialog.focusWidget() is dialog.open_default_button


def test_a_server_on_the_command_line_comes_with_what_was_remembered(tmp_path: Path) -> None:
    remembered_servers.remember(SERVER, tmp_path / "ca.pem", "idva1")
    assert app.server_choice("postgres://db.example:5432/marac") == ServerChoice(
        "postgresql://db.example:5432/marac", tmp_path / "ca.pem", "idva1"
    )
    assert app.server_choice(OTHER) == ServerChoice(OTHER)
    assert app.server_choice("postgresql://u:pw@db.example/marac") == ServerChoice(
        "postgresql://u:pw@db.example/marac"
    )  # kept as typed; the connect dialog says what is wrong when Connect is pressed
