"""The IDVA's flow by keyboard: from the case, Start assessment; what the case holds is already
filled in; no level is shown before an answer; Down goes through every question to the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from assessment_support import ASSESSED, focused, make_case, press, risk_question, start, yes_to
from pytestqt.qtbot import QtBot
from ui_support import MadeDatabase, MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IdvaAllocation, IncidentKind, PartyRole, ReferralStatus
from marac_desktop.domain.users import Role
from marac_desktop.risk import AnswerNote
from marac_desktop.services import access, assessments, records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.assessment_date_dialog import AssessmentDateDialog
from marac_desktop.ui.assessment.assessments_page import AssessmentsPage
from marac_desktop.ui.assessment.case_table_model import COL_MINE, MINE, ROW_ROLE
from marac_desktop.ui.assessment.question_widget import AnswerButtons
from marac_desktop.ui.assessment.result_panel import NO_ANSWERS_YET, NO_LEVEL_YET
from marac_desktop.ui.assessment.section_page import SectionPage
from marac_desktop.ui.assessment.wizard import AssessmentWizard
from marac_desktop.ui.cases.case_view import CaseView

TODAY = date(2026, 3, 10)
LAST_MONTHS_28TH = date(2026, 2, 28)  # a day of the month later than today's
HEARD = date(2025, 11, 4)
CHILD = PersonDetails("Okafor", "Tobi", date_of_birth=date(2019, 12, 1))


def _robins_case(admin: Workspace) -> int:
    """A case with a child, two incidents this year, one heard referral, and Robin as IDVA."""
    case = records.open_case(admin, PersonDetails("Okafor", "Ada", date_of_birth=date(1991, 4, 2)))
    for day in (date(2025, 12, 1), LAST_MONTHS_28TH):
        records.record_incident(
            admin, case.id, day, IncidentKind.THREATS, "police", True, today=TODAY
        )
    records.record_referral(
        admin, case.id, HEARD, "police", ReferralCriteria(repeat=True), ReferralStatus.HEARD
    )
    records.add_person_to_case(admin, case.id, CHILD, PartyRole.CHILD)
    records.allocate_idva(admin, case.id, IdvaAllocation("Robin Idva", date(2025, 11, 1)))
    return int(case.id)


def test_the_idva_starts_from_the_case_and_is_not_asked_again(
    qtbot: QtBot,
    admin_ws: Workspace,
    idva_ws: Workspace,
    answer_modal: Callable,
    message_boxes: MessageBoxes,
) -> None:
    case_id = _robins_case(admin_ws)
    view = CaseView(idva_ws, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.load(case_id)  # type: ignore[arg-type]
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    assert view.assess_button.isVisible()
    view.back_button.setFocus()

    def dated(dialog: QDialog) -> None:
        assert isinstance(dialog, AssessmentDateDialog)
        qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)  # today's date; Enter starts

    answer_modal(dated)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Start assessment (mnemonic)
    qtbot.waitUntil(lambda: view.wizard is not None)
    wizard = view.wizard
    assert isinstance(wizard, AssessmentWizard)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)

    context = wizard.context_page
    assert context.incident_dates() == (date(2025, 12, 1), LAST_MONTHS_28TH)
    assert [context.incident_list.item(n).text() for n in range(2)] == [
        "28 Feb 2026",
        "1 Dec 2025",
    ]
    assert context.referral_box.isChecked() and context.last_referral() == HEARD
    assert context.concern_boxes["children_in_household"].isChecked()
    children = wizard.follow_on_pages["children-dependants"][0]
    assert children in wizard.steps()
    who = children.question("c11")
    assert who is not None and who.text() == "OKAFOR, Tobi (aged 6)"  # type: ignore[union-attr]
    assert wizard.panel.level_label.text() == NO_LEVEL_YET  # no level before an answer

    press(qtbot, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # Next (mnemonic)
    qtbot.waitUntil(lambda: wizard.current_step() == 1)
    visited: list[str] = []
    while isinstance(page := wizard.current_page(), SectionPage):
        assert len(visited) < 60, "Down stopped moving on"
        visited.append(page.title)
        row = focused()
        if isinstance(row, AnswerButtons):
            press(qtbot, Qt.Key.Key_N)
            assert wizard.panel.level_label.text() == "STANDARD RISK"
        else:
            assert isinstance(row, QPlainTextEdit)
        press(qtbot, Qt.Key.Key_Down)
    assert wizard.current_page() is wizard.judgement_page
    pages = list(dict.fromkeys(visited))  # each page once, in the order Down reached them
    assert pages == [p.title for p in wizard.steps()[1:-1]]  # the follow-on's on the way

    message_boxes.answers.append(True)  # "Complete this assessment?" -> Yes
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Complete (mnemonic)
    qtbot.waitUntil(lambda: wizard.read_only)
    stored = assessments.level_history(idva_ws, case_id)  # type: ignore[arg-type]
    assert [(p.status, p.assessor) for p in stored] == [(AssessmentStatus.COMPLETED, "idva.one")]
    done = assessments.get(idva_ws, stored[0].id)
    assert done.main.incident_dates == (date(2025, 12, 1), LAST_MONTHS_28TH)
    assert done.follow_ons["children-dependants"].texts["c11"] == "OKAFOR, Tobi (aged 6)"
    wizard.close()
    qtbot.waitUntil(lambda: view.wizard is None)
    assert view.tabs.tabText(3) == "Assessments (1)"


def test_the_start_button_is_only_for_those_who_assess(
    qtbot: QtBot, admin_ws: Workspace, made_db: MadeDatabase
) -> None:
    case_id = _robins_case(admin_ws)
    password = "harbour lantern quiet phrase"
    users.add_user(admin_ws, "lee.lead", Role.SAFEGUARDING_LEAD, password, "Lee Lead")
    lead = access.unlock(made_db.path, "lee.lead", password)
    try:
        view = CaseView(lead, today=TODAY)
        qtbot.addWidget(view)
        view.show()
        view.load(case_id)  # type: ignore[arg-type]
        assert not view.assess_button.isVisible()
        assert view.start_assessment() is None
    finally:
        lead.close()


def test_the_idvas_own_cases_are_listed_without_a_search(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    others = [records.open_case(admin_ws, PersonDetails(f"Other{n}", "Test")).id for n in range(3)]
    mine = _robins_case(admin_ws)
    newest = records.open_case(admin_ws, PersonDetails("Newest", "Test")).id
    page = AssessmentsPage(idva_ws)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.case_model.rowCount() == 0  # read on the reading thread, not in the window
    wait_for_jobs()
    shown = [
        page.case_proxy.index(row, 0).data(ROW_ROLE).id for row in range(page.case_proxy.rowCount())
    ]
    assert shown == [mine, newest, *reversed(others)]  # theirs, then the most recent
    assert page.case_proxy.index(0, COL_MINE).data() == MINE
    assert page.case_proxy.index(1, COL_MINE).data() == ""
    assert page.list_note.isVisible()


def test_no_level_is_shown_until_a_risk_factor_is_answered(
    qtbot: QtBot, admin: Workspace, open_wizard: Callable
) -> None:
    wizard: AssessmentWizard = open_wizard(start(admin, make_case(admin)))
    panel = wizard.panel
    assert panel.level_label.text() == NO_LEVEL_YET
    assert panel.yes_label.text() == NO_ANSWERS_YET
    qtbot.keyClick(
        risk_question(wizard, "q1").answers, Qt.Key.Key_A
    )  # even "not asked" is an answer: the level is the score's
    assert panel.level_label.text() == "STANDARD RISK"
    assert panel.yes_label.text() == "0 of 24 answered yes"


def test_a_reassessment_shows_the_last_answers_beside_the_questions(
    qtbot: QtBot, admin: Workspace, open_wizard: Callable
) -> None:
    case = make_case(admin)
    first = start(admin, case, date(2026, 1, 5))
    answers = yes_to({"q3", "q8"})
    main = replace(
        first.main,
        answers=answers,
        notes={"q3": AnswerNote("of the ex-partner's brother", "", ("children",))},
        texts={"own_fears": "That he will find the new flat"},
    )
    assessments.complete(admin, first.id, main, {}, today=ASSESSED)
    wizard: AssessmentWizard = open_wizard(start(admin, case))
    q3 = risk_question(wizard, "q3")
    assert not q3.previous_label.isHidden()
    assert q3.previous_label.text() == (
        "Last time (5 Jan 2026): Yes (The children) — of the ex-partner's brother"
    )
    assert risk_question(wizard, "q1").previous_label.text() == "Last time (5 Jan 2026): No"
    assert q3.answer() is None  # asked again, not answered for them
    fears = next(p for p in wizard.section_pages if p.question("own_fears")).question("own_fears")
    assert fears is not None
    assert fears.previous_label.text() == "Last time (5 Jan 2026): That he will find the new flat"
    assert wizard.follow_on_pages == {}  # stalking opens when q8 is answered yes again
