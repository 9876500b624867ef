"""Change the signed-in user's own password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QWidget,
)

from marac_desktop.errors import UserFacingError
from marac_desktop.services import users

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.new_password_fields import NewPasswordFields, password_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import heading_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class ChangePasswordDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setWindowTitle(f"Change my password — {style.APP_NAME}")
        self.setMinimumWidth(540)
        self.current_edit = password_edit(min_width=True)
        self.current_edit.setAccessibleDescription("The password you signed in with")
        self.passwords = NewPasswordFields(lambda: workspace.actor, self)
        self.buttons, self.change_button = cancel_and("Change password")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("Current password", self.current_edit)
        self.passwords.add_rows(form, "New password", "Confirm")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Change my password", 2))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.current_edit.textChanged.connect(self._on_current_edit_text_changed)
        self.passwords.changed.connect(self._on_passwords_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update_change_button()
        fit_to_contents(self)

    def _update_change_button(self) -> None:
        ready = bool(self.current_edit.text()) and self.passwords.problem() is None
        self.change_button.setEnabled(ready)

    def _on_current_edit_text_changed(self, _text: str) -> None:
        self._update_change_button()

    def _on_passwords_changed(self) -> None:
        self._update_change_button()

    @override
    def accept(self) -> None:
        if not self.change_button.isEnabled():
            return
        try:
            with busy_cursor():
                users.change_own_password(
                    self._workspace, self.current_edit.text(), self.passwords.password()
                )
        except UserFacingError as error:
            show_user_error(self, error)
            self.current_edit.clear()
            self.current_edit.setFocus()
            return
        self.current_edit.clear()
        self.passwords.clear()
        super().accept()
