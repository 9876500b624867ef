"""The frame every dialog shares: its margins and spacing, and Cancel beside the one button
that does what the dialog is for."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from marac_desktop.ui import style


def dialog_layout(dialog: QWidget) -> QVBoxLayout:
    """The dialog's main layout, with the dialog margins and the space between sections."""
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(*(style.DIALOG_MARGIN,) * 4)
    layout.setSpacing(style.SECTION_SPACING)
    return layout


def cancel_and(label: str) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel and the accepting button named ``label`` (the box's ``accepted`` is that button)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    return buttons, buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
