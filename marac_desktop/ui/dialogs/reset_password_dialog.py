"""An administrator sets a new password for another account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from marac_desktop.errors import UserFacingError
from marac_desktop.services import users

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.new_password_fields import NewPasswordFields
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class ResetPasswordDialog(QDialog):
    def __init__(self, workspace: Workspace, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.username = username
        self.setWindowTitle(f"Reset password — {style.APP_NAME}")
        self.setMinimumWidth(480)
        self.passwords = NewPasswordFields(lambda: username, self)
        self.buttons, self.reset_button = cancel_and("Reset password")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.passwords.add_rows(form, "New password", "Confirm")
        layout = dialog_layout(self)
        layout.addWidget(heading_label(f"Set a new password for {username}", 2))
        layout.addWidget(
            muted_label(
                "Their old password stops working at once. Tell them the new one in person."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.passwords.changed.connect(self._on_passwords_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_passwords_changed()
        fit_to_contents(self)

    def _on_passwords_changed(self) -> None:
        self.reset_button.setEnabled(self.passwords.problem() is None)

    @override
    def accept(self) -> None:
        if not self.reset_button.isEnabled():
            return
        try:
            with busy_cursor():
                users.reset_password(self._workspace, self.username, self.passwords.password())
        except UserFacingError as error:
            show_user_error(self, error)
            return
        self.passwords.clear()
        super().accept()
