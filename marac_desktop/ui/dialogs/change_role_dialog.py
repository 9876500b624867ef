"""An administrator gives another account a different role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QWidget

from marac_desktop.domain.users import Role, User
from marac_desktop.errors import UserFacingError
from marac_desktop.services import users

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents, keep_room_for
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class ChangeRoleDialog(QDialog):
    """Saves on Enter or Change role; ``changed`` holds the account afterwards. A refusal
    (the last administrator, say) is shown in one sentence and the dialog stays open."""

    def __init__(self, workspace: Workspace, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.user = user
        self.changed: User | None = None
        self.setWindowTitle(f"Change role — {style.APP_NAME}")
        self.setMinimumWidth(480)
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role.label, role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(user.role.value))
        self.role_combo.setAccessibleName("Role")
        self.role_combo.setAccessibleDescription(f"What {user.username} may do from now on.")
        self.status = StatusLabel()
        keep_room_for(self.status)
        self.buttons, self.change_button = cancel_and("Change role")
        form = QFormLayout()
        form.addRow("Role", self.role_combo)
        layout = dialog_layout(self)
        name = user.display_name or user.username
        layout.addWidget(heading_label(f"Change the role of {name}", 2))
        layout.addWidget(
            muted_label(
                f"{user.username} is now: {user.role.label}. {users.ROLE_TAKES_EFFECT}"
                + (
                    " The server refuses the old role's work from the moment you save."
                    if workspace.on_server
                    else ""
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.change_button.setDefault(True)  # once in the dialog: Enter saves, never cancels
        self.role_combo.currentIndexChanged.connect(self._on_role_combo_current_index_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.role_combo.setFocus()
        fit_to_contents(self)

    def selected_role(self) -> Role:
        return Role(self.role_combo.currentData())

    def _on_role_combo_current_index_changed(self, _index: int) -> None:
        self.status.clear_message()

    @override
    def accept(self) -> None:
        try:
            with busy_cursor():
                self.changed = users.change_role(
                    self._workspace, self.user.username, self.selected_role()
                )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
