"""Helpers for the assessment screen tests: cases, drafts, clicking and finding questions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QLineEdit, QWidget

from marac_desktop.domain.cases import CaseSummary
from marac_desktop.risk import Answer
from marac_desktop.services import assessments
from marac_desktop.services.assessments import AssessmentRecord
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.question_widget import RiskQuestionWidget
from marac_desktop.ui.assessment.wizard import AssessmentWizard

ASSESSED = date(2026, 3, 10)
RISK_FACTORS = [f"q{n}" for n in range(1, 25)]


def make_case(workspace: Workspace, born: date | None = date(1990, 6, 1)) -> CaseSummary:
    return assessments.create_case(workspace, "الزهراء", "فاطمة", born, today=ASSESSED)


def start(workspace: Workspace, case: CaseSummary, day: date = ASSESSED) -> AssessmentRecord:
    return assessments.start(workspace, case.id, day, today=ASSESSED)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def click(qtbot: QtBot, widget: QAbstractButton) -> None:
    """Click a button, or a check box on its indicator (its centre may be past the label)."""
    if isinstance(widget, QCheckBox):
        point = QPoint(8, widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def risk_question(wizard: AssessmentWizard, question_id: str) -> RiskQuestionWidget:
    for page in wizard.steps():
        found = getattr(page, "question", lambda _q: None)(question_id)
        if isinstance(found, RiskQuestionWidget):
            return found
    raise AssertionError(f"no question {question_id} on the wizard's pages")


def answer_by_clicking(qtbot: QtBot, wizard: AssessmentWizard, answers: dict[str, Answer]) -> None:
    for question_id, answer in answers.items():
        question = risk_question(wizard, question_id)
        wizard.go_to_page(
            next(p for p in wizard.steps() if question in p.findChildren(RiskQuestionWidget))
        )
        click(qtbot, question.answers.buttons[answer])
        assert question.answer() is answer


def type_date(qtbot: QtBot, edit: QLineEdit, day: date) -> None:
    """Type a date over what the field holds, as a person would, and press Enter."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, f"{day:%d/%m/%Y}")
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def yes_to(questions: Iterable[str]) -> dict[str, Answer]:
    chosen = set(questions)
    return {q: Answer.YES if q in chosen else Answer.NO for q in RISK_FACTORS}
