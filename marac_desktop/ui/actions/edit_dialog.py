"""Correct an action's text, who is doing it and its due date; every correction is kept in
its history beside its status changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QListWidget, QWidget

from marac_desktop.domain.meetings import Action
from marac_desktop.errors import StaleEditError, UserFacingError
from marac_desktop.services import actions, sheet_import

from marac_desktop.ui.actions.history import history_lines
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.date_field import DateField
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class ActionEditDialog(QDialog):
    """``edited`` holds the action once the correction has been stored. Enter saves."""

    def __init__(
        self,
        workspace: Workspace,
        action: Action,
        reference: str,
        meeting_day: date,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._action = action
        self.edited: Action | None = None
        self.setWindowTitle("Edit action")
        self.setMinimumWidth(600)
        self.what_edit = QLineEdit(action.what)
        self.what_edit.setPlaceholderText("Exactly what the agency will do")
        self.who_edit = QLineEdit(action.who)
        self.who_edit.setPlaceholderText("The person responsible")
        self.due_edit = DateField(action.due, order=sheet_import.date_order(workspace))
        self.history_list = QListWidget()
        self.history_list.setAccessibleName("History of this action")
        self.history_list.setWordWrap(True)
        self.history_list.setMaximumHeight(130)
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Save changes")
        form = QFormLayout()
        form.addRow("&What", self.what_edit)
        form.addRow("W&ho", self.who_edit)
        form.addRow("&Due by", self.due_edit)
        layout = dialog_layout(self)
        layout.addWidget(heading_label(reference, 2))
        layout.addWidget(
            muted_label(
                f"Set at the meeting of {day_text(meeting_day)}: the due date can be that day "
                "or later. Each correction is kept in the history with who made it and when."
            )
        )
        layout.addLayout(form)
        layout.addWidget(paragraph_label("History"))
        layout.addWidget(self.history_list)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._show_history()
        self.due_edit.refused.connect(self.status.show_error)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.what_edit.setFocus()
        fit_to_contents(self)

    def _show_history(self) -> None:
        self.history_list.clear()
        self.history_list.addItems(history_lines(self._action))
        self.history_list.scrollToBottom()

    def _typed(self) -> tuple[str | None, str | None, date | None]:
        """What the person changed from the action as read (None: left as it was)."""
        what, who, due = self.what_edit.text(), self.who_edit.text(), self.due_edit.value()
        return (
            what if what != self._action.what else None,
            who if who != self._action.who else None,
            due if due != self._action.due else None,
        )

    def _read_again(self, error: StaleEditError) -> None:
        """After someone else's save: their values in the fields left alone, the typing kept,
        their change in the history, and their version to save over."""
        try:
            fresh = actions.get_action(self._workspace, self._action.id)
        except UserFacingError:
            self._action = replace(self._action, version=error.current)
            return
        if self.what_edit.text() == self._action.what:
            self.what_edit.setText(fresh.what)
        if self.who_edit.text() == self._action.who:
            self.who_edit.setText(fresh.who)
        if self.due_edit.text() == day_text(self._action.due):
            self.due_edit.set_value(fresh.due)
        self._action = fresh
        self._show_history()

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_save_button_clicked(self) -> None:
        try:
            what, who, due = self._typed()
            self.edited = actions.edit_action(
                self._workspace, self._action.id, what, who, due, version=self._action.version
            )
        except UserFacingError as error:
            if isinstance(error, StaleEditError):
                self._read_again(error)
            self.status.show_error(str(error))
            return
        super().accept()
