"""The People page finds victims, perpetrators and children by name and opens their cases."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.people_page import PeoplePage
from marac_desktop.ui.main_window import MainWindow

TODAY = date(2026, 11, 20)


def _register(ws: Workspace) -> tuple[str, str]:
    first = records.open_case(ws, PersonDetails("Farah", "Amina"), TODAY)
    second = records.open_case(ws, PersonDetails("Nowak", "Ewa"), TODAY)
    for case in (first, second):
        records.add_person_to_case(
            ws, case.id, PersonDetails("Osman", "Abdi"), PartyRole.PERPETRATOR, "", TODAY
        )
    return first.reference, second.reference


def test_a_person_is_found_in_any_order_with_their_cases(qtbot: QtBot, admin_ws: Workspace) -> None:
    first, second = _register(admin_ws)
    page = PeoplePage(admin_ws)
    qtbot.addWidget(page)
    page.search_edit.setText("abdi OSMAN")
    page.search()
    assert page.people.rowCount() == 2  # two records of the same name, one per case
    assert page.people.index(0, 0).data() == "Osman"
    assert page.people.index(0, 3).data() == "1 (perpetrator)"
    assert page.cases.rowCount() == 1
    assert page.cases.index(0, 1).data() == "Perpetrator"
    page.who.setCurrentIndex(1)  # victims only
    page.search()
    assert page.people.rowCount() == 0
    assert page.count_label.text() == "Nobody on record has those names."
    page.search_edit.setText("Amina")
    page.search()
    assert [page.cases.index(0, c).data() for c in (0, 1)] == [first, "Victim"]
    assert second != first


def test_opening_a_case_from_people_shows_it_on_the_cases_page(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    first, _ = _register(admin_ws)
    window = MainWindow(admin_ws)
    qtbot.addWidget(window)
    page = window.show_page("People")
    assert isinstance(page, PeoplePage)
    page.search_edit.setText("Farah")
    page.search()
    page.cases_table.setFocus()
    page.cases_table.setCurrentIndex(page.cases.index(0, 0))
    qtbot.keyClick(page.cases_table, Qt.Key.Key_Return)
    wait_for_jobs()
    cases = window.pages["Cases"]
    assert window.stack.currentWidget() is cases
    assert cases.case_view.record is not None  # type: ignore[attr-defined]
    assert cases.case_view.record.reference == first  # type: ignore[attr-defined]
