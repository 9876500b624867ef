from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MadeDatabase, MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from marac_desktop.domain.users import Role
from marac_desktop.services import access, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.dialogs.add_user_dialog import AddUserDialog
from marac_desktop.ui.dialogs.reset_password_dialog import ResetPasswordDialog
from marac_desktop.ui.models.user_table_model import COL_STATUS, COL_USERNAME
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
