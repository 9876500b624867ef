"""Ask the date of a new assessment: today by default, never in the future."""

from __future__ import annotations

from datetime import date

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from marac_desktop.errors import InvalidInputError

from marac_desktop.ui.assessment.context_page import date_edit
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

LABEL = "assessment date"


class AssessmentDateDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.setWindowTitle("New assessment")
        self.setMinimumWidth(440)
        self.date_edit = date_edit(today or date.today())
        form = QFormLayout()
        form.addRow("&Assessment date", self.date_edit)
        self.status = StatusLabel()
        self.buttons, self.start_button = cancel_and("Start assessment")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("New assessment", 2))
        layout.addWidget(
            muted_label(
                "Use the day the checklist is done with the person. A change of circumstances "
                "(a new incident, leaving, a pregnancy) needs a new assessment; earlier ones stay "
                "as they were."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        fit_to_contents(self)

    def assessment_date(self) -> date:
        """The date typed; ``InvalidInputError`` if it is none or in the future."""
        day = self.date_edit.value(LABEL)
        if day > (self._today or date.today()):
            raise InvalidInputError(
                "The assessment date is in the future; use the day it was done."
            )
        return day

    @override
    def accept(self) -> None:
        try:
            self.assessment_date()
        except InvalidInputError as error:
            self.status.show_error(str(error))
            fit_to_contents(self)  # room for the sentence, without squeezing the text
            return
        super().accept()
