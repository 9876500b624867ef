"""An unexpected error: a calm sentence, and redacted details (type and code locations only)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from marac_desktop.logging_setup import redacted_traceback

from marac_desktop.ui import style
from marac_desktop.ui.dialogs.frame import dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import muted_label, paragraph_label

SENTENCE = "Something went wrong. Your data is safe: nothing was saved from the action that failed."


def error_details(error: BaseException) -> str:
    """What may be shown, copied or logged: never the message or any values, which can hold data."""
    return redacted_traceback(error)


class ErrorDialog(QDialog):
    def __init__(self, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Unexpected error in {style.APP_NAME}")
        self.setMinimumWidth(520)
        self._details = error_details(error)
        self.details_edit = QPlainTextEdit(self._details)
        self.details_edit.setReadOnly(True)
        self.details_edit.setFont(style.monospace_font(0.9))
        self.details_edit.setMinimumHeight(160)
        self.details_edit.setVisible(False)
        self.details_button = QPushButton("Show details")
        self.details_button.setCheckable(True)
        self.details_button.setAutoDefault(False)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setAutoDefault(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        row = QHBoxLayout()
        row.addWidget(self.details_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = dialog_layout(self)
        sentence = paragraph_label(SENTENCE)
        sentence.setFont(style.heading_font(3))
        layout.addWidget(sentence)
        layout.addWidget(
            muted_label(
                "If it happens again, tell your administrator what you were doing and give them "
                "the details below. They name only the places in the program, never your data."
            )
        )
        layout.addWidget(self.details_edit)
        layout.addLayout(row)
        self.details_button.toggled.connect(self._on_details_button_toggled)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        fit_to_contents(self)

    def details(self) -> str:
        return self._details

    def _on_details_button_toggled(self, checked: bool) -> None:
        self.details_edit.setVisible(checked)
        self.details_button.setText("Hide details" if checked else "Show details")
        fit_to_contents(self)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._details)
