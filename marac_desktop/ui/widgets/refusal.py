"""A button that is refused says why in one sentence: as its tooltip and in a note beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from marac_desktop.ui.widgets.text import muted_label


def refusal_note() -> QLabel:
    """The note beside a refused button: hidden while the button may be used."""
    note = muted_label()
    note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    note.setVisible(False)
    return note


def show_refusal(button: QAbstractButton, note: QLabel, refusal: str | None) -> None:
    """Enable the button, or disable it with the refusal as its tooltip and in the note."""
    button.setEnabled(refusal is None)
    button.setToolTip(refusal or "")
    note.setText(refusal or "")
    note.setVisible(refusal is not None)
