"""First run: choose where the database goes, create the first administrator, show the code."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from marac_desktop.domain.users import USERNAME_PATTERN
from marac_desktop.errors import UserFacingError
from marac_desktop.paths import default_database_path, keyslot_path

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.widgets.new_password_fields import NewPasswordFields
from marac_desktop.ui.widgets.text import StatusLabel, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.domain.key_derivation import KdfParams

USERNAME_RULE = "2 to 32 lower-case letters, digits, '.', '_' or '-'; start with a letter."


def username_hint() -> QLabel:
    label = muted_label(USERNAME_RULE)
    label.setWordWrap(False)
    return label


def _nearest_existing_folder(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


class LocationPage(QWizardPage):
    """Page 1: where the encrypted database file is kept."""

    def __init__(self, default_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Where to keep the database")
        self.setSubTitle(
            "Everything you record is kept in one encrypted file on this computer. "
            "Nothing is sent over a network."
        )
        self.path_edit = QLineEdit(str(default_path))
        self.path_edit.setAccessibleDescription("The encrypted database file to create")
        self.path_edit.setAccessibleName("Where to keep the database file")
        self.path_edit.setMinimumWidth(360)
        self.browse_button = QPushButton("Browse…")
        self.error_label = StatusLabel()
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(QLabel("Database file"))
        layout.addLayout(row)
        layout.addWidget(
            muted_label(
                "A second file with the same name ending in .keys is kept beside it: it holds the "
                "locks that each user's password opens. Keep the two files together, and back "
                "them up together."
            )
        )
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.path_edit.textChanged.connect(self._on_path_edit_text_changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)

    def chosen_path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    @override
    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    @override
    def validatePage(self) -> bool:
        path = self.chosen_path()
        if path.is_dir():
            self.error_label.show_error("That is a folder; add a file name such as marac.db.")
            return False
        if path.exists() or keyslot_path(path).exists():
            self.error_label.show_error(
                "That file already exists; choose a new file name, or cancel and open it instead."
            )
            return False
        if not os.access(_nearest_existing_folder(path), os.W_OK):
            self.error_label.show_error(
                "This account cannot write to that folder; choose another location."
            )
            return False
        self.error_label.clear_message()
        return True

    def _on_path_edit_text_changed(self, _text: str) -> None:
        self.error_label.clear_message()
        self.completeChanged.emit()

    def _on_browse_button_clicked(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Database file", str(self.chosen_path()), "MARAC database (*.db)"
        )
        if chosen:
            self.path_edit.setText(chosen)


class AdministratorPage(QWizardPage):
    """Page 2: the first administrator account; leaving it creates the database."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("The first administrator")
        self.setSubTitle(
            "This account manages users, settings and backups. You can add other staff later."
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Create database")
        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleDescription(
            "The name the first administrator types to sign in"
        )
        self.username_edit.setMinimumWidth(style.field_min_width())
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setPlaceholderText("Optional, for example Sam Taylor")
        self.passwords = NewPasswordFields(self.username_edit.text, self)
        self.error_label = StatusLabel()
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("User name", self.username_edit)
        form.addRow("", username_hint())
        form.addRow("Display name", self.display_name_edit)
        self.passwords.add_rows(form, "Password", "Confirm password")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.username_edit.textChanged.connect(self._on_username_edit_text_changed)
        self.passwords.changed.connect(self._on_passwords_changed)

    @override
    def isComplete(self) -> bool:
        username_ok = bool(USERNAME_PATTERN.match(self.username_edit.text()))
        return username_ok and self.passwords.problem() is None

    @override
    def validatePage(self) -> bool:
        from marac_desktop.services import access  # deferred: keeps the first window quick

        try:
            with busy_cursor():
                code = access.create_database(
                    self._wizard.location_page.chosen_path(),
                    self.username_edit.text(),
                    self.passwords.password(),
                    self.display_name_edit.text().strip(),
                    kdf=self._wizard.kdf,
                )
        except UserFacingError as error:
            self.error_label.show_error(str(error))
            return False
        self.passwords.clear()
        self._wizard.record_creation(self._wizard.location_page.chosen_path(), code)
        return True

    def _on_username_edit_text_changed(self, _text: str) -> None:
        self.passwords.refresh()

    def _on_passwords_changed(self) -> None:
        self.error_label.clear_message()
        self.completeChanged.emit()


class RecoveryCodePage(QWizardPage):
    """Page 3: the recovery code, shown once; Finish waits for the checkbox."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Your recovery code")
        self.setSubTitle("The database has been created. This code is shown only once.")
        self.code_label = QLabel()
        self.code_label.setFont(style.monospace_font(1.7))
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.code_label.setMargin(16)
        self.stored_checkbox = QCheckBox("I have stored the recovery code safely")
        layout = QVBoxLayout(self)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(
            paragraph_label(
                "If every administrator password is lost, this code is the only way to open the "
                "database and set a new password. Write it on paper and keep it locked away, "
                "apart from this computer. Do not keep it in a file or an email."
            )
        )
        layout.addWidget(self.code_label)
        layout.addWidget(self.stored_checkbox)
        layout.addStretch(1)
        self.stored_checkbox.toggled.connect(self._on_stored_checkbox_toggled)

    def show_code(self, code: str) -> None:
        self.code_label.setText(code)

    @override
    def isComplete(self) -> bool:
        return self.stored_checkbox.isChecked()

    def _on_stored_checkbox_toggled(self, _checked: bool) -> None:
        self.completeChanged.emit()


class FirstRunWizard(QWizard):
    """Creates the database. ``database_path`` is set once it exists."""

    database_created = Signal(Path)

    def __init__(
        self,
        default_path: Path | None = None,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kdf = kdf
        self.database_path: Path | None = None
        self.setWindowTitle(f"Set up {style.APP_NAME}")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setMinimumSize(640, 500)
        self.location_page = LocationPage(default_path or default_database_path(), self)
        self.administrator_page = AdministratorPage(self)
        self.recovery_page = RecoveryCodePage(self)
        self.addPage(self.location_page)
        self.addPage(self.administrator_page)
        self.addPage(self.recovery_page)

    def record_creation(self, path: Path, recovery_code: str) -> None:
        self.database_path = path
        self.recovery_page.show_code(recovery_code)
        # Once the database exists there is no going back and nothing to cancel.
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.database_created.emit(path)

    @override
    def reject(self) -> None:
        if self.database_path is None:
            super().reject()
        elif self.recovery_page.isComplete():
            self.accept()
        # Otherwise ignore Escape and the close button until the code is confirmed stored.

    @override
    def done(self, result: int) -> None:
        self.recovery_page.code_label.clear()
        super().done(result)
