"""Record which IDVA supports the victim of a case, and since when; or that none does."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.errors import UserFacingError
from marac_desktop.services import records

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.record_fields import date_of, past_date_edit, set_date
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


class IdvaDialog(QDialog):
    """Saves on "Save", or says in one sentence why not and stays open with the input kept."""

    def __init__(
        self,
        workspace: Workspace,
        case_id: CaseId,
        current: IdvaAllocation | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._case_id = case_id
        self._today = today
        self.setWindowTitle("IDVA")
        self.setMinimumWidth(480)
        self.name_edit = QLineEdit()
        self.name_edit.setMinimumWidth(style.FIELD_MIN_WIDTH)
        self.date_edit = past_date_edit(today)
        self.none_checkbox = QCheckBox("No IDVA &allocated")
        if current is not None:
            self.name_edit.setText(current.name)
            set_date(self.date_edit, current.allocated_on)
        self.status = StatusLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow("IDVA's &name *", self.name_edit)
        form.addRow("Allocation &date", self.date_edit)
        form.addRow("", self.none_checkbox)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(style.DIALOG_MARGIN,) * 4)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("IDVA for this case", 2))
        layout.addWidget(
            muted_label(
                "The independent domestic violence adviser supporting the victim. Tick "
                "\u201cNo IDVA allocated\u201d when no one is, or no longer is."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.none_checkbox.toggled.connect(self._on_none_checkbox_toggled)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_none_checkbox_toggled(self, checked: bool) -> None:
        self.name_edit.setEnabled(not checked)
        self.date_edit.setEnabled(not checked)
        self.status.clear_message()

    def _on_save_button_clicked(self) -> None:
        try:
            allocation = None
            if not self.none_checkbox.isChecked():
                day = date_of(self.date_edit, "IDVA allocation date", self._today)
                allocation = IdvaAllocation(self.name_edit.text(), day)
            with busy_cursor():
                records.allocate_idva(self._workspace, self._case_id, allocation, today=self._today)
        except UserFacingError as error:
            self.status.show_error(str(error))
            fit_to_contents(self)  # room for the sentence, without squeezing the form
            return
        super().accept()
