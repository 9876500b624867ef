"""A small bar chart drawn with QPainter: every bar labelled and its value written on it.

Bars run across (long labels such as agency names, on the left) or up (months along the
bottom). Nothing is told by colour alone: each bar has its label and its value as text, and the
whole chart is described for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from typing_extensions import override

from PySide6.QtCore import QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from marac_desktop.ui import style

BAR_COLOUR = "#3d6fa5"
AXIS_COLOUR = "#8a9099"
TEXT_ON_BAR = "#ffffff"
TEXT_COLOUR = "#1f2328"
EMPTY_TEXT = "Nothing to show for this period."
PAD = 8
ROW_HEIGHT = 22
COLUMN_CHART_HEIGHT = 220


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    value_text: str


class BarChart(QWidget):
    """Labelled bars; ``across=True`` for horizontal bars with the labels on the left."""

    def __init__(
        self, title: str, value_axis: str, across: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.value_axis = value_axis
        self.across = across
        self._bars: list[Bar] = []
        self._scale_max: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(title)
        self._fit_height()

    def set_title(self, title: str) -> None:
        self.title = title
        self.setAccessibleName(title)
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_bars(self, bars: Sequence[Bar], scale_max: float | None = None) -> None:
        """Show ``bars``; ``scale_max`` fixes the top of the scale (100 for percentages)."""
        self._bars = list(bars)
        self._scale_max = scale_max
        self.setAccessibleDescription(
            "; ".join(f"{bar.label}: {bar.value_text}" for bar in self._bars) or EMPTY_TEXT
        )
        self._fit_height()
        self.update()

    def _fit_height(self) -> None:
        line = QFontMetrics(self.font()).height()
        if self.across:
            height = line * 3 + PAD * 3 + max(1, len(self._bars)) * (ROW_HEIGHT + 4)
        else:
            height = max(COLUMN_CHART_HEIGHT, line * 5 + 120)
        self.setFixedHeight(height)

    @override
    def sizeHint(self) -> QSize:
        return QSize(480, self.height())

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.height())

    def _top(self) -> float:
        values = [bar.value for bar in self._bars]
        top = max([self._scale_max or 0.0, *values])
        return top if top > 0 else 1.0

    @override
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.setPen(QColor(style.MUTED_COLOUR))
        painter.drawText(
            QRectF(0, 0, self.width(), line + 2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        area = QRectF(0, line + PAD, self.width(), self.height() - line - PAD)
        if not self._bars:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
            painter.end()
            return
        if self.across:
            self._paint_across(painter, metrics, area)
        else:
            self._paint_up(painter, metrics, area)
        painter.end()

    def _paint_across(self, painter: QPainter, metrics: QFontMetrics, area: QRectF) -> None:
        line = metrics.height()
        label_width = min(
            max(metrics.horizontalAdvance(bar.label) for bar in self._bars) + PAD,
            area.width() * 0.45,
        )
        value_width = max(metrics.horizontalAdvance(bar.value_text) for bar in self._bars) + PAD
        plot = QRectF(
            area.left() + label_width + PAD,
            area.top(),
            area.width() - label_width - PAD * 2 - value_width,
            area.height() - line - PAD,
        )
        top = self._top()
        for number, bar in enumerate(self._bars):
            y = plot.top() + number * (ROW_HEIGHT + 4)
            painter.setPen(QColor(TEXT_COLOUR))
            label_box = QRectF(area.left(), y, label_width, ROW_HEIGHT)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_width))
            painter.drawText(
                label_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            length = plot.width() * max(bar.value, 0.0) / top
            box = QRectF(plot.left(), y + 2, length, ROW_HEIGHT - 4)
            painter.fillRect(box, QColor(BAR_COLOUR))
            text_width = metrics.horizontalAdvance(bar.value_text) + PAD
            if length >= text_width:
                painter.setPen(QColor(TEXT_ON_BAR))
                painter.drawText(
                    box.adjusted(0, 0, -PAD / 2, 0),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    bar.value_text,
                )
            else:
                painter.setPen(QColor(TEXT_COLOUR))
                painter.drawText(
                    QRectF(box.right() + PAD / 2, y, text_width, ROW_HEIGHT),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    bar.value_text,
                )
        bottom = plot.top() + len(self._bars) * (ROW_HEIGHT + 4)
        painter.setPen(QPen(QColor(AXIS_COLOUR), 1))
        _line(painter, plot.left(), plot.top(), plot.left(), bottom)
        _line(painter, plot.left(), bottom, plot.right(), bottom)
        painter.setPen(QColor(style.MUTED_COLOUR))
        painter.drawText(
            QRectF(plot.left(), bottom + 2, plot.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            "0",
        )
        painter.drawText(
            QRectF(plot.left(), bottom + 2, plot.width(), line),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            self.value_axis,
        )
        painter.drawText(
            QRectF(plot.left(), bottom + 2, plot.width(), line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            _number_text(top),
        )

    def _paint_up(self, painter: QPainter, metrics: QFontMetrics, area: QRectF) -> None:
        line = metrics.height()
        axis_width = metrics.horizontalAdvance(_number_text(self._top())) + PAD
        left = area.left() + line + PAD + axis_width
        plot = QRectF(
            left, area.top() + line, area.right() - left - PAD, area.height() - line * 3 - PAD
        )
        top = self._top()
        # The value axis: its name turned up the left side, 0 and the top of the scale.
        painter.setPen(QColor(style.MUTED_COLOUR))
        painter.save()
        painter.translate(area.left(), plot.bottom())
        painter.rotate(-90)
        painter.drawText(
            QRectF(0, 0, plot.height(), line),
            Qt.AlignmentFlag.AlignCenter,
            self.value_axis,
        )
        painter.restore()
        for value, y in ((0.0, plot.bottom()), (top, plot.top())):
            painter.drawText(
                QRectF(plot.left() - axis_width - 2, y - line / 2, axis_width - 2, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _number_text(value),
            )
        painter.setPen(QPen(QColor("#e3e5e8"), 1, Qt.PenStyle.DashLine))
        _line(painter, plot.left(), plot.top(), plot.right(), plot.top())
        slot = plot.width() / len(self._bars)
        bar_width = max(4.0, min(slot * 0.7, 64.0))
        every = _label_step(metrics, self._bars, slot)
        for number, bar in enumerate(self._bars):
            centre = plot.left() + slot * (number + 0.5)
            height = plot.height() * max(bar.value, 0.0) / top
            box = QRectF(centre - bar_width / 2, plot.bottom() - height, bar_width, height)
            painter.fillRect(box, QColor(BAR_COLOUR))
            painter.setPen(QColor(TEXT_COLOUR))
            value_box = QRectF(centre - slot / 2, box.top() - line - 1, slot, line)
            fits = metrics.horizontalAdvance(bar.value_text) <= slot
            if fits and (every == 1 or bar.value > 0):
                painter.drawText(value_box, Qt.AlignmentFlag.AlignCenter, bar.value_text)
            if number % every == 0:
                painter.drawText(
                    QRectF(centre - slot * every / 2, plot.bottom() + 3, slot * every, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    bar.label,
                )
        painter.setPen(QPen(QColor(AXIS_COLOUR), 1))
        _line(painter, plot.left(), plot.top(), plot.left(), plot.bottom())
        _line(painter, plot.left(), plot.bottom(), plot.right(), plot.bottom())


def _line(painter: QPainter, x1: float, y1: float, x2: float, y2: float) -> None:
    painter.drawLine(QLineF(x1, y1, x2, y2))


def _label_step(metrics: QFontMetrics, bars: Sequence[Bar], slot: float) -> int:
    """Label every bar when the labels fit, otherwise every second, third, ... bar."""
    widest = max(metrics.horizontalAdvance(bar.label) for bar in bars) + PAD
    step = 1
    while widest > slot * step and step < len(bars):
        step += 1
    return step


def _number_text(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{int(value):,}"
