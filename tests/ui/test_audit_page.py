"""The audit log page, as a safeguarding lead or an administrator uses it from the keyboard:
filtered by who, what, which kind of record and which days, cases shown by reference, older
entries a page at a time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from ui_support import MadeDatabase, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.users import Role
from marac_desktop.services import access, meeting_list, meetings, records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.models.audit_table_model import COL_DETAIL, COL_TARGET, COL_USER
from marac_desktop.ui.pages import audit_page
from marac_desktop.ui.pages.audit_page import NOTHING_MATCHES, AuditPage

TODAY = date.today()
CORA_PASSWORD = "amber harbour lantern"


@pytest.fixture
def seeded(admin_ws: Workspace, made_db: MadeDatabase) -> list[str]:
    """Cora, a coordinator, opens two cases and lists them; the administrator opens one.
    Returns the references of Cora's cases."""
    records.open_case(admin_ws, PersonDetails("Testvictim", "Ada"), today=TODAY)
    users.add_user(admin_ws, "cora", Role.COORDINATOR, CORA_PASSWORD)
    cora = access.unlock(made_db.path, "cora", CORA_PASSWORD)
    try:
        opened = [
            records.open_case(cora, PersonDetails("Testvictim", given), today=TODAY)
            for given in ("Bea", "Cai")
        ]
        when = datetime.combine(TODAY + timedelta(days=14), datetime.min.time())
        meeting = meetings.create_meeting(cora, when, "Hall", False, "Chair", "Leeds", TODAY)
        for case in opened:
            meeting_list.add_case(cora, meeting.id, case.id)
    finally:
        cora.close()
    return [case.reference for case in opened]


def _page(qtbot: QtBot, workspace: Workspace) -> AuditPage:
    page = AuditPage(workspace)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.refresh()
    wait_for_jobs()
    return page


def _column(page: AuditPage, column: int) -> list[str]:
    return [str(page.proxy.index(row, column).data()) for row in range(page.proxy.rowCount())]


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _alt(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(_focused(), key, Qt.KeyboardModifier.AltModifier)


def _choose(qtbot: QtBot, key: Qt.Key, text: str) -> None:
    """Alt+key to a choice and type the start of an item, as a person picks from a list."""
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not the last one's
    _alt(qtbot, key)
    qtbot.keyClicks(_focused(), text)
    wait_for_jobs()


def _type_day(qtbot: QtBot, key: Qt.Key, text: str) -> None:
    """Alt+key to the day's field, the day typed over what was there, then Enter."""
    _alt(qtbot, key)
    qtbot.keyClick(_focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(_focused(), text)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    wait_for_jobs()


def test_filtering_by_keyboard_narrows_the_log_and_names_cases_by_reference(
    qtbot: QtBot, admin_ws: Workspace, seeded: list[str]
) -> None:
    page = _page(qtbot, admin_ws)
    everyone = page.proxy.rowCount()
    assert set(_column(page, COL_USER)) >= {"admin", "cora"}

    _choose(qtbot, Qt.Key.Key_W, "cora")  # Who
    assert _focused() is page.filters.actor_combo
    assert set(_column(page, COL_USER)) == {"cora"}
    cora_rows = page.proxy.rowCount()
    assert 0 < cora_rows < everyone
    assert page.count_label.text() == f"{cora_rows} matching entries, newest first."

    _choose(qtbot, Qt.Key.Key_R, "case")  # Record
    assert sorted(_column(page, COL_TARGET)) == [f"case {ref}" for ref in sorted(seeded)]

    _choose(qtbot, Qt.Key.Key_R, "meeting")
    added = [d for d in _column(page, COL_DETAIL) if d.startswith("added case")]
    assert sorted(added) == [f"added case {ref}" for ref in sorted(seeded)]

    _type_day(qtbot, Qt.Key.Key_O, f"{TODAY.day}/{TODAY.month}/{TODAY.year}")  # From today
    assert page.proxy.rowCount() == len(added) + 1  # the meeting made, and the cases added
    tomorrow = TODAY + timedelta(days=1)
    _type_day(qtbot, Qt.Key.Key_O, tomorrow.strftime("%d %b %Y"))
    assert page.proxy.rowCount() == 0
    assert page.count_label.text() == NOTHING_MATCHES

    _type_day(qtbot, Qt.Key.Key_T, "31/2/2026")  # To: no such day
    assert page.count_label.text() == (
        "The 'to' day is not a date; type it as 1/3/2026 or 1 Mar 2026."
    )
    assert page.filters.last_day.text() == "31/2/2026"  # kept as typed, to be corrected

    page.filters.clear_button.setFocus()
    qtbot.keyClick(page.filters.clear_button, Qt.Key.Key_Space)
    wait_for_jobs()
    assert page.proxy.rowCount() == everyone
    assert page.filters.actor_combo.currentText() == "Anyone"


def test_a_day_before_the_other_is_refused_in_one_sentence(
    qtbot: QtBot, admin_ws: Workspace, seeded: list[str]
) -> None:
    page = _page(qtbot, admin_ws)
    page.filters.first_day.setFocus()
    _type_day(qtbot, Qt.Key.Key_O, "10/3/2026")
    _type_day(qtbot, Qt.Key.Key_T, "9/3/2026")
    assert page.count_label.text() == (
        "The 'from' day is after the 'to' day; swap them or change one."
    )


def test_older_entries_follow_a_page_at_a_time(
    qtbot: QtBot, admin_ws: Workspace, seeded: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_page, "PAGE_SIZE", 4)
    page = _page(qtbot, admin_ws)
    assert page.proxy.rowCount() == 4
    assert page.count_label.text() == "The most recent 4 entries, newest first; older ones follow."
    shown = 4
    while page.older_button.isEnabled():
        page.older_button.setFocus()
        qtbot.keyClick(page.older_button, Qt.Key.Key_Space)
        wait_for_jobs()
        assert page.proxy.rowCount() > shown
        shown = page.proxy.rowCount()
    times = [page.model.row_at(row).entry.id for row in range(page.model.rowCount())]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)
    assert times[-1] == 1  # back to the log's first entry
    assert page.count_label.text() == f"{shown} entries, newest first."
