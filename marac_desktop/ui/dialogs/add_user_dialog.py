"""Add a staff account with a role and an initial password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from marac_desktop.domain.users import USERNAME_PATTERN, Role, User
from marac_desktop.errors import UserFacingError
from marac_desktop.services import users

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.dialogs.first_run_wizard import username_hint
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.new_password_fields import NewPasswordFields
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class AddUserDialog(QDialog):
    """Creates the account on OK; ``added_user`` holds it afterwards."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.added_user: User | None = None
        self.setWindowTitle(f"Add user — {style.APP_NAME}")
        self.setMinimumWidth(580)
        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleDescription(
            "The name typed to sign in: letters, digits, dots or dashes"
        )
        self.username_edit.setMinimumWidth(style.field_min_width())
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setAccessibleDescription(
            "The person's full name, as colleagues know it"
        )
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleDescription("What the account may do")
        for role in Role:
            self.role_combo.addItem(role.label, role.value)
        self.passwords = NewPasswordFields(self.username_edit.text, self)
        self.buttons, self.add_button = cancel_and("Add user")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("User name", self.username_edit)
        form.addRow("", username_hint())
        form.addRow("Display name", self.display_name_edit)
        form.addRow("Role", self.role_combo)
        self.passwords.add_rows(form, "Initial password", "Confirm")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Add a user", 2))
        layout.addWidget(
            muted_label(
                "Give the initial password to the person directly, not by email; they can change "
                "it from the Account menu once signed in."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.username_edit.textChanged.connect(self._on_username_edit_text_changed)
        self.passwords.changed.connect(self._on_passwords_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update_add_button()
        fit_to_contents(self)

    def selected_role(self) -> Role:
        return Role(self.role_combo.currentData())

    def _update_add_button(self) -> None:
        username_ok = bool(USERNAME_PATTERN.match(self.username_edit.text()))
        self.add_button.setEnabled(username_ok and self.passwords.problem() is None)

    def _on_username_edit_text_changed(self, _text: str) -> None:
        self.passwords.refresh()

    def _on_passwords_changed(self) -> None:
        self._update_add_button()

    @override
    def accept(self) -> None:
        if not self.add_button.isEnabled():
            return
        try:
            with busy_cursor():
                self.added_user = users.add_user(
                    self._workspace,
                    self.username_edit.text(),
                    self.selected_role(),
                    self.passwords.password(),
                    self.display_name_edit.text().strip(),
                )
        except UserFacingError as error:
            show_user_error(self, error)
            return
        self.passwords.clear()
        super().accept()
