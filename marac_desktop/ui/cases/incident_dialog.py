"""Record an incident against a case, then bring the case's flags up to date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QWidget,
)

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.records import Incident, IncidentKind
from marac_desktop.errors import UserFacingError
from marac_desktop.services import flags, records, vocabularies

from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.record_fields import agency_combo, agency_of, date_of, past_date_edit
from marac_desktop.ui.cases.words import INCIDENT_WORDS
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class IncidentDialog(QDialog):
    """Saves on "Add incident"; ``incident`` and ``new_flags`` hold the outcome."""

    def __init__(
        self,
        workspace: Workspace,
        case_id: CaseId,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._case_id = case_id
        self._today = today
        self.incident: Incident | None = None
        self.new_flags = 0
        self.setWindowTitle("Add incident")
        self.setMinimumWidth(520)
        self.date_edit = past_date_edit(today)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleDescription("What happened, as the incident list words it")
        for kind, words in INCIDENT_WORDS.items():
            self.kind_combo.addItem(words, kind.value)
        self.agency_combo = agency_combo(vocabularies.current(workspace).agency)
        self.agency_combo.setAccessibleDescription("The agency that told you of the incident")
        self.police_checkbox = QCheckBox("Reported to the police")
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Add incident")
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow("Date of the incident", self.date_edit)
        form.addRow("What happened", self.kind_combo)
        form.addRow("Source agency *", self.agency_combo)
        form.addRow("", self.police_checkbox)
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Add an incident", 2))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_save_button_clicked(self) -> None:
        try:
            day = date_of(self.date_edit, "incident date", self._today)
            agency = agency_of(self.agency_combo, "source agency")
            kind = IncidentKind(self.kind_combo.currentData())
            with busy_cursor():
                self.incident = records.record_incident(
                    self._workspace,
                    self._case_id,
                    day,
                    kind,
                    agency,
                    self.police_checkbox.isChecked(),
                    today=self._today,
                )
                self.new_flags = flags.refresh(self._workspace, self._case_id, self._today)
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
