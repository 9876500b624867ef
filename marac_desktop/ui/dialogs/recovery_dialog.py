"""Use the recovery code to set a new password for an account, then lock again.

The unlock (which may upgrade the schema) and the reset run on the background runner, the
form taking no input meanwhile, as in the sign-in dialog.
"""

from __future__ import annotations

from pathlib import Path

from typing_extensions import override

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from marac_desktop.domain.progress import Progress, Step
from marac_desktop.errors import UserFacingError

from marac_desktop.ui import style
from marac_desktop.ui.background import runner
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.new_password_fields import NewPasswordFields, password_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, paragraph_label


class RecoveryDialog(QDialog):
    """On success ``reset_account`` names the account whose password was reset."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database_path = database
        self.reset_account = ""
        self.setWindowTitle(f"Recovery code — {style.APP_NAME}")
        self.setMinimumWidth(520)
        self.code_edit = password_edit()
        self.code_edit.setFont(style.monospace_font())
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.account_edit = QLineEdit()
        self.account_edit.setAccessibleDescription(
            "The administrator account whose password is to be reset"
        )
        self.account_edit.setMinimumWidth(style.field_min_width())
        self.passwords = NewPasswordFields(self.account_edit.text, self)
        self.error_label = StatusLabel()
        self.step_label = StatusLabel(room_lines=1)  # the step while it works
        self._working = False
        self.buttons, self.reset_button = cancel_and("Reset password")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("Recovery code", self.code_edit)
        form.addRow("Account to reset", self.account_edit)
        self.passwords.add_rows(form, "New password", "Confirm")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("Reset a password with the recovery code", 2))
        layout.addWidget(
            paragraph_label(
                "Enter the recovery code you stored when the database was created, the user name "
                "of the account to reset (usually an administrator), and its new password."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.step_label)
        layout.addWidget(self.buttons)
        self.code_edit.textChanged.connect(self._on_field_text_changed)
        self.account_edit.textChanged.connect(self._on_account_edit_text_changed)
        self.passwords.changed.connect(self._on_passwords_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        runner().changed.connect(self._on_runner_changed)
        runner().ended.connect(self._on_runner_ended)
        self._update_reset_button()
        fit_to_contents(self)

    def _update_reset_button(self) -> None:
        ready = bool(self.code_edit.text().strip() and self.account_edit.text().strip())
        self.reset_button.setEnabled(
            ready and self.passwords.problem() is None and not self._working
        )

    def _set_working(self, working: bool) -> None:
        self._working = working
        self.setEnabled(not working)  # every field and button; the dialog still repaints
        if working:
            self.step_label.show_note("Unlocking…")
        else:
            self.step_label.clear_message()
        self._update_reset_button()

    def _on_field_text_changed(self, _text: str) -> None:
        self._update_reset_button()

    def _on_account_edit_text_changed(self, _text: str) -> None:
        self.passwords.refresh()

    def _on_passwords_changed(self) -> None:
        self._update_reset_button()

    @override
    def accept(self) -> None:
        if not self.reset_button.isEnabled() or self._working:
            return
        path = self.database_path
        code = self.code_edit.text()
        account = self.account_edit.text().strip()
        password = self.passwords.password()

        def work(progress: Progress) -> str:
            from marac_desktop.services import access, users  # deferred, on the worker

            workspace = access.unlock_with_recovery(path, code, progress)
            try:
                users.reset_password(workspace, account, password)
            finally:
                workspace.lock()
            return account

        self.error_label.clear_message()
        started = runner().start(
            "Resetting a password",
            work,
            self._on_reset_done,
            failed=self._on_reset_failed,
            owner=self,
        )
        if not started:
            self.error_label.show_error(runner().refusal())
            return
        self._set_working(True)

    def _on_runner_changed(self) -> None:
        step = runner().step
        if self._working and step is not None:
            self.step_label.show_note(_step_text(step))

    def _on_runner_ended(self, _sentence: str) -> None:
        if self._working:
            self._set_working(False)

    def _on_reset_done(self, account: str) -> None:
        self.code_edit.clear()
        self.passwords.clear()
        self.reset_account = account
        super().accept()

    def _on_reset_failed(self, error: UserFacingError) -> None:
        self.error_label.show_error(str(error))

    @override
    def reject(self) -> None:
        if not self._working:
            super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._working:
            event.ignore()
            return
        super().closeEvent(event)


def _step_text(step: Step) -> str:
    if step.total > 0 and ":" not in step.text:
        return f"{step.text}: {step.done:,} of {step.total:,}"
    return f"{step.text}."
