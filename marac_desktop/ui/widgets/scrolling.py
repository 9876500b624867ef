"""The scroll areas pages and panels share."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class ScrolledContents(QWidget):
    """What a scroll area holds. ``tables`` (a page of lists that share the window): scrolled
    only once the area is smaller than the least room its layout needs, wrapped text at its
    full height and tables at their smallest (Qt scrolls from the preferred height, so a page
    with two tables scrolled in a window it fitted in). Otherwise (a page of sections read
    top to bottom) scrolled from the height its sections ask for, as Qt does."""

    def __init__(self, tables: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tables = tables

    @override
    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        if layout is None or not self._tables:
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
