"""An administrator gives an account another display name (its user name stays)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QWidget

from marac_desktop.domain.users import User
from marac_desktop.errors import UserFacingError
from marac_desktop.services import users

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents, keep_room_for
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class RenameUserDialog(QDialog):
    """Saves on Enter or Rename; ``renamed`` holds the account afterwards. A refusal is shown
    in one sentence under the field, which keeps what was typed."""

    def __init__(self, workspace: Workspace, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.user = user
        self.renamed: User | None = None
        self.setWindowTitle(f"Rename — {style.APP_NAME}")
        self.setMinimumWidth(480)
        self.name_edit = QLineEdit(user.display_name)
        self.name_edit.setMaxLength(users.DISPLAY_NAME_LENGTH)
        self.name_edit.setMinimumWidth(style.field_min_width())
        self.name_edit.setAccessibleName("Display name")
        self.name_edit.setAccessibleDescription(
            f"The name shown for {user.username} on screens and beside their changes."
        )
        self.name_edit.selectAll()
        self.status = StatusLabel()
        keep_room_for(self.status)
        self.buttons, self.rename_button = cancel_and("Rename")
        form = QFormLayout()
        form.addRow("Display name", self.name_edit)
        layout = dialog_layout(self)
        layout.addWidget(heading_label(f"Rename {user.username}", 2))
        layout.addWidget(
            muted_label(
                "The display name is shown on screens and beside the changes they save. They "
                f"still sign in as {user.username}."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.rename_button.setDefault(True)  # once in the dialog: Enter saves, never cancels
        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.setFocus()
        fit_to_contents(self)

    def _on_name_edit_text_edited(self, _text: str) -> None:
        self.status.clear_message()

    @override
    def accept(self) -> None:
        try:
            with busy_cursor():
                self.renamed = users.rename_user(
                    self._workspace, self.user.username, self.name_edit.text()
                )
        except UserFacingError as error:
            self.status.show_error(str(error))
            self.name_edit.setFocus()
            return
        super().accept()
