"""One piece of waiting work, as a row that opens it: a click, or Enter or Space when it has
the keyboard focus (Tab reaches it)."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from marac_desktop.ui import style

_LOOK = (
    "QPushButton { border: 1px solid palette(mid); border-radius: 4px;"
    " background: palette(base); }"
    " QPushButton:hover { background: palette(alternate-base); }"
    " QPushButton:focus { border: 2px solid palette(highlight); }"
)
_PADDING = (10, 6)
"""Between the frame and the text, across and down."""


class WorkItem(QPushButton):
    """Its text wraps onto more lines in a narrow window, rather than being cut off: a button
    draws its text on one line, so the frame is the button's and the text a label's in it."""

    def __init__(self, text: str, warning: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.warning = warning
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMaximumWidth(style.text_max_width())
        self.setAccessibleName(text)
        self.setStyleSheet(_LOOK)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        colour = style.ERROR_COLOUR if warning else "palette(text)"
        self.label.setStyleSheet(f"color: {colour}; background: transparent;")
        across, down = _PADDING
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(across, down, across, down)
        self._layout.addWidget(self.label)

    @override
    def sizeHint(self) -> QSize:
        return self._layout.totalSizeHint()

    @override
    def minimumSizeHint(self) -> QSize:
        return self._layout.totalMinimumSize()

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        return self._layout.totalHeightForWidth(width)

    @override
    def paintEvent(self, _event: QPaintEvent) -> None:
        """The button's frame and focus, without its own one-line text (the label's shows)."""
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)
