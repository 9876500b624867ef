from __future__ import annotations

from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MadeDatabase, MessageBoxes

from PySide6.QtCore import Qt

from marac_desktop.domain.sheet_dates import DateOrder
from marac_desktop.services import access, settings, sheet_import
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


def test_an_administrator_adds_an_agency_and_the_forms_offer_it(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    from marac_desktop.services import vocabularies

    from marac_desktop.ui.cases.record_fields import agency_combo

    page = SettingsPage(admin_ws)
    qtbot.addWidget(page)
    page.show()
    box = page.vocabulary_box
    assert box.chosen().value == "agency"
    assert box.terms.item(0).text().startswith("Police")
    assert box.trait_boxes["police"].isVisible() and not box.trait_boxes["lgbt"].isVisible()
    qtbot.keyClicks(box.code_edit, "fire_service")
    qtbot.keyClicks(box.label_edit, "Fire and rescue service")
    box.trait_boxes["research"].setChecked(True)
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert box.status.text() == "Added: Fire and rescue service."
    assert box.terms.item(box.terms.count() - 1).text() == (
        "Fire and rescue service  (fire_service · this area's own)"
    )
    qtbot.keyClicks(box.code_edit, "fire2")
    qtbot.keyClicks(box.label_edit, "fire and rescue  SERVICE")
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert "already in the list" in box.status.text()

    combo = agency_combo(vocabularies.current(admin_ws).agency)
    qtbot.addWidget(combo)
    combo.setCurrentText("Fire and rescue service")
    assert combo.value() == "fire_service"

    read_only = SettingsPage(idva_ws)
    qtbot.addWidget(read_only)
    read_only.show()
    assert not read_only.vocabulary_box.add_button.isVisible()
    assert not read_only.vocabulary_box.code_edit.isVisible()


def test_the_sheet_date_order_is_an_area_setting(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    page = SettingsPage(admin_ws)
    qtbot.addWidget(page)
    assert page.date_order_combo.currentData() == DateOrder.DAY_FIRST.value
    page.date_order_combo.setCurrentIndex(page.date_order_combo.findData("month_first"))
    qtbot.mouseClick(page.date_order_button, Qt.MouseButton.LeftButton)
    assert sheet_import.date_order(admin_ws) is DateOrder.MONTH_FIRST
    assert "MM/DD/YYYY" in page.date_order_status.text()
    other = SettingsPage(idva_ws)
    qtbot.addWidget(other)
    assert other.date_order_combo.currentData() == DateOrder.MONTH_FIRST.value
    assert not other.date_order_combo.isEnabled()
    assert not other.date_order_button.isVisibleTo(other)
