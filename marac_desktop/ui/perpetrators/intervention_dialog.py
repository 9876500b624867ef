"""Refer a perpetrator to a programme or process (MATAC, a perpetrator programme, offender
management, a civil order ...: the intervention list)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.perpetrators import Intervention
from marac_desktop.errors import UserFacingError
from marac_desktop.services import perpetrator_work, vocabularies

from marac_desktop.ui.cases.record_fields import agency_combo, agency_of, date_of, past_date_edit
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.perpetrators.fields import written_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label
from marac_desktop.ui.widgets.vocabulary_combo import VocabularyCombo

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class InterventionDialog(QDialog):
    """``added`` holds the intervention once it is stored (its status: referred)."""

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
        self.added: Intervention | None = None
        self.setWindowTitle("Add intervention")
        self.setMinimumWidth(560)
        words = vocabularies.current(workspace)
        self.kind_combo = VocabularyCombo(
            words.intervention,
            blank=None,
            typed=True,
            placeholder="Choose the programme or process, or type it",
        )
        self.kind_combo.setAccessibleDescription(
            "The programme or process the person is referred to"
        )
        self.agency_combo = agency_combo(words.agency)
        self.agency_combo.setAccessibleDescription("The agency that runs it or made the referral")
        self.date_edit = past_date_edit(today)
        self.date_edit.setAccessibleDescription("The day the person was referred")
        self.notes_edit = written_edit("Notes", "Anything the partnership should know of it")
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Add intervention")
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow("Programme or process *", self.kind_combo)
        form.addRow("Agency *", self.agency_combo)
        form.addRow("Referred on", self.date_edit)
        form.addRow("Notes", self.notes_edit)
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Add an intervention", 2))
        layout.addWidget(
            muted_label(f"{name}: the referral starts as referred; change its status as it goes.")
        )
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.date_edit.refused.connect(self.status.show_error)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.kind_combo.setFocus()
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_save_button_clicked(self) -> None:
        try:
            day = date_of(self.date_edit, "referral date", self._today)
            agency = agency_of(self.agency_combo, "agency")
            self.added = perpetrator_work.add_intervention(
                self._workspace,
                self._person_id,
                self.kind_combo.value(),
                agency,
                day,
                self.notes_edit.toPlainText(),
                self._today,
            )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
