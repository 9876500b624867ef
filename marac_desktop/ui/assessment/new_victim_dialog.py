"""Record a new victim (and so a new case): names and, when known, the date of birth."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from marac_desktop.domain.cases import CaseSummary, age_on
from marac_desktop.errors import UserFacingError
from marac_desktop.risk.answers import EARLIEST_YEAR
from marac_desktop.services import assessments, settings

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.dates import DATE_FORMAT, from_qdate, to_qdate
from marac_desktop.ui.widgets.text import heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

DEFAULT_BIRTH_YEAR_OFFSET = 30


class NewVictimDialog(QDialog):
    """Creates the case on OK; ``created_case`` holds it afterwards."""

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._today = today or date.today()
        self.created_case: CaseSummary | None = None
        self._minimum_age = settings.load_policy(workspace).minimum_victim_age
        self.setWindowTitle("New victim")
        self.setMinimumWidth(520)
        self.family_edit = QLineEdit()
        self.family_edit.setMinimumWidth(style.FIELD_MIN_WIDTH)
        self.given_edit = QLineEdit()
        self.birth_edit = QDateEdit()
        self.birth_edit.setDisplayFormat(DATE_FORMAT)
        self.birth_edit.setCalendarPopup(True)
        self.birth_edit.setDateRange(QDate(EARLIEST_YEAR, 1, 1), to_qdate(self._today))
        self.birth_edit.setDate(QDate(self._today.year - DEFAULT_BIRTH_YEAR_OFFSET, 1, 1))
        self.birth_edit.setEnabled(False)
        self.birth_unknown_box = QCheckBox("&Not known")
        self.birth_unknown_box.setChecked(True)
        birth_row = QHBoxLayout()
        birth_row.setSpacing(14)
        birth_row.addWidget(self.birth_edit)
        birth_row.addWidget(self.birth_unknown_box)
        birth_row.addStretch(1)
        birth_label = QLabel("&Date of birth")
        birth_label.setBuddy(self.birth_edit)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("&Family name", self.family_edit)
        form.addRow("&Given names", self.given_edit)
        form.addRow(birth_label, birth_row)
        self.buttons, self.create_button = cancel_and("Create case")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("New victim", 2))
        layout.addWidget(
            muted_label(
                "Names exactly as the person gives them, in any script. The date of birth works "
                f"out their age: victims under {self._minimum_age} go to children's services "
                "instead of MARAC."
            )
        )
        layout.addLayout(form)
        self.age_note = paragraph_label()
        self.age_note.setStyleSheet(f"color: {style.ERROR_COLOUR};")
        self.age_note.setVisible(False)
        layout.addWidget(self.age_note)
        layout.addWidget(self.buttons)
        self.birth_unknown_box.toggled.connect(self._on_birth_unknown_box_toggled)
        self.birth_edit.dateChanged.connect(self._show_age_note)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def date_of_birth(self) -> date | None:
        if self.birth_unknown_box.isChecked():
            return None
        return from_qdate(self.birth_edit.date())

    @override
    def accept(self) -> None:
        try:
            with busy_cursor():
                self.created_case = assessments.create_case(
                    self._workspace,
                    self.family_edit.text(),
                    self.given_edit.text(),
                    self.date_of_birth(),
                    today=self._today,
                )
        except UserFacingError as error:
            show_user_error(self, error)
            return
        super().accept()

    def _on_birth_unknown_box_toggled(self, checked: bool) -> None:
        self.birth_edit.setEnabled(not checked)
        self._show_age_note()

    def _show_age_note(self) -> None:
        """Say at once when the date of birth makes the victim younger than MARAC takes."""
        born = self.date_of_birth()
        age = None if born is None else age_on(born, self._today)
        under = age is not None and age < self._minimum_age
        self.age_note.setVisible(under)
        if under:
            self.age_note.setText(
                f"Aged {age} today, under the minimum age of {self._minimum_age}: the case can "
                "be recorded, but refer the victim to children's services, not to MARAC."
            )
