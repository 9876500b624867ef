"""Every control the keyboard reaches shows where the focus is: grabbed without the focus and
with it, its edge looks different (a caret or a selected text inside is not enough to see
which control Tab has reached). The walk is the accessibility walk's: every page and dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_accessibility import DIALOGS, _called, _part_of_another, _shown_within, _things
from ui_support import wait_for_jobs

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget, QWizard

from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.theme import show_focus

EDGE = 3
"""Pixels in from each side where a focus ring or border shows."""


@pytest.fixture(autouse=True)
def _the_applications_style(qapp: QApplication) -> Iterator[None]:
    """The style the application starts with (``run_gui``), put back afterwards."""
    before = qapp.style().name()
    show_focus(qapp)
    yield
    qapp.setStyle(QStyleFactory.create(before))


def _edge(image: QImage) -> list[QImage]:
    width, height = image.width(), image.height()
    return [
        image.copy(QRect(0, 0, width, EDGE)),
        image.copy(QRect(0, height - EDGE, width, EDGE)),
        image.copy(QRect(0, 0, EDGE, height)),
        image.copy(QRect(width - EDGE, 0, EDGE, height)),
    ]


def _reached_by_tab(widget: QWidget, top: QWidget) -> bool:
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and not _part_of_another(widget)
        and widget.isVisible()
        and widget.isEnabled()
        and _shown_within(widget, top)
    )


def shows_focus(widget: QWidget) -> bool:
    """The edge of ``widget`` looks different with the focus (or it hands the focus on)."""
    widget.clearFocus()
    QApplication.processEvents()
    without = _edge(widget.grab().toImage())
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    if not widget.hasFocus():
        return True  # its focus proxy has it, and is looked at on its own
    return _edge(widget.grab().toImage()) != without


def unmarked(top: QWidget) -> list[str]:
    """Each control under ``top`` whose edge looks the same with the focus as without it."""
    return [
        f"{type(top).__name__}: {_called(widget, top)} ({type(widget).__name__})"
        for widget in top.findChildren(QWidget)
        if _reached_by_tab(widget, top) and not shows_focus(widget)
    ]


def _active(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_control_of_every_dialog_shows_its_focus(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path, name: str
) -> None:
    dialog = DIALOGS[name](_things(admin_ws, tmp_path))
    qtbot.addWidget(dialog)
    _active(qtbot, dialog)
    wait_for_jobs()
    missing = unmarked(dialog)
    if isinstance(dialog, QWizard):
        missing += unmarked(dialog.currentPage())
    dialog.reject()
    assert missing == []


def test_every_control_of_every_page_shows_its_focus(qtbot: QtBot, admin_ws: Workspace) -> None:
    _things(admin_ws, Path())
    window = MainWindow(admin_ws)
    qtbot.addWidget(window)
    _active(qtbot, window)
    missing: list[str] = []
    for title in window.page_titles():
        page = window.show_page(title)
        wait_for_jobs()
        missing += [f"{title} page: {m}" for m in unmarked(page)]
    if not shows_focus(window.navigation):
        missing.append("the navigation")
    assert missing == []
