"""Text scales with the system font: with it half as large again, every page and dialog of the
accessibility walk still gives each label, button and field the room its text needs, and no
screen fixes a font size that would not follow the system's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_accessibility import DIALOGS, _called, _shown_within, _things
from ui_support import wait_for_jobs

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
    QWizard,
)

from marac_desktop.services.workspace import Workspace

import marac_desktop.ui as ui_package
from marac_desktop.ui.main_window import MainWindow

SCALE = 1.5
TEXT_WIDGETS = (QLabel, QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)
"""What shows text in one piece: squeezed below what it needs, its text is cut off."""
FIXED_FONT_SIZES = re.compile(
    r"font-size\s*:|\bfont\s*:\s*[^;\"]*\d+\s*(px|pt)|setPixelSize\(|"
    r"setPointSize(F)?\(\s*[\d.]+\s*\)|QFont\([^)]*,\s*\d+\s*[,)]"
)
"""A size given in numbers rather than as a part of the system font's."""


@pytest.fixture(autouse=True)
def _larger_system_font(qapp: QApplication) -> Iterator[None]:
    before = QFont(qapp.font())
    larger = QFont(before)
    larger.setPointSizeF(before.pointSizeF() * SCALE)
    qapp.setFont(larger)
    yield
    qapp.setFont(before)


def _needs(widget: QWidget) -> tuple[int, int]:
    """The least width and height ``widget`` shows its text in, at the width it has."""
    hint = widget.minimumSizeHint()
    if isinstance(widget, QLabel) and widget.wordWrap():
        return 0, widget.heightForWidth(widget.width())
    if isinstance(widget, QLabel):
        hint = widget.sizeHint()  # a label's minimum hint is its text, cut or not
    return hint.width(), hint.height()


def squeezed(top: QWidget) -> list[str]:
    """Each text widget under ``top`` laid out smaller than its text needs."""
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, TEXT_WIDGETS) or not widget.isVisible():
            continue
        if not _shown_within(widget, top) or widget.parentWidget() is None:
            continue
        if isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox, QLineEdit)):
            continue  # a field's own pieces (its text box, its buttons): the field is measured
        if isinstance(widget, QLabel) and not widget.text():
            continue
        ignored = QSizePolicy.Policy.Ignored
        width, height = _needs(widget)
        policy = widget.sizePolicy()
        short = []
        if policy.horizontalPolicy() != ignored and widget.width() < width:
            short.append(f"{widget.width()} wide of {width}")
        if policy.verticalPolicy() != ignored and widget.height() < height:
            short.append(f"{widget.height()} high of {height}")
        if short:
            found.append(f"{type(top).__name__}: {_called(widget, top)} ({', '.join(short)})")
    return found


def test_no_screen_fixes_a_font_size() -> None:
    """A pixel or point size typed in a style sheet or a font stays put when the system's
    text is made larger."""
    root = Path(ui_package.__file__).parent
    fixed = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FIXED_FONT_SIZES.search(line)
    ]
    assert fixed == []


def test_a_larger_system_font_reaches_the_screens(qtbot: QtBot) -> None:
    label = QLabel("Case")
    qtbot.addWidget(label)
    assert label.font().pointSizeF() == QApplication.font().pointSizeF()
    assert label.sizeHint().height() > label.fontMetrics().height() / SCALE


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_dialog_has_room_for_larger_text(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path, name: str
) -> None:
    dialog = DIALOGS[name](_things(admin_ws, tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for_jobs()
    QApplication.processEvents()
    missing = squeezed(dialog)
    if isinstance(dialog, QWizard):
        missing += squeezed(dialog.currentPage())
    dialog.reject()
    assert not missing, "\n".join(missing)


def test_every_page_has_room_for_larger_text(qtbot: QtBot, admin_ws: Workspace) -> None:
    _things(admin_ws, Path())
    window = MainWindow(admin_ws)
    qtbot.addWidget(window)
    window.show()
    missing: list[str] = []
    for title in window.page_titles():
        page = window.show_page(title)
        wait_for_jobs()
        QApplication.processEvents()
        missing += [f"{title} page: {m}" for m in squeezed(page)]
    assert not missing, "\n".join(missing)
