"""The Perpetrators page as the lead and the coordinator rely on it: the register found by an
alias, the ranked list worked out while the window answers, each score explained, a ranking
kept to show movement, the file opened from a case, and overdue actions marked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from ui_support import IDVA, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.people import Alias, PersonDetails
from marac_desktop.domain.perpetrators import DescribedFactor, PerpetratorFile, ReportedConcern
from marac_desktop.domain.records import IdvaAllocation, IncidentKind, PartyRole
from marac_desktop.services import audit, perpetrator_work, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui import background
from marac_desktop.ui.actions.action_table_model import OVERDUE_BACKGROUND
from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.meetings.restricted_document_dialog import ProfileDialog
from marac_desktop.ui.perpetrators.file_tables import COL_STATUS, factor_rows
from marac_desktop.ui.perpetrators.file_view import TAB_ACTIONS, PerpetratorFileView, read_file
from marac_desktop.ui.perpetrators.perpetrators_page import FILE, TAB_RANKED, PerpetratorsPage
from marac_desktop.ui.perpetrators.ranked_panel import RANKING
from marac_desktop.ui.perpetrators.ranking_model import COL_MOVED

TODAY = date.today()


def _harmers(ws: Workspace) -> tuple[PersonId, PersonId, CaseId]:
    """A perpetrator of two victims, known also as Vantisky, and one of one victim."""
    serial = PersonDetails("Testvance", "Ben", aliases=(Alias("Vantisky", "Ben"),))
    first = records.open_case(ws, PersonDetails("Testabbot", "Ada"), today=TODAY)
    serial_id = records.add_person_to_case(ws, first.id, serial, PartyRole.PERPETRATOR).id
    second = records.open_case(ws, PersonDetails("Testbaxter", "Bea"), today=TODAY)
    records.add_person_to_case(ws, second.id, serial_id, PartyRole.PERPETRATOR)
    third = records.open_case(ws, PersonDetails("Testcarver", "Cal"), today=TODAY)
    single = PersonDetails("Testwilde", "Dan")
    single_id = records.add_person_to_case(ws, third.id, single, PartyRole.PERPETRATOR).id
    for case, ago in ((first.id, 10), (second.id, 40), (third.id, 70)):
        records.record_incident(
            ws,
            case,
            TODAY - timedelta(days=ago),
            IncidentKind.PHYSICAL_VIOLENCE,
            "Police",
            True,
            today=TODAY,
        )
    return serial_id, single_id, first.id


def _page(qtbot: QtBot, ws: Workspace) -> tuple[MainWindow, PerpetratorsPage]:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("Perpetrators")
    assert isinstance(page, PerpetratorsPage)
    wait_for_jobs()
    return window, page


def test_the_register_is_found_by_an_alias_and_opens_the_file(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    serial, _single, _case = _harmers(admin_ws)
    _window, page = _page(qtbot, admin_ws)
    register = page.register
    assert register.model.rowCount() == 2
    assert register.count_label.text().startswith("2 perpetrators in the register")
    register.search_edit.setFocus()
    qtbot.keyClicks(register.search_edit, "vantisky")
    qtbot.keyClick(register.search_edit, Qt.Key.Key_Return)
    wait_for_jobs()
    assert register.model.rowCount() == 1
    assert register.count_label.text() == "1 perpetrator found."
    assert register.table.hasFocus()
    qtbot.keyClick(register.table, Qt.Key.Key_Return)
    wait_for_jobs()
    assert page.stack.currentIndex() == FILE
    assert page.file_view.person_id == serial
    assert "also known as Ben Vantisky" in page.file_view.facts_label.text()


def test_the_ranking_is_worked_out_while_the_window_answers_and_kept_for_movement(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    serial, single, _case = _harmers(admin_ws)
    _window, page = _page(qtbot, admin_ws)
    ranked = page.ranked
    page.tabs.setCurrentIndex(TAB_RANKED)
    assert ranked.summary_label.text() == RANKING  # asked for, not waited for
    assert not background.runner().idle
    wait_for_jobs()
    assert [ranked.model.row_at(n).person_id for n in range(2)] == [serial, single]
    assert "No ranking has been kept yet" in ranked.summary_label.text()
    assert ranked.model.index(0, COL_MOVED).data() == ""
    top = ranked.model.row_at(0)
    assert ranked.explanation_heading.text().startswith(f"TESTVANCE, Ben: {top.score} points")
    assert ranked.explanation_label.text().splitlines() == [f"• {ln.shown()}" for ln in top.lines]
    ranked.table.selectRow(1)
    assert ranked.explanation_heading.text().startswith("TESTWILDE, Dan")

    qtbot.mouseClick(ranked.keep_button, Qt.MouseButton.LeftButton)
    assert background.runner().busy  # kept as a job; the window goes on answering
    wait_for_jobs()
    assert ranked.status.text().startswith("Today's ranking was kept (2 perpetrators ranked)")
    assert [ranked.model.index(n, COL_MOVED).data() for n in range(2)] == ["=", "="]
    assert "Movement since the ranking kept on" in ranked.summary_label.text()


def test_a_perpetrator_card_on_a_case_opens_their_file(qtbot: QtBot, admin_ws: Workspace) -> None:
    serial, _single, case_id = _harmers(admin_ws)
    window, _page_shown = _page(qtbot, admin_ws)
    cases_page = window.show_page("Cases")
    assert isinstance(cases_page, CasesPage)
    cases_page.open_case(case_id)
    wait_for_jobs()
    (card,) = [
        c for c in cases_page.case_view.person_cards if c.party.role is PartyRole.PERPETRATOR
    ]
    victims = [c for c in cases_page.case_view.person_cards if c.party.role is PartyRole.VICTIM]
    assert not any(c.file_button.isVisibleTo(c) for c in victims)
    card.file_button.setFocus()
    qtbot.keyClick(card.file_button, Qt.Key.Key_Space)
    wait_for_jobs()
    page = window.current_page()
    assert isinstance(page, PerpetratorsPage)
    assert page.file_view.person_id == serial
    page.file_view.case_table.setFocus()
    page.file_view.case_table.selectRow(0)
    qtbot.keyClick(page.file_view.case_table, Qt.Key.Key_Return)  # back to the case
    wait_for_jobs()
    assert window.current_page() is cases_page
    assert cases_page.case_view.case_id == case_id


def test_an_idva_sees_the_perpetrators_of_their_own_cases_and_only_what_those_hold(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    serial, single, case_id = _harmers(admin_ws)
    mine = IdvaAllocation("Robin Idva", TODAY, account=IDVA)
    records.allocate_idva(admin_ws, case_id, mine, today=TODAY)
    window, page = _page(qtbot, idva_ws)
    register = page.register
    assert page.own_only and page.tabs.count() == 1
    assert [register.model.line_at(n).person_id for n in range(register.model.rowCount())] == [
        serial
    ]
    assert register.count_label.text() == "1 perpetrator in the cases you are the IDVA on."
    register.table.setFocus()
    register.table.selectRow(0)
    qtbot.keyClick(register.table, Qt.Key.Key_Return)
    wait_for_jobs()
    view = page.file_view
    assert page.stack.currentIndex() == FILE and view.person_id == serial
    assert [view.tabs.isTabVisible(n) for n in range(view.tabs.count())] == [True] * 3 + [False] * 4
    assert view.case_model.rowCount() == 1 and view.incident_model.rowCount() == 1
    assert view.facts_label.text().endswith("1 case · 1 victim")
    assert not view.profile_button.isVisibleTo(view)
    assert not view.nominate_button.isVisibleTo(view)
    assert view.score_heading.text() == ""

    cases_page = window.show_page("Cases")
    assert isinstance(cases_page, CasesPage)
    other = records.open_case(admin_ws, PersonDetails("Testelm", "Eve"), today=TODAY)
    records.add_person_to_case(admin_ws, other.id, single, PartyRole.PERPETRATOR)
    for case, offered in ((case_id, True), (other.id, False)):
        cases_page.open_case(case)
        wait_for_jobs()
        (card,) = [
            c for c in cases_page.case_view.person_cards if c.party.role is PartyRole.PERPETRATOR
        ]
        assert card.file_button.isVisibleTo(card) is offered


def test_an_overdue_action_is_marked_as_on_the_actions_page(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    serial, _single, _case = _harmers(admin_ws)
    perpetrator_work.add_action(
        admin_ws, serial, "Police", "Visit", "PC Test", TODAY + timedelta(1)
    )
    later = TODAY + timedelta(days=9)
    view = PerpetratorFileView(admin_ws, today=later)
    qtbot.addWidget(view)
    view.show_file(read_file(admin_ws, serial, later))
    assert view.tabs.tabText(TAB_ACTIONS) == "Actions (1, 1 overdue)"
    status = view.action_model.index(0, COL_STATUS)
    assert status.data() == "Overdue (open)"
    assert status.data(Qt.ItemDataRole.BackgroundRole).name() == OVERDUE_BACKGROUND


def test_the_checklist_tab_lists_answers_and_flagged_concerns_by_date() -> None:
    early, late = date(2026, 3, 1), date(2026, 5, 1)
    found = PerpetratorFile(
        PersonId(7), "Vance", "Test", None, (), (), (),
        (DescribedFactor("C-000002", late, "q15", "Has the person strangled you?"),),
        (), (), (), (), (),
        (ReportedConcern("C-000001", early, "so-called honour-based abuse"),),
    )  # fmt: skip
    cells = [row.cells[1:] for row in factor_rows(found)]
    assert cells == [
        ("C-000001", "Concern flagged: so-called honour-based abuse"),
        ("C-000002", "Has the person strangled you?"),
    ]


def test_the_profile_is_saved_encrypted_from_the_file_and_audited(
    qtbot: QtBot,
    admin_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer_modal: Callable[[Callable[[QDialog], None]], None],
) -> None:
    serial, _single, _case = _harmers(admin_ws)
    _window, page = _page(qtbot, admin_ws)
    page.open_perpetrator(serial)
    wait_for_jobs()
    target = tmp_path / "chosen"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ProfileDialog)
        qtbot.keyClicks(dialog.password_edit, "profile words 9876")
        qtbot.keyClicks(dialog.confirm_edit, "profile words 9876")
        dialog.save_button.click()

    answer_modal(fill)
    assert page.file_view.profile()
    wait_for_jobs()
    saved = target.with_suffix(".pdf")
    reader = PdfReader(saved)
    assert reader.is_encrypted and reader.decrypt("profile words 9876")
    assert "TESTVANCE" in "".join(p.extract_text() for p in reader.pages)
    assert str(saved) in page.file_view.status.text()
    entry = audit.recent_entries(admin_ws, 1)[0]
    assert (entry.action, entry.target_id) == ("export", f"perpetrator_profile/{serial}")
