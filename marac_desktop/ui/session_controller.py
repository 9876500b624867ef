"""Sign-in, lock and sign-in again: the start screen, the unlock or connect dialog, the main
window and the idle lock."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog

from marac_desktop.ui.dialogs.connect_dialog import ConnectDialog, ServerChoice
from marac_desktop.ui.dialogs.first_run_wizard import FirstRunWizard
from marac_desktop.ui.dialogs.start_dialog import StartDialog
from marac_desktop.ui.dialogs.unlock_dialog import UnlockDialog
from marac_desktop.ui.idle_watcher import IdleWatcher

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

    from marac_desktop.ui.main_window import MainWindow

logger = logging.getLogger(__name__)

MILLISECONDS_PER_MINUTE = 60_000
_MAX_NESTED_DIALOGS = 20


IDLE_LOCKED = "Locked after a time without use, to keep the data safe."
DISCARDED = "A window that was open was closed; anything typed into it and not saved was discarded."


def _close_modal_dialogs() -> int:
    """Reject open dialogs so nothing typed into them outlives the lock; how many were open."""
    closed = 0
    for _ in range(_MAX_NESTED_DIALOGS):
        widget = QApplication.activeModalWidget()
        if widget is None:
            break
        if isinstance(widget, QDialog):
            widget.reject()
        widget.close()
        closed += 1
    return closed


def _bring_up(dialog: QDialog) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


class SessionController(QObject):
    """Owns the current workspace and window.

    ``database`` is the file to unlock, a server to connect to, or None for the start screen.
    ``idle_interval_ms`` overrides the idle-lock setting (tests pass a few milliseconds).
    """

    unlocked = Signal(object)
    locked = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        database: Path | ServerChoice | None,
        idle_interval_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database_path = database if isinstance(database, Path) else None
        self.server = database if isinstance(database, ServerChoice) else None
        self._idle_override_ms = idle_interval_ms
        self._last_user = ""
        self._notice = ""
        self.workspace: Workspace | None = None
        self.main_window: MainWindow | None = None
        self.start_dialog: StartDialog | None = None
        self.unlock_dialog: UnlockDialog | ConnectDialog | None = None
        self.idle_watcher = IdleWatcher(idle_interval_ms or MILLISECONDS_PER_MINUTE, self)
        self.idle_watcher.idle_timed_out.connect(self._on_idle_watcher_idle_timed_out)

    def start(self) -> None:
        self._show_sign_in()

    def lock(self, idle: bool = False) -> None:
        """Close the database and forget the key, remove the window, and ask to sign in again
        (the same account's name filled in; after an ``idle`` lock, a note says why)."""
        if self.workspace is None:
            return
        user = self.workspace.user
        self._last_user = user.username if user else ""
        closed = self._end_session()
        self._notice = " ".join(
            text for text, shown in ((IDLE_LOCKED, idle), (DISCARDED, closed > 0)) if shown
        )
        self.locked.emit()
        self._show_sign_in()

    def shutdown(self) -> None:
        """Lock without asking to sign in again (quitting)."""
        self._end_session()
        for dialog in (self.unlock_dialog, self.start_dialog):
            if dialog is not None:
                dialog.hide()
                dialog.deleteLater()
        self.unlock_dialog = self.start_dialog = None

    def _show_sign_in(self) -> None:
        if self.server is not None:
            self._show_connect_dialog(self.server)
        elif self.database_path is not None:
            self._show_unlock_dialog()
        else:
            self._show_start_dialog()

    def _end_session(self) -> int:
        """End the session; how many open dialogs were closed."""
        self.idle_watcher.stop()
        workspace, window = self.workspace, self.main_window
        self.workspace, self.main_window = None, None
        closed = _close_modal_dialogs()
        if window is not None:
            window.discard()
        if workspace is not None:
            try:
                workspace.lock()
            except Exception as error:  # the key must be dropped even if the lock is not audited
                logger.warning("The lock could not be audited (%s).", type(error).__name__)
                workspace.close()
        return closed

    def _show_start_dialog(self) -> None:
        self._drop_dialogs()
        dialog = StartDialog()
        dialog.file_chosen.connect(self._on_start_dialog_file_chosen)
        dialog.server_chosen.connect(self._on_start_dialog_server_chosen)
        dialog.rejected.connect(self._on_unlock_dialog_rejected)
        self.start_dialog = dialog
        _bring_up(dialog)

    def _show_unlock_dialog(self) -> None:
        assert self.database_path is not None
        self._drop_dialogs()
        dialog = UnlockDialog(self.database_path, self._last_user, self._notice)
        dialog.unlocked.connect(self._on_unlock_dialog_unlocked)
        dialog.rejected.connect(self._on_unlock_dialog_rejected)
        self.unlock_dialog = dialog
        _bring_up(dialog)

    def _show_connect_dialog(self, choice: ServerChoice) -> None:
        self._drop_dialogs()
        dialog = ConnectDialog.for_choice(choice)
        dialog.unlocked.connect(self._on_unlock_dialog_unlocked)
        dialog.rejected.connect(self._on_connect_dialog_rejected)
        self.unlock_dialog = dialog
        _bring_up(dialog)

    def _drop_dialogs(self) -> None:
        for dialog in (self.unlock_dialog, self.start_dialog):
            if dialog is not None:
                dialog.deleteLater()
        self.unlock_dialog = self.start_dialog = None

    def _on_start_dialog_file_chosen(self, path: Path) -> None:
        if not path.exists():
            wizard = FirstRunWizard(path)
            if wizard.exec() != QDialog.DialogCode.Accepted or wizard.database_path is None:
                self._show_start_dialog()
                return
            path = wizard.database_path
        self.database_path = path
        self._show_unlock_dialog()

    def _on_start_dialog_server_chosen(self, choice: ServerChoice) -> None:
        self.server = choice
        self._show_connect_dialog(choice)

    def _on_connect_dialog_rejected(self) -> None:
        self.server = None  # back to the start screen, to choose again
        self.database_path = None
        self._show_start_dialog()

    def _idle_interval_ms(self, workspace: Workspace) -> int:
        if self._idle_override_ms is not None:
            return self._idle_override_ms
        from marac_desktop.services import settings

        return settings.load(workspace).idle_lock_minutes * MILLISECONDS_PER_MINUTE

    def _on_unlock_dialog_unlocked(self, workspace: Workspace) -> None:
        from marac_desktop.ui.main_window import MainWindow  # deferred: loads after sign-in

        dialog = self.unlock_dialog
        self.unlock_dialog = None
        if isinstance(dialog, ConnectDialog) and dialog.signed_in is not None:
            self.server = dialog.signed_in  # a lock asks this server and user again
        if dialog is not None:
            dialog.deleteLater()
        self.workspace = workspace
        self._notice = ""
        window = MainWindow(workspace)
        window.lock_requested.connect(self._on_main_window_lock_requested)
        window.quit_requested.connect(self._on_main_window_quit_requested)
        window.idle_lock_minutes_changed.connect(self._on_main_window_idle_lock_minutes_changed)
        self.main_window = window
        self.idle_watcher.set_interval_ms(self._idle_interval_ms(workspace))
        self.idle_watcher.start()
        window.show()
        if workspace.warnings:  # the audit log no longer matches what an account last saw
            from marac_desktop.services.audit_witness import as_sentence

            from marac_desktop.ui.messages import warn

            warn(window, " ".join(as_sentence(w) for w in workspace.warnings))
        self.unlocked.emit(workspace)

    def _on_unlock_dialog_rejected(self) -> None:
        self.shutdown()
        self.quit_requested.emit()

    def _on_main_window_lock_requested(self) -> None:
        self.lock()

    def _on_main_window_quit_requested(self) -> None:
        self.shutdown()
        self.quit_requested.emit()

    def _on_main_window_idle_lock_minutes_changed(self, minutes: int) -> None:
        if self._idle_override_ms is None:
            self.idle_watcher.set_interval_ms(minutes * MILLISECONDS_PER_MINUTE)

    def _on_idle_watcher_idle_timed_out(self) -> None:
        self.lock(idle=True)
