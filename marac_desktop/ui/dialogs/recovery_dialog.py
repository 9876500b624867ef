"""Use the recovery code to set a new password for an account, then lock again."""

from __future__ import annotations

from pathlib import Path

from typing_extensions import override

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from marac_desktop.errors import UserFacingError

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.new_password_fields import NewPasswordFields, password_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, paragraph_label


class RecoveryDialog(QDialog):
    """On success ``reset_account`` names the account whose password was reset."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database_path = database
        self.reset_account = ""
        self.setWindowTitle(f"Recovery code — {style.APP_NAME}")
        self.setMinimumWidth(520)
        self.code_edit = password_edit()
        self.code_edit.setFont(style.monospace_font())
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.account_edit = QLineEdit()
        self.account_edit.setMinimumWidth(style.FIELD_MIN_WIDTH)
        self.passwords = NewPasswordFields(self.account_edit.text, self)
        self.error_label = StatusLabel()
        self.buttons, self.reset_button = cancel_and("Reset password")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("Recovery code", self.code_edit)
        form.addRow("Account to reset", self.account_edit)
        self.passwords.add_rows(form, "New password", "Confirm")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Reset a password with the recovery code", 2))
        layout.addWidget(
            paragraph_label(
                "Enter the recovery code you stored when the database was created, the user name "
                "of the account to reset (usually an administrator), and its new password."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.code_edit.textChanged.connect(self._on_field_text_changed)
        self.account_edit.textChanged.connect(self._on_account_edit_text_changed)
        self.passwords.changed.connect(self._on_passwords_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update_reset_button()
        fit_to_contents(self)

    def _update_reset_button(self) -> None:
        ready = bool(self.code_edit.text().strip() and self.account_edit.text().strip())
        self.reset_button.setEnabled(ready and self.passwords.problem() is None)

    def _on_field_text_changed(self, _text: str) -> None:
        self._update_reset_button()

    def _on_account_edit_text_changed(self, _text: str) -> None:
        self.passwords.refresh()

    def _on_passwords_changed(self) -> None:
        self._update_reset_button()

    @override
    def accept(self) -> None:
        if not self.reset_button.isEnabled():
            return
        from marac_desktop.services import access, users

        account = self.account_edit.text().strip()
        try:
            with busy_cursor():
                workspace = access.unlock_with_recovery(self.database_path, self.code_edit.text())
                try:
                    users.reset_password(workspace, account, self.passwords.password())
                finally:
                    workspace.lock()
        except UserFacingError as error:
            self.error_label.show_error(str(error))
            return
        self.code_edit.clear()
        self.passwords.clear()
        self.reset_account = account
        super().accept()
