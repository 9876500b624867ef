"""A visible focus on every control the keyboard reaches: a ring in the highlight colour, drawn
over the platform's own look of the control.

A style sheet cannot give this to every control: a border set on a combo box or a spin box
replaces the platform's drawing of it, arrows included, and a screen's own style sheet wins
over the application's. So the ring is drawn by a proxy of the platform style, inside each
control's own rectangle (nothing moves or grows when the focus arrives), and the few controls
drawn by a style sheet of their own say ``:focus`` in it.
"""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QStyleOptionFrame,
    QWidget,
)

RING_WIDTH = 2
RING_RADIUS = 3

_RINGED_CONTROLS = frozenset(
    {
        QStyle.ControlElement.CE_PushButton,
        QStyle.ControlElement.CE_CheckBox,
        QStyle.ControlElement.CE_RadioButton,
        QStyle.ControlElement.CE_TabBarTab,
        QStyle.ControlElement.CE_ShapedFrame,
    }
)
_RINGED_COMPLEX = frozenset(
    {
        QStyle.ComplexControl.CC_ComboBox,
        QStyle.ComplexControl.CC_SpinBox,
        QStyle.ComplexControl.CC_ToolButton,
    }
)


def draw_ring(painter: QPainter, rect: QRect, option: QStyleOption) -> None:
    """The focus ring just inside ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(option.palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight))
    pen.setWidth(RING_WIDTH)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = RING_WIDTH / 2
    painter.drawRoundedRect(
        QRectF(rect).adjusted(inset, inset, -inset, -inset), RING_RADIUS, RING_RADIUS
    )
    painter.restore()


def _focused(option: QStyleOption) -> bool:
    state = option.state
    return bool(state & QStyle.StateFlag.State_HasFocus) and bool(
        state & QStyle.StateFlag.State_Enabled
    )


class FocusRingStyle(QProxyStyle):
    """The platform style, with the focus ring added to each control that has the focus."""

    @override
    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element in _RINGED_CONTROLS and _focused(option):
            draw_ring(painter, option.rect, option)

    @override
    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in _RINGED_COMPLEX and _focused(option):
            draw_ring(painter, option.rect, option)

    @override
    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        framed = isinstance(option, QStyleOptionFrame) and option.lineWidth > 0
        if element == QStyle.PrimitiveElement.PE_PanelLineEdit and framed and _focused(option):
            draw_ring(painter, option.rect, option)


def show_focus(application: QApplication) -> None:
    """Give ``application`` the focus ring over the style it has (once)."""
    if not isinstance(application.style(), FocusRingStyle):
        application.setStyle(FocusRingStyle(application.style().name()))
