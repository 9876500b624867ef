"""One piece of waiting work, as a row that opens it: a click, or Enter or Space when it has
the keyboard focus (Tab reaches it)."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from marac_desktop.ui import style

_LOOK = (
    "QPushButton {{ text-align: left; padding: 6px 10px; border: 1px solid palette(mid);"
    " border-radius: 4px; background: palette(base); color: {colour}; }}"
    " QPushButton:hover {{ background: palette(alternate-base); }}"
    " QPushButton:focus {{ border: 2px solid palette(highlight); padding: 5px 9px; }}"
)


class WorkItem(QPushButton):
    def __init__(self, text: str, warning: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.warning = warning
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMaximumWidth(style.TEXT_MAX_WIDTH)
        self.setAccessibleName(text)
        self.setStyleSheet(_LOOK.format(colour=style.ERROR_COLOUR if warning else "palette(text)"))

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)
