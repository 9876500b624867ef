"""The whole checklist by keyboard alone: keys go to whichever widget has the focus."""

from __future__ import annotations

from collections.abc import Callable

from assessment_support import focused, make_case, press, start
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.risk import Answer
from marac_desktop.services import assessments
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.question_widget import AnswerButtons, RiskQuestionWidget
from marac_desktop.ui.assessment.section_page import SectionPage
from marac_desktop.ui.assessment.wizard import AssessmentWizard

YES_KEYS = {"q1", "q6", "q11", "q14", "q15"}
DONT_KNOW_KEYS = {"q20"}
NOT_ASKED_KEYS = {"q24"}


def key_for(question_id: str, number: int) -> Qt.Key:
    if question_id in YES_KEYS:
        return Qt.Key.Key_Y
    if question_id in DONT_KNOW_KEYS:
        return Qt.Key.Key_3
    if question_id in NOT_ASKED_KEYS:
        return Qt.Key.Key_A
    return Qt.Key.Key_N if number % 2 else Qt.Key.Key_2


def test_answers_every_risk_factor_and_completes_by_keyboard(
    qtbot: QtBot,
    admin: Workspace,
    open_wizard: Callable,
    message_boxes: MessageBoxes,
) -> None:
    record = start(admin, make_case(admin))
    wizard: AssessmentWizard = open_wizard(record)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    assert focused() is wizard.context_page.age_spin

    press(qtbot, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # Next (mnemonic)
    qtbot.waitUntil(lambda: wizard.current_step() == 1)  # animated click
    # From here Down alone goes through every question, past each section's end and into the
    # free-text answers, to the judgement page.
    number, sections, texts = 0, set(), []
    while isinstance(page := wizard.current_page(), SectionPage):
        assert number + len(texts) < 40, "Down stopped moving on"
        sections.add(page.title)
        row = focused()
        if isinstance(row, AnswerButtons):
            question = row.parent()
            assert isinstance(question, RiskQuestionWidget) and row is question.answers
            press(qtbot, key_for(question.question.id, number))
            number += 1
        else:
            assert isinstance(row, QPlainTextEdit), f"Down left the questions for {row!r}"
            texts.append(row.accessibleName())
            qtbot.keyClicks(row, "In her words")
        press(qtbot, Qt.Key.Key_Down)
    assert sections == {p.title for p in wizard.section_pages}
    assert len(texts) == 4  # the own-words questions, none skipped
    assert page is wizard.judgement_page
    assert number == 24
    assert wizard.panel.yes_label.text() == "5 of 24 answered yes"

    message_boxes.answers.append(True)  # "Complete this assessment?" -> Yes
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Complete (mnemonic)
    qtbot.waitUntil(lambda: wizard.read_only)
    stored = assessments.get(admin, record.id)
    assert stored.status is AssessmentStatus.COMPLETED
    assert stored.main.answers["q1"] is Answer.YES
    assert stored.main.answers["q20"] is Answer.DONT_KNOW
    assert stored.main.answers["q24"] is Answer.NOT_ASKED
    assert stored.main.answers["q2"] is Answer.NO
    assert len(stored.main.answers) == 24
    assert set(stored.main.texts.values()) == {"In her words"} and len(stored.main.texts) == 4
