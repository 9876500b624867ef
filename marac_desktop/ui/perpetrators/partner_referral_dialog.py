"""Record a partner agency's referral of a perpetrator for tasking; it counts in the ranking as a
referral on its day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from marac_desktop.domain.cases import PersonId
from marac_desktop.errors import UserFacingError
from marac_desktop.services import perpetrator_work, vocabularies

from marac_desktop.ui.cases.record_fields import agency_combo, agency_of, date_of, past_date_edit
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.perpetrators.fields import written_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class PartnerReferralDialog(QDialog):
    """``referral_id`` holds the stored referral's number."""

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
        self.referral_id: int | None = None
        self.setWindowTitle("Record partner referral")
        self.setMinimumWidth(560)
        self.date_edit = past_date_edit(today)
        self.date_edit.setAccessibleDescription("The day the partner agency made the referral")
        self.agency_combo = agency_combo(vocabularies.current(workspace).agency)
        self.agency_combo.setAccessibleDescription("The agency referring the person")
        self.reason_edit = written_edit(
            "Reason for the referral",
            "Why the agency refers the person for tasking",
            "For example: released on licence; new partner",
        )
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Record referral")
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow("Date of the referral", self.date_edit)
        form.addRow("Referring agency *", self.agency_combo)
        form.addRow("Reason *", self.reason_edit)
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Record a partner's referral", 2))
        layout.addWidget(muted_label(f"{name}: the referral counts in the ranking from its day."))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.date_edit.refused.connect(self.status.show_error)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_save_button_clicked(self) -> None:
        try:
            day = date_of(self.date_edit, "referral date", self._today)
            agency = agency_of(self.agency_combo, "referring agency")
            self.referral_id = perpetrator_work.record_partner_referral(
                self._workspace,
                self._person_id,
                day,
                agency,
                self.reason_edit.toPlainText(),
                self._today,
            )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
