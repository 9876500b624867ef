"""One way of writing a day for the whole area: chosen by an administrator on the Settings
page, and then read by every screen, date field and printed document."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt

from marac_desktop.domain import date_style
from marac_desktop.domain.date_style import DateStyle
from marac_desktop.services import audit, meeting_documents, settings
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.pages.settings_page import SettingsPage
from marac_desktop.ui.widgets.date_field import DateField

DAY = date(2026, 3, 12)


def test_days_read_as_1_dec_2026_until_the_area_chooses_otherwise(admin_ws: Workspace) -> None:
    assert settings.load_date_style(admin_ws) is date_style.DEFAULT
    assert day_text(DAY) == "12 Mar 2026"
    assert meeting_documents.short_day(DAY) == "12 Mar 2026"


def test_the_style_chosen_on_the_settings_page_is_used_everywhere(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    window = MainWindow(admin_ws)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("Settings")
    assert isinstance(page, SettingsPage)
    wait_for_jobs()
    combo = page.date_style_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert combo.currentText() == "2026-12-01"
    page.date_style_button.setFocus()
    qtbot.keyClick(page.date_style_button, Qt.Key.Key_Space)
    assert "2026-12-01" in page.date_style_status.text()
    assert settings.load_date_style(admin_ws) is DateStyle.YEAR_MONTH_DAY
    assert any(e.detail == "year_month_day" for e in audit.recent_entries(admin_ws, 3))
    assert day_text(DAY) == "2026-03-12"
    assert meeting_documents.short_day(DAY) == "2026-03-12"  # agendas, lists, minutes
    assert DateField(DAY).text() == "2026-03-12"
    assert DateField(DAY).value() == DAY  # and read back as typed

    date_style.use(date_style.DEFAULT)  # another desk, before it signs in
    other = MainWindow(idva_ws)
    qtbot.addWidget(other)
    assert day_text(DAY) == "2026-03-12"  # read from the area's setting at sign-in
    idva_settings = other.pages["Settings"]
    assert isinstance(idva_settings, SettingsPage)
    assert not idva_settings.date_style_combo.isEnabled()
    assert not idva_settings.date_style_button.isVisibleTo(idva_settings)
