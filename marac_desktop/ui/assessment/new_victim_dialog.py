"""Record a new victim (and so a new case) for an assessment, on the one person form."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QWidget

from marac_desktop.domain.cases import CaseSummary
from marac_desktop.errors import UserFacingError
from marac_desktop.services import assessments, settings, vocabularies

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.person_fields import PersonFields
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class NewVictimDialog(QDialog):
    """Creates the case on OK; ``created_case`` holds it afterwards."""

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._today = today or date.today()
        self.created_case: CaseSummary | None = None
        minimum_age = settings.load_policy(workspace).minimum_victim_age
        self.setWindowTitle("New victim")
        self.setMinimumWidth(style.ems(40))
        self.person_fields = PersonFields(
            vocabularies.current(workspace), self, minimum_age=minimum_age, today=self._today
        )
        self.buttons, self.create_button = cancel_and("Create case")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("New victim", 2))
        layout.addWidget(
            muted_label(
                "Names exactly as the person gives them, in any script. The date of birth works "
                f"out their age: victims under {minimum_age} go to children's services "
                "instead of MARAC."
            )
        )
        layout.addWidget(self.person_fields)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.person_fields.focus_first()
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        try:
            details = self.person_fields.details()
            with busy_cursor():
                self.created_case = assessments.create_case_for(
                    self._workspace, details, today=self._today
                )
        except UserFacingError as error:
            show_user_error(self, error)
            return
        super().accept()
