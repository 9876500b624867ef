"""Administrators: staff accounts, password resets, revoking, and re-encrypting the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QPushButton,
    QTableView,
    QWidget,
)

from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.users import User
from marac_desktop.errors import UserFacingError
from marac_desktop.services import users

from marac_desktop.ui import background
from marac_desktop.ui.dialogs.add_user_dialog import AddUserDialog
from marac_desktop.ui.dialogs.change_role_dialog import ChangeRoleDialog
from marac_desktop.ui.dialogs.rename_user_dialog import RenameUserDialog
from marac_desktop.ui.dialogs.reset_password_dialog import ResetPasswordDialog
from marac_desktop.ui.messages import confirm, inform, show_user_error
from marac_desktop.ui.models.table_selection import selected_row
from marac_desktop.ui.models.user_table_model import (
    COL_DISPLAY_NAME,
    COL_USERNAME,
    SORT_ROLE,
    UserTableModel,
)
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.flow_layout import FlowLayout
from marac_desktop.ui.widgets.sizing import keep_room_for
from marac_desktop.ui.widgets.text import StatusLabel

if TYPE_CHECKING:
    from marac_desktop.services.users import RekeyResult
    from marac_desktop.services.workspace import Workspace

REKEY_TITLE = "Re-encrypting the database"

REKEY_QUESTION = (
    "Re-encrypt the database now so the revoked account's old copy of the key is useless?"
)
REKEY_EXPLANATION = (
    "Re-encrypting gives the database and every backup in the backups folder a new key and "
    "re-locks them for every remaining account. A copy someone took before is out of reach. "
    "It can take a little while on a large database. Continue?"
)


def _can_rekey(workspace: Workspace) -> bool:
    """A server has no database key to change (its operator looks after it)."""
    return workspace.can(Permission.REKEY_DATABASE) and not workspace.on_server


class UsersPage(Page):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            "Users",
            "Each person has their own account and password. Revoking an account stops it "
            "unlocking the database; its history stays in the audit log."
            + (
                " On a partnership server each account is the server's own login, and there is "
                "no database key to re-encrypt (the server's operator looks after its storage)."
                if workspace.on_server
                else ""
            ),
            parent,
        )
        self._workspace = workspace
        self.model = UserTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_USERNAME, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DISPLAY_NAME, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("Add user…")
        self.rename_button = QPushButton("Re&name…")
        self.role_button = QPushButton("Change &role…")
        self.reset_button = QPushButton("Reset password…")
        self.revoke_button = QPushButton("Revoke…")
        self.rekey_button = QPushButton("Re-encrypt database (rekey)…")
        self.rekey_button.setVisible(_can_rekey(workspace))
        buttons = FlowLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.role_button)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.revoke_button)
        buttons.add_stretch()
        buttons.addWidget(self.rekey_button)
        self.status = StatusLabel()
        keep_room_for(self.status, 1)  # the table stays put when a message shows
        self.table.setAccessibleName("Staff accounts")
        self.page_layout.addLayout(buttons)
        self.page_layout.addWidget(self.status)
        self.page_layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.role_button.clicked.connect(self._on_role_button_clicked)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.revoke_button.clicked.connect(self._on_revoke_button_clicked)
        self.rekey_button.clicked.connect(self._on_rekey_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected_user()
        try:
            rows = users.list_users(self._workspace)
        except UserFacingError as error:
            show_user_error(self, error)
            rows = []
        self.model.set_rows(rows)
        if selected is not None:
            self.select_user(selected.username)
        self._update_buttons()

    def selected_user(self) -> User | None:
        return selected_row(self.table, self.proxy, self.model)

    def select_user(self, username: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, COL_USERNAME)
            if index.data() == username:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        user = self.selected_user()
        active = user is not None and user.active
        others = active and user is not None and not self._is_me(user)
        self.rename_button.setEnabled(active)
        self.role_button.setEnabled(others)
        self.reset_button.setEnabled(active)
        self.revoke_button.setEnabled(others)

    def _is_me(self, user: User) -> bool:
        return self._workspace.user is not None and self._workspace.user.username == user.username

    def _on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self.status.clear_message()
        self._update_buttons()

    def _on_add_button_clicked(self) -> None:
        dialog = AddUserDialog(self._workspace, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.added_user is None:
            return
        self.refresh()
        self.select_user(dialog.added_user.username)

    def _on_rename_button_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = RenameUserDialog(self._workspace, user, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.renamed is None:
            return
        self.refresh()
        self.status.show_success(f"{user.username} is now shown as {dialog.renamed.display_name}.")

    def _on_role_button_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = ChangeRoleDialog(self._workspace, user, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.changed is None:
            return
        self.refresh()
        self.status.show_success(
            f"{user.username} is now: {dialog.changed.role.label}. {users.ROLE_TAKES_EFFECT}"
        )

    def _on_reset_button_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = ResetPasswordDialog(self._workspace, user.username, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            inform(self, f"The password for {user.username} has been reset.")

    def _on_revoke_button_clicked(self) -> None:
        user = self.selected_user()
        if user is None or not confirm(
            self,
            f"Revoke the account {user.username}? They will no longer be able to unlock the "
            "database. This cannot be undone.",
        ):
            return
        try:
            users.revoke_user(self._workspace, user.username)
        except UserFacingError as error:
            show_user_error(self, error)
            return
        self.refresh()
        if _can_rekey(self._workspace) and confirm(self, REKEY_QUESTION):
            self._rekey()

    def _on_rekey_button_clicked(self) -> None:
        if confirm(self, REKEY_EXPLANATION):
            self._rekey()

    def _rekey(self) -> None:
        """Rekey in the background; the window takes no other input until it is done."""
        workspace = self._workspace

        def failed(error: UserFacingError) -> None:
            show_user_error(self, error)

        def done(result: RekeyResult) -> None:
            inform(self, result.summary())

        if not background.runner().start(
            REKEY_TITLE,
            lambda progress: users.rekey(workspace, progress),
            done,
            failed=failed,
            owner=self,
            exclusive=True,
        ):
            show_user_error(self, UserFacingError(background.runner().refusal()))
