"""A SMART action about a perpetrator: the agency, exactly what it will do, who, and by when."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QWidget

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.perpetrators import PerpetratorAction
from marac_desktop.errors import UserFacingError
from marac_desktop.services import perpetrator_work, sheet_import, vocabularies

from marac_desktop.ui.cases.record_fields import agency_combo, agency_of
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.date_field import DateField
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

DUE_AFTER = timedelta(days=28)
"""The due date offered to begin with: the next four-weekly tasking meeting."""


class PerpetratorActionDialog(QDialog):
    """``added`` holds the action once it is stored."""

    def __init__(
        self,
        workspace: Workspace,
        person_id: PersonId,
        name: str,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._person_id = person_id
        self._today = today
        self.added: PerpetratorAction | None = None
        self.setWindowTitle("Add action")
        self.setMinimumWidth(560)
        self.agency_combo = agency_combo(vocabularies.current(workspace).agency)
        self.agency_combo.setAccessibleDescription("The agency that will carry the action out")
        self.what_edit = QLineEdit()
        self.what_edit.setAccessibleDescription("Exactly what the agency will do")
        self.what_edit.setPlaceholderText("Exactly what the agency will do")
        self.who_edit = QLineEdit()
        self.who_edit.setAccessibleDescription("The person responsible at the agency")
        self.who_edit.setPlaceholderText("The person responsible")
        self.due_edit = DateField(
            (today or date.today()) + DUE_AFTER, order=sheet_import.date_order(workspace)
        )
        self.due_edit.setAccessibleDescription("The day it is to be done by: today or later")
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Add action")
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow("&Agency *", self.agency_combo)
        form.addRow("&What *", self.what_edit)
        form.addRow("W&ho *", self.who_edit)
        form.addRow("&Due by", self.due_edit)
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Add an action", 2))
        layout.addWidget(
            muted_label(f"{name}: the action is tracked until it is done, and shown overdue after.")
        )
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.due_edit.refused.connect(self.status.show_error)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.agency_combo.setFocus()
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_save_button_clicked(self) -> None:
        try:
            self.added = perpetrator_work.add_action(
                self._workspace,
                self._person_id,
                agency_of(self.agency_combo, "agency"),
                self.what_edit.text(),
                self.who_edit.text(),
                self.due_edit.value("due date"),
                self._today,
            )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
