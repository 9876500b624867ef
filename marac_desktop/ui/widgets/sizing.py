"""Give windows with wrapped text their real height, and room for the messages they show.

Qt sizes a new window from its size hint, which lays wrapped labels out at a narrow guessed width
and so leaves gaps between paragraphs once the window is wider. This lays them out at the width
the window will really have.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from marac_desktop.ui.widgets.text import StatusLabel


def fit_to_contents(window: QWidget) -> None:
    """Size ``window`` for its contents, holding room for each of its message lines, so that
    a refusal shown later neither grows the window nor moves its buttons."""
    layout = window.layout()
    if layout is None:
        return
    for label in window.findChildren(StatusLabel):
        if label.room_lines:
            keep_room_for(label, label.room_lines)
    layout.activate()
    width = max(window.minimumWidth(), window.sizeHint().width())
    if layout.hasHeightForWidth():
        height = layout.heightForWidth(width)
    else:
        height = window.sizeHint().height()
    window.resize(width, max(height, window.minimumHeight()))


def keep_room_for(label: QWidget, lines: int = 2) -> None:
    """Hold the room for ``lines`` of text where ``label`` shows (even while it is hidden), so a
    message appearing neither grows the window nor moves its buttons."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * lines)


def first_size(width: int, height: int, window: QWidget) -> QSize:
    """``width`` by ``height``, or less where the screen ``window`` opens on is smaller: a
    window sized from larger system text still fits on the screen."""
    screen = window.screen()
    wanted = QSize(width, height)
    return wanted if screen is None else wanted.boundedTo(screen.availableGeometry().size())
