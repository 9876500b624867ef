"""Save or print a restricted meeting document (a research list, the minutes), with a password
to encrypt the saved file; a research list also asks for the agency."""

from __future__ import annotations

from collections.abc import Sequence

from typing_extensions import override

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QWidget,
)

from marac_desktop.ui.dialogs.frame import dialog_layout
from marac_desktop.ui.widgets.new_password_fields import password_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, paragraph_label

SAVE = "save"
PRINT = "print"
MIN_PASSWORD = 8
RESEARCH_EXPLANATION = (
    "A research list names the people on this meeting's cases so that one agency can check its "
    "records. It is restricted: send it only to that agency, by a secure route. Encrypt the "
    "saved file with a password and give the password separately."
)
MINUTES_EXPLANATION = (
    "The minutes hold what the agencies shared about each case, the risks and the action plan. "
    "They are restricted: send them only to the agencies at the meeting, by a secure route. "
    "Encrypt the saved file with a password and give the password separately."
)

PROFILE_EXPLANATION = (
    "The profile identifies the perpetrator and sets out their cases (by reference), incidents, "
    "score, interventions and open actions, for the partnership's tasking. It is restricted: "
    "send it only to the agencies tasked, by a secure route. Encrypt the saved file with a "
    "password and give the password separately."
)


class RestrictedDocumentDialog(QDialog):
    """After ``exec()``: ``choice`` is SAVE or PRINT, ``password`` (or None), and ``agency``
    when ``agencies`` were offered (a research list)."""

    def __init__(
        self,
        title: str,
        explanation: str,
        agencies: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.choice = ""
        self.agency = ""
        self.password: str | None = None
        self.agency_combo = QComboBox()
        self.agency_combo.setAccessibleDescription("The agency whose research list this is")
        self.agency_combo.addItems(list(agencies or ()))
        self.encrypt_checkbox = QCheckBox("Encrypt the saved file with a password (AES-256)")
        self.encrypt_checkbox.setChecked(True)
        self.password_edit = password_edit()
        self.password_edit.setAccessibleDescription(
            "The password the reader will need to open the PDF"
        )
        self.confirm_edit = password_edit()
        self.confirm_edit.setAccessibleDescription("Type the password again")
        self.status = StatusLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = self.buttons.addButton("Print…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = self.buttons.addButton(
            "Save as PDF…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        form = QFormLayout()
        if agencies is not None:
            form.addRow("Agency", self.agency_combo)
        form.addRow("", self.encrypt_checkbox)
        form.addRow("Password", self.password_edit)
        form.addRow("Password again", self.confirm_edit)
        layout = dialog_layout(self)
        layout.addWidget(heading_label(title, 2))
        layout.addWidget(paragraph_label(explanation))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.encrypt_checkbox.toggled.connect(self._on_encrypt_checkbox_toggled)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        if agencies is not None and not agencies:
            self.status.show_error("No agency is asked to research a case on this list.")
            self.save_button.setEnabled(False)
            self.print_button.setEnabled(False)
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_save_button_clicked()

    def _on_encrypt_checkbox_toggled(self, checked: bool) -> None:
        self.password_edit.setEnabled(checked)
        self.confirm_edit.setEnabled(checked)

    def _on_save_button_clicked(self) -> None:
        password: str | None = None
        if self.encrypt_checkbox.isChecked():
            password = self.password_edit.text()
            if len(password) < MIN_PASSWORD:
                self.status.show_error(f"Choose a password of at least {MIN_PASSWORD} characters.")
                self.password_edit.setFocus()
                return
            if password != self.confirm_edit.text():
                self.status.show_error("The two passwords are not the same; type them again.")
                self.confirm_edit.clear()
                self.confirm_edit.setFocus()
                return
        self._finish(SAVE, password)

    def _on_print_button_clicked(self) -> None:
        """Printing writes nothing to disk, so no password is needed."""
        self._finish(PRINT, None)

    def _finish(self, choice: str, password: str | None) -> None:
        self.choice = choice
        self.agency = self.agency_combo.currentText()
        self.password = password
        super().accept()


class ResearchListDialog(RestrictedDocumentDialog):
    def __init__(self, agencies: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__("Confidential research list", RESEARCH_EXPLANATION, agencies, parent)


class MinutesDialog(RestrictedDocumentDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Minutes", MINUTES_EXPLANATION, None, parent)


class ProfileDialog(RestrictedDocumentDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Perpetrator subject profile", PROFILE_EXPLANATION, None, parent)
