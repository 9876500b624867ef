"""Sign in: a user name and password unlock the database; a countdown follows repeated failures.

The unlock runs on the background runner: opening the key slot takes a moment, and an unlock
that upgrades the schema can take minutes at a large service. Its steps show under the form,
which takes no input (and cannot be sent twice or closed) until the unlock ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.progress import Progress, Step
from marac_desktop.errors import UserFacingError
from marac_desktop.services import unlock_failures

from marac_desktop.ui import style
from marac_desktop.ui.background import runner
from marac_desktop.ui.dialogs.recovery_dialog import RecoveryDialog
from marac_desktop.ui.widgets.new_password_fields import password_edit
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

COUNTDOWN_INTERVAL_MS = 1000


UNLOCKING = "Unlocking…"


def step_sentence(step: Step) -> str:
    """What the unlock is doing, with how far it is when that is known (and not said already)."""
    if step.total > 0 and ":" not in step.text:
        return f"{step.text}: {step.done:,} of {step.total:,}"
    return step.text


def wait_sentence(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many unsuccessful attempts: try again in {seconds} {unit}."


class UnlockDialog(QDialog):
    """Emits ``unlocked`` with the Workspace (also kept in ``workspace``) and accepts."""

    unlocked = Signal(object)

    def __init__(
        self,
        database: Path,
        username: str = "",
        notice: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database_path = database
        self.workspace: Workspace | None = None
        self.setWindowTitle(f"Unlock {style.APP_NAME}")
        self.setMinimumWidth(460)

        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleDescription("The name you sign in with")
        self.username_edit.setMinimumWidth(style.field_min_width())
        self.password_edit = password_edit()
        self.password_edit.setAccessibleDescription("Your password")
        self.error_label = StatusLabel()
        self.wait_label = StatusLabel(room_lines=0)  # rare: after repeated refusals
        self.note_label = StatusLabel(room_lines=0)
        self.step_label = StatusLabel(room_lines=1)  # "Unlocking…" while it works
        self.step_bar = QProgressBar()
        self.step_bar.setTextVisible(False)
        self.step_bar.hide()
        self._unlocking = False
        self._upgrading = ""
        self.recovery_button = QPushButton("Use recovery code…")
        self.recovery_button.setFlat(True)
        self.recovery_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.recovery_button.setStyleSheet(
            "QPushButton { color: palette(link); border: 2px solid transparent; border-radius: 3px;"
            " padding: 2px; text-align: left; }"
            " QPushButton:hover { text-decoration: underline; }"
            " QPushButton:focus { border-color: palette(highlight); }"
        )
        self.recovery_button.setAutoDefault(False)
        self.buttons = QDialogButtonBox()
        self.unlock_button = self.buttons.addButton(
            "Unlock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.setDefault(True)
        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_INTERVAL_MS)

        database_label = muted_label(f"Database: {database.name}")
        database_label.setToolTip(str(database))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("User name", self.username_edit)
        form.addRow("Password", self.password_edit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.recovery_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(style.DIALOG_MARGIN + 4,) * 4)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label(style.APP_NAME))
        layout.addWidget(database_label)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.wait_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.step_label)
        layout.addWidget(self.step_bar)
        layout.addStretch(1)
        layout.addLayout(bottom)

        self.username_edit.textChanged.connect(self._on_field_text_changed)
        self.password_edit.textChanged.connect(self._on_field_text_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.recovery_button.clicked.connect(self._on_recovery_button_clicked)
        self._countdown.timeout.connect(self._on_countdown_timeout)
        runner().changed.connect(self._on_runner_changed)
        runner().ended.connect(self._on_runner_ended)
        self.username_edit.setText(username)
        if notice:
            self.note_label.show_note(notice)
        (self.password_edit if username else self.username_edit).setFocus()
        self._refresh_wait()
        fit_to_contents(self)

    @property
    def unlocking(self) -> bool:
        """An unlock is running (the form takes no input)."""
        return self._unlocking

    def _update_unlock_button(self) -> None:
        ready = bool(self.username_edit.text().strip() and self.password_edit.text())
        self.unlock_button.setEnabled(
            ready and not self._countdown.isActive() and not self._unlocking
        )

    def _set_unlocking(self, unlocking: bool) -> None:
        self._unlocking = unlocking
        for widget in (
            self.username_edit,
            self.password_edit,
            self.recovery_button,
            self.quit_button,
        ):
            widget.setEnabled(not unlocking)
        self._upgrading = ""
        if unlocking:
            self.step_label.show_note(UNLOCKING)
        else:
            self.step_label.clear_message()
            self.step_bar.hide()
        self._update_unlock_button()

    def _show_step(self, step: Step) -> None:
        if not step.stoppable and step.total == 0 and not self._upgrading:
            self._upgrading = step.text  # the upgrade's heading stays above its steps
            self.step_label.show_note(f"{step.text}.")
        else:
            lines = [f"{self._upgrading}." if self._upgrading else "", step_sentence(step)]
            self.step_label.show_note("\n".join(line for line in lines if line))
        self.step_bar.setRange(0, step.total)
        self.step_bar.setValue(step.done if step.total else 0)
        self.step_bar.show()

    def _refresh_wait(self) -> None:
        account = unlock_failures.account_for_name(
            self.database_path, self.username_edit.text().strip()
        )
        seconds = unlock_failures.seconds_to_wait(self.database_path, account)
        if seconds > 0:
            self.wait_label.show_error(wait_sentence(seconds))
            if not self._countdown.isActive():
                self._countdown.start()
        else:
            self._countdown.stop()
            self.wait_label.clear_message()
        self._update_unlock_button()

    def _on_field_text_changed(self, _text: str) -> None:
        self._refresh_wait()  # the wait belongs to the account named

    def _on_countdown_timeout(self) -> None:
        self._refresh_wait()

    def _on_buttons_accepted(self) -> None:
        if not self.unlock_button.isEnabled() or self._unlocking:
            return
        path = self.database_path
        username = self.username_edit.text().strip()
        password = self.password_edit.text()

        def work(progress: Progress) -> Workspace:
            # Deferred: SQLAlchemy loads after the window shows, here on the worker (0.4 s).
            from marac_desktop.services import access

            return access.unlock(path, username, password, progress=progress)

        self.note_label.clear_message()
        self.error_label.clear_message()
        started = runner().start(
            "Unlocking", work, self._on_unlock_done, failed=self._on_unlock_failed, owner=self
        )
        if not started:
            self.error_label.show_error(runner().refusal())
            return
        self.password_edit.clear()
        self._set_unlocking(True)

    def _on_runner_changed(self) -> None:
        step = runner().step
        if self._unlocking and step is not None:
            self._show_step(step)

    def _on_runner_ended(self, _sentence: str) -> None:
        if self._unlocking:  # first, so that an unexpected error leaves the form usable
            self._set_unlocking(False)

    def _on_unlock_done(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.unlocked.emit(workspace)
        self.accept()

    def _on_unlock_failed(self, error: UserFacingError) -> None:
        self.error_label.show_error(str(error))
        self.password_edit.clear()
        self.password_edit.setFocus()
        self._refresh_wait()

    @override
    def reject(self) -> None:
        if not self._unlocking:  # Escape does nothing while the unlock runs
            super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocking:
            event.ignore()
            return
        super().closeEvent(event)

    def _on_recovery_button_clicked(self) -> None:
        dialog = RecoveryDialog(self.database_path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self._refresh_wait()
            return
        self.error_label.clear_message()
        self.username_edit.setText(dialog.reset_account)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self.note_label.show_success("The password has been reset. Sign in with the new password.")
        self._refresh_wait()
