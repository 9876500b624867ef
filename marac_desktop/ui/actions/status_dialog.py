"""Change an action's status, with the history of every change; some changes need a note."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from marac_desktop.domain.meetings import Action, ActionStatus
from marac_desktop.errors import StaleEditError, UserFacingError
from marac_desktop.services import actions

from marac_desktop.ui.actions.history import history_lines
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class ActionStatusDialog(QDialog):
    """``changed`` holds the action once its new status has been stored."""

    def __init__(
        self, workspace: Workspace, action: Action, reference: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._action = action
        self.changed: Action | None = None
        self.setWindowTitle("Change status")
        self.setMinimumWidth(600)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleDescription("Where the action stands now")
        for status in ActionStatus:
            self.status_combo.addItem(status.label, status)
        self.status_combo.setCurrentIndex(list(ActionStatus).index(action.status))
        self.note_label = paragraph_label()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleDescription(
            "Required when the action was not possible or not done: say why"
        )
        self.note_edit.setAccessibleName("Note on the change")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.history_list = QListWidget()
        self.history_list.setAccessibleName("History of this action")
        self.history_list.setWordWrap(True)
        self.history_list.addItems(history_lines(action))
        self.history_list.setMaximumHeight(130)
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Save status")
        form = QFormLayout()
        form.addRow("New status", self.status_combo)
        layout = dialog_layout(self)
        layout.addWidget(heading_label(reference, 2))
        layout.addWidget(paragraph_label(action.what))
        layout.addWidget(muted_label(f"{action.who} · due {day_text(action.due)}"))
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note_edit)
        layout.addWidget(paragraph_label("History"))
        layout.addWidget(self.history_list)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_current_index_changed)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self._show_note_label()
        fit_to_contents(self)

    def chosen(self) -> ActionStatus:
        value = self.status_combo.currentData()
        return value if isinstance(value, ActionStatus) else ActionStatus(value)

    def set_status(self, status: ActionStatus) -> None:
        self.status_combo.setCurrentIndex(list(ActionStatus).index(status))

    def _show_note_label(self) -> None:
        if self.chosen().needs_note:
            self.note_label.setText("Note (required): say why")
        else:
            self.note_label.setText("Note (optional)")

    def _read_again(self, error: StaleEditError) -> None:
        """Their change shown in the history, and their version to save over."""
        try:
            self._action = actions.get_action(self._workspace, self._action.id)
        except UserFacingError:
            self._action = replace(self._action, version=error.current)
            return
        self.history_list.clear()
        self.history_list.addItems(history_lines(self._action))

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_status_combo_current_index_changed(self, _index: int) -> None:
        self._show_note_label()
        self.status.clear_message()

    def _on_save_button_clicked(self) -> None:
        status = self.chosen()
        note = self.note_edit.toPlainText().strip()
        if status.needs_note and not note:
            self.status.show_error(f"Say why the action is '{status.label.lower()}'.")
            self.note_edit.setFocus()
            return
        try:
            self.changed = actions.set_status(
                self._workspace, self._action.id, status, note, version=self._action.version
            )
        except UserFacingError as error:
            if isinstance(error, StaleEditError):  # saving again saves over theirs
                self._read_again(error)
            self.status.show_error(str(error))
            return
        super().accept()
