from __future__ import annotations

from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MadeDatabase, MessageBoxes

from PySide6.QtCore import Qt

from marac_desktop.services import access, settings
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.pages.settings_page import SettingsPage


def test_saved_idle_minutes_persist(
    qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase
) -> None:
    page = SettingsPage(admin_ws)
    qtbot.addWidget(page)
    page.show()
    assert page.minutes_spin.value() == settings.DEFAULT_IDLE_LOCK_MINUTES
    changed: list[int] = []
    page.idle_lock_minutes_changed.connect(changed.append)
    page.minutes_spin.setValue(17)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert changed == [17]
    assert page.status_label.text() == "Saved: the program now locks after 17 minutes."
    admin_ws.close()

    again = access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD)
    assert settings.load(again).idle_lock_minutes == 17
    reopened = SettingsPage(again)
    qtbot.addWidget(reopened)
    assert reopened.minutes_spin.value() == 17
    again.close()


def test_spin_box_limits(qtbot: QtBot, admin_ws: Workspace) -> None:
    page = SettingsPage(admin_ws)
    qtbot.addWidget(page)
    assert (page.minutes_spin.minimum(), page.minutes_spin.maximum()) == (1, 120)
    page.minutes_spin.setValue(1)
    assert page.minutes_spin.suffix() == " minute"


def test_idva_sees_the_setting_read_only(qtbot: QtBot, idva_ws: Workspace) -> None:
    page = SettingsPage(idva_ws)
    qtbot.addWidget(page)
    page.show()
    assert not page.can_edit
    assert not page.save_button.isVisible()
    assert not page.minutes_spin.isVisible()
    assert page.read_only_label.isVisible()
    assert page.read_only_label.text() == "Lock after 5 minutes without use."


def test_area_rules_are_saved_and_read_only_for_others(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    page = SettingsPage(admin_ws)
    qtbot.addWidget(page)
    box = page.policy_box
    box.spins["high_threshold"].setValue(12)
    box.spins["medium_threshold"].setValue(8)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert settings.load_policy(admin_ws).high_threshold == 12
    box.spins["medium_threshold"].setValue(12)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert message_boxes.shown and "medium_threshold" in message_boxes.shown[-1][1]
    assert settings.load_policy(admin_ws).medium_threshold == 8
    other = SettingsPage(idva_ws)
    qtbot.addWidget(other)
    assert not other.policy_box.spins["high_threshold"].isEnabled()
    assert other.policy_box.spins["high_threshold"].value() == 12
    assert not other.policy_box.save_button.isVisibleTo(other)
