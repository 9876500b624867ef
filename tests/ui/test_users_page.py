from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MadeDatabase, MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from marac_desktop.domain.users import Role
from marac_desktop.services import access, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.dialogs.add_user_dialog import AddUserDialog
from marac_desktop.ui.dialogs.change_role_dialog import ChangeRoleDialog
from marac_desktop.ui.dialogs.rename_user_dialog import RenameUserDialog
from marac_desktop.ui.dialogs.reset_password_dialog import ResetPasswordDialog
from marac_desktop.ui.models.user_table_model import (
    COL_DISPLAY_NAME,
    COL_ROLE,
    COL_STATUS,
    COL_USERNAME,
)
from marac_desktop.ui.pages.users_page import REKEY_QUESTION, UsersPage

NEW_PASSWORD = "juniper canal sketchbook"


def _page(qtbot: QtBot, workspace: Workspace) -> UsersPage:
    page = UsersPage(workspace)
    qtbot.addWidget(page)
    page.show()
    return page


def _row_of(page: UsersPage, username: str) -> int:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, COL_USERNAME).data() == username:
            return row
    raise AssertionError(username)


def _status(page: UsersPage, username: str) -> str:
    return str(page.proxy.index(_row_of(page, username), COL_STATUS).data())


def _add_through_dialog(
    qtbot: QtBot, page: UsersPage, answer_modal: Callable, name: str, role: Role
) -> None:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddUserDialog)
        qtbot.keyClicks(dialog.username_edit, name)
        qtbot.keyClicks(dialog.display_name_edit, "Jordan Casey")
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findText(role.label))
        qtbot.keyClicks(dialog.passwords.password_edit, NEW_PASSWORD)
        qtbot.keyClicks(dialog.passwords.confirm_edit, NEW_PASSWORD)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    answer_modal(fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)


def test_lists_the_administrator(qtbot: QtBot, admin_ws: Workspace) -> None:
    page = _page(qtbot, admin_ws)
    assert page.proxy.rowCount() == 1
    assert _status(page, ADMIN) == "Active"
    page.table.selectRow(0)
    assert page.reset_button.isEnabled()
    assert not page.revoke_button.isEnabled()  # not your own account


def test_adds_a_user(
    qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase, answer_modal: Callable
) -> None:
    page = _page(qtbot, admin_ws)
    _add_through_dialog(qtbot, page, answer_modal, "coord.one", Role.COORDINATOR)
    assert page.proxy.rowCount() == 2
    row = _row_of(page, "coord.one")
    assert page.proxy.index(row, 2).data() == "MARAC coordinator"
    assert page.selected_user() is not None and page.selected_user().username == "coord.one"
    workspace = access.unlock(made_db.path, "coord.one", NEW_PASSWORD)
    assert workspace.user is not None and workspace.user.role is Role.COORDINATOR
    workspace.close()


def test_duplicate_user_keeps_the_dialog_open(
    qtbot: QtBot, admin_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    dialog = AddUserDialog(admin_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, ADMIN)
    qtbot.keyClicks(dialog.passwords.password_edit, NEW_PASSWORD)
    qtbot.keyClicks(dialog.passwords.confirm_edit, NEW_PASSWORD)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert message_boxes.texts("warning") == ["There is already an account called admin."]
    assert dialog.isVisible()
    assert dialog.passwords.password() == NEW_PASSWORD


def test_revokes_and_can_rekey(
    qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase, message_boxes: MessageBoxes
) -> None:
    users.add_user(admin_ws, "idva.two", Role.IDVA, NEW_PASSWORD)
    page = _page(qtbot, admin_ws)
    page.table.selectRow(_row_of(page, "idva.two"))
    assert page.revoke_button.isEnabled()
    message_boxes.answers = [True, True]  # revoke? yes; re-encrypt now? yes
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    wait_for_jobs()

    questions = message_boxes.texts("question")
    assert questions[0].startswith("Revoke the account idva.two?")
    assert questions[1] == REKEY_QUESTION
    assert _status(page, "idva.two").startswith("Revoked")
    assert "re-encrypted" in message_boxes.texts("information")[0]
    assert not page.revoke_button.isEnabled()
    access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD).close()


def test_revoke_can_be_cancelled(
    qtbot: QtBot, admin_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    users.add_user(admin_ws, "idva.two", Role.IDVA, NEW_PASSWORD)
    page = _page(qtbot, admin_ws)
    page.table.selectRow(_row_of(page, "idva.two"))
    message_boxes.answers = [False]
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    assert _status(page, "idva.two") == "Active"


def test_resets_a_password(
    qtbot: QtBot,
    admin_ws: Workspace,
    made_db: MadeDatabase,
    answer_modal: Callable,
    message_boxes: MessageBoxes,
) -> None:
    users.add_user(admin_ws, "idva.two", Role.IDVA, NEW_PASSWORD)
    page = _page(qtbot, admin_ws)
    page.table.selectRow(_row_of(page, "idva.two"))
    reset_to = "bramble lantern quartet"

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ResetPasswordDialog)
        qtbot.keyClicks(dialog.passwords.password_edit, reset_to)
        qtbot.keyClicks(dialog.passwords.confirm_edit, reset_to)
        qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)

    answer_modal(fill)
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert message_boxes.texts("information") == ["The password for idva.two has been reset."]
    access.unlock(made_db.path, "idva.two", reset_to).close()


