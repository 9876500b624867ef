"""Message boxes: a UserFacingError's sentence is shown as it is, everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from marac_desktop.errors import UserFacingError

from marac_desktop.ui.style import APP_NAME


def show_user_error(parent: QWidget | None, error: UserFacingError) -> None:
    QMessageBox.warning(parent, APP_NAME, str(error))


def warn(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, APP_NAME, text)


def inform(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, APP_NAME, text)


def confirm(parent: QWidget | None, text: str) -> bool:
    """Ask a yes/no question; No is the default so a stray Enter does nothing."""
    answer = QMessageBox.question(
        parent,
        APP_NAME,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
