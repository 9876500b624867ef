"""Child process for the launch benchmark: start the GUI and exit once the unlock window shows."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from marac_desktop.ui import app


def _exit_when_shown() -> None:
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == "UnlockDialog" and widget.isVisible():
            sys.stdout.write("shown\n")
            sys.stdout.flush()
            os._exit(0)
    QTimer.singleShot(2, _exit_when_shown)


if __name__ == "__main__":
    application = QApplication(sys.argv[:1])
    QTimer.singleShot(0, _exit_when_shown)
    app.run_gui(Path(sys.argv[1]))