def test_rekey_button(
    qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase, message_boxes: MessageBoxes
) -> None:
    page = _page(qtbot, admin_ws)
    message_boxes.answers = [True]
    qtbot.mouseClick(page.rekey_button, Qt.MouseButton.LeftButton)
    wait_for_jobs()
    assert "re-encrypted" in message_boxes.texts("information")[0]
    access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD).close()


def _focus_account_by_typing(qtbot: QtBot, page: UsersPage, username: str) -> None:
    """Into the table and type the start of the user name, as a person finds a row."""
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())
    page.table.setFocus()
    qtbot.keyClicks(page.table, username[:4])
    user = page.selected_user()
    assert user is not None and user.username == username


def _mnemonic(qtbot: QtBot, page: UsersPage, key: Qt.Key) -> None:
    qtbot.keyClick(page.table, key, Qt.KeyboardModifier.AltModifier)


def _display_name(page: UsersPage, username: str) -> str:
    return str(page.proxy.index(_row_of(page, username), COL_DISPLAY_NAME).data())


def test_renames_an_account_by_keyboard_keeping_it_selected(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    users.add_user(admin_ws, "idva.two", Role.IDVA, NEW_PASSWORD, "Sam Idva")
    page = _page(qtbot, admin_ws)
    _focus_account_by_typing(qtbot, page, "idva.two")
    seen: dict[str, object] = {}

    def rename(dialog: QDialog) -> None:
        assert isinstance(dialog, RenameUserDialog)
        edit = dialog.name_edit
        assert dialog.focusWidget() is edit and edit.selectedText() == "Sam Idva"
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter with nothing typed: refused
        seen["refused"] = (dialog.isVisible(), dialog.status.text())
        qtbot.keyClicks(edit, "Samira Idva-Khan")
        seen["cleared"] = dialog.status.isVisible()
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    answer_modal(rename)
    _mnemonic(qtbot, page, Qt.Key.Key_N)  # Re&name…
    qtbot.waitUntil(lambda: "refused" in seen and _display_name(page, "idva.two") != "Sam Idva")
    assert seen["refused"] == (True, "Type the name to show for this account.")
    assert seen["cleared"] is False  # the sentence goes once the name is typed again
    assert _display_name(page, "idva.two") == "Samira Idva-Khan"
    selected = page.selected_user()
    assert selected is not None and selected.username == "idva.two"
    assert page.status.text() == "idva.two is now shown as Samira Idva-Khan."


def test_changes_a_role_by_keyboard_and_says_when_it_applies(
    qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase, answer_modal: Callable
) -> None:
    users.add_user(admin_ws, "idva.two", Role.IDVA, NEW_PASSWORD)
    page = _page(qtbot, admin_ws)
    _focus_account_by_typing(qtbot, page, "idva.two")
    seen: dict[str, str] = {}

    def change(dialog: QDialog) -> None:
        assert isinstance(dialog, ChangeRoleDialog)
        seen["says"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert dialog.focusWidget() is dialog.role_combo
        qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Down)  # IDVA -> MARAC coordinator
        qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Return)

    answer_modal(change)
    _mnemonic(qtbot, page, Qt.Key.Key_R)  # Change &role…
    qtbot.waitUntil(lambda: _role(page, "idva.two") == "MARAC coordinator")
    assert users.ROLE_TAKES_EFFECT in seen["says"]
    selected = page.selected_user()
    assert selected is not None and selected.username == "idva.two"
    assert page.status.text().startswith("idva.two is now: MARAC coordinator.")
    workspace = access.unlock(made_db.path, "idva.two", NEW_PASSWORD)
    assert workspace.user is not None and workspace.user.role is Role.COORDINATOR
    workspace.close()


def test_the_last_administrator_keeps_the_role_in_one_sentence(
    qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase, answer_modal: Callable
) -> None:
    """The recovery code's session may reach the only administrator's role."""
    recovery = access.unlock_with_recovery(made_db.path, made_db.recovery_code)
    page = _page(qtbot, recovery)
    _focus_account_by_typing(qtbot, page, ADMIN)
    seen: dict[str, object] = {}

    def change(dialog: QDialog) -> None:
        assert isinstance(dialog, ChangeRoleDialog)
        dialog.role_combo.setFocus()
        qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Home)  # IDVA
        before = dialog.size()
        qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Return)
        seen["after"] = (dialog.isVisible(), dialog.status.text(), dialog.size() == before)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_modal(change)
    _mnemonic(qtbot, page, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: "after" in seen)
    assert seen["after"] == (True, users.LAST_ADMIN, True)  # open, saying why, not grown
    assert _role(page, ADMIN) == "Administrator"
    recovery.close()


def test_an_administrator_may_rename_but_not_re_role_themselves(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    page = _page(qtbot, admin_ws)
    page.select_user(ADMIN)
    assert page.rename_button.isEnabled()
    assert not page.role_button.isEnabled()


def _role(page: UsersPage, username: str) -> str:
    return str(page.proxy.index(_row_of(page, username), COL_ROLE).data())
