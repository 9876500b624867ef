from __future__ import annotations

from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MadeDatabase, MessageBoxes

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from marac_desktop import __version__
from marac_desktop.services import access
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.dialogs.about_dialog import AboutDialog
from marac_desktop.ui.dialogs.change_password_dialog import ChangePasswordDialog

NEW_PASSWORD = "saffron tunnel mosaic"


def _fill(qtbot: QtBot, dialog: ChangePasswordDialog, current: str) -> None:
    qtbot.keyClicks(dialog.current_edit, current)
    qtbot.keyClicks(dialog.passwords.password_edit, NEW_PASSWORD)
    qtbot.keyClicks(dialog.passwords.confirm_edit, NEW_PASSWORD)


def test_changes_my_password(qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase) -> None:
    dialog = ChangePasswordDialog(admin_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.change_button.isEnabled()
    _fill(qtbot, dialog, ADMIN_PASSWORD)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ChangePasswordDialog.DialogCode.Accepted
    access.unlock(made_db.path, ADMIN, NEW_PASSWORD).close()


def test_wrong_current_password_is_a_warning(
    qtbot: QtBot, admin_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    dialog = ChangePasswordDialog(admin_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, "not my password at all")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert len(message_boxes.texts("warning")) == 1
    assert dialog.current_edit.text() == ""


def test_about_says_what_the_program_is(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Version {__version__}" in text
    assert "SQLCipher" in text
    assert "no network" in text or "never leaves this computer" in text
    assert "Logs are kept in" in text
