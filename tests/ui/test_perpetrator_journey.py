"""The safeguarding lead, by keyboard: from a serial-perpetrator flag to the perpetrator's file,
the victims' cases in it, a nomination for tasking with the reason, a referral to a programme
and an agency's action, each kept in the file and in the audit log. An IDVA is offered neither
the Perpetrators page nor the file from a case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from pytestqt.qtbot import QtBot
from ui_support import MadeDatabase, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind, PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import access, audit, flags, perpetrators, records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.flags.flags_page import FlagsPage
from marac_desktop.ui.main_window import MainWindow
from marac_desktop.ui.perpetrators.action_dialog import PerpetratorActionDialog
from marac_desktop.ui.perpetrators.file_view import TAB_ACTIONS, TAB_INTERVENTIONS
from marac_desktop.ui.perpetrators.intervention_dialog import InterventionDialog
from marac_desktop.ui.perpetrators.nominate_dialog import NominateDialog
from marac_desktop.ui.perpetrators.perpetrators_page import FILE, PerpetratorsPage

Answer = Callable[[Callable[[QDialog], None]], None]
TODAY = date.today()
LEAD, PASSWORD = "sam.lead", "lantern harbour quiet 77"
REASON = "Three victims in a year and threats to kill"
ACTION = "Serve the protection notice at his address"
NOTES = "Assessed for the group starting next month"


def _serial(admin: Workspace) -> tuple[PersonId, list[CaseId], list[str]]:
    """Three victims of one perpetrator, each with an incident, flagged; the perpetrator, the
    cases and their references."""
    harm = None
    cases = []
    for family in ("Testone", "Testtwo", "Testthree"):
        case = records.open_case(admin, PersonDetails(family, "Ada"), today=TODAY)
        criteria = ReferralCriteria(visible_high_risk=True)
        records.record_referral(admin, case.id, TODAY, "Police", criteria, today=TODAY)
        records.record_incident(
            admin,
            case.id,
            TODAY - timedelta(days=5),
            IncidentKind.PHYSICAL_VIOLENCE,
            "Police",
            True,
            today=TODAY,
        )
        harmer = harm.id if harm else PersonDetails("Testharm", "Ben")
        added = records.add_person_to_case(admin, case.id, harmer, PartyRole.PERPETRATOR)
        harm = harm or added
        cases.append(case)
    for case in cases:
        flags.refresh(admin, case.id, today=TODAY)
    assert harm is not None
    return harm.id, [case.id for case in cases], [case.reference for case in cases]


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _type(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(_focused(), text)


def _tab(qtbot: QtBot) -> None:
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)


def _tab_to_and_press(qtbot: QtBot, button: QWidget) -> None:
    """Tab on until ``button`` has the focus, then press Space, as a keyboard user does."""
    for _ in range(12):
        if _focused() is button:
            qtbot.keyClick(button, Qt.Key.Key_Space)
            return
        _tab(qtbot)
    raise AssertionError("Tab never reached the button")


def _activate(qtbot: QtBot, window: QWidget) -> None:
    if not window.isActiveWindow():
        window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _press_button(qtbot: QtBot, button: QWidget) -> None:
    """Focus a button and press Space (focus put there directly, as Tab would)."""
    assert button.isEnabled() and button.isVisible(), button.text()  # type: ignore[attr-defined]
    _activate(qtbot, button.window())
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _next_tab(qtbot: QtBot, page: PerpetratorsPage, wanted: int) -> None:
    tabs = page.file_view.tabs
    tabs.setFocus()
    while tabs.currentIndex() != wanted:
        qtbot.keyClick(tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)


def _lead(admin: Workspace, made_db: MadeDatabase) -> Workspace:
    users.add_user(admin, LEAD, Role.SAFEGUARDING_LEAD, PASSWORD, "Sam Lead")
    return access.unlock(made_db.path, LEAD, PASSWORD)


def test_the_lead_tasks_a_serial_perpetrator_from_the_flag(
    qtbot: QtBot, made_db: MadeDatabase, admin_ws: Workspace, answer_modal: Answer
) -> None:
    harm, _cases, references = _serial(admin_ws)
    lead = _lead(admin_ws, made_db)
    try:
        window = MainWindow(lead)
        qtbot.addWidget(window)
        window.resize(1280, 820)
        window.show()
        _activate(qtbot, window)
        wait_for_jobs()

        # ----- the serial-perpetrator flag, chosen from the Flags page ---------------------
        window.navigation.setFocus()
        qtbot.keyClicks(window.navigation, "Flags")
        wait_for_jobs()
        flags_page = window.current_page()
        assert isinstance(flags_page, FlagsPage)
        flags_page.set_kind_filter("Serial perpetrator")
        wait_for_jobs()
        flags_page.table.setFocus()
        qtbot.keyClick(flags_page.table, Qt.Key.Key_Space)
        wait_for_jobs()
        chosen = flags_page.selected()
        assert chosen is not None and chosen.flag.kind == FlagKind.SERIAL_PERPETRATOR
        _press_button(qtbot, flags_page.perpetrator_button)
        wait_for_jobs()

        # ----- the file: the three victims' cases, by name for the lead ---------------------
        page = window.current_page()
        assert isinstance(page, PerpetratorsPage)
        assert page.stack.currentIndex() == FILE
        view = page.file_view
        assert view.heading.text() == "TESTHARM, Ben"
        cases = [view.case_model.row_at(n).cells for n in range(view.case_model.rowCount())]
        assert sorted(c[0] for c in cases) == sorted(references)
        assert sorted(c[1] for c in cases) == ["Ada Testone", "Ada Testthree", "Ada Testtwo"]
        assert view.score_heading.text().startswith("Priority score today: ")
        assert "3 victims in 12 months" in view.score_lines_label.text()

        # ----- nominated for tasking, with the reason typed ---------------------------------
        def nominate(dialog: QDialog) -> None:
            assert isinstance(dialog, NominateDialog)
            qtbot.waitUntil(dialog.isActiveWindow)
            assert _focused() is dialog.reason_edit
            _type(qtbot, REASON)
            _tab_to_and_press(qtbot, dialog.save_button)

        answer_modal(nominate)
        _press_button(qtbot, view.nominate_button)
        wait_for_jobs()
        assert view.status.text().startswith("The nomination has been recorded")
        assert view.nomination_model.row_at(0).cells[1] == REASON

        # ----- a referral to a perpetrator programme ----------------------------------------
        def intervene(dialog: QDialog) -> None:
            assert isinstance(dialog, InterventionDialog)
            qtbot.waitUntil(dialog.isActiveWindow)
            assert _focused() is dialog.kind_combo
            _type(qtbot, "DAPP")
            _tab(qtbot)
            _type(qtbot, "Probation")
            _tab(qtbot)  # the referral date stays today
            _tab(qtbot)
            assert _focused() is dialog.notes_edit
            _type(qtbot, NOTES)
            _tab_to_and_press(qtbot, dialog.save_button)

        _next_tab(qtbot, page, TAB_INTERVENTIONS)
        answer_modal(intervene)
        _press_button(qtbot, view.add_intervention_button)
        wait_for_jobs()
        assert view.intervention_model.row_at(0).cells[1:4] == (
            "Perpetrator programme",
            "Probation",
            f"Referred since {view.intervention_model.row_at(0).cells[0]}",
        )

        # ----- an agency's action, due in four weeks ----------------------------------------
        def act(dialog: QDialog) -> None:
            assert isinstance(dialog, PerpetratorActionDialog)
            qtbot.waitUntil(dialog.isActiveWindow)
            assert _focused() is dialog.agency_combo
            _type(qtbot, "Police")
            _tab(qtbot)
            _type(qtbot, ACTION)
            _tab(qtbot)
            _type(qtbot, "PC Testwell")
            _tab(qtbot)
            assert _focused() is dialog.due_edit
            qtbot.keyClick(dialog.due_edit, Qt.Key.Key_Return)  # Enter saves

        _next_tab(qtbot, page, TAB_ACTIONS)
        answer_modal(act)
        _press_button(qtbot, view.add_action_button)
        wait_for_jobs()
        assert view.action_model.rowCount() == 1
        assert view.action_model.row_at(0).what == ACTION

        # ----- all of it kept in the file, and in the audit log as the lead's doing --------
        kept = perpetrators.perpetrator_file(admin_ws, harm)
        assert [n.reason for n in kept.nominations] == [REASON]
        assert [(i.kind, i.agency, i.notes) for i in kept.interventions] == [
            ("perpetrator_programme", "probation", NOTES)
        ]
        assert [(a.agency, a.what, a.who) for a in kept.actions] == [
            ("police", ACTION, "PC Testwell")
        ]
        done = {
            (e.action, e.target_type) for e in audit.recent_entries(admin_ws, 40) if e.actor == LEAD
        }
        assert {
            ("view", "perpetrator"),
            ("create", "nomination"),
            ("create", "intervention"),
            ("create", "perpetrator_action"),
        } <= done
    finally:
        lead.close()


def test_an_idva_sees_no_perpetrator_file_on_a_case_that_is_not_theirs(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    _harm, cases, _references = _serial(admin_ws)
    window = MainWindow(idva_ws)
    qtbot.addWidget(window)
    window.show()
    wait_for_jobs()
    navigation = window.navigation
    offered = [
        navigation.item(row).text()
        for row in range(navigation.count())
        if not navigation.item(row).isHidden()
    ]
    assert "Perpetrators" in offered  # the perpetrators of their own cases: they have none
    page = window.show_page("Perpetrators")
    assert isinstance(page, PerpetratorsPage) and page.own_only
    wait_for_jobs()
    assert page.register.model.rowCount() == 0
    cases_page = window.show_page("Cases")
    assert isinstance(cases_page, CasesPage)
    wait_for_jobs()
    cases_page.open_case(cases[0])
    wait_for_jobs()
    cards = cases_page.case_view.person_cards
    harmers = [card for card in cards if card.party.role is PartyRole.PERPETRATOR]
    assert harmers, "the case shows its perpetrator"
    assert not any(card.file_button.isVisibleTo(card) for card in harmers)
