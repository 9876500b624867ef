"""Someone at another desk saves a change: the window in use says so and F5 reads it; a
window in the background, or one the person comes back to, reads it by itself."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.main_window import OTHERS_CHANGED, MainWindow


def _cases_window(qtbot: QtBot, workspace: Workspace) -> tuple[MainWindow, CasesPage]:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("Cases")
    assert isinstance(page, CasesPage)
    wait_for_jobs()
    return window, page


def _activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _check(window: MainWindow) -> None:
    window.change_watcher.check()
    wait_for_jobs()


def test_the_window_in_use_says_so_and_f5_reads_it(
    qtbot: QtBot, idva_ws: Workspace, admin_ws: Workspace
) -> None:
    window, page = _cases_window(qtbot, idva_ws)
    _activate(qtbot, window)
    assert page.model.total == 0
    records.open_case(admin_ws, PersonDetails("Testvictim", "Ada"))
    _check(window)
    assert window.changes_label.isVisible()
    assert window.changes_label.text() == OTHERS_CHANGED
    assert page.model.total == 0  # what the person is looking at does not move under them
    qtbot.keyClick(window, Qt.Key.Key_F5)
    wait_for_jobs()
    assert page.model.total == 1
    assert not window.changes_label.isVisible()
    _check(window)  # nothing new since
    assert not window.changes_label.isVisible()


def test_a_window_in_the_background_reads_it_at_once(
    qtbot: QtBot, idva_ws: Workspace, admin_ws: Workspace
) -> None:
    window, page = _cases_window(qtbot, idva_ws)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    _activate(qtbot, other)
    records.open_case(admin_ws, PersonDetails("Testvictim", "Bea"))
    _check(window)
    assert page.model.total == 1
    assert not window.changes_label.isVisible()


def test_coming_back_to_the_window_reads_what_changed(
    qtbot: QtBot, idva_ws: Workspace, admin_ws: Workspace
) -> None:
    window, page = _cases_window(qtbot, idva_ws)
    _activate(qtbot, window)
    records.open_case(admin_ws, PersonDetails("Testvictim", "Cai"))
    _check(window)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    _activate(qtbot, other)
    assert page.model.total == 0
    _activate(qtbot, window)
    wait_for_jobs()
    assert page.model.total == 1
    assert not window.changes_label.isVisible()


def test_ones_own_change_and_others_reading_leave_the_page_be(
    qtbot: QtBot, idva_ws: Workspace, admin_ws: Workspace
) -> None:
    window, page = _cases_window(qtbot, idva_ws)
    _activate(qtbot, window)
    case = records.open_case(idva_ws, PersonDetails("Testvictim", "Dee"))
    records.case_record(admin_ws, case.id)
    _check(window)
    assert not window.changes_label.isVisible()


def test_a_dialog_open_over_the_window_is_not_read_under(
    qtbot: QtBot, idva_ws: Workspace, admin_ws: Workspace
) -> None:
    window, page = _cases_window(qtbot, idva_ws)
    dialog = QDialog(window)
    dialog.open()
    _activate(qtbot, dialog)
    assert QApplication.activeModalWidget() is dialog
    records.open_case(admin_ws, PersonDetails("Testvictim", "Eve"))
    _check(window)
    assert page.model.total == 0
    assert window.changes_label.isVisible()
    dialog.reject()
    _activate(qtbot, window)
    wait_for_jobs()
    assert page.model.total == 1
