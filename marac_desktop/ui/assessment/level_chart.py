"""A small step chart of a case's risk level over its assessments, drafts drawn hollow."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.risk import RiskLevel
from marac_desktop.services.assessments import LevelPoint

from marac_desktop.ui import style
from marac_desktop.ui.assessment import look
from marac_desktop.ui.cases.words import day_text

BANDS = (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.STANDARD)
LEFT = 118
RIGHT = 28
TOP = 10
BOTTOM = 30
DOT = 6.0
LABEL_GAP = 130
EMPTY_TEXT = "No assessments yet."


class LevelChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[LevelPoint] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Risk level over time")

    @override
    def sizeHint(self) -> QSize:
        return QSize(480, 150)

    def set_points(self, points: list[LevelPoint]) -> None:
        self._points = [p for p in points if look.level_look(p.level) is not None]
        self.setAccessibleDescription(
            "; ".join(
                f"{day_text(p.assessment_date)}: {look.level_words(p.level)}" for p in self._points
            )
        )
        self.update()

    @override
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = QRectF(LEFT, TOP, self.width() - LEFT - RIGHT, self.height() - TOP - BOTTOM)
        band_height = plot.height() / len(BANDS)
        for number, level in enumerate(BANDS):
            band = QRectF(plot.left(), plot.top() + number * band_height, plot.width(), band_height)
            painter.fillRect(band, QColor(look.LEVELS[level].tint))
            painter.setPen(QColor(look.LEVELS[level].strong))
            label = QRectF(0, band.top(), LEFT - 10, band_height)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(label, align, look.LEVELS[level].words)
        if not self._points:
            painter.setPen(QColor(style.MUTED_COLOUR))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
            painter.end()
            return
        count = len(self._points)
        step = plot.width() / count

        def centre(index: int, level: str) -> QPointF:
            row = BANDS.index(RiskLevel(level))
            return QPointF(
                plot.left() + step * (index + 0.5), plot.top() + band_height * (row + 0.5)
            )

        centres = [centre(n, p.level) for n, p in enumerate(self._points)]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for number in range(1, count):
            previous, current = centres[number - 1], centres[number]
            path = QPainterPath(previous)
            path.lineTo(current.x(), previous.y())
            path.lineTo(current)
            pen = QPen(QColor(look.TEXT), 2)
            if self._points[number].status is AssessmentStatus.DRAFT:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPath(path)
        last_label = -float(LABEL_GAP)
        for point, spot in zip(self._points, centres, strict=True):
            colour = QColor(look.LEVELS[RiskLevel(point.level)].strong)
            draft = point.status is AssessmentStatus.DRAFT
            painter.setPen(QPen(colour, 2.5))
            painter.setBrush(QColor("white") if draft else colour)
            painter.drawEllipse(spot, DOT, DOT)
            if spot.x() - last_label >= LABEL_GAP:
                painter.setPen(QColor(style.MUTED_COLOUR))
                text = day_text(point.assessment_date) + (" (draft)" if draft else "")
                box = QRectF(spot.x() - LABEL_GAP / 2, plot.bottom() + 6, LABEL_GAP, 20)
                painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, text)
                last_label = spot.x()
        painter.end()
