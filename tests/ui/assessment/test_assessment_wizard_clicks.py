"""The assessments page and the wizard, driven by clicking as a practitioner would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from assessment_support import RISK_FACTORS, click, risk_question, type_date
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.risk import Answer, AnswerNote, ProfessionalJudgement
from marac_desktop.services import assessments
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.assessment_date_dialog import AssessmentDateDialog
from marac_desktop.ui.assessment.assessments_page import SEARCHING, AssessmentsPage
from marac_desktop.ui.assessment.new_victim_dialog import NewVictimDialog
from marac_desktop.ui.assessment.section_page import SectionPage
from marac_desktop.ui.assessment.wizard import WINDOW_TITLE, AssessmentWizard

YES = ["q1", "q2", "q3", "q5", "q6", "q8", "q10", "q11", "q12", "q13", "q14", "q15", "q16", "q18"]
TODAY = date.today()
BORN = date(TODAY.year - 36, 1, 15)
INCIDENTS = [TODAY - timedelta(days=200), TODAY - timedelta(days=40)]
LAST_REFERRAL = TODAY - timedelta(days=100)
REASON = "Recent threats with a knife, not yet reported to the police."


def _page(qtbot: QtBot, workspace: Workspace) -> AssessmentsPage:
    page = AssessmentsPage(workspace)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.refresh()
    wait_for_jobs()
    return page


def _add_victim(qtbot: QtBot, page: AssessmentsPage, answer_modal: Callable) -> None:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, NewVictimDialog)
        fields = dialog.person_fields
        qtbot.keyClicks(fields.family_name_edit, "Nowak")
        qtbot.keyClicks(fields.given_names_edit, "Zofia")
        qtbot.keyClicks(fields.dob_edit, f"{BORN:%d/%m/%Y}")
        assert fields.dob_hint.text() == f"Born {BORN.day} {BORN:%B %Y}."
        click(qtbot, dialog.create_button)

    answer_modal(fill)
    click(qtbot, page.new_victim_button)
    qtbot.waitUntil(lambda: page.selected_case() is not None)


def _new_assessment(
    qtbot: QtBot, page: AssessmentsPage, answer_modal: Callable
) -> AssessmentWizard:
    def accept(dialog: QDialog) -> None:
        assert isinstance(dialog, AssessmentDateDialog)
        assert dialog.date_edit.value() == date.today()
        dialog.date_edit.set_value(date.today() + timedelta(days=1))
        click(qtbot, dialog.start_button)  # never in the future
        assert dialog.isVisible()
        assert dialog.status.text() == (
            "The assessment date is in the future; use the day it was done."
        )
        dialog.date_edit.set_value(date.today())
        click(qtbot, dialog.start_button)

    answer_modal(accept)
    click(qtbot, page.new_assessment_button)
    qtbot.waitUntil(lambda: page.wizard is not None)
    assert page.wizard is not None
    return page.wizard


def _reopen(qtbot: QtBot, page: AssessmentsPage, button_text: str) -> AssessmentWizard:
    assert page.open_button.text() == button_text
    click(qtbot, page.open_button)
    assert page.wizard is not None
    return page.wizard


def _close(qtbot: QtBot, page: AssessmentsPage, wizard: AssessmentWizard) -> None:
    click(qtbot, wizard.close_button)
    qtbot.waitUntil(lambda: page.wizard is None)
    wait_for_jobs()  # the page reads the case's assessments again


def _click_answer(qtbot: QtBot, wizard: AssessmentWizard, question_id: str, answer: Answer) -> None:
    question = risk_question(wizard, question_id)
    page = next(p for p in wizard.steps() if question in p.findChildren(type(question)))
    if wizard.current_page() is not page:
        click(qtbot, wizard.next_button)
    assert wizard.current_page() is page, "Next leads through the sections in order"
    click(qtbot, question.answers.buttons[answer])


def _fill_context(qtbot: QtBot, wizard: AssessmentWizard) -> None:
    context = wizard.context_page
    assert wizard.current_page() is context
    assert context.victim_age() == 36  # from the date of birth
    steps_before = len(wizard.steps())
    click(qtbot, context.concern_boxes["children_in_household"])
    children = wizard.follow_on_pages["children-dependants"]
    assert children[0] in wizard.steps() and len(wizard.steps()) == steps_before + 1
    assert any("safeguarding referral" in text for text in wizard.panel.prompt_texts())
    for day in INCIDENTS:
        context.incident_edit.set_value(day)
        click(qtbot, context.add_incident_button)
    click(qtbot, context.referral_box)
    type_date(qtbot, context.referral_edit, LAST_REFERRAL)
    assert wizard.risk_result.criteria.repeat


def _answer_everything(qtbot: QtBot, wizard: AssessmentWizard) -> None:
    panel = wizard.panel
    yes_so_far = 0
    for question_id in RISK_FACTORS:
        is_yes = question_id in YES
        if question_id == "q8":
            assert "stalking" not in wizard.follow_on_pages
        _click_answer(qtbot, wizard, question_id, Answer.YES if is_yes else Answer.NO)
        yes_so_far += is_yes
        assert panel.yes_label.text() == f"{yes_so_far} of 24 answered yes"
        if is_yes and yes_so_far in (9, 13):
            assert panel.level_label.text() == (
                "STANDARD RISK" if yes_so_far == 9 else "MEDIUM RISK"
            )
        if is_yes and yes_so_far in (10, 14):
            assert panel.level_label.text() == ("MEDIUM RISK" if yes_so_far == 10 else "HIGH RISK")
        if question_id == "q8":
            stalking = wizard.follow_on_pages["stalking"]
            assert stalking[0] in wizard.steps()
            assert any("stalking" in text for text in panel.prompt_texts())
    assert wizard.progress.value() == 24
    assert "Threats to kill" in " ".join(panel.red_flag_texts())


def _write_notes(qtbot: QtBot, wizard: AssessmentWizard) -> None:
    q1 = risk_question(wizard, "q1")
    qtbot.keyClicks(q1.comment_edit, "Bruised arm")
    qtbot.keyClicks(q1.source_edit, "GP letter")
    q3 = risk_question(wizard, "q3")
    click(qtbot, q3.option_boxes["victim"])
    click(qtbot, q3.option_boxes["children"])
    own_words = next(p for p in wizard.section_pages if p.text_questions)
    qtbot.keyClicks(own_words.text_questions[0].edit, "Being found by him")


def _answer_follow_ons(qtbot: QtBot, wizard: AssessmentWizard) -> None:
    stalking = wizard.follow_on_pages["stalking"][0]
    wizard.go_to_page(stalking)
    click(qtbot, stalking.risk_questions[0].answers.buttons[Answer.YES])
    click(qtbot, stalking.risk_questions[1].answers.buttons[Answer.NO])
    children = wizard.follow_on_pages["children-dependants"][0]
    wizard.go_to_page(children)
    click(qtbot, children.risk_questions[0].answers.buttons[Answer.YES])


def _raise_judgement(qtbot: QtBot, wizard: AssessmentWizard) -> None:
    wizard.go_to_page(wizard.judgement_page)
    click(qtbot, wizard.judgement_page.raise_box)
    qtbot.keyClicks(wizard.judgement_page.reason_edit, REASON)


def _check_restored(wizard: AssessmentWizard) -> None:
    main = wizard.main_input()
    assert main.answers == {q: Answer.YES if q in YES else Answer.NO for q in RISK_FACTORS}
    assert main.notes["q1"] == AnswerNote("Bruised arm", "GP letter")
    assert main.notes["q3"].options == ("victim", "children")
    assert list(main.texts.values()) == ["Being found by him"]
    assert main.concerns == frozenset({"children_in_household"})
    assert main.incident_dates == tuple(INCIDENTS)
    assert main.last_marac_referral == LAST_REFERRAL
    assert main.victim_age == 36
    assert main.professional_judgement == ProfessionalJudgement(True, REASON)
    follow_ons = wizard.follow_on_inputs()
    assert follow_ons["stalking"].answers == {"s1": Answer.YES, "s2": Answer.NO}
    assert follow_ons["children-dependants"].answers == {"c1": Answer.YES}
    assert wizard.panel.yes_label.text() == "14 of 24 answered yes"
    assert wizard.panel.level_label.text() == "HIGH RISK"
    assert wizard.progress.value() == 24


def test_whole_checklist_by_clicking(
    qtbot: QtBot, admin: Workspace, answer_modal: Callable, message_boxes: MessageBoxes
) -> None:
    page = _page(qtbot, admin)
    _add_victim(qtbot, page, answer_modal)
    assert page.empty_label.isVisible()

    wizard = _new_assessment(qtbot, page, answer_modal)
    assert wizard.windowTitle() == WINDOW_TITLE
    assert "Zofia" not in wizard.windowTitle()
    _fill_context(qtbot, wizard)
    _answer_everything(qtbot, wizard)
    _write_notes(qtbot, wizard)
    _answer_follow_ons(qtbot, wizard)
    _raise_judgement(qtbot, wizard)
    assert wizard.is_dirty()
    with qtbot.waitSignal(wizard.assessment_saved):
        click(qtbot, wizard.save_button)
    assert not wizard.is_dirty()
    assert wizard.status.text().startswith("Draft saved")
    _close(qtbot, page, wizard)
    assert message_boxes.shown == []  # saved, so no "lose changes?" question

    history = page.history_model.rows()
    assert [(p.status, p.level, p.yes_count) for p in history] == [
        (AssessmentStatus.DRAFT, "high", 14)
    ]
    wizard = _reopen(qtbot, page, "&Resume draft")
    assert not wizard.read_only
    _check_restored(wizard)

    message_boxes.answers.append(True)  # "Complete this assessment?"
    with qtbot.waitSignal(wizard.assessment_completed):
        click(qtbot, wizard.complete_button)
    assert message_boxes.texts("question")[0].startswith("Complete this assessment?")
    assert wizard.read_only and wizard.banner.isVisible()
    _close(qtbot, page, wizard)

    point = page.selected_point()
    assert point is not None and point.status is AssessmentStatus.COMPLETED
    assert page.case_model.index(0, 2).data() == "High risk"
    wizard = _reopen(qtbot, page, "&View")
    assert wizard.read_only
    assert wizard.banner_label.text().startswith("Completed on ")
    assert wizard.banner_label.text().endswith(
        "read-only; start a new assessment if circumstances change."
    )
    _check_restored(wizard)
    assert not wizard.save_button.isVisible() and not wizard.complete_button.isVisible()
    for question_id in RISK_FACTORS:
        question = risk_question(wizard, question_id)
        assert not any(b.isEnabled() for b in question.answers.buttons.values())
        assert question.comment_edit.isReadOnly()
    assert not wizard.context_page.concern_boxes["children_in_household"].isEnabled()
    assert not wizard.judgement_page.raise_box.isEnabled()
    assert wizard.judgement_page.reason_edit.isReadOnly()
    _close(qtbot, page, wizard)
    assert message_boxes.texts("warning") == []


def test_complete_refuses_unanswered_and_shows_the_first(
    qtbot: QtBot, admin: Workspace, answer_modal: Callable, message_boxes: MessageBoxes
) -> None:
    page = _page(qtbot, admin)
    _add_victim(qtbot, page, answer_modal)
    wizard = _new_assessment(qtbot, page, answer_modal)
    _click_answer(qtbot, wizard, "q1", Answer.YES)
    click(qtbot, wizard.complete_button)
    [warning] = message_boxes.texts("warning")
    assert "23 risk factor(s) have no answer" in warning
    assert message_boxes.texts("question") == []  # refused before asking to confirm
    q2 = risk_question(wizard, "q2")
    assert isinstance(wizard.current_page(), SectionPage)
    assert wizard.current_page().question("q2") is q2
    assert wizard.focusWidget() is q2.answers
    stored = assessments.get(admin, wizard.record.id)
    assert stored.status is AssessmentStatus.DRAFT


def test_closing_with_changes_asks_first(
    qtbot: QtBot, admin: Workspace, answer_modal: Callable, message_boxes: MessageBoxes
) -> None:
    page = _page(qtbot, admin)
    _add_victim(qtbot, page, answer_modal)
    wizard = _new_assessment(qtbot, page, answer_modal)
    _click_answer(qtbot, wizard, "q1", Answer.YES)
    message_boxes.answers.append(False)
    click(qtbot, wizard.close_button)
    assert wizard.isVisible() and page.wizard is wizard
    message_boxes.answers.append(True)
    click(qtbot, wizard.close_button)
    qtbot.waitUntil(lambda: page.wizard is None)
    assert len(message_boxes.texts("question")) == 2


def test_new_victim_refuses_an_empty_name_and_keeps_the_dialog(
    qtbot: QtBot, admin: Workspace, answer_modal: Callable, message_boxes: MessageBoxes
) -> None:
    page = _page(qtbot, admin)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, NewVictimDialog)
        qtbot.keyClicks(dialog.person_fields.given_names_edit, "Zofia")
        click(qtbot, dialog.create_button)
        assert dialog.isVisible()
        assert message_boxes.texts("warning") == [
            "Enter the family name (write 'Not known' if it is not)."
        ]
        dialog.person_fields.family_name_edit.setText("الزهراء")
        click(qtbot, dialog.create_button)

    answer_modal(fill)
    click(qtbot, page.new_victim_button)
    wait_for_jobs()
    case = page.selected_case()
    assert case is not None and case.victim.family_name == "الزهراء"
    assert case.victim.date_of_birth is None
    assert page.case_heading.text() == f"{case.reference} · الزهراء, Zofia"


def test_buttons_follow_the_selection(qtbot: QtBot, admin: Workspace) -> None:
    page = _page(qtbot, admin)
    buttons: list[QPushButton] = [
        page.new_assessment_button,
        page.open_button,
        page.save_pdf_button,
        page.print_button,
    ]
    assert not any(b.isEnabled() for b in buttons)
    case = assessments.create_case(admin, "Nowak", "Zofia", None)
    page.refresh()
    page.select_case(case.id)
    wait_for_jobs()
    assert page.new_assessment_button.isEnabled()
    assert not page.open_button.isEnabled() and not page.print_button.isEnabled()
    page.filter_edit.setText("zzz")  # the database is searched once typing pauses
    qtbot.waitUntil(lambda: page.case_proxy.rowCount() == 0)
    assert page.selected_case() is None and not page.new_assessment_button.isEnabled()
    page.filter_edit.setText("nowa")
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)  # Enter searches at once
    assert page.limit_label.text() == SEARCHING
    wait_for_jobs()
    assert page.case_proxy.rowCount() == 1
