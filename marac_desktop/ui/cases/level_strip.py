"""Risk levels over time, oldest first: each assessment as a dated badge with its level in words."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.services.assessments import LevelPoint

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import LEVEL_COLOURS, day_text, level_words
from marac_desktop.ui.widgets.text import muted_label

NO_ASSESSMENTS = "No risk assessments yet."
SHOWN = 8


class LevelStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.badges: list[QLabel] = []

    def set_points(self, points: Sequence[LevelPoint]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.badges = []
        if not points:
            self._layout.addWidget(muted_label(NO_ASSESSMENTS))
            self._layout.addStretch(1)
            return
        shown = list(points)[-SHOWN:]
        if len(points) > SHOWN:
            self._layout.addWidget(muted_label(f"{len(points) - SHOWN} earlier…"))
        for n, point in enumerate(shown):
            if n:
                arrow = QLabel("→")
                arrow.setStyleSheet(f"color: {style.MUTED_COLOUR};")
                self._layout.addWidget(arrow)
            self._layout.addWidget(self._badge(point))
        self._layout.addStretch(1)

    def _badge(self, point: LevelPoint) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        draft = point.status is AssessmentStatus.DRAFT
        words = level_words(point.level) + (" (draft)" if draft else "")
        label = QLabel(words)
        label.setTextFormat(Qt.TextFormat.PlainText)
        colour = LEVEL_COLOURS.get(point.level, style.MUTED_COLOUR)
        if draft:
            label.setStyleSheet(
                f"border: 2px dashed {colour}; color: {colour}; border-radius: 4px;"
                " padding: 2px 8px; font-weight: 600;"
            )
        else:
            label.setStyleSheet(
                f"background: {colour}; color: white; border-radius: 4px; padding: 3px 8px;"
                " font-weight: 600;"
            )
        column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(
            muted_label(day_text(point.assessment_date)), 0, Qt.AlignmentFlag.AlignHCenter
        )
        self.badges.append(label)
        return box
