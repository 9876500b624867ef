"""Record a MARAC referral for a case that is already open, then update its flags."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QWidget

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.records import Referral
from marac_desktop.errors import UserFacingError
from marac_desktop.services import flags, records, referral_grounds, settings, vocabularies

from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.record_fields import ReferralFields
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class ReferralDialog(QDialog):
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
        self.referral: Referral | None = None
        self.new_flags = 0
        self.setWindowTitle("Add referral")
        self.setMinimumWidth(600)
        self.fields = ReferralFields(
            settings.load_policy(workspace), vocabularies.current(workspace).agency, self, today
        )
        self.status = StatusLabel()
        self._read_history()
        self.buttons, self.save_button = cancel_and("Add referral")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Add a MARAC referral", 2))
        layout.addWidget(self.fields)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _read_history(self) -> None:
        try:
            self.fields.show_history(referral_grounds.case_history(self._workspace, self._case_id))
        except UserFacingError as error:
            self.status.show_error(str(error))

    def _on_save_button_clicked(self) -> None:
        try:
            day, agency, criteria, assessment_id = self.fields.values()
            with busy_cursor():
                self.referral = records.record_referral(
                    self._workspace,
                    self._case_id,
                    day,
                    agency,
                    criteria,
                    today=self._today,
                    assessment_id=assessment_id,
                )
                self.new_flags = flags.refresh(self._workspace, self._case_id, self._today)
        except UserFacingError as error:
            self._read_history()  # the case may have changed meanwhile: show it as it is now
            self.status.show_error(str(error))
            return
        super().accept()
