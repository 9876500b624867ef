"""Spacing, colours and fonts shared by every screen."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF
from PySide6.QtWidgets import QApplication

APP_NAME = "MARAC Desktop"

PAGE_MARGIN = 28
SECTION_SPACING = 14
DIALOG_MARGIN = 20
SIDEBAR_WIDTH = 180
"""The navigation's least width; wider when its titles need it (larger system text)."""

ERROR_COLOUR = "#b3261e"
SUCCESS_COLOUR = "#1e6b34"
MUTED_COLOUR = "#5b6168"

_HEADING_SCALE = {1: 1.6, 2: 1.25, 3: 1.1}


def base_point_size() -> float:
    size = QApplication.font().pointSizeF()
    return size if size > 0 else 10.0


def ems(count: float) -> int:
    """``count`` times the height of a line of the system font, in pixels: a length that grows
    with the text it holds when the system's text is made larger."""
    return round(count * QFontMetricsF(QApplication.font()).height())


def field_min_width() -> int:
    """The least width of a field for a name or a choice."""
    return ems(20)


def text_max_width() -> int:
    """The widest a paragraph is set, for a readable line length."""
    return ems(54)


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
