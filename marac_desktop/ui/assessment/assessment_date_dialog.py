"""Ask the date of a new assessment: today by default, never in the future."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QWidget,
)

from marac_desktop.ui.assessment.context_page import date_edit
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.dates import from_qdate
from marac_desktop.ui.widgets.text import heading_label, muted_label


class AssessmentDateDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New assessment")
        self.setMinimumWidth(440)
        self.date_edit: QDateEdit = date_edit(today or date.today())
        form = QFormLayout()
        form.addRow("&Assessment date", self.date_edit)
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
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def assessment_date(self) -> date:
        return from_qdate(self.date_edit.date())
