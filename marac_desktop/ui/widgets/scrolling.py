"""The scroll areas pages and panels share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def quiet_scroll(area: QScrollArea, contents: QWidget | None = None) -> QScrollArea:
    """Frameless, sized to what it holds, and never a stop for Tab itself: Tab goes to the
    fields inside, and the area scrolls each into view."""
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if contents is not None:
        area.setWidget(contents)
    return area
