"""A new password, its confirmation and a live strength line, added to any form layout."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from marac_desktop.domain.passwords import MINIMUM_LENGTH, password_problem, strength_label

from marac_desktop.ui import style

MISMATCH = "The two passwords are not the same."
HINT = f"At least {MINIMUM_LENGTH} characters; three or four random words work well."


def password_edit(min_width: bool = False) -> QLineEdit:
    """A line edit that shows dots for what is typed (passwords, recovery codes)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if min_width:
        edit.setMinimumWidth(style.field_min_width())
    return edit


class NewPasswordFields(QObject):
    """Owns the two password fields; ``problem()`` says why they cannot be used yet."""

    changed = Signal()

    def __init__(
        self,
        username: Callable[[], str] = lambda: "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._username = username
        self.password_edit = password_edit(min_width=True)
        self.password_edit.setAccessibleDescription(HINT)
        self.confirm_edit = password_edit()
        self.confirm_edit.setAccessibleDescription("Type the same password again")
        self.strength_label = QLabel()
        self.strength_label.setTextFormat(Qt.TextFormat.PlainText)
        self.strength_label.setWordWrap(True)
        self.password_edit.textChanged.connect(self._on_password_edit_text_changed)
        self.confirm_edit.textChanged.connect(self._on_password_edit_text_changed)
        self.refresh()

    def add_rows(
        self, form: QFormLayout, password_label: str = "Password", confirm_label: str = "Confirm"
    ) -> None:
        form.addRow(password_label, self.password_edit)
        form.addRow(confirm_label, self.confirm_edit)
        form.addRow("", self.strength_label)

    def password(self) -> str:
        return self.password_edit.text()

    def problem(self) -> str | None:
        password = self.password()
        weakness = password_problem(password, self._username())
        if weakness:
            return weakness
        if self.confirm_edit.text() != password:
            return MISMATCH
        return None

    def clear(self) -> None:
        self.password_edit.clear()
        self.confirm_edit.clear()

    def refresh(self) -> None:
        """Update the strength line (call it when the user name it depends on changes)."""
        password = self.password()
        weakness = password_problem(password, self._username())
        if not password:
            text, colour = HINT, style.MUTED_COLOUR
        elif weakness:
            text, colour = f"Too weak: {weakness}", style.ERROR_COLOUR
        elif self.confirm_edit.text() and self.confirm_edit.text() != password:
            text, colour = MISMATCH, style.ERROR_COLOUR
        else:
            text = f"Strength: {strength_label(password, self._username())}."
            colour = style.SUCCESS_COLOUR
        self.strength_label.setText(text)
        self.strength_label.setStyleSheet(f"color: {colour};")
        self.changed.emit()

    def _on_password_edit_text_changed(self, _text: str) -> None:
        self.refresh()
