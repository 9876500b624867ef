"""Labels for headings, paragraphs and status messages, styled with fonts rather than HTML."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from marac_desktop.ui import style


def heading_label(text: str, level: int = 1, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(style.heading_font(level))
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def paragraph_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = paragraph_label(text, parent)
    label.setStyleSheet(f"color: {style.MUTED_COLOUR};")
    return label


class StatusLabel(QLabel):
    """A one-sentence message that is hidden while empty and coloured by outcome.

    In a window sized by ``sizing.fit_to_contents`` (the dialogs) it holds ``room_lines``
    lines even while hidden; a longer message wraps and the window grows to show it whole.
    A rare line under the refusal line of the same dialog may hold none (``room_lines=0``).
    """

    def __init__(self, parent: QWidget | None = None, room_lines: int = 2) -> None:
        super().__init__(parent)
        self.room_lines = room_lines
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setVisible(False)
        self._error = False

    def is_error(self) -> bool:
        """Whether it shows a refusal now."""
        return self._error

    def show_error(self, text: str) -> None:
        self._show(text, style.ERROR_COLOUR)
        self._error = bool(text)

    def show_success(self, text: str) -> None:
        self._show(text, style.SUCCESS_COLOUR)

    def show_note(self, text: str) -> None:
        self._show(text, style.MUTED_COLOUR)

    def clear_message(self) -> None:
        self.clear()
        self.setVisible(False)
        self._error = False

    def _show(self, text: str, colour: str) -> None:
        self._error = False
        self.setStyleSheet(f"color: {colour};")
        self.setText(text)
        self.setVisible(bool(text))
