"""The scroll areas pages and panels share."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class ScrolledContents(QWidget):
    """What a scroll area holds, scrolled only when the area is smaller than the least room
    its layout needs: wrapped text at its full height, tables and lists at their smallest.
    (Qt scrolls from the layout's preferred height, so a page with two tables scrolled in a
    window it fitted in.)"""

    @override
    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        if layout is None:
            return super().heightForWidth(width)
        return layout.totalMinimumHeightForWidth(width)


def quiet_scroll(area: QScrollArea, contents: QWidget | None = None) -> QScrollArea:
    """Frameless, sized to what it holds, and never a stop for Tab itself: Tab goes to the
    fields inside, and the area scrolls each into view."""
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if contents is not None:
        area.setWidget(contents)
    return area
