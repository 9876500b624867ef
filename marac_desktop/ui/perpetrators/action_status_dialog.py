"""Change the status of an action about a perpetrator: open, done, not possible, not done."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QWidget

from marac_desktop.domain.meetings import ActionStatus
from marac_desktop.domain.perpetrators import PerpetratorAction
from marac_desktop.errors import StaleEditError, UserFacingError
from marac_desktop.services import perpetrator_work

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class PerpetratorActionStatusDialog(QDialog):
    """``changed`` holds the action once its new status is stored; ``agency``: in words."""

    def __init__(
        self,
        workspace: Workspace,
        action: PerpetratorAction,
        agency: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._action = action
        self.changed: PerpetratorAction | None = None
        self.setWindowTitle("Change action status")
        self.setMinimumWidth(560)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleDescription("Where the action stands now")
        for status in ActionStatus:
            self.status_combo.addItem(status.label, status)
        self.status_combo.setCurrentIndex(list(ActionStatus).index(action.status))
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Save status")
        form = QFormLayout()
        form.addRow("New status", self.status_combo)
        layout = dialog_layout(self)
        layout.addWidget(heading_label(agency, 2))
        layout.addWidget(paragraph_label(action.what))
        layout.addWidget(muted_label(f"{action.who} · due {day_text(action.due)}"))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_current_index_changed)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.status_combo.setFocus()
        fit_to_contents(self)

    def chosen(self) -> ActionStatus:
        value = self.status_combo.currentData()
        return value if isinstance(value, ActionStatus) else ActionStatus(value)

    def set_status(self, status: ActionStatus) -> None:
        self.status_combo.setCurrentIndex(list(ActionStatus).index(status))

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_status_combo_current_index_changed(self, _index: int) -> None:
        self.status.clear_message()

    def _on_save_button_clicked(self) -> None:
        try:
            self.changed = perpetrator_work.set_action_status(
                self._workspace, self._action.id, self.chosen(), version=self._action.version
            )
        except UserFacingError as error:
            if isinstance(error, StaleEditError):  # saving again saves over their change
                self._action = replace(self._action, version=error.current)
            self.status.show_error(str(error))
            return
        super().accept()
