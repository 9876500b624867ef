"""sys.excepthook for the GUI: log the redacted traceback and show the error dialog."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog

from marac_desktop.errors import UserFacingError

from marac_desktop.ui.dialogs.error_dialog import ErrorDialog, error_details
from marac_desktop.ui.messages import show_user_error

logger = logging.getLogger(__name__)


class ExceptionHandler(QObject):
    """Receives uncaught exceptions from any thread and reports each distinct one once."""

    exception_caught = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seen: set[str] = set()
        self.dialogs: list[QDialog] = []
        # Emitted from another thread, this is queued to the GUI thread that owns the handler.
        self.exception_caught.connect(self._on_self_exception_caught)

    def handle(
        self,
        exc_type: type[BaseException],
        error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        if error is None:
            error = exc_type()
        if isinstance(error, KeyboardInterrupt):
            sys.__excepthook__(exc_type, error, _traceback)
            return
        details = error_details(error)
        logger.error("Unexpected error:\n%s", details)
        if details in self._seen:
            return
        self._seen.add(details)
        self.exception_caught.emit(error)

    def _on_self_exception_caught(self, error: BaseException) -> None:
        parent = QApplication.activeWindow()
        if isinstance(error, UserFacingError):
            show_user_error(parent, error)
            return
        dialog = ErrorDialog(error, parent)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialogs.append(dialog)
        dialog.show()

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialogs = [dialog for dialog in self.dialogs if dialog.isVisible()]


def install_exception_hook(parent: QObject | None = None) -> ExceptionHandler:
    handler = ExceptionHandler(parent)
    sys.excepthook = handler.handle

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        handler.handle(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook
    return handler
