from __future__ import annotations

from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.pages.audit_page import LOADING

EVERYONE = [
    "Home",
    "Cases",
    "People",
    "Assessments",
    "Meetings",
    "Actions",
    "Flags",
    "Perpetrators",
    "Reports",
    "Settings",
]
ADMINISTRATION = ["Users", "Backups", "Audit log"]


def _window(qtbot: QtBot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    return window


def _navigation_texts(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def test_admin_sees_every_page(qtbot: QtBot, admin_ws: Workspace) -> None:
    window = _window(qtbot, admin_ws)
    assert window.page_titles() == EVERYONE + ADMINISTRATION
    assert window.windowTitle() == "MARAC Desktop"
    assert _navigation_texts(window)[-4:] == ["ADMINISTRATION", *ADMINISTRATION]
    for title in window.page_titles():
        page = window.show_page(title)
        assert window.current_page() is page
        assert window.navigation.currentItem().text() == title


def _offered(window: MainWindow) -> list[str]:
    navigation = window.navigation
    return [
        navigation.item(row).text()
        for row in range(navigation.count())
        if not navigation.item(row).isHidden()
    ]


def test_idva_sees_no_administration(qtbot: QtBot, idva_ws: Workspace) -> None:
    window = _window(qtbot, idva_ws)
    assert "ADMINISTRATION" not in _navigation_texts(window)
    refused = ["Meetings", "Actions", "Flags", "Reports"]  # not the IDVA's work
    assert _offered(window) == [t for t in EVERYONE if t not in refused]
    window.navigation.setFocus()
    window.navigation.setCurrentRow(0)
    seen = []
    for _ in range(len(EVERYONE)):
        qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
        seen.append(window.current_page().title)
    assert not set(refused) & set(seen)  # the keyboard never lands on one either
    assert window.status_label.text() == "Signed in as idva.one (IDVA) · t.db"


def test_status_bar_and_home(qtbot: QtBot, admin_ws: Workspace) -> None:
    window = _window(qtbot, admin_ws)
    assert window.status_label.text() == "Signed in as admin (Administrator) · t.db"
    home_text = " ".join(label.text() for label in window.pages["Home"].findChildren(QLabel))
    assert "Welcome, Alex Admin" in home_text
    assert "Administrator" in home_text
    assert str(admin_ws.path) in home_text
    wait_for_jobs()
    headings = [label.text() for label in window.pages["Home"].findChildren(QLabel)]
    for heading in ("Your assessments", "Meetings", "Flags", "Backups", "Accounts"):
        assert heading in headings  # an administrator holds every role's permissions


def test_every_page_is_built(qtbot: QtBot, admin_ws: Workspace) -> None:
    window = _window(qtbot, admin_ws)
    for title in (
        "Cases",
        "Assessments",
        "Meetings",
        "Actions",
        "Flags",
        "Perpetrators",
        "Reports",
    ):
        page = window.show_page(title)
        assert page.title == title
        texts = " ".join(label.text() for label in page.findChildren(QLabel))
        assert "Not available" not in texts


def test_menus(qtbot: QtBot, admin_ws: Workspace) -> None:
    window = _window(qtbot, admin_ws)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Account", "&View", "&Help"]
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"


def test_audit_page_lists_entries(qtbot: QtBot, admin_ws: Workspace) -> None:
    window = _window(qtbot, admin_ws)
    page = window.show_page("Audit log")
    assert page.count_label.text() == LOADING  # type: ignore[attr-defined]
    wait_for_jobs()
    model = page.model  # type: ignore[attr-defined]
    actions = {model.index(row, 2).data() for row in range(model.rowCount())}
    assert {"create database", "unlock"} <= actions


def test_a_demo_database_says_so_in_the_status_bar(qtbot: QtBot, admin_ws: Workspace) -> None:
    from datetime import date

    from marac_desktop.services import demo

    assert not _window(qtbot, admin_ws).demo_label.isVisible()
    demo.generate(admin_ws, 3, seed=1, today=date(2026, 3, 2))
    window = _window(qtbot, admin_ws)
    assert window.demo_label.isVisible() and window.demo_label.text() == demo.DEMO_NOTICE
