from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from ui_support import (
    ADMIN,
    ADMIN_PASSWORD,
    IDVA,
    IDVA_PASSWORD,
    MadeDatabase,
    MessageBoxes,
)

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit

from marac_desktop.domain.users import Role
from marac_desktop.services import access, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.dialogs.unlock_dialog import UnlockDialog
from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.session_controller import DISCARDED, IDLE_LOCKED, SessionController


@pytest.fixture
def controller(made_db: MadeDatabase) -> Iterator[SessionController]:
    controller = SessionController(made_db.path, idle_interval_ms=60_000)
    yield controller
    controller.shutdown()
    QApplication.processEvents()


def _sign_in(qtbot: QtBot, controller: SessionController, name: str, password: str) -> MainWindow:
    dialog = controller.unlock_dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    if dialog.username_edit.text() != name:  # after a lock it holds the last account's name
        dialog.username_edit.clear()
        qtbot.keyClicks(dialog.username_edit, name)
    qtbot.keyClicks(dialog.password_edit, password)
    shown: list[tuple[MainWindow | None, bool]] = []

    def on_unlocked(_workspace: object) -> None:  # seen at once: a short idle lock follows soon
        window = controller.main_window
        shown.append((window, window is not None and window.isVisible()))

    controller.unlocked.connect(on_unlocked)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)  # unlocks on the runner
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    controller.unlocked.disconnect(on_unlocked)
    window, visible = shown[0]
    assert window is not None and visible
    return window


def _shown_texts(window: MainWindow) -> list[str]:
    widgets = window.findChildren(QLabel) + window.findChildren(QLineEdit)
    return [w.text() for w in widgets if w.text()]


def test_sign_in_shows_the_main_window(qtbot: QtBot, controller: SessionController) -> None:
    unlocked: list[object] = []
    controller.unlocked.connect(unlocked.append)
    controller.start()
    window = _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    assert unlocked == [controller.workspace]
    assert controller.unlock_dialog is None
    assert controller.idle_watcher.is_running()
    assert "Users" in window.page_titles()


def test_ctrl_l_locks(qtbot: QtBot, controller: SessionController) -> None:
    locked: list[bool] = []
    controller.locked.connect(lambda: locked.append(True))
    controller.start()
    window = _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    workspace = controller.workspace
    assert workspace is not None
    window.activateWindow()
    qtbot.keyClick(window.navigation, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert locked == [True]
    assert workspace.closed
    assert controller.workspace is None and controller.main_window is None
    assert not window.isVisible()
    texts = _shown_texts(window)
    assert not any(ADMIN in text or "t.db" in text or "Alex" in text for text in texts), texts
    assert window.centralWidget() is None
    assert isinstance(controller.unlock_dialog, UnlockDialog)
    assert controller.unlock_dialog.isVisible()
    assert controller.unlock_dialog.username_edit.text() == ADMIN  # the same person, mostly
    assert controller.unlock_dialog.password_edit.text() == ""
    assert not controller.idle_watcher.is_running()


def test_after_lock_whoever_signs_in_gets_a_fresh_window(
    qtbot: QtBot, controller: SessionController, made_db: MadeDatabase
) -> None:
    admin_ws = access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD)
    users.add_user(admin_ws, IDVA, Role.IDVA, IDVA_PASSWORD)
    admin_ws.close()
    controller.start()
    first = _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    controller.lock()
    second = _sign_in(qtbot, controller, IDVA, IDVA_PASSWORD)
    assert second is not first
    assert "Users" not in second.page_titles()
    assert second.status_label.text().startswith("Signed in as idva.one (IDVA)")


def test_idle_timer_locks(qtbot: QtBot, made_db: MadeDatabase) -> None:
    controller = SessionController(made_db.path, idle_interval_ms=30)
    locked: list[bool] = []
    controller.locked.connect(lambda: locked.append(True))
    signed_in: list[Workspace] = []
    controller.unlocked.connect(signed_in.append)
    controller.start()
    _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    workspace = signed_in[0]
    qtbot.waitUntil(lambda: bool(locked), timeout=3000)
    assert workspace.closed
    assert isinstance(controller.unlock_dialog, UnlockDialog)
    _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)  # the idle lock's dialog unlocks again
    assert len(signed_in) == 2 and signed_in[1] is not workspace
    qtbot.waitUntil(lambda: len(locked) == 2, timeout=3000)
    assert signed_in[1].closed
    controller.shutdown()


