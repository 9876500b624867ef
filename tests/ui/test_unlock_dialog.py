from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MadeDatabase, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from marac_desktop.services import access

from marac_desktop.ui.dialogs.recovery_dialog import RecoveryDialog
from marac_desktop.ui.dialogs.unlock_dialog import UnlockDialog

WRONG = "The user name or password is not correct; check them and try again."


def _dialog(qtbot: QtBot, made_db: MadeDatabase) -> UnlockDialog:
    dialog = UnlockDialog(made_db.path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _try(qtbot: QtBot, dialog: UnlockDialog, username: str, password: str) -> None:
    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    wait_for_jobs()


def test_shows_the_file_name_but_no_user_in_the_title(qtbot: QtBot, made_db: MadeDatabase) -> None:
    dialog = _dialog(qtbot, made_db)
    assert dialog.windowTitle() == "Unlock MARAC Desktop"
    assert not dialog.unlock_button.isEnabled()
    _try(qtbot, dialog, ADMIN, "wrong password here")
    assert ADMIN not in dialog.windowTitle()
    assert "t.db" not in dialog.windowTitle()


def test_wrong_password_shows_one_sentence(qtbot: QtBot, made_db: MadeDatabase) -> None:
    dialog = _dialog(qtbot, made_db)
    _try(qtbot, dialog, ADMIN, "not the password")
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == WRONG
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.password_edit.text() == ""
    assert dialog.focusWidget() is dialog.password_edit
    assert dialog.workspace is None
    assert dialog.isVisible()
    assert dialog.unlock_button.isEnabled() is False  # empty password
    qtbot.keyClicks(dialog.password_edit, "x")
    assert dialog.unlock_button.isEnabled()


def test_repeated_failures_start_a_countdown(qtbot: QtBot, made_db: MadeDatabase) -> None:
    dialog = _dialog(qtbot, made_db)
    for _ in range(2):
        _try(qtbot, dialog, ADMIN, "still wrong")
        assert not dialog.wait_label.isVisible()
    _try(qtbot, dialog, ADMIN, "still wrong")
    assert dialog.error_label.text() == WRONG
    assert dialog.wait_label.isVisible()
    assert dialog.wait_label.text().startswith("Too many unsuccessful attempts: try again in ")
    qtbot.keyClicks(dialog.password_edit, ADMIN_PASSWORD)
    assert not dialog.unlock_button.isEnabled()
    qtbot.waitUntil(dialog.unlock_button.isEnabled, timeout=5000)
    assert not dialog.wait_label.isVisible()
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    wait_for_jobs()
    assert dialog.workspace is not None
    dialog.workspace.close()


def test_a_new_dialog_honours_an_existing_wait(qtbot: QtBot, made_db: MadeDatabase) -> None:
    first = _dialog(qtbot, made_db)
    for _ in range(3):
        _try(qtbot, first, ADMIN, "wrong again")
    second = _dialog(qtbot, made_db)
    assert not second.wait_label.isVisible()  # the wait belongs to the account, once named
    qtbot.keyClicks(second.username_edit, ADMIN)
    assert second.wait_label.isVisible()
    qtbot.keyClicks(second.password_edit, ADMIN_PASSWORD)
    assert not second.unlock_button.isEnabled()
    second.username_edit.setText("someone.else")  # another name is not made to wait
    assert not second.wait_label.isVisible() and second.unlock_button.isEnabled()


def test_correct_password_yields_the_workspace(qtbot: QtBot, made_db: MadeDatabase) -> None:
    dialog = _dialog(qtbot, made_db)
    emitted: list[object] = []
    dialog.unlocked.connect(emitted.append)
    _try(qtbot, dialog, ADMIN, ADMIN_PASSWORD)
    workspace = dialog.workspace
    assert workspace is not None and emitted == [workspace]
    assert workspace.user is not None and workspace.user.username == ADMIN
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.password_edit.text() == ""
    workspace.close()


def test_enter_in_the_password_field_unlocks(qtbot: QtBot, made_db: MadeDatabase) -> None:
    dialog = _dialog(qtbot, made_db)
    qtbot.keyClicks(dialog.username_edit, ADMIN)
    qtbot.keyClicks(dialog.password_edit, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    wait_for_jobs()
    assert dialog.workspace is not None
    dialog.workspace.close()


def test_recovery_code_resets_a_password(
    qtbot: QtBot, made_db: MadeDatabase, answer_modal: Callable
) -> None:
    dialog = _dialog(qtbot, made_db)
    new_password = "orchard pebble lighthouse"

    def fill(recovery: QDialog) -> None:
        assert isinstance(recovery, RecoveryDialog)
        assert not recovery.reset_button.isEnabled()
        qtbot.keyClicks(recovery.code_edit, made_db.recovery_code.lower())
        qtbot.keyClicks(recovery.account_edit, ADMIN)
        qtbot.keyClicks(recovery.passwords.password_edit, new_password)
        qtbot.keyClicks(recovery.passwords.confirm_edit, new_password)
        qtbot.mouseClick(recovery.reset_button, Qt.MouseButton.LeftButton)
        wait_for_jobs()  # the reset runs on the runner, then the dialog accepts

    answer_modal(fill)
    qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    assert dialog.username_edit.text() == ADMIN
    assert "Sign in with the new password" in dialog.note_label.text()
    access.unlock(made_db.path, ADMIN, new_password).close()


def test_wrong_recovery_code_stays_open(qtbot: QtBot, made_db: MadeDatabase) -> None:
    recovery = RecoveryDialog(made_db.path)
    qtbot.addWidget(recovery)
    recovery.show()
    qtbot.keyClicks(recovery.code_edit, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    qtbot.keyClicks(recovery.account_edit, ADMIN)
    qtbot.keyClicks(recovery.passwords.password_edit, "orchard pebble lighthouse")
    qtbot.keyClicks(recovery.passwords.confirm_edit, "orchard pebble lighthouse")
    qtbot.mouseClick(recovery.reset_button, Qt.MouseButton.LeftButton)
    assert not recovery.isEnabled()  # unlocking on the runner
    wait_for_jobs()
    assert recovery.isVisible() and recovery.isEnabled()
    assert recovery.error_label.text() == WRONG
    access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD).close()
