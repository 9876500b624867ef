"""Nominate a perpetrator for tasking, with the reason; today's score and the model that gave
it are kept with the nomination."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QWidget

from marac_desktop.domain.cases import PersonId
from marac_desktop.errors import UserFacingError
from marac_desktop.risk.perpetrator_priority import PriorityScore
from marac_desktop.services import perpetrator_ranking

from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.perpetrators.fields import written_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class NominateDialog(QDialog):
    """``scored`` holds the score kept with the nomination once it is stored."""

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
        self.scored: PriorityScore | None = None
        self.setWindowTitle("Nominate for tasking")
        self.setMinimumWidth(560)
        self.reason_edit = written_edit(
            "Reason for the nomination",
            "Why the partnership should task this person now; kept with the nomination",
            "For example: two new victims this year, and a breach of the order",
        )
        self.status = StatusLabel()
        self.buttons, self.save_button = cancel_and("Nominate")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Nominate for tasking", 2))
        layout.addWidget(paragraph_label(name))
        layout.addWidget(
            muted_label(
                "Today's priority score and the weights that gave it are kept with the "
                "nomination, and the ranked list marks the person as nominated."
            )
        )
        layout.addWidget(paragraph_label("Reason (required)"))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.reason_edit.setFocus()
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_save_button_clicked(self) -> None:
        try:
            self.scored = perpetrator_ranking.nominate(
                self._workspace, self._person_id, self.reason_edit.toPlainText(), self._today
            )
        except UserFacingError as error:
            self.status.show_error(str(error))
            self.reason_edit.setFocus()
            return
        super().accept()
