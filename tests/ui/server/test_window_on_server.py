"""The main window signed in to a partnership server: what it names, and the file's work it
leaves to the server's operator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from marac_desktop.domain.users import Role
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.pages.backups_page import SERVER_BACKUPS, BackupsPage
from marac_desktop.ui.pages.home_page import HomePage
from marac_desktop.ui.pages.users_page import UsersPage


@pytest.fixture
def window(qtbot: QtBot, server_admin: Workspace) -> Iterator[MainWindow]:
    window = MainWindow(server_admin)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.discard()


def test_the_status_bar_names_the_server_and_database(window: MainWindow) -> None:
    assert window.status_label.text() == (
        "Signed in as admin (Administrator) · marac_test on this computer"
    )


def test_backups_are_the_operators_and_verify_checks_the_server(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.show_page("Backups")
    assert isinstance(page, BackupsPage)
    assert any(label.text() == SERVER_BACKUPS for label in page.findChildren(QLabel))
    for button in (page.back_up_button, page.back_up_to_button, page.restore_button):
        assert not button.isVisibleTo(page)
    assert page.verify_button.text() == "Verify the server"
    page.verify_button.setFocus()
    qtbot.keyClick(page.verify_button, Qt.Key.Key_Space)
    wait_for_jobs()
    assert page.verify_status.text().startswith(
        "The server passed every check: its protections and the audit log ("
    )


def test_revoking_on_a_server_offers_no_rekey(
    qtbot: QtBot,
    window: MainWindow,
    staff: dict[Role, str],
    message_boxes: MessageBoxes,
) -> None:
    page = window.show_page("Users")
    assert isinstance(page, UsersPage)
    assert not page.rekey_button.isVisibleTo(page)
    page.refresh()
    wait_for_jobs()
    page.select_user(staff[Role.IDVA])
    message_boxes.answers = [True, True]
    page.revoke_button.setFocus()
    qtbot.keyClick(page.revoke_button, Qt.Key.Key_Space)
    wait_for_jobs()
    assert [q.split("?")[0] for q in message_boxes.texts("question")] == [
        "Revoke the account idva1"
    ]


def test_the_home_page_leaves_backups_to_the_servers_operator(
    qtbot: QtBot, window: MainWindow
) -> None:
    wait_for_jobs()
    home = window.pages["Home"]
    assert isinstance(home, HomePage)
    item = home.item("Backups of the server are made by its operator")
    assert not item.warning
    item.setFocus()
    qtbot.keyClick(item, Qt.Key.Key_Return)
    assert window.current_page() is window.pages["Backups"]
