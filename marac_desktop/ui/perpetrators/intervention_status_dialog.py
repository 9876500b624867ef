"""Where an intervention stands now: accepted, engaged, completed, declined or breached, from a
day, with notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QWidget

from marac_desktop.domain.perpetrators import Intervention, InterventionStatus
from marac_desktop.errors import StaleEditError, UserFacingError
from marac_desktop.services import perpetrator_work

from marac_desktop.ui.cases.record_fields import date_of, past_date_edit
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.perpetrators.fields import written_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class InterventionStatusDialog(QDialog):
    """``changed`` holds the intervention once its new status is stored. ``what``: the
    programme or process in words."""

    def __init__(
        self,
        workspace: Workspace,
        intervention: Intervention,
        what: str,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._intervention = intervention
        self._today = today
        self.changed: Intervention | None = None
        self.setWindowTitle("Change status")
        self.setMinimumWidth(560)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleDescription("Where the intervention stands now")
        for status in InterventionStatus:
            self.status_combo.addItem(status.label, status)
        self.status_combo.setCurrentIndex(list(InterventionStatus).index(intervention.status))
        self.date_edit = past_date_edit(today)
        self.date_edit.setAccessibleDescription(
            "The day it came to stand so; not before the referral"
        )
        self.notes_edit = written_edit(
            "Notes", "What happened; replaces the notes kept so far", text=intervention.notes
        )
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Save status")
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow("New status", self.status_combo)
        form.addRow("Since", self.date_edit)
        form.addRow("Notes", self.notes_edit)
        layout = dialog_layout(self)
        layout.addWidget(heading_label(what, 2))
        layout.addWidget(
            muted_label(
                f"Referred on {day_text(intervention.referred_on)}; now "
                f"{intervention.status.label.lower()} since {day_text(intervention.status_on)}."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.date_edit.refused.connect(self.status.show_error)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.status_combo.setFocus()
        fit_to_contents(self)

    def chosen(self) -> InterventionStatus:
        value = self.status_combo.currentData()
        return value if isinstance(value, InterventionStatus) else InterventionStatus(value)

    def set_status(self, status: InterventionStatus) -> None:
        self.status_combo.setCurrentIndex(list(InterventionStatus).index(status))

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_save_button_clicked(self) -> None:
        try:
            on = date_of(self.date_edit, "date", self._today)
            self.changed = perpetrator_work.set_intervention_status(
                self._workspace,
                self._intervention.id,
                self.chosen(),
                on,
                self.notes_edit.toPlainText(),
                version=self._intervention.version,
                today=self._today,
            )
        except UserFacingError as error:
            if isinstance(error, StaleEditError):  # saving again saves over their change
                self._intervention = replace(self._intervention, version=error.current)
            self.status.show_error(str(error))
            return
        super().accept()