def test_activity_postpones_the_idle_lock(qtbot: QtBot, made_db: MadeDatabase) -> None:
    # Activity for twice the idle time keeps it unlocked; the margin is for a loaded machine,
    # where a page opening can hold the event loop for a few hundred milliseconds.
    controller = SessionController(made_db.path, idle_interval_ms=1500)
    controller.start()
    window = _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    for _ in range(30):
        qtbot.wait(100)
        qtbot.mouseMove(window.navigation)
        qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert controller.workspace is not None and not controller.workspace.closed
    qtbot.waitUntil(lambda: controller.workspace is None, timeout=6000)
    controller.shutdown()


def test_after_a_lock_the_name_is_filled_in_and_an_idle_lock_says_why(
    qtbot: QtBot, made_db: MadeDatabase
) -> None:
    controller = SessionController(made_db.path, idle_interval_ms=60_000)
    controller.start()
    _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    controller.lock()
    dialog = controller.unlock_dialog
    assert isinstance(dialog, UnlockDialog)
    assert dialog.username_edit.text() == ADMIN and dialog.note_label.text() == ""
    _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    controller._on_idle_watcher_idle_timed_out()
    dialog = controller.unlock_dialog
    assert isinstance(dialog, UnlockDialog)
    assert dialog.username_edit.text() == ADMIN
    assert dialog.note_label.text() == IDLE_LOCKED
    controller.shutdown()


def test_lock_closes_open_dialogs(qtbot: QtBot, controller: SessionController) -> None:
    controller.start()
    window = _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    results: list[int] = []

    def lock_while_open() -> None:
        assert isinstance(QApplication.activeModalWidget(), QDialog)
        controller.lock()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, lock_while_open)
    from marac_desktop.ui.dialogs.about_dialog import AboutDialog

    results.append(AboutDialog(window).exec())
    assert results == [QDialog.DialogCode.Rejected]
    assert controller.workspace is None
    dialog = controller.unlock_dialog
    assert isinstance(dialog, UnlockDialog) and dialog.note_label.text() == DISCARDED


def test_rejecting_the_unlock_dialog_asks_to_quit(
    qtbot: QtBot, controller: SessionController
) -> None:
    quits: list[bool] = []
    controller.quit_requested.connect(lambda: quits.append(True))
    controller.start()
    assert controller.unlock_dialog is not None
    qtbot.mouseClick(controller.unlock_dialog.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [True]


def test_quit_from_the_menu_locks_first(qtbot: QtBot, controller: SessionController) -> None:
    quits: list[bool] = []
    controller.quit_requested.connect(lambda: quits.append(True))
    controller.start()
    window = _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    workspace = controller.workspace
    assert workspace is not None
    window.quit_action.trigger()
    assert quits == [True]
    assert workspace.closed
    assert controller.unlock_dialog is None


def test_saved_idle_minutes_set_the_timer(qtbot: QtBot, made_db: MadeDatabase) -> None:
    controller = SessionController(made_db.path)
    controller.start()
    window = _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    assert controller.idle_watcher.interval_ms() == 5 * 60_000
    window.settings_page.minutes_spin.setValue(7)
    qtbot.mouseClick(window.settings_page.save_button, Qt.MouseButton.LeftButton)
    assert controller.idle_watcher.interval_ms() == 7 * 60_000
    controller.shutdown()


def test_a_trimmed_audit_log_is_shown_at_sign_in(
    qtbot: QtBot, controller: SessionController, made_db: MadeDatabase, message_boxes: MessageBoxes
) -> None:
    from marac_desktop.storage.engine import connect

    workspace = access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD)
    key = bytes(workspace.database.key)
    workspace.lock()
    connection = connect(made_db.path, key)
    try:
        connection.execute("DROP TRIGGER audit_log_no_delete")
        connection.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    finally:
        connection.close()
    controller.start()
    _sign_in(qtbot, controller, ADMIN, ADMIN_PASSWORD)
    (shown,) = message_boxes.texts("warning")
    assert shown.startswith(f"The audit log has lost rows since {ADMIN} last signed in on ")
