"""The frame every dialog shares: its margins and spacing, and Cancel beside the one button
that does what the dialog is for (the default: Enter in a field presses it)."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from marac_desktop.ui import style


def dialog_layout(dialog: QWidget) -> QVBoxLayout:
    """The dialog's main layout, with the dialog margins and the space between sections."""
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(*(style.DIALOG_MARGIN,) * 4)
    layout.setSpacing(style.SECTION_SPACING)
    return layout


class _DefaultWhenShown(QObject):
    """Makes ``button`` its dialog's default as the dialog opens.

    A dialog only keeps a default set once the button is inside it; set before, the dialog
    made the first button after the focused field its default, which was Cancel, so Enter
    closed the dialog and lost what was typed."""

    def __init__(self, button: QPushButton, box: QDialogButtonBox) -> None:
        super().__init__(box)
        self._button = button
        self._box = box

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            others = [b for b in self._box.buttons() if b is not self._button]
            if not any(isinstance(b, QPushButton) and b.isDefault() for b in others):
                self._button.setDefault(False)  # a default set too early is only a flag
                self._button.setDefault(True)
        return False


def cancel_and(label: str) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel and the accepting button named ``label`` (the box's ``accepted`` is that button),
    which is the default."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    accept = buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.installEventFilter(_DefaultWhenShown(accept, buttons))
    return buttons, accept
