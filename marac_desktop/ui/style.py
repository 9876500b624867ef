"""Spacing, colours and fonts shared by every screen."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

APP_NAME = "MARAC Desktop"

PAGE_MARGIN = 28
SECTION_SPACING = 14
DIALOG_MARGIN = 20
SIDEBAR_WIDTH = 180
FIELD_MIN_WIDTH = 280
TEXT_MAX_WIDTH = 760

ERROR_COLOUR = "#b3261e"
SUCCESS_COLOUR = "#1e6b34"
MUTED_COLOUR = "#5b6168"

_HEADING_SCALE = {1: 1.6, 2: 1.25, 3: 1.1}


def base_point_size() -> float:
    size = QApplication.font().pointSizeF()
    return size if size > 0 else 10.0


def heading_font(level: int = 1) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(base_point_size() * _HEADING_SCALE.get(level, 1.0))
    font.setWeight(QFont.Weight.DemiBold if level > 1 else QFont.Weight.Bold)
    return font


def monospace_font(scale: float = 1.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(base_point_size() * scale)
    return font
