"""A row of buttons that wraps onto more rows when the window is too narrow for it in one."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QStyle,
    QWidget,
)


class FlowLayout(QLayout):
    """Widgets left to right, in their size hint's width, a new row begun where the next does
    not fit. ``add_stretch()`` marks where a row that fits in one line gives its spare width
    (a group of buttons kept to the right); once the widgets wrap, every row starts at the
    left, so a group never sits alone at the far side."""

    def __init__(self, parent: QWidget | None = None, gap: int | None = None) -> None:
        """``gap``: the space between the widgets of a row (the style's when None)."""
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = gap
        self.setContentsMargins(0, 0, 0, 0)

    def add_stretch(self) -> None:
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

    @override
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    @override
    def count(self) -> int:
        return len(self._items)

    @override
    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    @override
    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    @override
    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    @override
    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    @override
    def sizeHint(self) -> QSize:
        """Everything in one row."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown)
        width += self._spacing(Qt.Orientation.Horizontal) * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return self._with_margins(QSize(width, height))

    @override
    def minimumSize(self) -> QSize:
        """The widest widget alone in a row: narrower than that, it would be cut."""
        size = QSize(0, 0)
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return self._with_margins(size)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if item.spacerItem() is None and not item.isEmpty()]

    def _with_margins(self, size: QSize) -> QSize:
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _spacing(self, orientation: Qt.Orientation) -> int:
        if self._gap is not None and orientation is Qt.Orientation.Horizontal:
            return self._gap
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        if parent is None:
            return 6
        metric = (
            QStyle.PixelMetric.PM_LayoutHorizontalSpacing
            if orientation is Qt.Orientation.Horizontal
            else QStyle.PixelMetric.PM_LayoutVerticalSpacing
        )
        return max(0, parent.style().pixelMetric(metric, None, parent))

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        """The widgets (and stretches) of each row, for rows ``width`` wide."""
        gap = self._spacing(Qt.Orientation.Horizontal)
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._items:
            if item.spacerItem() is not None:
                rows[-1].append(item)
                continue
            if item.isEmpty():
                continue
            wanted = item.sizeHint().width()
            placed = [i for i in rows[-1] if i.spacerItem() is None]
            if placed and used + gap + wanted > width:
                rows.append([])
                used = 0
                placed = []
            used += (gap if placed else 0) + wanted
            rows[-1].append(item)
        return rows

    def _arrange(self, rect: QRect, place: bool) -> int:
        """Lay the widgets out in ``rect`` (only measure unless ``place``); the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        gap = self._spacing(Qt.Orientation.Horizontal)
        rows = self._rows(area.width())
        one_row = len(rows) == 1
        y = area.top()
        for row in rows:
            widgets = [item for item in row if item.spacerItem() is None]
            if not widgets:
                continue
            height = max(item.sizeHint().height() for item in widgets)
            used = sum(item.sizeHint().width() for item in widgets) + gap * (len(widgets) - 1)
            stretches = sum(1 for item in row if item.spacerItem() is not None)
            spare = max(0, area.width() - used) if one_row and stretches else 0
            x = area.left()
            for item in row:
                if item.spacerItem() is not None:
                    x += spare // stretches
                    continue
                hint = item.sizeHint()
                width = max(item.minimumSize().width(), min(hint.width(), area.width()))
                if place:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, hint.height())))
                x += width + gap
            y += height + self._spacing(Qt.Orientation.Vertical)
        return max(0, y - self._spacing(Qt.Orientation.Vertical) - area.top()) + (
            margins.top() + margins.bottom()
        )


def kept_together(*widgets: QWidget) -> QWidget:
    """``widgets`` side by side as one piece of a flow (a label and its field), never parted
    by a new row."""
    piece = QWidget()
    row = QHBoxLayout(piece)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return piece


def labelled(text: str, field: QWidget) -> QWidget:
    """``field`` after its label (the label names it, and its mnemonic goes to it)."""
    label = QLabel(text)
    label.setBuddy(field)
    return kept_together(label, field)
