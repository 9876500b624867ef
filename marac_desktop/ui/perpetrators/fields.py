"""Fields the perpetrator forms share: a box for a reason or notes."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

TEXT_HEIGHT = 96


def written_edit(
    name: str, description: str, placeholder: str = "", text: str = ""
) -> QPlainTextEdit:
    """A few lines of writing; Tab moves on, as in every other field."""
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setAccessibleDescription(description)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(TEXT_HEIGHT)
    return edit
